"""Extra time: minutes or a percentage, before or during an attempt, with a reason."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Accommodation, Attempt
from assessments.operations.accommodations import accommodation_grant, extra_minutes_for
from config.errors import ApplicationError
from core.pseudonyms import pseudonym
from tests.factories import ApplicationFactory, AssessmentFactory, AttemptFactory, RoleFactory
from tests.factories.ops import SubmittedAttemptFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(org):
    return AssessmentFactory(organization=org, time_limit_minutes=45)


@pytest.fixture
def applicant(assessment):
    role = RoleFactory(organization=assessment.organization, assessment=assessment)
    return ApplicationFactory(role=role).candidate


def test_minutes_and_percentages_add_up_and_percent_rounds_up(assessment, applicant, recruiter):
    accommodation_grant(
        assessment=assessment,
        candidate=applicant,
        extra_minutes=10,
        reason="Dyslexia",
        by=recruiter,
    )
    accommodation_grant(
        assessment=assessment,
        candidate=applicant,
        extra_percent=25,
        reason="Slow link",
        by=recruiter,
    )

    # 25 % of 45 minutes is 11.25: rounded up to 12.
    assert extra_minutes_for(assessment=assessment, candidate=applicant) == 22


def test_a_grant_before_the_attempt_is_recorded_with_who_and_why(assessment, applicant, recruiter):
    grant = accommodation_grant(
        assessment=assessment,
        candidate=applicant,
        extra_minutes=15,
        reason="  Screen reader user  ",
        by=recruiter,
    )

    grant.refresh_from_db()
    assert (grant.granted_by, grant.reason, grant.extra_minutes) == (
        recruiter,
        "Screen reader user",
        15,
    )
    assert grant.created_at is not None
    assert not Attempt.objects.filter(candidate=applicant).exists()


def test_a_grant_during_an_attempt_moves_its_deadline_at_once(assessment, applicant, recruiter):
    started = timezone.now() - timedelta(minutes=10)
    attempt = AttemptFactory(
        assessment=assessment,
        candidate=applicant,
        started_at=started,
        deadline=started + timedelta(minutes=45),
    )

    accommodation_grant(
        assessment=assessment, candidate=applicant, extra_minutes=10, reason="Outage", by=recruiter
    )
    accommodation_grant(
        assessment=assessment, candidate=applicant, extra_percent=10, reason="More", by=recruiter
    )

    attempt.refresh_from_db()
    assert attempt.extra_minutes == 15  # 10 + ceil(4.5)
    assert attempt.deadline == started + timedelta(minutes=45 + 15)


def test_time_granted_before_the_start_is_not_counted_twice(assessment, applicant, recruiter):
    accommodation_grant(
        assessment=assessment, candidate=applicant, extra_minutes=20, reason="Before", by=recruiter
    )
    started = timezone.now()
    # The attempt screen starts the attempt with the grants already in its deadline.
    attempt = AttemptFactory(
        assessment=assessment,
        candidate=applicant,
        started_at=started,
        deadline=started + timedelta(minutes=45 + 20),
        extra_minutes=20,
    )

    accommodation_grant(
        assessment=assessment, candidate=applicant, extra_minutes=5, reason="During", by=recruiter
    )

    attempt.refresh_from_db()
    assert attempt.extra_minutes == 25
    assert attempt.deadline == started + timedelta(minutes=45 + 25)


def test_no_extra_time_after_submission(assessment, applicant, recruiter):
    attempt = SubmittedAttemptFactory(assessment=assessment, candidate=applicant)
    deadline = attempt.deadline

    with pytest.raises(ApplicationError) as refusal:
        accommodation_grant(
            assessment=assessment, candidate=applicant, extra_minutes=5, reason="Late", by=recruiter
        )

    assert "already submitted" in refusal.value.message
    assert not Accommodation.objects.exists()
    attempt.refresh_from_db()
    assert (attempt.deadline, attempt.extra_minutes) == (deadline, 0)


def test_no_extra_time_once_the_deadline_has_passed(assessment, applicant, recruiter):
    started = timezone.now() - timedelta(hours=2)
    AttemptFactory(
        assessment=assessment,
        candidate=applicant,
        started_at=started,
        deadline=started + timedelta(minutes=45),
    )

    with pytest.raises(ApplicationError, match="time has already run out"):
        accommodation_grant(
            assessment=assessment, candidate=applicant, extra_minutes=5, reason="Late", by=recruiter
        )
    assert not Accommodation.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"extra_minutes": 10, "reason": ""}, "reason"),
        ({"extra_minutes": 10, "reason": "   "}, "reason"),
        ({"extra_minutes": 10, "reason": "x" * 301}, "reason"),
        ({"reason": "Both missing"}, "extra_minutes"),
        ({"extra_minutes": 5, "extra_percent": 5, "reason": "Both"}, "extra_minutes"),
        ({"extra_minutes": 0, "reason": "Zero"}, "extra_minutes"),
        ({"extra_percent": 401, "reason": "Too much"}, "extra_percent"),
    ],
)
def test_bad_grants_are_refused_with_the_field_to_fix(
    assessment, applicant, recruiter, kwargs, field
):
    with pytest.raises(ApplicationError) as refusal:
        accommodation_grant(assessment=assessment, candidate=applicant, by=recruiter, **kwargs)

    assert refusal.value.field == field
    assert not Accommodation.objects.exists()


def test_no_grant_for_someone_who_never_applied(assessment, candidate, recruiter):
    with pytest.raises(ApplicationError, match="has not applied"):
        accommodation_grant(
            assessment=assessment, candidate=candidate, extra_minutes=5, reason="?", by=recruiter
        )


def test_the_attempt_page_grants_extra_time_and_shows_who(client, org, assessment, recruiter):
    started = timezone.now() - timedelta(minutes=5)
    attempt = AttemptFactory(
        assessment=assessment, started_at=started, deadline=started + timedelta(minutes=45)
    )
    client.force_login(recruiter)
    url = reverse("calibration:attempt", args=[org.slug, attempt.pk])

    response = client.post(
        url, {"amount": 20, "unit": "percent", "reason": "Power cut"}, follow=True
    )

    page = response.content.decode()
    assert "Granted 9 extra minutes" in page
    assert "Power cut" in page
    assert str(recruiter) in page
    attempt.refresh_from_db()
    assert attempt.deadline == started + timedelta(minutes=54)


def test_the_attempt_page_says_what_is_wrong_with_a_grant(client, org, assessment, recruiter):
    attempt = AttemptFactory(assessment=assessment)
    client.force_login(recruiter)
    url = reverse("calibration:attempt", args=[org.slug, attempt.pk])

    response = client.post(url, {"amount": 10, "unit": "minutes", "reason": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Accommodation.objects.exists()


def test_a_submitted_attempt_page_offers_no_grant_form(client, org, assessment, recruiter):
    attempt = SubmittedAttemptFactory(assessment=assessment)
    client.force_login(recruiter)
    url = reverse("calibration:attempt", args=[org.slug, attempt.pk])

    page = client.get(url).content.decode()
    assert "extra time can no longer be granted" in page
    response = client.post(url, {"amount": 10, "unit": "minutes", "reason": "Late"})
    assert response.status_code == 400
    assert "already submitted" in response.content.decode()


def test_the_assessment_page_grants_before_an_attempt(
    client, org, assessment, applicant, hiring_manager
):
    client.force_login(hiring_manager)
    url = reverse("calibration:accommodations", args=[org.slug, assessment.pk])
    page = client.get(url).content.decode()
    # Offered in the select under the pseudonym blind mode gives, never the account's name.
    shown = pseudonym(applicant.applications.get().pk)
    assert f'value="{applicant.pk}">{shown}</option>' in page
    assert applicant.full_name not in page

    response = client.post(
        url,
        {"candidate": applicant.pk, "amount": 15, "unit": "minutes", "reason": "ADHD"},
        follow=True,
    )

    assert f"Granted 15 extra minutes to {shown}." in response.content.decode()
    assert applicant.full_name not in response.content.decode()
    assert extra_minutes_for(assessment=assessment, candidate=applicant) == 15
