"""Reads for the team's calibration operations. Every read is scoped to one organisation
whose pipeline the user may work (owners, hiring managers, recruiters); anyone else gets
a 404, exactly as for another organisation's rows."""

import json
from collections.abc import Iterable
from operator import attrgetter
from typing import TYPE_CHECKING, TypedDict, cast

from django.contrib.auth import get_user_model
from django.db.models import Count, JSONField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from assessments.integrity import IntegritySummary, attempt_integrity, integrity_summary
from assessments.models import (
    Accommodation,
    Assessment,
    Attempt,
    Contest,
    Payment,
    PayoutExport,
    Response,
)
from core.blind import Named, name_candidates, name_people
from hiring.models import Application, Organization, Role


class ShownResponse(TypedDict):
    """What ``attempt_responses`` sets on each response."""

    shown_at: int | None  # its place in the order the candidate saw the items, from 1
    answer_text: str
    signals: IntegritySummary
    time_text: str


class Signalled(Named):
    """A named attempt with its integrity signals (``integrity_for``)."""

    signals: IntegritySummary


if TYPE_CHECKING:  # django-stubs' types, not installed in production
    from django_stubs_ext import WithAnnotations

    NamedAttempt = WithAnnotations[Attempt, Named]
    SignalledAttempt = WithAnnotations[Attempt, Signalled]
    NamedApplication = WithAnnotations[Application, Named]
    NamedGrant = WithAnnotations[Accommodation, Named]
    ResponseShown = WithAnnotations[Response, ShownResponse]

# --- Who the team sees ----------------------------------------------------------------------
#
# Every row here that names a candidate is named by ``core.blind`` (``person``): the
# pseudonym while blind mode hides them, never the account's name beside an application id.


def name_attempts(attempts: Iterable[Attempt]) -> "list[NamedAttempt]":
    return name_people(
        attempts, application_id=attrgetter("application_id"), candidate=attrgetter("candidate")
    )


def attempts_with_signals(attempts: Iterable[Attempt]) -> "list[SignalledAttempt]":
    """Attempts named, each with its integrity signals (``integrity_for``)."""
    signalled = cast("list[SignalledAttempt]", name_attempts(attempts))
    for attempt in signalled:
        attempt.signals = integrity_for(attempt)
    return signalled


def name_by_attempt(rows) -> list:
    """Contests and payments: named as their attempt's application."""
    return name_people(
        rows,
        application_id=attrgetter("attempt.application_id"),
        candidate=attrgetter("attempt.candidate"),
    )


def name_applications(applications: Iterable[Application]) -> "list[NamedApplication]":
    return name_people(
        applications, application_id=attrgetter("pk"), candidate=attrgetter("candidate")
    )


def name_grants(grants: Iterable[Accommodation]) -> "list[NamedGrant]":
    """Extra-time grants (of one or several assessments), named per assessment."""
    grants = cast("list[NamedGrant]", list(grants))
    by_assessment: dict[int, list[Accommodation]] = {}
    for grant in grants:
        by_assessment.setdefault(grant.assessment_id, []).append(grant)
    for assessment_id, rows in by_assessment.items():
        name_candidates(
            rows,
            assessment=assessment_id,
            candidate_id=attrgetter("candidate_id"),
            candidate=attrgetter("candidate"),
        )
    return grants


def name_candidates_of(users, *, assessment) -> list:
    """Candidates (users) of an assessment, each named as ``name_grants`` names them."""
    return name_candidates(
        users, assessment=assessment, candidate_id=attrgetter("pk"), candidate=lambda user: user
    )


def assessment_get(*, organization: Organization, pk: int) -> Assessment:
    return get_object_or_404(Assessment.objects.for_organization(organization), pk=pk)


def role_get(*, organization: Organization, pk: int) -> Role:
    return get_object_or_404(
        Role.objects.for_organization(organization).select_related("assessment"), pk=pk
    )


