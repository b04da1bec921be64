"""The authors' preview: the candidate's attempt screen, one item per screen with its
timer, where nothing is written. The preview's clock lives in the author's session (it
is nobody's attempt); the items are read without their gold."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from assessments.attempts.selectors import NavEntry
from assessments.models import Assessment

SESSION_KEY = "assessment_preview"


@dataclass(frozen=True)
class Preview:
    """Stands in for the attempt on the attempt screen: its deadline, and where its links
    go (the preview's own items; "review" ends the preview on the assessment page)."""

    assessment: Assessment
    deadline: datetime

    def url(self, name: str, *args) -> str:
        slug, pk = self.assessment.organization.slug, self.assessment.pk
        if name == "item":
            return reverse("authoring:preview_item", args=[slug, pk, *args])
        if name == "review":
            return reverse("authoring:detail", args=[slug, pk])
        return ""  # answers, flags and activity are not sent anywhere


def start(session, assessment: Assessment) -> None:
    """Starts (or restarts) the preview's clock."""
    clocks = dict(session.get(SESSION_KEY) or {})
    clocks[str(assessment.pk)] = timezone.now().timestamp()
    session[SESSION_KEY] = clocks


def running(session, assessment: Assessment) -> Preview | None:
    """The preview under way, or None when it was never started or its time is up."""
    started = (session.get(SESSION_KEY) or {}).get(str(assessment.pk))
    if not isinstance(started, int | float):
        return None
    deadline = datetime.fromtimestamp(started, tz=timezone.get_current_timezone()) + timedelta(
        minutes=assessment.time_limit_minutes
    )
    return Preview(assessment, deadline) if deadline > timezone.now() else None


def nav(count: int) -> list[NavEntry]:
    return [NavEntry(number=n, answered=False, flagged=False) for n in range(1, count + 1)]
