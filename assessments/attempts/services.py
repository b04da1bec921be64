"""Writes of a candidate's attempt: start, save answers, flag, rationales, submit, contest.

A candidate names an item by its number: its 1-based position in the attempt's own item
order (``Attempt.item_order``), never by its database id, which would reveal authoring
order. Every write here takes numbers and resolves them to items itself.

Every write locks the attempt row first, so a save racing the deadline sweep (which locks
the same row in ``attempt_submit``) either lands before the submission or is refused.
The server's clock and the stored deadline decide; the page's countdown only informs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from assessments import integrity
from assessments.attempts import autosave_sql
from assessments.attempts.item_cache import frozen_item
from assessments.attempts.ordering import new_attempt_seed
from assessments.attempts.pool import PoolItem, attempt_items
from assessments.attempts.submission import attempt_submit
from assessments.item_kinds import AnswerError, validate_answer
from assessments.models import Assessment, Attempt, Contest, Item, Response
from assessments.operations.accommodations import extra_minutes_for
from config import json_input
from config.errors import ApplicationError
from hiring.models import Application
from hiring.pipeline.services import application_move

RATIONALE_MIN_LENGTH = 80
RATIONALE_MAX_LENGTH = 5_000
NOTE_MAX_LENGTH = 2_000
CONTEST_MIN_LENGTH = 40
CONTEST_MAX_LENGTH = 3_000


class AttemptClosedError(ApplicationError):
    """The attempt no longer takes answers: time is up or it was submitted."""


class RationaleError(ApplicationError):
    """Rationales not complete enough to submit: one message per field."""

    def __init__(self, errors: dict[str, str]):
        field, message = next(iter(errors.items()))
        super().__init__(message, field=field)
        self.errors = errors

    def as_dict(self) -> dict[str, list[str]]:
        return {field: [message] for field, message in self.errors.items()}


def _closed_message(state: str) -> str:
    if state == Attempt.State.IN_PROGRESS:
        return (
            "Time is up: answers can no longer be changed. Everything you saved before "
            "the deadline is kept and has been submitted."
        )
    return "This attempt has been submitted: answers can no longer be changed."


def _lock_open_attempt(attempt_id: int, now: datetime) -> Attempt:
    """The attempt, locked (its row only), if it still takes answers; otherwise
    ``AttemptClosedError``."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt_id)
    if attempt.state != Attempt.State.IN_PROGRESS or now >= attempt.deadline:
        raise AttemptClosedError(_closed_message(attempt.state), field="attempt")
    return attempt


