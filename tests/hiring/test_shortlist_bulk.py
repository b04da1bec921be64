"""Bulk moves: each row through the pipeline service in a savepoint of one transaction,
stale rows skipped with the specific reason, the e-mails each move asks for, and refusals of
the whole request that make no sense."""

import pytest
from django.core import mail

from config.errors import ApplicationError
from hiring.models import Application, Role, StageChange
from hiring.pipeline.bulk import BULK_MAX, NOT_IN_ROLE, applications_bulk_move, refusal
from tests.factories.shortlist import scored_application, shortlist_role

pytestmark = pytest.mark.django_db

Stage = Application.Stage


@pytest.fixture
def role(org):
    return shortlist_role(org, title="Clause reviewer")


def stage_of(application) -> str:
    return Application.objects.get(pk=application.pk).stage


@pytest.mark.parametrize(
    ("current", "target", "why"),
    [
        ("interview", "interview", "Already at Interview"),
        ("rejected", "interview", "A rejected application cannot move to Interview"),
        ("scored", "hired", "A scored application cannot move to Hired"),
        ("offer", "shortlisted", "An application at Offer cannot move to Shortlisted"),
        ("shortlisted", "interview", ""),
        ("offer", "rejected", ""),
    ],
)
def test_the_reason_a_move_is_refused(current, target, why):
    assert refusal(current, target) == why


def test_moves_each_application_and_records_who_and_why(role, recruiter):
    first = scored_application(role, stage=Stage.SHORTLISTED)
    second = scored_application(role, stage=Stage.SHORTLISTED)

    result = applications_bulk_move(
        role=role, application_ids=[first.pk, second.pk], to_stage=Stage.INTERVIEW, by=recruiter
    )

    assert result.moved == [first.pk, second.pk]
    assert result.skipped == []
    for application in (first, second):
        assert stage_of(application) == Stage.INTERVIEW
        change = StageChange.objects.filter(application=application).latest("id")
        assert (change.from_stage, change.to_stage, change.changed_by) == (
            Stage.SHORTLISTED, Stage.INTERVIEW, recruiter,
        )  # fmt: skip


def test_stale_and_foreign_rows_are_skipped_with_the_reason_the_rest_move(
    org, other_org, role, recruiter
):
    moves = scored_application(role, stage=Stage.SHORTLISTED)
    already = scored_application(role, stage=Stage.INTERVIEW)
    rejected = scored_application(role, stage=Stage.REJECTED)
    other_role = scored_application(shortlist_role(org), stage=Stage.SHORTLISTED)
    other_org_app = scored_application(shortlist_role(other_org), stage=Stage.SHORTLISTED)

    result = applications_bulk_move(
        role=role,
        application_ids=[
            already.pk, moves.pk, rejected.pk, other_role.pk, other_org_app.pk, 987_654, moves.pk,
        ],
        to_stage=Stage.INTERVIEW,
        by=recruiter,
    )  # fmt: skip

    assert result.moved == [moves.pk]
    assert result.skipped == [
        (already.pk, "Already at Interview"),
        (rejected.pk, "A rejected application cannot move to Interview"),
        (other_role.pk, NOT_IN_ROLE),
        (other_org_app.pk, NOT_IN_ROLE),
        (987_654, NOT_IN_ROLE),
    ]
    assert stage_of(moves) == Stage.INTERVIEW
    assert stage_of(rejected) == Stage.REJECTED
    assert stage_of(other_role) == Stage.SHORTLISTED
    assert stage_of(other_org_app) == Stage.SHORTLISTED
    assert not StageChange.objects.filter(application__in=[already, rejected]).exists()


def test_a_second_identical_bulk_move_skips_everyone(role, recruiter):
    application = scored_application(role, stage=Stage.SCORED)
    applications_bulk_move(
        role=role, application_ids=[application.pk], to_stage=Stage.SHORTLISTED, by=recruiter
    )

    again = applications_bulk_move(
        role=role, application_ids=[application.pk], to_stage=Stage.SHORTLISTED, by=recruiter
    )

    assert again.moved == []
    assert again.skipped == [(application.pk, "Already at Shortlisted")]
    assert StageChange.objects.filter(application=application, to_stage="shortlisted").count() == 1


def test_notify_emails_each_moved_candidate_and_nobody_else(
    role, recruiter, django_capture_on_commit_callbacks
):
    moved = scored_application(role, stage=Stage.SHORTLISTED, email="moved@example.org")
    skipped = scored_application(role, stage=Stage.INTERVIEW, email="skipped@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        applications_bulk_move(
            role=role,
            application_ids=[moved.pk, skipped.pk],
            to_stage=Stage.INTERVIEW,
            by=recruiter,
            notify=True,
        )

    assert [m.to for m in mail.outbox] == [["moved@example.org"]]
    message = mail.outbox[0]
    assert message.subject == "Your application for Clause reviewer: Interview"
    assert "has moved to a new stage: Interview" in message.body
    assert Application.NEXT_STEPS[Stage.INTERVIEW] in message.body


