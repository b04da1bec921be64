"""Role writes (whole or not at all), the role lifecycle, and the team's pipeline work."""

from decimal import Decimal

import pytest
from django.core import mail

from config.errors import ApplicationError
from hiring.models import Application, Note, Responsibility, Role, StageChange
from hiring.pipeline.services import note_create, pipeline_move
from hiring.roles.services import role_create, role_set_status, role_spec_problems, role_update
from tests.factories import (
    ApplicationFactory,
    AssessmentFactory,
    RoleFactory,
    SuccessMetricFactory,
)
from tests.factories.roles import metric, role_fields

pytestmark = pytest.mark.django_db

Stage = Application.Stage


def fields(**overrides):
    values = role_fields(**overrides)
    values["pay_min"], values["pay_max"] = Decimal(values["pay_min"]), Decimal(values["pay_max"])
    return values


def test_role_create_saves_the_role_and_numbers_its_responsibilities(org, hiring_manager):
    role = role_create(
        organization=org,
        by=hiring_manager,
        fields=fields(),
        responsibilities=["Rate outputs", "  ", "Explain errors"],
        success_metrics=[metric()],
        languages=[{"language": " English ", "min_level": "C1"}],
    )

    assert role.status == Role.Status.DRAFT
    assert list(role.responsibilities.values_list("position", "text")) == [
        (1, "Rate outputs"),
        (2, "Explain errors"),
    ]
    assert list(role.languages.values_list("language", flat=True)) == ["English"]


def test_role_create_is_all_or_nothing_when_a_row_is_bad(org, hiring_manager):
    with pytest.raises(ApplicationError) as refused:
        role_create(
            organization=org,
            by=hiring_manager,
            fields=fields(),
            responsibilities=["Rate outputs"],
            success_metrics=[metric(), metric(kind="speed")],  # not a metric kind
        )

    assert refused.value.field == "success_metrics"
    assert not Role.objects.exists()
    assert not Responsibility.objects.exists()


def test_role_create_refuses_another_organisations_assessment(org, other_org, hiring_manager):
    theirs = AssessmentFactory(organization=other_org)

    with pytest.raises(ApplicationError, match="belongs to another organisation"):
        role_create(organization=org, by=hiring_manager, fields=fields(assessment=theirs))
    assert not Role.objects.exists()


def test_role_update_is_all_or_nothing(org):
    role = RoleFactory(organization=org, status=Role.Status.DRAFT, title="Kept")
    SuccessMetricFactory(role=role)

    with pytest.raises(ApplicationError, match="listed twice"):
        role_update(
            role=role,
            fields=fields(title="Lost"),
            success_metrics=[metric()],
            languages=[{"language": "French", "min_level": "B2"}] * 2,
        )

    role.refresh_from_db()
    assert role.title == "Kept"
    assert role.success_metrics.count() == 1


def test_role_update_refuses_a_closed_role(org):
    role = RoleFactory(organization=org, status=Role.Status.CLOSED)

    with pytest.raises(ApplicationError, match="closed"):
        role_update(role=role, fields=fields(), success_metrics=[metric()])


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"fields": {"pay_min": Decimal(9), "pay_max": Decimal(8)}}, "pay_max"),
        ({"fields": {"pay_currency": "BTC"}}, "pay_currency"),
        ({"fields": {"tz_reference": "Europe/Atlantis"}}, "tz_reference"),
        ({"fields": {"tz_overlap_hours": 30}}, "tz_overlap_hours"),
        ({"fields": {}, "languages": [{"language": "Hindi", "min_level": "C3"}]}, "languages"),
        ({"fields": {}, "success_metrics": [{"kind": "accuracy"}] * 2}, "success_metrics"),
    ],
)
def test_each_spec_rule_names_its_field(spec, field):
    assert list(role_spec_problems(**spec)) == [field]


def test_a_sound_spec_has_no_problems():
    assert role_spec_problems(fields=fields(), success_metrics=[metric()]) == {}


