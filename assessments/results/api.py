"""The team's results over the REST API, under
``/api/organizations/<slug>/assessments/<pk>/``: the cohort's scores and agreement, the
scoring runs, and one attempt's report.

The same reads, services and rule as the results pages: owners, hiring managers and
recruiters read; only authors (owners, hiring managers) see gold — the gold answer, the
edge-case mark, the share matching gold and the scorers' details, which name the expected
answer — and only they retry, cancel or start a run (403 for recruiters). Reviewers and other
organisations get a 404.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from assessments.integrity import integrity_summary
from assessments.models import Assessment, CohortAgreement, ScoringJob
from assessments.operations import selectors as ops_selectors
from assessments.results import selectors
from assessments.results.serializers import (
    AgreementSummarySerializer,
    AttemptResultSerializer,
    CohortPageSerializer,
    CohortRowSerializer,
    ItemAgreementSerializer,
    ItemAgreementWithGoldSerializer,
    ScoringJobSerializer,
)
from assessments.scoring.runs import assessment_rescore, scoring_job_cancel, scoring_job_retry
from config.pagination import NewestFirstPagination
from core.access import PIPELINE, RESCORE, OrganizationApi


class SubmittedFirstPagination(NewestFirstPagination):
    ordering = ("-submitted_at", "-id")


def _assessment(view) -> Assessment:
    """The assessment in the URL, of the organisation the view resolved (404 otherwise)."""
    return ops_selectors.assessment_get(organization=view.organization, pk=view.kwargs["pk"])


def _agreement_data(assessment: Assessment, agreement):
    if agreement is None:
        return None
    context = {"gold_version": assessment.gold_version}
    return AgreementSummarySerializer(agreement, context=context).data


# --- Cohort and agreement -------------------------------------------------------------------


class CohortResultsApi(OrganizationApi):
    """One row per submitted attempt, most recently submitted first, with the current
    report's composite, components and gates, integrity signals and collusion partners; and
    the latest cohort agreement (null before the first run)."""

    needs = (PIPELINE,)

    serializer_class = CohortRowSerializer
    pagination_class = SubmittedFirstPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("cursor", OpenApiTypes.STR, description="The pagination cursor."),
            OpenApiParameter(
                "page_size", OpenApiTypes.INT, description="Rows per page: 50, at most 200."
            ),
        ],
        responses=CohortPageSerializer,
    )
    def get(self, request, slug: str, pk: int):
        assessment = _assessment(self)
        agreement = selectors.latest_agreement(assessment=assessment)
        page = self.paginate_queryset(selectors.cohort_attempts(assessment=assessment))
        rows = selectors.cohort_page_rows(
            assessment=assessment, attempts=page or [], agreement=agreement
        )
        response = self.get_paginated_response(CohortRowSerializer(rows, many=True).data)
        response.data["agreement"] = _agreement_data(assessment, agreement)
        return response


class ItemAgreementApi(OrganizationApi):
    """The latest agreement run per item, lowest alpha first (undefined alphas last).
    ``gold_share`` only for authors. Empty before the first run."""

    needs = (PIPELINE,)

    serializer_class = ItemAgreementWithGoldSerializer
    queryset = CohortAgreement.objects.none()  # for the schema; reads go through the selectors
    pagination_class = None

    @extend_schema(responses=ItemAgreementWithGoldSerializer(many=True))
    def get(self, request, slug: str, pk: int):
        assessment = _assessment(self)
        agreement = selectors.latest_agreement(assessment=assessment)
        rows = selectors.item_agreement_rows(assessment=assessment, agreement=agreement)
        serializer = (
            ItemAgreementWithGoldSerializer if self.access.sees_gold else ItemAgreementSerializer
        )
        return Response(serializer(rows, many=True).data)


# --- One attempt ----------------------------------------------------------------------------


def _report(report) -> dict | None:
    if report is None:
        return None
    summary = selectors.report_summary(report=report)
    accuracy = summary["accuracy"]
    return {
        "scorer_version": report.scorer_version,
        "gold_version": report.gold_version,
        "created_at": report.created_at,
        "composite": report.composite,
        "failed_gates": list(report.failed_gates or []),
        "components": summary["components"],
        "items_scored": accuracy.get("scored"),
        "accuracy_points": accuracy.get("points"),
        "accuracy_by_kind": summary["by_kind"],
        "edge_cases": summary["edge_cases"],
        "throughput": summary["throughput"],
    }


class AttemptResultApi(OrganizationApi):
    """One submitted attempt's report: components with their weight and gate, accuracy by
    kind, edge cases, throughput, and each item in the order the candidate saw it. The gold,
    edge-case marks and scorers' details (which name the expected answer) only for authors.
    404 for an attempt still in progress or of another assessment."""

    needs = (PIPELINE,)

    serializer_class = AttemptResultSerializer

    @extend_schema(responses=AttemptResultSerializer)
    def get(self, request, slug: str, pk: int, attempt_pk: int):
        assessment = _assessment(self)
        attempt = selectors.attempt_get(assessment=assessment, pk=attempt_pk)
        report = selectors.current_report(attempt=attempt)
        agreement = selectors.latest_agreement(assessment=assessment)
        with_gold = self.access.sees_gold
        items = selectors.attempt_items(
            attempt=attempt, report=report, agreement=agreement, with_gold=with_gold
        )
        if with_gold:
            details = selectors.scorer_details(report=report)
            for row in items:
                row["detail"] = details.get(row["item"]) or {}
        per_candidate = {
            entry.get("attempt"): entry.get("agreement")
            for entry in ((agreement.per_candidate or ()) if agreement else ())
            if isinstance(entry, dict)
        }
        name, email = selectors.attempt_identity(attempt)
        result = {
            "attempt": attempt,
            "candidate": {"name": name, "email": email or None},
            "report": _report(report),
            "agreement": per_candidate.get(attempt.pk),
            "colluders": [
                pair["b"] if pair["a"] == attempt.pk else pair["a"]
                for pair in selectors.collusion_pairs(agreement)
                if attempt.pk in (pair["a"], pair["b"])
            ],
            # Counted from the rows already read: no extra query.
            "integrity": integrity_summary(
                attempt.integrity_events, [{"integrity_events": row["events"]} for row in items]
            ),
            "items": items,
        }
        return Response(AttemptResultSerializer(result, context={"with_gold": with_gold}).data)


# --- Scoring runs ---------------------------------------------------------------------------


def _job_data(assessment, job: ScoringJob) -> dict:
    names = selectors.failure_names(assessment=assessment, jobs=[job])
    return ScoringJobSerializer(job, context={"names": names}).data


class ScoringJobListApi(OrganizationApi):
    """Runs still going (however old), then the most recent finished ones: five in all."""

    needs = (PIPELINE,)

    serializer_class = ScoringJobSerializer
    queryset = ScoringJob.objects.none()  # for the schema; reads go through the selectors
    pagination_class = None

    @extend_schema(responses=ScoringJobSerializer(many=True))
    def get(self, request, slug: str, pk: int):
        assessment = _assessment(self)
        jobs = selectors.scoring_jobs(assessment=assessment)
        names = selectors.failure_names(assessment=assessment, jobs=jobs)
        return Response(ScoringJobSerializer(jobs, many=True, context={"names": names}).data)


class ScoringJobDetailApi(OrganizationApi):
    """One run's progress: counts, state and the attempts that failed, with why."""

    needs = (PIPELINE,)

    serializer_class = ScoringJobSerializer

    @extend_schema(responses=ScoringJobSerializer)
    def get(self, request, slug: str, pk: int, job_pk: int):
        assessment = _assessment(self)
        job = selectors.scoring_job_get(assessment=assessment, pk=job_pk)
        return Response(_job_data(assessment, job))