def test_without_notify_a_move_sends_nothing(role, recruiter, django_capture_on_commit_callbacks):
    application = scored_application(role, stage=Stage.SCORED)

    with django_capture_on_commit_callbacks(execute=True):
        applications_bulk_move(
            role=role, application_ids=[application.pk], to_stage=Stage.SHORTLISTED, by=recruiter
        )

    assert mail.outbox == []


def test_reject_requires_a_reason(role, recruiter):
    application = scored_application(role)

    with pytest.raises(ApplicationError) as refused:
        applications_bulk_move(
            role=role,
            application_ids=[application.pk],
            to_stage=Stage.REJECTED,
            by=recruiter,
            reason="   ",
        )

    assert refused.value.field == "reason"
    assert "Give a reason for the rejection" in refused.value.message
    assert stage_of(application) == Stage.SCORED


@pytest.mark.parametrize(
    ("reason", "message"),
    [("x" * 501, "Keep the reason under 500 characters."), ("No\x00", "NUL character")],
)
def test_a_reason_the_history_cannot_store_is_refused_whole(role, recruiter, reason, message):
    application = scored_application(role)

    with pytest.raises(ApplicationError) as refused:
        applications_bulk_move(
            role=role,
            application_ids=[application.pk],
            to_stage=Stage.REJECTED,
            by=recruiter,
            reason=reason,
        )

    assert refused.value.field == "reason"
    assert message in refused.value.message
    assert stage_of(application) == Stage.SCORED


def test_reject_sends_each_candidate_the_rejection_with_the_reason(
    role, recruiter, django_capture_on_commit_callbacks
):
    applications = [scored_application(role) for _ in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        result = applications_bulk_move(
            role=role,
            application_ids=[a.pk for a in applications],
            to_stage=Stage.REJECTED,
            by=recruiter,
            reason="We hired from an earlier cohort.",
        )

    assert result.moved == [a.pk for a in applications]
    assert len(mail.outbox) == 3
    assert all("We hired from an earlier cohort." in m.body for m in mail.outbox)
    assert (
        StageChange.objects.filter(
            to_stage=Stage.REJECTED, reason="We hired from an earlier cohort."
        ).count()
        == 3
    )


@pytest.mark.parametrize(
    ("to_stage", "field", "message"),
    [
        ("limbo", "to_stage", "“limbo” is not a pipeline stage."),
        ("invited", "to_stage", "is set from each application's own page"),
        ("scored", "to_stage", "“Scored” is set from each application's own page"),
    ],
)
def test_stages_that_do_not_move_in_bulk_are_refused(role, recruiter, to_stage, field, message):
    application = scored_application(role)

    with pytest.raises(ApplicationError) as refused:
        applications_bulk_move(
            role=role, application_ids=[application.pk], to_stage=to_stage, by=recruiter
        )

    assert refused.value.field == field
    assert message in refused.value.message


def test_an_empty_or_oversized_selection_is_refused(role, recruiter):
    with pytest.raises(ApplicationError, match="Select at least one candidate"):
        applications_bulk_move(role=role, application_ids=[], to_stage="interview", by=recruiter)
    with pytest.raises(ApplicationError, match=f"at most {BULK_MAX}"):
        applications_bulk_move(
            role=role,
            application_ids=range(1, BULK_MAX + 2),
            to_stage="interview",
            by=recruiter,
        )


def test_a_closed_role_moves_nobody(role, recruiter):
    application = scored_application(role, stage=Stage.SHORTLISTED)
    Role.objects.filter(pk=role.pk).update(status=Role.Status.CLOSED)
    role.refresh_from_db()

    with pytest.raises(ApplicationError, match="This role is closed"):
        applications_bulk_move(
            role=role, application_ids=[application.pk], to_stage="interview", by=recruiter
        )

    assert stage_of(application) == Stage.SHORTLISTED


def test_a_refusal_inside_the_service_skips_that_row_only(role, recruiter, monkeypatch):
    from hiring.pipeline import services

    first = scored_application(role, stage=Stage.SHORTLISTED)
    second = scored_application(role, stage=Stage.SHORTLISTED)
    real_move = services.pipeline_move

    def flaky(*, application, **kwargs):
        if application.pk == first.pk:
            raise ApplicationError("Someone else is moving this application.", field="stage")
        return real_move(application=application, **kwargs)

    monkeypatch.setattr(services, "pipeline_move", flaky)

    result = applications_bulk_move(
        role=role, application_ids=[first.pk, second.pk], to_stage="interview", by=recruiter
    )

    assert result.moved == [second.pk]
    assert result.skipped == [(first.pk, "Someone else is moving this application")]
    assert stage_of(first) == Stage.SHORTLISTED
    assert stage_of(second) == Stage.INTERVIEW
