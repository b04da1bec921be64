"""The pipeline refuses moves that make no sense and keeps an append-only history."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from config.errors import ApplicationError
from hiring.models import AppendOnlyError, Application, Role, StageChange
from hiring.pipeline.services import application_create, application_move
from hiring.roles.services import role_set_status
from tests.factories import ApplicationFactory, AssessmentFactory, RoleFactory, SuccessMetricFactory

pytestmark = pytest.mark.django_db

Stage = Application.Stage


def test_application_create_records_the_first_stage(candidate):
    role = RoleFactory()

    application = application_create(candidate=candidate, role=role)

    assert application.stage == Stage.APPLIED
    assert list(application.stage_changes.values_list("from_stage", "to_stage")) == [
        ("", "applied")
    ]


def test_one_application_per_candidate_per_role(candidate):
    role = RoleFactory()
    application_create(candidate=candidate, role=role)

    with pytest.raises(ApplicationError, match="already applied"):
        application_create(candidate=candidate, role=role)
    assert Application.objects.count() == 1


def test_the_database_also_refuses_a_second_application(candidate):
    first = ApplicationFactory(candidate=candidate)

    with pytest.raises(IntegrityError):
        ApplicationFactory(candidate=candidate, role=first.role)


def test_a_draft_role_takes_no_applications(candidate):
    with pytest.raises(ApplicationError, match="not open for applications"):
        application_create(candidate=candidate, role=RoleFactory(status=Role.Status.DRAFT))


def test_a_legal_move_is_recorded_with_who_and_why(recruiter):
    application = ApplicationFactory()

    application_move(application=application, to_stage=Stage.INVITED, by=recruiter, reason="Strong")

    application.refresh_from_db()
    change = application.stage_changes.get()
    assert application.stage == Stage.INVITED
    assert (change.from_stage, change.to_stage, change.changed_by, change.reason) == (
        "applied",
        "invited",
        recruiter,
        "Strong",
    )


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Stage.APPLIED, Stage.HIRED),
        (Stage.APPLIED, Stage.SCORED),
        (Stage.HIRED, Stage.REJECTED),
        (Stage.WITHDRAWN, Stage.APPLIED),
        (Stage.SCORED, Stage.INVITED),
    ],
)
def test_a_move_that_makes_no_sense_is_refused_with_a_message(start, target):
    application = ApplicationFactory(stage=start)

    with pytest.raises(ApplicationError) as refused:
        application_move(application=application, to_stage=target)

    assert "cannot move to" in refused.value.message
    application.refresh_from_db()
    assert application.stage == start
    assert not application.stage_changes.exists()


def test_an_unknown_stage_is_refused_by_name():
    with pytest.raises(ApplicationError, match="“promoted” is not a pipeline stage"):
        application_move(application=ApplicationFactory(), to_stage="promoted")


def test_stage_history_cannot_be_edited_or_deleted():
    change = StageChange.objects.create(application=ApplicationFactory(), to_stage="applied")

    change.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        change.save()
    with pytest.raises(AppendOnlyError):
        change.delete()
    assert StageChange.objects.get(pk=change.pk).reason == ""


def test_a_role_cannot_be_published_without_a_success_metric(hiring_manager):
    role = RoleFactory(status=Role.Status.DRAFT)

    with pytest.raises(ApplicationError, match="90-day success metric"):
        role_set_status(role=role, status=Role.Status.PUBLISHED, by=hiring_manager)

    SuccessMetricFactory(role=role)
    role = role_set_status(role=role, status=Role.Status.PUBLISHED, by=hiring_manager)
    assert (role.status, role.status_changed_by) == ("published", hiring_manager)
    assert role.assessment_pending


def test_a_closed_role_stays_closed_and_keeps_its_applications(hiring_manager):
    role = RoleFactory()
    ApplicationFactory(role=role)
    role_set_status(role=role, status=Role.Status.CLOSED, by=hiring_manager)

    with pytest.raises(ApplicationError, match="closed role cannot become published"):
        role_set_status(role=role, status=Role.Status.PUBLISHED, by=hiring_manager)
    assert role.applications.count() == 1


def test_pay_range_must_not_be_inverted():
    role = RoleFactory.build(pay_min=50, pay_max=20)

    with pytest.raises(ValidationError, match="top of the pay range is below its bottom"):
        role.full_clean()
    with pytest.raises(IntegrityError):
        RoleFactory(pay_min=50, pay_max=20)


def test_a_role_cannot_use_another_organisations_assessment(org, other_org):
    role = RoleFactory.build(organization=org, assessment=AssessmentFactory(organization=other_org))

    with pytest.raises(ValidationError, match="belongs to another organisation"):
        role.full_clean()
