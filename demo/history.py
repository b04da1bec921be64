"""Spreads the demo's pipeline history over the past weeks, in step with its attempts.

The pipeline is walked through the real services, so every move is stamped "now". This
moves each application's history back in time: "assessment in progress" lands when its
attempt started and "submitted" when it was submitted; earlier moves come a day or two
before, later ones between the submission and now. Seeded per application, so a rerun
gives the same history relative to the clock.
"""

import random
from datetime import datetime, timedelta

from assessments.models import Attempt
from hiring.models import Application, StageChange

HOUR = timedelta(hours=1)
GAP_BEFORE = {"invited": timedelta(days=2), "in_progress": timedelta(days=1)}


def spread(
    stages: list[str],
    anchors: dict[str, datetime],
    now: datetime,
    rng: random.Random,
    *,
    knocked_out: bool = False,
) -> list[datetime]:
    """When each move (``stages``, in order) happened. Pure.

    ``anchors`` pins some stages to a time (from the attempt). Moves before the first pin
    are spaced back from it, moves after the last pin are spread up to an hour before
    now, and a history without pins ends a few days ago. A knock-out rejection happens the
    moment the application arrives.
    """
    pinned = [i for i, stage in enumerate(stages) if stage in anchors]
    times: list[datetime | None] = [anchors.get(stage) for stage in stages]
    if not pinned:
        times[-1] = now - timedelta(days=rng.randint(1, 6), hours=rng.randint(1, 20))
        pinned = [len(stages) - 1]
    for i in range(pinned[0] - 1, -1, -1):
        gap = GAP_BEFORE.get(stages[i + 1], timedelta(days=2))
        times[i] = _known(times[i + 1]) - gap - timedelta(hours=rng.randint(0, 12))
    last = pinned[-1]
    after = len(stages) - 1 - last
    if after:
        room = max(now - HOUR - _known(times[last]), after * HOUR)
        step = min(timedelta(days=2), room / (after + 1))
        for i in range(last + 1, len(stages)):
            times[i] = _known(times[i - 1]) + step
    for i in range(1, len(stages)):  # fill any gap between two pins
        if times[i] is None:
            times[i] = _known(times[i - 1]) + HOUR
    filled = [_known(moment) for moment in times]
    if knocked_out:
        filled[-1] = filled[0] + timedelta(seconds=1)
    return filled


def _known(moment: datetime | None) -> datetime:
    """A time ``spread`` has set by now (each is set from a neighbour already set)."""
    if moment is None:
        raise ValueError("A move's time was read before it was set.")
    return moment


def backdate_histories(*, applications: list[Application], now: datetime, seed: int) -> None:
    attempts = {
        attempt.application_id: attempt
        for attempt in Attempt.objects.filter(
            application__in=applications, purpose=Attempt.Purpose.CALIBRATION
        )
    }
    changes_by_application: dict[int, list[StageChange]] = {}
    for change in StageChange.objects.filter(application__in=applications).order_by(
        "application_id", "created_at", "id"
    ):
        changes_by_application.setdefault(change.application_id, []).append(change)
    changed, moved = [], []
    for application in applications:
        changes = changes_by_application.get(application.pk, [])
        if not changes:
            continue
        attempt = attempts.get(application.pk)
        anchors = {}
        if attempt is not None:
            anchors["in_progress"] = attempt.started_at
            if attempt.submitted_at is not None:
                anchors["submitted"] = attempt.submitted_at
        times = spread(
            [change.to_stage for change in changes],
            anchors,
            now,
            random.Random(f"{seed}:{application.candidate_id}:{application.role_id}"),
            knocked_out=bool(application.knockout_reason) and len(changes) == 2,
        )
        for change, at in zip(changes, times, strict=True):
            change.created_at = at
        application.created_at, application.stage_changed_at = times[0], times[-1]
        changed += changes
        moved.append(application)
    # bulk_update writes with UPDATE statements: the demo's own history, set once.
    StageChange.objects.bulk_update(changed, ["created_at"], batch_size=500)
    Application.objects.bulk_update(moved, ["created_at", "stage_changed_at"], batch_size=500)