def attempt_close_if_overdue(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Submits an attempt past its deadline (keeping what was saved); returns it fresh."""
    now = now or timezone.now()
    if attempt.state == Attempt.State.IN_PROGRESS and now >= attempt.deadline:
        attempt_submit(attempt_id=attempt.pk, auto=True, now=now)
        attempt.refresh_from_db()
    return attempt


def attempt_order(assessment: Assessment, *, seed: int) -> list[int]:
    """The item ids an attempt at ``assessment`` draws with ``seed``, in the order shown
    (``pool.attempt_items`` over the assessment's items); empty without items."""
    pool = [
        PoolItem(
            id=row["id"],
            position=row["position"],
            kind=row["kind"],
            is_edge_case=bool(row["gold__is_edge_case"]),
            exposure_count=row["exposure_count"],
        )
        for row in Item.objects.filter(assessment=assessment).values(
            "id", "position", "kind", "exposure_count", "gold__is_edge_case"
        )
    ]
    if not pool:
        return []
    return attempt_items(
        pool, count=assessment.items_per_attempt, seed=seed, shuffle=assessment.shuffle
    )


@transaction.atomic
def attempt_start(*, application: Application, candidate, now: datetime | None = None) -> Attempt:
    """Starts the candidate's attempt for an invited application, once.

    A second call (double click, second tab) returns the attempt the first one made.
    """
    now = now or timezone.now()
    # Lock the application row only: the role and assessment are read, not locked.
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("role__assessment")
        .get(pk=application.pk)
    )
    if application.candidate_id != candidate.pk:
        raise ApplicationError("This is not your application.", field="application")
    assessment = application.role.assessment
    if assessment is None:
        raise ApplicationError(
            "This role has no calibration task yet: you will be invited when it does.",
            field="application",
        )
    existing = Attempt.objects.filter(
        assessment=assessment, candidate=candidate, purpose=Attempt.Purpose.CALIBRATION
    ).first()
    if existing is not None:
        return existing
    if application.stage != Application.Stage.INVITED:
        raise ApplicationError(
            f"Only an invitation opens the task; this application is "
            f"“{application.get_stage_display()}”.",
            field="application",
        )
    seed = new_attempt_seed()
    order = attempt_order(assessment, seed=seed)
    if not order:
        raise ApplicationError("This calibration task has no items yet.", field="application")
    extra = max(0, int(extra_minutes_for(assessment=assessment, candidate=candidate)))
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                assessment=assessment,
                candidate=candidate,
                application=application,
                purpose=Attempt.Purpose.CALIBRATION,
                started_at=now,
                deadline=now + timedelta(minutes=assessment.time_limit_minutes + extra),
                extra_minutes=extra,
                seed=seed,
                item_order=order,
                pay_amount=assessment.pay_amount,
                pay_currency=assessment.pay_currency,
            )
    except IntegrityError:  # a concurrent start won the unique constraint
        return Attempt.objects.get(
            assessment=assessment, candidate=candidate, purpose=Attempt.Purpose.CALIBRATION
        )
    if assessment.frozen_at is None:
        type(assessment).objects.filter(pk=assessment.pk, frozen_at__isnull=True).update(
            frozen_at=now
        )
    Item.objects.filter(pk__in=order).update(exposure_count=F("exposure_count") + 1)
    application_move(
        application=application,
        to_stage=Application.Stage.IN_PROGRESS,
        by=candidate,
        reason="Started the calibration task.",
    )
    return attempt


def item_id_numbered(item_order: list[int], number) -> int:
    """The id of the item shown as ``number`` (1-based) in an attempt of this item order;
    ``Item.DoesNotExist`` for anything else (a number out of range, not a whole number)."""
    if (
        isinstance(number, bool)
        or not isinstance(number, int)
        or not 1 <= number <= len(item_order)
    ):
        raise Item.DoesNotExist("No item with that number in this attempt.")
    return item_order[number - 1]


def _item_numbered(attempt: Attempt, number: int) -> Item:
    return Item.objects.get(
        pk=item_id_numbered(attempt.item_order, number), assessment_id=attempt.assessment_id
    )


@transaction.atomic
def response_save(
    *,
    attempt_id: int,
    number: int,
    answer,
    elapsed_ms=0,
    events=None,
    now: datetime | None = None,
) -> Response:
    """Saves one answer (the API's path; the page autosaves through ``response_autosave``);
    a changed answer counts one revision, time and signals add up.

    A badly shaped answer raises ``ApplicationError`` (field "answer") and keeps the
    previous one. ``Item.DoesNotExist`` for a number outside the attempt.
    """
    now = now or timezone.now()
    attempt = _lock_open_attempt(attempt_id, now)
    item = _item_numbered(attempt, number)
    _answer_write(attempt.pk, attempt.assessment_id, item, answer, elapsed_ms, events, now)
    return Response.objects.get(attempt=attempt, item=item)


@transaction.atomic
def response_autosave(
    *,
    candidate,
    attempt_id: int,
    position: int,
    read_answer: Callable[[Item], object],
    elapsed_ms=0,
    events=None,
    now: datetime | None = None,
) -> datetime:
    """The autosave of the item at ``position`` (1-based) in the candidate's attempt;
    returns when it was saved.

    Every change of every candidate lands here, so it reads plain values, not models: one
    locked read of the attempt (which also proves it is theirs), the item from the
    per-process cache of frozen items, one read and one write of the response.
    ``read_answer(item)`` turns what was posted into an answer for that item. Raises
    ``Attempt.DoesNotExist`` or ``Item.DoesNotExist`` (a 404), ``AttemptClosedError``,
    ``AnswerError`` or ``ApplicationError``.
    """
    now = now or timezone.now()
    row = autosave_sql.locked_attempt(attempt_id=attempt_id, candidate_id=candidate.pk)
    if row is None:
        raise Attempt.DoesNotExist("No such attempt of yours.")
    state, deadline, assessment_id, item_order = row
    if state != Attempt.State.IN_PROGRESS or now >= deadline:
        raise AttemptClosedError(_closed_message(state), field="attempt")
    item = frozen_item(assessment_id=assessment_id, item_id=item_id_numbered(item_order, position))
    _answer_write(attempt_id, assessment_id, item, read_answer(item), elapsed_ms, events, now)
    return now


