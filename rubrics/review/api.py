"""Blind review over the REST API, under ``/api/organizations/<slug>/reviews/``: the queue,
one task, submitting a review, the next task, reviewer agreement and the senior share.

The same reads, services and rules as the pages: owners, hiring managers, reviewers and
senior reviewers use the queue (a recruiter gets a 403, another organisation a 404); a
review is refused with a 400 and a specific message when its tier is not the task's, the
reviewer may not do that tier, or a level is missing, off the 0–4 scale or of another
rubric. Nothing here returns who wrote an answer, the attempt's score or gold.
"""

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from config.pagination import NewestFirstPagination
from core.access import QUEUE, SET_SHARE, OrganizationApi
from rubrics.models import ReviewTask
from rubrics.review import selectors
from rubrics.review.serializers import (
    ReviewerAgreementSerializer,
    ReviewSettingsInputSerializer,
    ReviewSettingsSerializer,
    ReviewSubmitInputSerializer,
    ReviewSubmittedSerializer,
    ReviewTaskDetailSerializer,
    ReviewTaskRowSerializer,
)
from rubrics.review.services import review_submit, senior_share_set

State = ReviewTask.State


class OldestFirstPagination(NewestFirstPagination):
    ordering = ("created_at", "id")


def _detail_data(view, task: ReviewTask) -> dict:
    blind = selectors.blind_task(task=task)
    access = selectors.task_access(task=task, access=view.access, reviewer=view.request.user)
    reviews = None
    if access.show_scores:
        compare = selectors.task_reviews(task=task, criteria=blind.criteria)
        reviews = {
            **compare,
            "rows": [
                {
                    "criterion_id": row["criterion"]["id"],
                    "name": row["criterion"]["name"],
                    **{key: row[key] for key in ("primary", "senior", "adjudication")},
                    "split": row["split"],
                    "final": row["final"],
                }
                for row in compare["rows"]
            ],
        }
    item = blind.item
    data = {
        "id": task.pk,
        "source": task.source,
        "source_label": blind.source_label,
        "state": task.state,
        "state_label": task.get_state_display(),
        "tier": access.tier,
        "can_score": access.can_score,
        "item": {
            "id": item.pk,
            "position": item.position,
            "kind": item.kind,
            "prompt": item.prompt,
            "content": item.content,
            "options": item.options,
        },
        "answer": blind.answer,
        "text": blind.text,
        "flagged_ambiguous": blind.flagged_ambiguous,
        "ambiguity_note": blind.ambiguity_note,
        "rubric": {
            "id": blind.rubric.pk,
            "name": blind.rubric.name,
            "version": blind.rubric.version,
            "edge_case_guide": blind.rubric.edge_case_guide,
            "criteria": blind.criteria,
        },
        "reviews": reviews,
        "final_score": task.final_score if task.state == State.DONE else None,
    }
    return ReviewTaskDetailSerializer(data).data


STATE_PARAMETER = OpenApiParameter(
    "tier",
    OpenApiTypes.STR,
    enum=list(State.values),
    description="Which tasks: primary (default), senior, adjudication or done.",
)


class ReviewQueueApi(OrganizationApi):
    """Tasks waiting for one tier (or done), oldest first, blind: the item, the text
    under review and the rubric's name — no candidate, no score, no gold."""

    needs = (QUEUE,)
    queryset = ReviewTask.objects.none()  # for the schema; reads go through the selectors

    serializer_class = ReviewTaskRowSerializer
    pagination_class = OldestFirstPagination

    @extend_schema(
        parameters=[
            STATE_PARAMETER,
            OpenApiParameter("cursor", OpenApiTypes.STR, description="The pagination cursor."),
            OpenApiParameter(
                "page_size", OpenApiTypes.INT, description="Tasks per page: 50, at most 200."
            ),
        ],
        responses=ReviewTaskRowSerializer(many=True),
    )
    def get(self, request, slug: str):
        organization = self.organization
        tier = request.query_params.get("tier") or State.PRIMARY
        if tier not in State.values:
            raise ValidationError(
                {"tier": [f"“{tier}” is not a queue; use primary, senior, adjudication or done."]}
            )
        tasks = selectors.review_queue(organization=organization, state=tier, user=request.user)
        page = self.paginate_queryset(tasks)
        rows = [selectors.queue_row(task) for task in page or ()]
        return self.get_paginated_response(ReviewTaskRowSerializer(rows, many=True).data)


class ReviewTaskApi(OrganizationApi):
    """One task, blind, with the rubric's criteria and their anchored levels. The scores
    given so far (side by side) only once it awaits adjudication or is done."""

    needs = (QUEUE,)
    queryset = ReviewTask.objects.none()  # for the schema; reads go through the selectors

    serializer_class = ReviewTaskDetailSerializer

    def get(self, request, slug: str, pk: int):
        task = selectors.task_get(organization=self.organization, pk=pk)
        return Response(_detail_data(self, task))