def application_get(*, organization: Organization, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.for_organization(organization).select_related("role", "candidate"),
        pk=pk,
    )


def assessments_overview(*, organization: Organization) -> QuerySet[Assessment]:
    """Each assessment with its calibration attempts counted by state."""
    calibration = Q(attempts__purpose=Attempt.Purpose.CALIBRATION)
    return (
        Assessment.objects.for_organization(organization)
        .annotate(
            attempt_count=Count("attempts", filter=calibration),
            in_progress_count=Count(
                "attempts", filter=calibration & Q(attempts__state=Attempt.State.IN_PROGRESS)
            ),
        )
        .order_by("title", "-version")
    )


def operations_counts(*, organization: Organization) -> dict[str, int]:
    payments = Payment.objects.for_organization(organization)
    return {
        "open_contests": Contest.objects.for_organization(organization)
        .filter(state=Contest.State.OPEN)
        .count(),
        "pending_payments": payments.filter(state=Payment.State.PENDING).count(),
        "approved_payments": payments.filter(state=Payment.State.APPROVED).count(),
    }


# --- Attempts -----------------------------------------------------------------------------


def _responses_for_signals() -> Prefetch:
    return Prefetch(
        "responses",
        queryset=Response.objects.only(
            "id", "attempt_id", "item_id", "time_spent_ms", "integrity_events", "answer"
        ).order_by(),
    )


def attempts_for_assessment(*, assessment: Assessment, state: str = "") -> QuerySet[Attempt]:
    attempts = Attempt.objects.filter(assessment=assessment, purpose=Attempt.Purpose.CALIBRATION)
    if state:
        attempts = attempts.filter(state=state)
    return (
        attempts.select_related("candidate", "payment", "assessment")
        .prefetch_related(_responses_for_signals())
        .annotate(answered_count=Count("responses", distinct=True))
        .order_by("-started_at", "-id")
    )


def attempts_for_organization(*, organization: Organization) -> QuerySet[Attempt]:
    return (
        Attempt.objects.for_organization(organization)
        .filter(purpose=Attempt.Purpose.CALIBRATION)
        .select_related("candidate", "payment", "assessment")
        .prefetch_related(_responses_for_signals())
        .annotate(answered_count=Count("responses", distinct=True))
        .order_by("-started_at", "-id")
    )


def attempt_get(*, organization: Organization, pk: int) -> Attempt:
    return get_object_or_404(
        Attempt.objects.for_organization(organization)
        .filter(purpose=Attempt.Purpose.CALIBRATION)
        .select_related("candidate", "payment", "assessment", "application__role"),
        pk=pk,
    )


def answer_text(answer) -> str:
    """A candidate's answer as one line of text for the team (labels, spans, ratings…)."""
    if answer is None:
        return ""
    if isinstance(answer, str):
        return answer
    return json.dumps(answer, ensure_ascii=False)


def duration_text(ms: int) -> str:
    """``42 s``, ``3 min 05 s``: time on an item, to the second."""
    seconds = round((ms or 0) / 1000)
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"


def attempt_responses(*, attempt: Attempt) -> "list[ResponseShown]":
    """The attempt's responses in the order the candidate saw the items, each with its
    place in that order (``shown_at``, from 1) and its answer as text."""
    responses = cast(
        "list[ResponseShown]",
        list(
            Response.objects.filter(attempt=attempt)
            .select_related("item")
            .order_by("item__position")
        ),
    )
    shown = {pk: n for n, pk in enumerate(attempt.item_order or [], start=1)}
    for response in responses:
        response.shown_at = shown.get(response.item_id)
        response.answer_text = answer_text(response.answer)
        response.signals = integrity_summary((), [response])
        response.time_text = duration_text(response.time_spent_ms)
    return sorted(responses, key=lambda r: (r.shown_at or len(shown) + 1, r.item.position))