def _answer_write(
    attempt_id: int, assessment_id: int, item: Item, answer, elapsed_ms, events, now
) -> None:
    """Writes the answer, with the caller holding the attempt's row lock: a changed answer
    counts one revision, time and integrity signals add up."""
    answer = json_input.storable(answer, "answer")
    try:
        answer = validate_answer(item.kind, item.content, item.options, answer)
    except AnswerError as error:
        raise ApplicationError(str(error), field="answer") from None
    saved = autosave_sql.saved_response(attempt_id=attempt_id, item_id=item.pk)
    pk, previous, spent, revisions, logged = saved or (None, None, 0, 0, [])
    spent += integrity.capped_interval_ms(elapsed_ms)
    new_events = integrity.clean_client_events(events, at=now)
    pace = Assessment.objects.values_list("expected_items_per_hour", flat=True).get(
        pk=assessment_id
    )
    if previous is None and spent < integrity.too_fast_floor_ms(float(pace)):
        new_events.append({"type": integrity.TOO_FAST, "at": now.isoformat(), "ms": spent})
    values = {
        "answer": answer,
        "time_spent_ms": spent,
        "revision_count": revisions + (previous != answer),
        "updated_at": now,
    }
    events = integrity.appended(logged, new_events) if new_events else None
    if pk is None:
        Response.objects.create(
            attempt_id=attempt_id, item_id=item.pk, integrity_events=events or [], **values
        )
    else:
        autosave_sql.response_update(pk=pk, events=events, **values)


@transaction.atomic
def response_flag(
    *, attempt_id: int, number: int, flagged: bool, note: str = "", now: datetime | None = None
) -> Response:
    """Flags the item numbered ``number`` as ambiguous (or unflags it), with the candidate's
    note. ``Item.DoesNotExist`` for a number outside the attempt."""
    now = now or timezone.now()
    attempt = _lock_open_attempt(attempt_id, now)
    item = _item_numbered(attempt, number)
    note = json_input.storable((note or "").strip(), "ambiguity_note")
    if len(note) > NOTE_MAX_LENGTH:
        raise ApplicationError(
            f"Keep the note under {NOTE_MAX_LENGTH:,} characters.", field="ambiguity_note"
        )
    response, _ = Response.objects.select_for_update().get_or_create(attempt=attempt, item=item)
    response.flagged_ambiguous = bool(flagged)
    response.ambiguity_note = note
    response.save(update_fields=["flagged_ambiguous", "ambiguity_note", "updated_at"])
    return response


@transaction.atomic
def attempt_record_activity(
    *,
    attempt_id: int,
    number: int | None,
    elapsed_ms=0,
    events=None,
    position: int | None = None,
    now: datetime | None = None,
) -> None:
    """What the page reports between saves: time on the item numbered ``number``, tab
    switches, the item shown (``position``, 0-based).

    Quietly ignored once the attempt is closed, and a number outside the attempt is
    dropped: this is telemetry, never a refusal.
    """
    now = now or timezone.now()
    try:
        attempt = _lock_open_attempt(attempt_id, now)
    except AttemptClosedError:
        return
    fields = []
    if (
        position is not None
        and position != attempt.current_position
        and 0 <= position < len(attempt.item_order)
    ):
        attempt.current_position = position
        fields.append("current_position")
    try:
        item_id = item_id_numbered(attempt.item_order, number)
    except Item.DoesNotExist:
        item_id = None
    new_events = integrity.clean_client_events(events, at=now, item_id=item_id)
    if new_events:
        attempt.integrity_events = integrity.appended(attempt.integrity_events, new_events)
        fields.append("integrity_events")
    if fields:
        attempt.save(update_fields=fields)
    elapsed = integrity.capped_interval_ms(elapsed_ms)
    if item_id is not None and elapsed:
        response, _ = Response.objects.get_or_create(attempt=attempt, item_id=item_id)
        Response.objects.filter(pk=response.pk).update(
            time_spent_ms=F("time_spent_ms") + elapsed, updated_at=now
        )


