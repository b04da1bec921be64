"""A due date in words, for attempts whose deadline is days away (a weekly audit batch is
due after ``AuditPlan.due_days``): "Fri 11 Dec, 17:00 UTC" and "in 4 days". Calibration
attempts keep their countdown (``static/js/attempt.js``). Pure: no Django."""

from datetime import datetime, timedelta, tzinfo


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}{'' if number == 1 else 's'}"


def due_when(due: datetime, zone: tzinfo, zone_name: str = "") -> str:
    """The moment in the reader's zone: "Fri 11 Dec, 17:00 UTC" (the zone's abbreviation
    when it has a lettered one, else ``zone_name``: "17:00 Asia/Kolkata")."""
    local = due.astimezone(zone)
    abbreviation = local.tzname() or ""
    label = abbreviation if abbreviation.isalpha() else (zone_name or abbreviation)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M} {label}".rstrip()


def due_in(due: datetime, now: datetime, zone: tzinfo) -> str:
    """How far away the due moment is: a day or more away, in calendar days of the reader's
    zone ("tomorrow", "in 4 days" on a Monday for a Friday); under a day, in whole hours or
    minutes ("in 5 hours", "in 40 minutes", "in under a minute"); "overdue" once past."""
    left = due - now
    if left <= timedelta(0):
        return "overdue"
    if left >= timedelta(days=1):
        days = (due.astimezone(zone).date() - now.astimezone(zone).date()).days
        return "tomorrow" if days == 1 else f"in {_count(days, 'day')}"
    hours, rest = divmod(int(left.total_seconds()), 3600)
    if hours:
        return f"in {_count(hours, 'hour')}"
    minutes = rest // 60
    return f"in {_count(minutes, 'minute')}" if minutes else "in under a minute"