def integrity_for(attempt: Attempt) -> IntegritySummary:
    """The attempt's integrity signals (paste, focus lost, too fast) as counts: signals to
    look at, never verdicts. Uses the responses prefetched by the list selectors, so a
    list of attempts costs no query per row."""
    cache = getattr(attempt, "_prefetched_objects_cache", {})
    if "responses" in cache:
        return integrity_summary(attempt.integrity_events, cache["responses"])
    return attempt_integrity(attempt)


def accommodations_for(*, assessment: Assessment, candidate=None) -> QuerySet[Accommodation]:
    grants = Accommodation.objects.filter(assessment=assessment)
    if candidate is not None:
        grants = grants.filter(candidate=candidate)
    return grants.select_related("candidate", "granted_by").order_by("-created_at", "-id")


def candidates_for_assessment(*, assessment: Assessment) -> QuerySet:
    """People who applied to a role using this assessment, or who have an attempt at it."""
    return (
        get_user_model()
        .objects.filter(
            Q(applications__role__assessment=assessment) | Q(attempts__assessment=assessment)
        )
        .distinct()
        .order_by("pk")
    )


# --- Invitations ----------------------------------------------------------------------------


def applications_to_invite(*, role: Role) -> QuerySet[Application]:
    return (
        Application.objects.filter(role=role, stage=Application.Stage.APPLIED)
        .select_related("candidate")
        .order_by("created_at", "id")
    )


def applications_invited(*, role: Role) -> QuerySet[Application]:
    return (
        Application.objects.filter(role=role, stage=Application.Stage.INVITED)
        .select_related("candidate")
        .order_by("-stage_changed_at", "-id")
    )


# --- Contests -------------------------------------------------------------------------------


def contests_for_organization(
    *, organization: Organization, state: str = Contest.State.OPEN
) -> QuerySet[Contest]:
    """Contests with the candidate's own answer to the contested item (``candidate_answer``)."""
    contests = Contest.objects.for_organization(organization)
    if state:
        contests = contests.filter(state=state)
    answer = Response.objects.filter(attempt=OuterRef("attempt"), item=OuterRef("item"))
    return (
        contests.select_related("attempt__candidate", "attempt__assessment", "item", "resolved_by")
        .annotate(
            candidate_answer=Subquery(answer.values("answer")[:1], output_field=JSONField()),
        )
        .order_by("created_at", "id")
    )


def contest_get(*, organization: Organization, pk: int) -> Contest:
    return get_object_or_404(Contest.objects.for_organization(organization), pk=pk)


# --- Payments -------------------------------------------------------------------------------


def payments_for_organization(
    *, organization: Organization, state: str = "", assessment_id: int | None = None
) -> QuerySet[Payment]:
    payments = Payment.objects.for_organization(organization)
    if state:
        payments = payments.filter(state=state)
    if assessment_id:
        payments = payments.filter(attempt__assessment_id=assessment_id)
    return payments.select_related(
        "attempt__candidate", "attempt__assessment", "approved_by"
    ).order_by("-created_at", "-id")


def payment_get(*, organization: Organization, pk: int) -> Payment:
    return get_object_or_404(Payment.objects.for_organization(organization), pk=pk)


def payments_to_pay_out(*, organization: Organization) -> QuerySet[Payment]:
    return (
        Payment.objects.for_organization(organization)
        .filter(state=Payment.State.APPROVED)
        .select_related("attempt__candidate", "attempt__assessment")
        .order_by("approved_at", "id")
    )


def payout_exports_naming(*, application_id: int) -> list[PayoutExport]:
    """The payout exports whose file named this application's candidate (through the
    payment of its attempt), oldest first: the reveals a payout run made."""
    return list(
        PayoutExport.objects.filter(payments__attempt__application_id=application_id)
        .select_related("exported_by")
        .distinct()
        .order_by("created_at", "id")
    )


def payout_exports(*, organization: Organization) -> QuerySet[PayoutExport]:
    """The recorded payout exports (who, when, why, how many payments), newest first."""
    return PayoutExport.objects.for_organization(organization).select_related("exported_by")