def rationale_slots(attempt: Attempt) -> int:
    """How many hardest decisions the candidate may pick: N, or fewer if the attempt is short."""
    return min(attempt.assessment.rationale_count, len(attempt.item_order))


@dataclass(frozen=True)
class RationaleRule:
    """What submitting asks of an attempt's rationales: the one place this is decided (the
    submission refuses by it, the review page marks its items by it).

    Only answered items ask for anything: an item the candidate never answered needs no
    rationale even when its author asks for one, and the hardest picks asked for are N, or
    fewer when fewer items were answered. A picked item needs its rationale all the same.
    """

    slots: int
    picks_needed: int
    asked: frozenset[int]

    def needs_rationale(self, item_id: int, picks) -> bool:
        return item_id in self.asked or item_id in picks


def rationale_rule(attempt: Attempt) -> RationaleRule:
    answered = set(
        Response.objects.filter(
            attempt=attempt, item_id__in=attempt.item_order, answer__isnull=False
        ).values_list("item_id", flat=True)
    )
    asked = Item.objects.filter(pk__in=answered, requires_rationale=True).values_list(
        "pk", flat=True
    )
    slots = rationale_slots(attempt)
    return RationaleRule(
        slots=slots, picks_needed=min(slots, len(answered)), asked=frozenset(asked)
    )


def _parse_numbers(attempt: Attempt, values, field: str) -> list[int]:
    """The ids of the items numbered ``values`` (as posted: numbers or their text), in the
    order given and without repeats; anything else is refused for ``field``."""
    ids = []
    for value in values or ():
        try:
            number = value if isinstance(value, int) else int(str(value).strip())
            item_id = item_id_numbered(attempt.item_order, number)
        except (TypeError, ValueError, Item.DoesNotExist):
            raise ApplicationError("Pick items from this attempt.", field=field) from None
        if item_id not in ids:
            ids.append(item_id)
    return ids


def _rationale_errors(attempt: Attempt, hardest: list[int], texts: dict[int, str]) -> dict:
    """What keeps these rationales from being complete enough to submit (by
    ``rationale_rule``)."""
    errors: dict[str, str] = {}
    rule = rationale_rule(attempt)
    if len(hardest) < rule.picks_needed:
        errors["hardest"] = (
            f"Pick {rule.picks_needed} of your hardest decisions (you picked {len(hardest)})."
        )
    number_of = {item_id: n for n, item_id in enumerate(attempt.item_order, start=1)}
    for item_id in attempt.item_order:
        if not rule.needs_rationale(item_id, hardest):
            continue
        length = len(texts.get(item_id, "").strip())
        if length < RATIONALE_MIN_LENGTH:
            errors[f"rationale_{number_of[item_id]}"] = (
                f"Item {number_of[item_id]}: write at least {RATIONALE_MIN_LENGTH} characters "
                f"explaining your decision ({length} so far)."
            )
    return errors


