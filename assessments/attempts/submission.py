"""Writes on the assessment side: attempts and their submission (a trainer's audit batch
is an attempt too: its submission records the batch as submitted, or missed)."""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from assessments.models import Attempt, Audit, Payment
from hiring.models import Application
from hiring.pipeline.services import application_move

logger = logging.getLogger(__name__)


def attempt_scoring_enqueue(attempt_id: int) -> None:
    """Scores a submission in the background (in-process in eager mode).

    Runs after the submission has committed: if the broker is unreachable, or scoring
    fails in eager mode, the candidate's submission still stands and they see it as
    submitted; the attempt waits unscored for "Rescore all" on the results page."""
    from assessments.tasks import attempt_score_task

    try:
        attempt_score_task.delay(attempt_id)
    except Exception:
        logger.exception("Could not score attempt %s after its submission", attempt_id)


@dataclass
class _ScoreAfterCommit:
    """The on-commit callback that scores one attempt; equal for the same attempt, so a
    transaction that changes an attempt's inputs many times (a batch of reviews) queues
    its scoring once."""

    attempt_id: int
    ran: bool = field(default=False, compare=False)

    def __call__(self) -> None:
        self.ran = True
        attempt_scoring_enqueue(self.attempt_id)


def attempt_rescore_after_commit(attempt_id: int) -> None:
    """Scores the attempt again once the current transaction commits (once per attempt per
    transaction), e.g. after a finished review changed its rationale score."""
    callback = _ScoreAfterCommit(attempt_id)
    connection = transaction.get_connection()
    pending = connection.run_on_commit if connection.in_atomic_block else ()
    if any(queued == callback and not queued.ran for _, queued, _ in pending):
        return
    transaction.on_commit(callback)


@transaction.atomic
def attempt_submit(*, attempt_id: int, auto: bool = False, now: datetime | None = None) -> bool:
    """Submits an attempt once; a second call (double click, retry, overdue sweep) is a no-op.

    Returns whether this call did the submission. An automatic submission after the
    deadline is stamped with the deadline itself, keeping everything saved before it.
    """
    attempt = Attempt.objects.select_for_update().get(pk=attempt_id)
    if attempt.state != Attempt.State.IN_PROGRESS:
        return False
    now = now or timezone.now()
    attempt.state = Attempt.State.SUBMITTED
    attempt.submitted_at = min(now, attempt.deadline) if auto else now
    attempt.auto_submitted = auto
    attempt.save(update_fields=["state", "submitted_at", "auto_submitted"])
    if attempt.purpose == Attempt.Purpose.AUDIT:
        # A trainer's weekly batch: submitted by hand, or missed at its due date.
        closed = (
            {"state": Audit.State.MISSED, "missed_at": now}
            if auto
            else {"state": Audit.State.SUBMITTED, "submitted_at": now}
        )
        Audit.objects.filter(attempt_id=attempt_id, state=Audit.State.ISSUED).update(**closed)
    else:
        Payment.objects.get_or_create(
            attempt=attempt,
            defaults={"amount": attempt.pay_amount, "currency": attempt.pay_currency},
        )
    transaction.on_commit(lambda: attempt_scoring_enqueue(attempt_id))
    application = attempt.application
    if application is not None and application.stage == Application.Stage.IN_PROGRESS:
        reason = "Submitted automatically at the deadline." if auto else ""
        application_move(
            application=application, to_stage=Application.Stage.SUBMITTED, reason=reason
        )
    return True


def attempts_submit_overdue(*, now: datetime | None = None) -> list[int]:
    """Submits every attempt whose deadline has passed; returns the ids it submitted."""
    now = now or timezone.now()
    overdue = Attempt.objects.filter(
        state=Attempt.State.IN_PROGRESS, deadline__lte=now
    ).values_list("id", flat=True)
    return [pk for pk in overdue if attempt_submit(attempt_id=pk, auto=True, now=now)]
