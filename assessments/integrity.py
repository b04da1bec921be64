"""Integrity signals of an attempt: recorded, summarised for the team, never blocking.

A paste, a switch to another tab or an answer given faster than anyone could read the item
are facts worth a look, not proof of anything: the candidate is never accused, and nothing
here stops them from answering. ``integrity_summary`` is pure; ``attempt_integrity`` reads
the rows for the team pages.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

PASTE = "paste"
FOCUS_LOST = "focus_lost"
TOO_FAST = "too_fast"
EVENT_TYPES = (PASTE, FOCUS_LOST, TOO_FAST)
CLIENT_EVENT_TYPES = (PASTE, FOCUS_LOST)  # too_fast is decided by the server alone

MAX_EVENTS = 200  # per response and per attempt: a signal, not a log to fill
MAX_INTERVAL_MS = 10 * 60 * 1000  # one reported interval of work counts at most ten minutes
FAST_FLOOR_MS = 3_000
FAST_SHARE_OF_PACE = 0.2
# An attempt with this many focus losses is flagged (one or two is a notification).
FOCUS_LOSS_FLAG = 3


def too_fast_floor_ms(expected_items_per_hour: float) -> int:
    """Under this many milliseconds on an item, its first answer counts as too fast.

    A fifth of the time the assessment's pace allows per item, and never under 3 s.
    """
    if expected_items_per_hour <= 0:
        return FAST_FLOOR_MS
    per_item_ms = 3_600_000 / float(expected_items_per_hour)
    return max(FAST_FLOOR_MS, int(per_item_ms * FAST_SHARE_OF_PACE))


def capped_interval_ms(value) -> int:
    """A client-reported interval of work, as a whole number of ms in [0, 10 minutes]."""
    try:
        ms = int(float(value))
    except (TypeError, ValueError, OverflowError):
        return 0
    return min(max(ms, 0), MAX_INTERVAL_MS)


def clean_client_events(raw, *, at: datetime, item_id: int | None = None) -> list[dict]:
    """The events a page reported, reduced to known types and a few plain fields."""
    if not isinstance(raw, list):
        return []
    events = []
    for entry in raw[:MAX_EVENTS]:
        kind = entry.get("type") if isinstance(entry, Mapping) else entry
        if kind not in CLIENT_EVENT_TYPES:
            continue
        event = {"type": kind, "at": at.isoformat()}
        if item_id is not None:
            event["item"] = item_id
        chars = entry.get("chars") if isinstance(entry, Mapping) else None
        if kind == PASTE and isinstance(chars, int) and not isinstance(chars, bool):
            event["chars"] = max(0, min(chars, 1_000_000))
        events.append(event)
    return events


def appended(existing, new: list[dict]) -> list[dict]:
    """``existing`` plus ``new``, keeping at most ``MAX_EVENTS``."""
    events = list(existing or []) + new
    return events[:MAX_EVENTS]


class IntegritySummary(TypedDict):
    """An attempt's signals: events of each type (its own and its responses'), the items
    that carry a paste or a too-fast answer, and all events together."""

    paste: int
    focus_lost: int
    too_fast: int
    items_with_paste: int
    items_too_fast: int
    total: int


def integrity_summary(attempt_events: Iterable[Mapping], responses: Iterable) -> IntegritySummary:
    """How many of each signal an attempt shows, and on how many items.

    ``responses`` are objects or mappings with ``integrity_events``.
    """
    counts = dict.fromkeys(EVENT_TYPES, 0)
    items_with = dict.fromkeys((PASTE, TOO_FAST), 0)
    for event in attempt_events or ():
        if event.get("type") in counts:
            counts[event["type"]] += 1
    for response in responses:
        events = (
            response.get("integrity_events")
            if isinstance(response, Mapping)
            else response.integrity_events
        ) or ()
        seen = set()
        for event in events:
            kind = event.get("type")
            if kind in counts:
                counts[kind] += 1
                seen.add(kind)
        for kind in seen & set(items_with):
            items_with[kind] += 1
    return {
        "paste": counts[PASTE],
        "focus_lost": counts[FOCUS_LOST],
        "too_fast": counts[TOO_FAST],
        "items_with_paste": items_with[PASTE],
        "items_too_fast": items_with[TOO_FAST],
        "total": sum(counts.values()),
    }


def is_flagged(integrity: Mapping, *, collusion: bool) -> bool:
    """Whether an attempt's signals (``integrity_summary``) are strong enough to look at: a
    paste, an item answered too fast, ``FOCUS_LOSS_FLAG`` focus losses, or collusion."""
    return bool(
        collusion
        or integrity[PASTE]
        or integrity["items_too_fast"]
        or integrity[FOCUS_LOST] >= FOCUS_LOSS_FLAG
    )


@dataclass(frozen=True)
class Flag:
    """One integrity signal as a small badge: a short label and a longer explanation."""

    kind: str
    label: str
    title: str
    strong: bool  # counts towards ``is_flagged`` (a single focus loss does not)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def flags_of(entry) -> list[Flag]:
    """The signals of a shortlist entry (``collusion``, ``paste_events``, ``too_fast_items``,
    ``focus_losses``) as badges, strongest first. Signals, not verdicts."""
    flags = []
    if entry.collusion:
        flags.append(
            Flag(
                "collusion",
                "possible collusion",
                "Wrong answers coincide with another candidate's far more often than chance "
                "allows.",
                True,
            )
        )
    if entry.paste_events:
        flags.append(
            Flag(
                "paste",
                _plural(entry.paste_events, "paste", "pastes"),
                "Pasted text into the assessment.",
                True,
            )
        )
    if entry.too_fast_items:
        flags.append(
            Flag(
                "too_fast",
                _plural(entry.too_fast_items, "item too fast", "items too fast"),
                "Answered faster than anyone could read the item.",
                True,
            )
        )
    if entry.focus_losses:
        flags.append(
            Flag(
                "focus",
                _plural(entry.focus_losses, "focus loss", "focus losses"),
                f"Left the assessment's tab (flagged from {FOCUS_LOSS_FLAG}).",
                entry.focus_losses >= FOCUS_LOSS_FLAG,
            )
        )
    return flags


def attempts_integrity(attempt_events: Mapping[int, list]) -> dict[int, IntegritySummary]:
    """The summary of each attempt, given ``{attempt id: the attempt's own events}``: one
    query for the responses that carry an integrity event (most carry none)."""
    from django.db.models import Q

    from assessments.models import Response

    by_attempt: dict[int, list] = {attempt_id: [] for attempt_id in attempt_events}
    flagged = (
        Response.objects.filter(attempt_id__in=list(attempt_events))
        .exclude(Q(integrity_events=[]) | Q(integrity_events__isnull=True))
        .order_by()
        .values_list("attempt_id", "integrity_events")
    )
    for attempt_id, events in flagged:
        by_attempt[attempt_id].append({"integrity_events": events})
    return {
        attempt_id: integrity_summary(events or [], by_attempt[attempt_id])
        for attempt_id, events in attempt_events.items()
    }


def attempt_integrity(attempt) -> IntegritySummary:
    """The summary for one attempt, read from the database (two queries at most)."""
    from assessments.models import Response

    responses = Response.objects.filter(attempt_id=attempt.pk).values("integrity_events")
    return integrity_summary(attempt.integrity_events, responses)
