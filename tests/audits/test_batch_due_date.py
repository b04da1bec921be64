"""An audit batch's attempt bar shows its due date in words, in the trainer's time zone,
instead of a "120:00:00" timer; calibration attempts keep their countdown."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.attempts.due import due_in, due_when
from assessments.attempts.services import attempt_start
from assessments.models import Audit
from candidates.models import CandidateProfile
from tests.factories.attempts import assessment_with_every_kind, invited_application

DUE = datetime(2026, 12, 11, 17, 0, tzinfo=UTC)  # a Friday


@pytest.mark.parametrize(
    ("now", "said"),
    [
        (datetime(2026, 12, 7, 9, 0, tzinfo=UTC), "in 4 days"),  # Monday morning
        (datetime(2026, 12, 6, 17, 1, tzinfo=UTC), "in 5 days"),  # 4 days 23:59 away
        (datetime(2026, 12, 10, 9, 0, tzinfo=UTC), "tomorrow"),
        (datetime(2026, 12, 10, 17, 0, tzinfo=UTC), "tomorrow"),  # exactly a day
        (datetime(2026, 12, 10, 17, 1, tzinfo=UTC), "in 23 hours"),
        (datetime(2026, 12, 11, 16, 0, tzinfo=UTC), "in 1 hour"),
        (datetime(2026, 12, 11, 16, 19, 30, tzinfo=UTC), "in 40 minutes"),
        (datetime(2026, 12, 11, 16, 59, tzinfo=UTC), "in 1 minute"),
        (datetime(2026, 12, 11, 16, 59, 1, tzinfo=UTC), "in under a minute"),
        (DUE, "overdue"),
        (DUE + timedelta(hours=3), "overdue"),
    ],
)
def test_how_far_away_in_words(now, said):
    assert due_in(DUE, now, UTC) == said


def test_days_are_counted_on_the_readers_calendar():
    now = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)  # 31 hours before; Thu 23:00 in Auckland
    assert due_in(DUE, now, UTC) == "tomorrow"  # Thu → Fri
    assert due_in(DUE, now, ZoneInfo("Pacific/Auckland")) == "in 2 days"  # Thu → Sat 06:00


@pytest.mark.parametrize(
    ("zone", "said"),
    [
        ("UTC", "Fri 11 Dec, 17:00 UTC"),
        ("Europe/Berlin", "Fri 11 Dec, 18:00 CET"),
        ("Pacific/Auckland", "Sat 12 Dec, 06:00 NZDT"),  # the next day over there
        ("America/Sao_Paulo", "Fri 11 Dec, 14:00 America/Sao_Paulo"),  # abbreviation "-03"
    ],
)
def test_the_moment_in_the_readers_zone(zone, said):
    assert due_when(DUE, ZoneInfo(zone), zone) == said


def due_after(audit: Audit, left: timedelta) -> Audit:
    """The batch (and its attempt) due ``left`` from now, to the minute."""
    due = (timezone.now() + left).replace(second=0, microsecond=0) + timedelta(minutes=1)
    Audit.objects.filter(pk=audit.pk).update(due_at=due)
    type(audit.attempt).objects.filter(pk=audit.attempt_id).update(deadline=due)
    audit.refresh_from_db()
    return audit


@pytest.mark.django_db
def test_an_audit_batch_shows_its_due_date_not_a_timer(batch):
    audit, client = batch
    assert audit.attempt.deadline == audit.due_at == audit.issued_at + timedelta(days=5)
    CandidateProfile.objects.update_or_create(
        user=audit.application.candidate, defaults={"time_zone": "Europe/Berlin"}
    )
    audit = due_after(audit, timedelta(days=4, hours=2))
    attempt = audit.attempt

    item = client.get(reverse("attempts:item", args=[attempt.pk, 1])).content.decode()
    review = client.get(reverse("attempts:review", args=[attempt.pk])).content.decode()

    local = audit.due_at.astimezone(ZoneInfo("Europe/Berlin"))
    when = f"{local:%a} {local.day} {local:%b}, {local:%H:%M} {local.tzname()}"
    for page in (item, review):
        assert 'data-testid="due-date"' in page
        assert f'{when}</time> <span class="countdown__in">(in 4 days)</span>' in page
        assert "data-countdown" not in page  # no timer for the script to run
        assert "Time left" not in page
        assert "120:00" not in page


@pytest.mark.django_db
def test_without_a_profile_the_due_date_is_in_utc(batch):
    audit, client = batch
    audit = due_after(audit, timedelta(hours=5, minutes=10))

    page = client.get(reverse("attempts:item", args=[audit.attempt_id, 1])).content.decode()

    assert f"{audit.due_at:%H:%M} UTC</time>" in page
    assert "(in 5 hours)" in page


@pytest.mark.django_db
def test_a_calibration_attempt_keeps_its_countdown(candidate):
    application = invited_application(assessment=assessment_with_every_kind(), candidate=candidate)
    attempt = attempt_start(application=application, candidate=candidate)
    client = Client()
    client.force_login(candidate)

    page = client.get(reverse("attempts:item", args=[attempt.pk, 1])).content.decode()

    assert "data-countdown" in page
    assert "Time left" in page
    assert 'data-testid="due-date"' not in page
