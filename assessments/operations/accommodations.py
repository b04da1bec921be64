"""Extra time for a candidate on an assessment, granted by the team with a reason."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from assessments.models import Accommodation, Assessment, Attempt
from config.errors import ApplicationError
from hiring.models import Application

MAX_EXTRA_MINUTES = 24 * 60
MAX_EXTRA_PERCENT = 400
REASON_MAX = 300


def extra_minutes_for(*, assessment: Assessment, candidate) -> int:
    """All extra minutes granted to ``candidate`` on ``assessment`` (percentages round up)."""
    grants = Accommodation.objects.filter(assessment=assessment, candidate=candidate)
    return sum(grant.minutes_for(assessment.time_limit_minutes) for grant in grants)


def candidate_is_in_play(*, assessment: Assessment, candidate) -> bool:
    """Whether the candidate applied to a role using this assessment or has an attempt at it."""
    return (
        Application.objects.filter(role__assessment=assessment, candidate=candidate).exists()
        or Attempt.objects.filter(assessment=assessment, candidate=candidate).exists()
    )


def _validated_amount(extra_minutes, extra_percent) -> tuple[int | None, int | None]:
    if (extra_minutes is None) == (extra_percent is None):
        raise ApplicationError(
            "Grant either extra minutes or a percentage of the time limit, not both.",
            field="extra_minutes",
        )
    if extra_minutes is not None and not 1 <= extra_minutes <= MAX_EXTRA_MINUTES:
        raise ApplicationError(
            f"Extra minutes must be from 1 to {MAX_EXTRA_MINUTES}.", field="extra_minutes"
        )
    if extra_percent is not None and not 1 <= extra_percent <= MAX_EXTRA_PERCENT:
        raise ApplicationError(
            f"The percentage must be from 1 to {MAX_EXTRA_PERCENT}.", field="extra_percent"
        )
    return extra_minutes, extra_percent


@transaction.atomic
def accommodation_grant(
    *,
    assessment: Assessment,
    candidate,
    reason: str,
    by,
    extra_minutes: int | None = None,
    extra_percent: int | None = None,
) -> Accommodation:
    """Records a grant; if the candidate's attempt is under way, its deadline moves at once.

    The attempt row is locked while its extra minutes and deadline are recomputed from
    every grant, so two grants at once both count and the countdown shows the new end
    on its next poll. A submitted attempt cannot be given more time.
    """
    extra_minutes, extra_percent = _validated_amount(extra_minutes, extra_percent)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Say why the extra time is granted.", field="reason")
    if len(reason) > REASON_MAX:
        raise ApplicationError(f"Keep the reason under {REASON_MAX} characters.", field="reason")
    if not candidate_is_in_play(assessment=assessment, candidate=candidate):
        raise ApplicationError(
            "This person has not applied to a role using this assessment.", field="candidate"
        )
    attempt = (
        Attempt.objects.select_for_update()
        .filter(assessment=assessment, candidate=candidate, purpose=Attempt.Purpose.CALIBRATION)
        .first()
    )
    if attempt is not None and attempt.state != Attempt.State.IN_PROGRESS:
        raise ApplicationError(
            "This attempt is already submitted: extra time can no longer be granted.",
            field="candidate",
        )
    if attempt is not None and attempt.deadline <= timezone.now():
        raise ApplicationError(
            "This attempt's time has already run out and it is being submitted: "
            "extra time can no longer be granted.",
            field="candidate",
        )
    grant = Accommodation.objects.create(
        assessment=assessment,
        candidate=candidate,
        extra_minutes=extra_minutes,
        extra_percent=extra_percent,
        reason=reason,
        granted_by=by,
    )
    if attempt is not None:
        base_deadline = attempt.deadline - timedelta(minutes=attempt.extra_minutes)
        attempt.extra_minutes = extra_minutes_for(assessment=assessment, candidate=candidate)
        attempt.deadline = base_deadline + timedelta(minutes=attempt.extra_minutes)
        attempt.save(update_fields=["extra_minutes", "deadline"])
    return grant
