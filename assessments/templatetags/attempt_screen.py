"""Links of the attempt screen, which also serves the authors' preview: ``{% screen_url
"item" 3 %}`` is the attempt's item 3, or the preview's when the page is a preview; and
``{% attempt_clock %}``, the bar's countdown or an audit batch's due date."""

from zoneinfo import ZoneInfo

from django import template
from django.urls import reverse

from assessments.attempts.due import due_in, due_when
from assessments.models import Attempt

register = template.Library()


@register.simple_tag(takes_context=True)
def screen_url(context, name: str, *args) -> str:
    preview = context.get("preview")
    if preview is not None:
        return preview.url(name, *args)
    return reverse(f"attempts:{name}", args=[context["attempt"].pk, *args])


@register.inclusion_tag("assessments/attempt/_clock.html", takes_context=True)
def attempt_clock(context) -> dict:
    """The attempt bar's clock: a countdown for a timed attempt, the due date in words for
    an audit batch (due days away: a "120:00:00" timer says nothing useful)."""
    attempt, now = context["attempt"], context["now"]
    if getattr(attempt, "purpose", None) != Attempt.Purpose.AUDIT:
        return {"attempt": attempt, "now": now, "due": None}
    user = context["request"].user
    profile = getattr(user, "candidate_profile", None)
    name = str(getattr(profile, "time_zone", "") or "UTC")
    zone = ZoneInfo(name)
    return {
        "attempt": attempt,
        "now": now,
        "due": {
            "when": due_when(attempt.deadline, zone, name),
            "in": due_in(attempt.deadline, now, zone),
        },
    }
