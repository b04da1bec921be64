"""The team's page for one application: the candidate, knock-outs, history, moves, notes."""

import pytest
from django.core import mail
from django.urls import reverse

from candidates.models import DomainExpertise, LanguageSkill
from core.pseudonyms import pseudonym
from hiring.models import Application, Role
from hiring.pipeline.services import application_move
from tests.factories import (
    ApplicationFactory,
    AssessmentFactory,
    CandidateProfileFactory,
    RoleFactory,
)
from tests.factories.roles import NoteFactory

pytestmark = pytest.mark.django_db

Stage = Application.Stage


@pytest.fixture
def application(org, candidate):
    profile = CandidateProfileFactory(user=candidate, headline="Contract lawyer, 6 years")
    LanguageSkill.objects.create(profile=profile, language="English", level="native")
    DomainExpertise.objects.create(profile=profile, domain="law", years=6)
    return ApplicationFactory(
        candidate=candidate,
        role=RoleFactory(organization=org, title="Clause reviewer"),
        knockout_answers={"Can you work 20 hours a week?": "No"},
    )


def url(application, name="application"):
    return reverse(f"hiring:{name}", args=[application.role.organization.slug, application.pk])


@pytest.fixture
def team(client, recruiter):
    client.force_login(recruiter)
    return client


def test_the_page_shows_the_candidate_history_and_notes(team, application, hiring_manager):
    application_move(
        application=application, to_stage=Stage.SHORTLISTED, by=hiring_manager, reason="Top 10%"
    )
    NoteFactory(application=application, author=hiring_manager, body="Ask about notice period")

    page = team.get(url(application)).content.decode()

    # Blind mode (the default) shows a pseudonym until the interview stage.
    assert "Priya Raman" not in page
    assert "candidate@example.com" not in page
    assert pseudonym(application.pk) in page
    assert "Identity hidden (blind mode)" in page
    assert "Contract lawyer, 6 years" in page
    assert "English (native)" in page
    assert "Law, 6 yr" in page
    assert "Can you work 20 hours a week?" in page
    assert "Applied → Shortlisted" in page
    assert "Top 10%" in page
    assert str(hiring_manager) in page
    assert "Ask about notice period" in page

    application_move(application=application, to_stage=Stage.INTERVIEW, by=hiring_manager)
    page = team.get(url(application)).content.decode()
    assert "Priya Raman" in page
    assert "candidate@example.com" in page


def test_an_auto_rejection_shows_its_reason_to_the_team(team, org):
    application = ApplicationFactory(
        role__organization=org, stage=Stage.REJECTED, knockout_reason="Needs C1 English."
    )

    page = team.get(url(application)).content.decode()

    assert 'data-testid="knockout-reason"' in page
    assert "Needs C1 English." in page


def test_the_move_form_offers_only_the_moves_the_pipeline_allows(team, application):
    page = team.get(url(application)).content.decode()
    options = page.split('name="stage"')[1].split("</select>")[0]

    for allowed in ("invited", "shortlisted", "rejected", "withdrawn"):
        assert f'value="{allowed}"' in options
    for refused in ("hired", "scored", "offer"):
        assert f'value="{refused}"' not in options


def test_a_move_is_saved_with_its_reason(team, application, recruiter):
    response = team.post(
        url(application, "application-move"), {"stage": "shortlisted", "reason": "Strong"}
    )

    assert response.status_code == 302
    application.refresh_from_db()
    change = application.stage_changes.get()
    assert (application.stage, change.changed_by, change.reason) == (
        "shortlisted",
        recruiter,
        "Strong",
    )


def test_a_nonsense_move_gets_the_services_message(team, application):
    response = team.post(url(application, "application-move"), {"stage": "hired"})

    assert response.status_code == 400
    assert "An application that is “Applied” cannot move to “Hired”." in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_an_unknown_stage_is_named(team, application):
    response = team.post(url(application, "application-move"), {"stage": "promoted"})

    assert response.status_code == 400
    assert "“promoted” is not a pipeline stage." in response.content.decode()


def test_rejecting_e_mails_the_candidate(team, application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        team.post(url(application, "application-move"), {"stage": "rejected", "reason": "Hours"})

    assert [m.to for m in mail.outbox] == [["candidate@example.com"]]


def test_notes_are_saved_with_author_and_refused_when_empty(team, application, recruiter):
    response = team.post(url(application, "application-note"), {"body": "Great clause spotting"})
    assert response.status_code == 302
    assert application.notes.get().author == recruiter

    response = team.post(url(application, "application-note"), {"body": "   "})
    assert response.status_code == 400
    assert "Write something before saving the note." in response.content.decode()


def test_a_closed_role_keeps_its_applications_read_only(team, org):
    application = ApplicationFactory(role__organization=org, role__status=Role.Status.CLOSED)

    page = team.get(url(application)).content.decode()
    assert "kept read-only" in page
    assert url(application, "application-move") not in page

    response = team.post(url(application, "application-move"), {"stage": "rejected"})
    assert response.status_code == 400
    assert "read-only" in response.content.decode()


def test_the_page_costs_a_fixed_number_of_queries(
    team, application, hiring_manager, django_assert_max_num_queries
):
    for n in range(8):
        NoteFactory(application=application, author=hiring_manager, body=f"Note {n}")
    application_move(application=application, to_stage=Stage.SHORTLISTED, by=hiring_manager)

    # The candidate detail (identity per blind mode, reveals, attempt) on top of the profile,
    # history and notes; the scored page's budget is tested in test_candidate_detail.py.
    with django_assert_max_num_queries(20):
        response = team.get(url(application))
    assert response.status_code == 200


# Inviting goes through assessments.operations.invitations (another engineer's module): last.


def test_inviting_without_an_assessment_shows_why(team, application):
    response = team.post(url(application, "application-move"), {"stage": "invited"})

    assert response.status_code == 400
    assert "has no calibration assessment attached yet" in response.content.decode()


def test_inviting_sends_the_start_link(team, org, django_capture_on_commit_callbacks):
    role = RoleFactory(organization=org, assessment=AssessmentFactory(organization=org))
    application = ApplicationFactory(role=role)

    with django_capture_on_commit_callbacks(execute=True):
        response = team.post(url(application, "application-move"), {"stage": "invited"})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.INVITED
    assert len(mail.outbox) == 1