@transaction.atomic
def attempt_rationales_save(
    *,
    attempt_id: int,
    hardest,
    rationales: dict,
    complete: bool = False,
    now: datetime | None = None,
) -> Attempt:
    """Stores the candidate's hardest picks (item numbers) and rationales (item number →
    text).

    ``complete`` (on submit) also applies ``rationale_rule``: N picks (fewer if fewer
    items were answered) and a rationale of at least ``RATIONALE_MIN_LENGTH`` characters
    for each pick and each answered item that asks for one;
    otherwise a draft is kept as written. Refusals raise ``ApplicationError`` with one
    message per field (``error.errors``) and save nothing.
    """
    now = now or timezone.now()
    attempt = _lock_open_attempt(attempt_id, now)
    picks = _parse_numbers(attempt, hardest, "hardest")
    texts: dict[int, str] = {}
    for key, text in (rationales or {}).items():
        (item_id,) = _parse_numbers(attempt, [key], "rationales")
        field = f"rationale_{attempt.item_order.index(item_id) + 1}"
        if not isinstance(text, str):
            raise ApplicationError("A rationale is text.", field=field)
        if len(text) > RATIONALE_MAX_LENGTH:
            raise ApplicationError(
                f"Keep each rationale under {RATIONALE_MAX_LENGTH:,} characters.", field=field
            )
        texts[item_id] = json_input.storable(text.strip(), field)
    if len(picks) > rationale_slots(attempt):
        raise ApplicationError(
            f"Pick at most {rationale_slots(attempt)} hardest decisions.", field="hardest"
        )
    if complete:
        errors = _rationale_errors(attempt, picks, texts)
        if errors:
            raise RationaleError(errors)
    existing = {r.item_id: r for r in Response.objects.filter(attempt=attempt)}
    for item_id in attempt.item_order:
        response = existing.get(item_id)
        hard = item_id in picks
        text = texts.get(item_id, response.rationale if response else "")
        if response is None:
            if hard or text:
                Response.objects.create(
                    attempt=attempt, item_id=item_id, hardest=hard, rationale=text
                )
        elif response.hardest != hard or response.rationale != text:
            response.hardest, response.rationale = hard, text
            response.save(update_fields=["hardest", "rationale", "updated_at"])
    return attempt


@transaction.atomic
def attempt_finish(
    *, attempt_id: int, hardest, rationales: dict, now: datetime | None = None
) -> bool:
    """The candidate's submit: rationales complete, then one submission. Idempotent.

    Returns whether this call submitted; a repeat (double click, second tab) returns False
    without touching anything.
    """
    now = now or timezone.now()
    attempt = Attempt.objects.select_for_update().get(pk=attempt_id)
    if attempt.state != Attempt.State.IN_PROGRESS:
        return False
    if now >= attempt.deadline:
        return attempt_submit(attempt_id=attempt_id, auto=True, now=now)
    attempt_rationales_save(
        attempt_id=attempt_id, hardest=hardest, rationales=rationales, complete=True, now=now
    )
    return attempt_submit(attempt_id=attempt_id, now=now)


@transaction.atomic
def contest_create(*, attempt_id: int, number, reason: str) -> Contest:
    """A candidate's challenge to the expected answer of the item numbered ``number``,
    after submitting."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt_id)
    if attempt.purpose == Attempt.Purpose.AUDIT:
        # Gold and work items answer alike: a contest could only be resolved on gold.
        raise ApplicationError(
            "Audit batches are not contested here: raise a doubt about an item with the "
            "ambiguity flag and its note while you answer.",
            field="item",
        )
    if attempt.state == Attempt.State.IN_PROGRESS:
        raise ApplicationError("You can contest items once you have submitted.", field="item")
    (item_id,) = _parse_numbers(attempt, [number], "item")
    reason = json_input.storable((reason or "").strip(), "reason")
    if len(reason) < CONTEST_MIN_LENGTH:
        raise ApplicationError(
            f"Explain in at least {CONTEST_MIN_LENGTH} characters why you believe the expected "
            f"answer is wrong ({len(reason)} so far).",
            field="reason",
        )
    if len(reason) > CONTEST_MAX_LENGTH:
        raise ApplicationError(
            f"Keep the reason under {CONTEST_MAX_LENGTH:,} characters.", field="reason"
        )
    contests = Contest.objects.filter(attempt=attempt)
    if contests.filter(item_id=item_id).exists():
        raise ApplicationError("You have already contested this item.", field="item")
    if contests.count() >= Contest.MAX_PER_ATTEMPT:
        raise ApplicationError(
            f"You can contest at most {Contest.MAX_PER_ATTEMPT} items per attempt.", field="item"
        )
    return Contest.objects.create(attempt=attempt, item_id=item_id, reason=reason)
