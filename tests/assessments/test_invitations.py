"""Inviting applicants to the paid calibration task: stage, e-mail, refusals."""

import pytest
from django.core import mail
from django.urls import reverse

from assessments.operations.invitations import application_invite, applications_invite
from config.errors import ApplicationError
from core.pseudonyms import pseudonym
from hiring.models import Application, StageChange
from tests.factories import ApplicationFactory, AssessmentFactory, AttemptFactory, RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def role(org):
    assessment = AssessmentFactory(organization=org, title="Clause classification")
    return RoleFactory(organization=org, assessment=assessment)


def test_invite_moves_to_invited_and_emails_the_start_link(
    role, recruiter, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(role=role)

    with django_capture_on_commit_callbacks(execute=True):
        application_invite(application=application, by=recruiter)

    application.refresh_from_db()
    assert application.stage == Application.Stage.INVITED
    change = StageChange.objects.get(application=application, to_stage="invited")
    assert change.changed_by == recruiter
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [application.candidate.email]
    start = reverse("attempts:start", kwargs={"application_pk": application.pk})
    assert start in message.body
    assert "Clause classification" in message.body


def test_invite_is_refused_when_the_role_has_no_assessment(
    org, recruiter, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(role=RoleFactory(organization=org, assessment=None))

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError) as e:
        application_invite(application=application, by=recruiter)

    assert "no calibration assessment attached" in e.value.message
    application.refresh_from_db()
    assert application.stage == Application.Stage.APPLIED
    assert mail.outbox == []


@pytest.mark.parametrize("stage", ["shortlisted", "withdrawn", "submitted"])
def test_invite_is_refused_from_a_stage_that_cannot_move_to_invited(
    role, recruiter, stage, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(role=role, stage=stage)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError) as e:
        application_invite(application=application, by=recruiter)

    assert "cannot be invited" in e.value.message
    assert Application.objects.get(pk=application.pk).stage == stage
    assert mail.outbox == []


def test_inviting_twice_is_refused_and_sends_one_email(
    role, recruiter, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(role=role)
    with django_capture_on_commit_callbacks(execute=True):
        application_invite(application=application, by=recruiter)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
        application_invite(application=application, by=recruiter)

    assert len(mail.outbox) == 1


def test_a_candidate_with_an_attempt_at_the_assessment_is_not_invited_again(
    role, recruiter, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(role=role, stage=Application.Stage.REJECTED)
    Application.objects.filter(pk=application.pk).update(stage=Application.Stage.APPLIED)
    AttemptFactory(assessment=role.assessment, candidate=application.candidate)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError) as e:
        application_invite(application=application, by=recruiter)

    assert "already has an attempt" in e.value.message
    assert mail.outbox == []


def test_bulk_invite_invites_each_it_can_and_says_why_not_for_the_rest(
    role, recruiter, django_capture_on_commit_callbacks
):
    fresh = ApplicationFactory.create_batch(2, role=role)
    shortlisted = ApplicationFactory(role=role, stage=Application.Stage.SHORTLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        result = applications_invite(
            role=role, application_ids=[a.pk for a in [*fresh, shortlisted]], by=recruiter
        )

    assert {a.pk for a in result.invited} == {a.pk for a in fresh}
    assert [(a.pk, "cannot be invited" in m) for a, m in result.refused] == [(shortlisted.pk, True)]
    assert len(mail.outbox) == 2


def test_bulk_invite_refuses_applications_of_another_role_before_sending_anything(
    role, recruiter, django_capture_on_commit_callbacks
):
    mine = ApplicationFactory(role=role)
    elsewhere = ApplicationFactory()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
        applications_invite(role=role, application_ids=[mine.pk, elsewhere.pk], by=recruiter)

    assert Application.objects.get(pk=mine.pk).stage == Application.Stage.APPLIED
    assert mail.outbox == []


def test_the_invite_button_redirects_back_to_the_role_or_to_a_safe_next(
    client, org, role, recruiter, django_capture_on_commit_callbacks
):
    client.force_login(recruiter)
    first, second = ApplicationFactory.create_batch(2, role=role)
    url = reverse("calibration:invite", args=[org.slug, first.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("hiring:role", args=[org.slug, role.pk])
    assert len(mail.outbox) == 1

    url = reverse("calibration:invite", args=[org.slug, second.pk])
    response = client.post(url, {"next": "https://evil.example.com/"})
    assert response["Location"] == reverse("hiring:role", args=[org.slug, role.pk])
    here = reverse("calibration:role_invitations", args=[org.slug, role.pk])
    response = client.post(url, {"next": here}, follow=True)
    assert response.redirect_chain[-1][0] == here
    assert "cannot be invited" in response.content.decode()  # second was invited above


def test_the_invite_button_shows_the_refusal(client, org, recruiter):
    client.force_login(recruiter)
    application = ApplicationFactory(role=RoleFactory(organization=org, assessment=None))

    response = client.post(
        reverse("calibration:invite", args=[org.slug, application.pk]), follow=True
    )

    assert "no calibration assessment attached" in response.content.decode()
    assert Application.objects.get(pk=application.pk).stage == Application.Stage.APPLIED


def test_the_role_invitations_page_invites_the_ticked_applicants(
    client, org, role, hiring_manager, django_capture_on_commit_callbacks
):
    client.force_login(hiring_manager)
    ticked, left = ApplicationFactory.create_batch(2, role=role)
    url = reverse("calibration:role_invitations", args=[org.slug, role.pk])
    page = client.get(url).content.decode()
    # Blind mode (the default): the pseudonym, never the name or e-mail.
    assert pseudonym(ticked.pk) in page
    assert ticked.candidate.full_name not in page
    assert ticked.candidate.email not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"applications": [ticked.pk]}, follow=True)

    assert "Invited 1 candidate." in response.content.decode()
    assert Application.objects.get(pk=ticked.pk).stage == Application.Stage.INVITED
    assert Application.objects.get(pk=left.pk).stage == Application.Stage.APPLIED
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"applications": ["x"]}).status_code == 400