class ScoringJobCancelApi(OrganizationApi):
    """Authors: stops a queued or running run (its chunks not started yet do nothing) and
    records who did it; a new run may start at once. 400 when the run has finished."""

    needs = (PIPELINE,)

    serializer_class = ScoringJobSerializer

    @extend_schema(request=None, responses={200: ScoringJobSerializer})
    def post(self, request, slug: str, pk: int, job_pk: int):
        self.require(RESCORE)
        assessment = _assessment(self)
        job = selectors.scoring_job_get(assessment=assessment, pk=job_pk)
        job = scoring_job_cancel(job=job, user=request.user)
        return Response(_job_data(assessment, job))


class ScoringJobRetryApi(OrganizationApi):
    """Authors: scores a finished run's failed attempts again (or reruns a failed agreement
    run). 400 with the reason when there is nothing to retry or the run is still going."""

    needs = (PIPELINE,)

    serializer_class = ScoringJobSerializer

    @extend_schema(request=None, responses={202: ScoringJobSerializer})
    def post(self, request, slug: str, pk: int, job_pk: int):
        self.require(RESCORE)
        assessment = _assessment(self)
        job = selectors.scoring_job_get(assessment=assessment, pk=job_pk)
        job = scoring_job_retry(job=job)
        return Response(_job_data(assessment, job), status=status.HTTP_202_ACCEPTED)


class RescoreApi(OrganizationApi):
    """Authors: a new report for every submitted attempt against the current gold, in the
    background (the current reports stay until the new ones are written). 400 while another
    scoring run is under way."""

    needs = (PIPELINE,)

    serializer_class = ScoringJobSerializer

    @extend_schema(request=None, responses={202: ScoringJobSerializer})
    def post(self, request, slug: str, pk: int):
        self.require(RESCORE)
        assessment = _assessment(self)
        job = assessment_rescore(assessment=assessment, user=request.user)
        return Response(_job_data(assessment, job), status=status.HTTP_202_ACCEPTED)
