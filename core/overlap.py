"""Working-hours overlap between two time zones. Pure: only the standard library."""

from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WORKDAY_START = time(9)
WORKDAY_HOURS = 8


def _utc_window(zone: str | tzinfo, day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, WORKDAY_START, tzinfo=ZoneInfo(str(zone)))
    return start, start + timedelta(hours=WORKDAY_HOURS)


def overlap_hours(zone_a: str | tzinfo, zone_b: str | tzinfo, *, on: date) -> int | None:
    """Whole hours that a 9-to-5 working day in ``zone_a`` shares with one in ``zone_b``
    on the date ``on`` (offsets as they are that day), counting the neighbouring days too,
    so Auckland and Los Angeles overlap across the date line. A zone is a name or a
    ``ZoneInfo`` (what the models' time-zone fields hold). None for an unknown zone."""
    try:
        a_start, a_end = _utc_window(zone_a, on)
        windows = [_utc_window(zone_b, on + timedelta(days=shift)) for shift in (-1, 0, 1)]
    except (ZoneInfoNotFoundError, ValueError):
        return None
    shared = timedelta()
    for b_start, b_end in windows:
        shared += max(timedelta(), min(a_end, b_end) - max(a_start, b_start))
    return int(shared.total_seconds() // 3600)