class ReviewNextApi(OrganizationApi):
    """The oldest task waiting for ``tier`` that you may score and have not scored; 204
    when there is none. 403 for a tier you do not review."""

    needs = (QUEUE,)
    queryset = ReviewTask.objects.none()  # for the schema; reads go through the selectors

    serializer_class = ReviewTaskDetailSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "tier",
                OpenApiTypes.STR,
                enum=["primary", "senior", "adjudication"],
                description="The tier you score.",
            )
        ],
        responses={
            200: ReviewTaskDetailSerializer,
            204: OpenApiResponse(description="Nothing left for you at that tier."),
        },
    )
    def get(self, request, slug: str):
        organization = self.organization
        tier = request.query_params.get("tier") or State.PRIMARY
        if tier not in ("primary", "senior", "adjudication"):
            raise ValidationError(
                {"tier": [f"“{tier}” is not a tier; use primary, senior or adjudication."]}
            )
        if not self.access.may_review_tier(tier):
            raise PermissionDenied("You do not review at that tier.")
        task = selectors.next_task_for(reviewer=request.user, organization=organization, tier=tier)
        if task is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(_detail_data(self, task))


class ReviewSubmitApi(OrganizationApi):
    """Scores a task at its current tier, criterion by criterion, with an optional comment.
    201 with the review and the task's new state; 400 with a specific message for a level
    outside 0–4, a missing or foreign criterion, a tier the task is not waiting for, or a
    tier you may not do (or have done on this answer already)."""

    needs = (QUEUE,)
    queryset = ReviewTask.objects.none()  # for the schema; reads go through the selectors

    serializer_class = ReviewSubmittedSerializer

    @extend_schema(request=ReviewSubmitInputSerializer, responses={201: ReviewSubmittedSerializer})
    def post(self, request, slug: str, pk: int):
        task = selectors.task_get(organization=self.organization, pk=pk)
        data = ReviewSubmitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = review_submit(
            task_id=task.pk,
            reviewer=request.user,
            tier=data.validated_data["tier"],
            levels={s["criterion"]: s["level"] for s in data.validated_data["scores"]},
            comment=data.validated_data.get("comment", ""),
        )
        moved = review.task
        assert moved is not None, "review_submit sets the review's task as it left it"
        result = {
            "review": review,
            "task": {
                "id": moved.pk,
                "state": moved.state,
                "state_label": moved.get_state_display(),
                "final_score": moved.final_score,
            },
        }
        return Response(ReviewSubmittedSerializer(result).data, status=status.HTTP_201_CREATED)


class ReviewerAgreementApi(OrganizationApi):
    """Per reviewer, quadratic-weighted kappa against the blind senior re-scores, per
    criterion and over all, with ``drifting`` when kappa < 0.6 over at least 5 re-scored
    answers. Owners, hiring managers and senior reviewers see everyone; a reviewer sees
    their own row."""

    needs = (QUEUE,)
    queryset = ReviewTask.objects.none()  # for the schema; reads go through the selectors

    serializer_class = ReviewerAgreementSerializer
    pagination_class = None

    @extend_schema(responses=ReviewerAgreementSerializer(many=True))
    def get(self, request, slug: str):
        organization = self.organization
        everyone = self.access.may_see_everyones_agreement
        rows = selectors.reviewer_agreement_rows(
            organization=organization, reviewer_ids=None if everyone else [request.user.pk]
        )
        return Response(ReviewerAgreementSerializer(rows, many=True).data)


class ReviewSettingsApi(OrganizationApi):
    """The share of answers a senior re-scores blind, and the queue's counts. Owners and
    hiring managers change the share (others: 403); answers still waiting for their first
    review are drawn again at the new share."""

    needs = (QUEUE,)
    queryset = ReviewTask.objects.none()  # for the schema; reads go through the selectors

    serializer_class = ReviewSettingsSerializer

    def _data(self):
        organization = self.organization
        return ReviewSettingsSerializer(
            {
                "senior_review_share": organization.senior_review_share,
                "counts": selectors.queue_counts(organization=organization),
            }
        ).data

    def get(self, request, slug: str):
        return Response(self._data())

    @extend_schema(request=ReviewSettingsInputSerializer, responses=ReviewSettingsSerializer)
    def put(self, request, slug: str):
        organization = self.require(SET_SHARE).organization
        data = ReviewSettingsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        senior_share_set(
            organization=organization,
            share=data.validated_data["senior_review_share"],
            by=request.user,
        )
        return Response(self._data())