def test_the_lifecycle_records_who_and_when_at_each_step(org, hiring_manager):
    role = RoleFactory(organization=org, status=Role.Status.DRAFT)
    SuccessMetricFactory(role=role)

    for status in ("published", "paused", "published", "closed"):
        role = role_set_status(role=role, status=status, by=hiring_manager)
        assert (role.status, role.status_changed_by) == (status, hiring_manager)
        assert role.status_changed_at is not None

    with pytest.raises(ApplicationError, match="closed role cannot become paused"):
        role_set_status(role=role, status="paused", by=hiring_manager)


def test_a_draft_cannot_be_paused(org, hiring_manager):
    role = RoleFactory(organization=org, status=Role.Status.DRAFT)

    with pytest.raises(ApplicationError, match="draft role cannot become paused"):
        role_set_status(role=role, status="paused", by=hiring_manager)


def test_a_team_move_is_recorded_with_who_and_why(recruiter):
    application = ApplicationFactory()

    application = pipeline_move(
        application=application, to_stage=Stage.SHORTLISTED, by=recruiter, reason=" Strong "
    )

    change = application.stage_changes.get()
    assert (application.stage, change.changed_by, change.reason) == (
        "shortlisted",
        recruiter,
        "Strong",
    )


def test_rejecting_e_mails_the_candidate_once_the_move_commits(
    recruiter, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        pipeline_move(
            application=application, to_stage=Stage.REJECTED, by=recruiter, reason="Too few hours"
        )

    assert [m.to for m in mail.outbox] == [[application.candidate.email]]
    assert "Too few hours" in mail.outbox[0].body


def test_a_refused_move_changes_nothing_and_sends_nothing(
    recruiter, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(stage=Stage.HIRED)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
        pipeline_move(application=application, to_stage=Stage.REJECTED, by=recruiter)

    application.refresh_from_db()
    assert application.stage == Stage.HIRED
    assert not mail.outbox


def test_a_closed_roles_applications_are_read_only(recruiter):
    application = ApplicationFactory(role__status=Role.Status.CLOSED)

    with pytest.raises(ApplicationError, match="read-only"):
        pipeline_move(application=application, to_stage=Stage.REJECTED, by=recruiter)
    with pytest.raises(ApplicationError, match="read-only"):
        note_create(application=application, author=recruiter, body="Too late")
    assert not StageChange.objects.exists()
    assert not Note.objects.exists()


def test_notes_keep_their_author_and_refuse_empty_or_huge_bodies(recruiter):
    application = ApplicationFactory()

    note = note_create(application=application, author=recruiter, body="  Call Tuesday \n")
    assert (note.author, note.body) == (recruiter, "Call Tuesday")

    with pytest.raises(ApplicationError, match="Write something"):
        note_create(application=application, author=recruiter, body=" \n ")
    with pytest.raises(ApplicationError, match="under 5,000 characters"):
        note_create(application=application, author=recruiter, body="x" * 5001)


# Inviting goes through assessments.operations.invitations.application_invite (tested last: it is
# another engineer's module, reached by its agreed name).


def test_inviting_without_an_assessment_is_refused_with_the_invitations_message(recruiter):
    application = ApplicationFactory(role__assessment=None)

    with pytest.raises(ApplicationError, match="no calibration assessment attached"):
        pipeline_move(application=application, to_stage=Stage.INVITED, by=recruiter)
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_inviting_moves_the_stage_and_e_mails_the_start_link(
    recruiter, django_capture_on_commit_callbacks
):
    role = RoleFactory(assessment=AssessmentFactory())
    role.assessment.organization = role.organization
    role.assessment.save()
    application = ApplicationFactory(role=role)

    with django_capture_on_commit_callbacks(execute=True):
        application = pipeline_move(application=application, to_stage=Stage.INVITED, by=recruiter)

    assert application.stage == Stage.INVITED
    assert application.stage_changes.get().changed_by == recruiter
    assert len(mail.outbox) == 1
    assert f"/start/{application.pk}/" in mail.outbox[0].body
