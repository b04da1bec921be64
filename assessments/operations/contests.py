"""The team's answer to a candidate's contest of an item's expected answer."""

from django.db import transaction
from django.utils import timezone

from assessments.models import Contest
from config.errors import ApplicationError

OUTCOMES = (Contest.State.UPHELD, Contest.State.DISMISSED)


@transaction.atomic
def contest_resolve(*, contest: Contest, outcome: str, resolution: str, by) -> Contest:
    """Upholds or dismisses an open contest with a note; records who and when.

    Upholding does not change the gold by itself: the authors edit the gold, which
    bumps its version and leaves a ``GoldChange``.
    """
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if outcome not in OUTCOMES:
        raise ApplicationError("Choose whether to uphold or dismiss the contest.", field="outcome")
    if contest.state != Contest.State.OPEN:
        raise ApplicationError(
            f"This contest was already {contest.get_state_display().lower()}.", field="outcome"
        )
    resolution = (resolution or "").strip()
    if not resolution:
        raise ApplicationError(
            "Write a resolution note saying why.",
            field="resolution",
        )
    contest.state = outcome
    contest.resolution = resolution
    contest.resolved_by = by
    contest.resolved_at = timezone.now()
    contest.save(update_fields=["state", "resolution", "resolved_by", "resolved_at"])
    return contest
