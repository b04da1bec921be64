"""Reads for the candidate's attempt pages and API. Never touches ``GoldAnswer``.

Items are read with the fields a candidate may see and nothing joined: the gold lives in
its own table and no query here follows the ``gold`` relation. A candidate knows an item
by its number (its 1-based position in the attempt's own order), never by its id.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from assessments.models import Attempt, Contest, Item, Payment, Response
from hiring.models import Application

CANDIDATE_ITEM_FIELDS = (
    "id",  # read to match items to responses; never shown to the candidate
    "assessment_id",
    "kind",
    "prompt",
    "content",
    "options",
    "requires_rationale",
)


def application_of_candidate(*, user, pk: int) -> Application:
    """The candidate's own application (``Application.DoesNotExist`` for anyone else's)."""
    return Application.objects.select_related("role__organization", "role__assessment").get(
        pk=pk, candidate=user
    )


def attempt_for_application(*, application: Application) -> Attempt | None:
    if application.role.assessment_id is None:
        return None
    return Attempt.objects.filter(
        assessment_id=application.role.assessment_id,
        candidate_id=application.candidate_id,
        purpose=Attempt.Purpose.CALIBRATION,
    ).first()


def attempt_of_candidate(*, user, pk: int) -> Attempt:
    """The candidate's own attempt (``Attempt.DoesNotExist`` for anyone else's)."""
    return Attempt.objects.select_related("assessment", "application__role").get(
        pk=pk, candidate=user
    )


def items_in_order(*, attempt: Attempt) -> list[Item]:
    """The attempt's items, candidate-safe fields only, in the attempt's order."""
    by_id = {
        item.pk: item
        for item in Item.objects.filter(pk__in=attempt.item_order).only(*CANDIDATE_ITEM_FIELDS)
    }
    return [by_id[pk] for pk in attempt.item_order if pk in by_id]


def item_at(*, attempt: Attempt, position: int) -> Item:
    """The item at a 1-based position of the attempt (``Item.DoesNotExist`` if none)."""
    if not 1 <= position <= len(attempt.item_order):
        raise Item.DoesNotExist("No item at that position.")
    return Item.objects.only(*CANDIDATE_ITEM_FIELDS).get(
        pk=attempt.item_order[position - 1], assessment_id=attempt.assessment_id
    )


def item_numbers(*, attempt: Attempt) -> dict[int, int]:
    """Item id → the number the candidate knows it by."""
    return {item_id: number for number, item_id in enumerate(attempt.item_order, start=1)}


def responses_by_item(*, attempt: Attempt) -> dict[int, Response]:
    return {response.item_id: response for response in Response.objects.filter(attempt=attempt)}


@dataclass(frozen=True)
class NavEntry:
    number: int
    answered: bool
    flagged: bool


def attempt_nav(*, attempt: Attempt, responses: dict[int, Response]) -> list[NavEntry]:
    entries = []
    for number, item_id in enumerate(attempt.item_order, start=1):
        response = responses.get(item_id)
        entries.append(
            NavEntry(
                number=number,
                answered=response is not None and response.answer is not None,
                flagged=response is not None and response.flagged_ambiguous,
            )
        )
    return entries


def seconds_left(*, attempt: Attempt, now=None) -> int:
    if attempt.state != Attempt.State.IN_PROGRESS:
        return 0
    now = now or timezone.now()
    return max(0, int((attempt.deadline - now).total_seconds()))


def payment_of(*, attempt: Attempt) -> Payment | None:
    return Payment.objects.filter(attempt=attempt).first()


def contests_of(*, attempt: Attempt) -> QuerySet[Contest]:
    return Contest.objects.filter(attempt=attempt).order_by("created_at", "id")


def attempts_of_candidate(*, user) -> QuerySet[Attempt]:
    return (
        Attempt.objects.filter(
            candidate=user,
            purpose__in=[Attempt.Purpose.CALIBRATION, Attempt.Purpose.RECALIBRATION],
        )
        .select_related("assessment", "payment")
        .only(
            "id",
            "state",
            "started_at",
            "deadline",
            "submitted_at",
            "payment__state",
            "pay_amount",
            "pay_currency",
            "assessment__title",
            "assessment__version",
        )
        .order_by("-started_at")
    )
