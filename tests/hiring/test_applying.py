"""Applying with knock-outs, and withdrawing: recorded honestly, never half-written."""

import pytest
from django.core import mail

from config.errors import ApplicationError
from hiring.models import Application, Membership, Role, RoleLanguage, StageChange
from hiring.pipeline.applying import application_apply, application_withdraw
from tests.factories import CandidateProfileFactory, MembershipFactory, RoleFactory
from tests.factories.profiles import consented_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def role(org):
    """Specialised law role: English C1, 4 hours' overlap with London, 2 years in law."""
    role = RoleFactory(
        organization=org,
        title="Contract reviewer",
        task_complexity=Role.Complexity.SPECIALISED,
        tz_overlap_hours=4,
        tz_reference="Europe/London",
    )
    RoleLanguage.objects.create(role=role, language="English", min_level="C1")
    return role


@pytest.fixture
def ready(candidate):
    return consented_profile(user=candidate)


GOOD = {"language:English": "C2", "tz_overlap": 6, "domain_years": 6}


def test_passing_answers_make_an_applied_application_and_send_one_email(
    candidate, ready, role, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = application_apply(candidate=candidate, role_id=role.pk, answers=GOOD)

    assert application.stage == Application.Stage.APPLIED
    assert application.knockout_reason == ""
    assert application.knockout_answers == GOOD
    assert [(c.from_stage, c.to_stage) for c in application.stage_changes.all()] == [
        ("", "applied")
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [candidate.email]
    assert "Contract reviewer" in mail.outbox[0].subject + mail.outbox[0].body
    assert "What happens next" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("key", "answer", "reason"),
    [
        ("language:English", "B2", "English at C1 or above is required; you answered B2."),
        ("tz_overlap", 1, "At least 4 hours a day of overlap with Europe/London"),
        ("domain_years", 1, "At least 2 years in Law are required; you answered 1."),
    ],
)
def test_a_failed_knockout_is_recorded_as_rejected_with_the_reason(
    candidate, ready, role, key, answer, reason, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = application_apply(
            candidate=candidate, role_id=role.pk, answers={**GOOD, key: answer}
        )

    application = Application.objects.get(pk=application.pk)
    assert application.stage == Application.Stage.REJECTED
    assert reason in application.knockout_reason
    assert application.knockout_answers[key] == answer
    history = list(application.stage_changes.all())
    assert [(c.from_stage, c.to_stage) for c in history] == [
        ("", "applied"),
        ("applied", "rejected"),
    ]
    assert reason in history[1].reason
    assert history[1].reason.startswith("Automatic knock-out")
    assert len(mail.outbox) == 1
    assert reason in mail.outbox[0].body


def test_a_second_application_to_the_same_role_is_refused(candidate, ready, role):
    application_apply(candidate=candidate, role_id=role.pk, answers=GOOD)

    with pytest.raises(ApplicationError, match="already applied") as raised:
        application_apply(candidate=candidate, role_id=role.pk, answers=GOOD)

    assert raised.value.field == "role"
    assert Application.objects.filter(candidate=candidate).count() == 1


def test_a_rejected_application_still_counts_as_the_one_application(candidate, ready, role):
    application_apply(candidate=candidate, role_id=role.pk, answers={**GOOD, "domain_years": 0})

    with pytest.raises(ApplicationError, match="already applied"):
        application_apply(candidate=candidate, role_id=role.pk, answers=GOOD)


def test_no_profile_means_no_consent(candidate, role):
    with pytest.raises(ApplicationError, match="needs your consent") as raised:
        application_apply(candidate=candidate, role_id=role.pk, answers=GOOD)

    assert raised.value.field == "consent"
    assert not Application.objects.exists()


def test_withdrawn_consent_blocks_new_applications(candidate, role):
    CandidateProfileFactory(user=candidate, consent_given_at=None)

    with pytest.raises(ApplicationError, match="needs your consent"):
        application_apply(candidate=candidate, role_id=role.pk, answers=GOOD)
    assert not Application.objects.exists()


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_unpublished_roles_refuse_applications(candidate, ready, org, status):
    role = RoleFactory(organization=org, status=status)

    with pytest.raises(ApplicationError, match="not open for applications"):
        application_apply(candidate=candidate, role_id=role.pk, answers={})
    assert not Application.objects.exists()


def test_a_paused_role_says_so(candidate, ready, org):
    role = RoleFactory(organization=org, status=Role.Status.PAUSED)

    with pytest.raises(ApplicationError, match="paused and not accepting"):
        application_apply(candidate=candidate, role_id=role.pk, answers={})


def test_an_unknown_role_is_not_open(candidate, ready):
    with pytest.raises(ApplicationError, match="not open for applications"):
        application_apply(candidate=candidate, role_id=999_999, answers={})


def test_a_team_member_cannot_apply_to_their_own_organisations_role(recruiter, role):
    consented_profile(user=recruiter)

    with pytest.raises(ApplicationError, match="on the Lexicon Legal AI team"):
        application_apply(candidate=recruiter, role_id=role.pk, answers=GOOD)


def test_a_member_of_another_organisation_may_apply(other_recruiter, role):
    consented_profile(user=other_recruiter)

    application = application_apply(candidate=other_recruiter, role_id=role.pk, answers=GOOD)

    assert application.stage == Application.Stage.APPLIED


def test_malformed_answers_write_nothing_and_name_the_question(
    candidate, ready, role, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ApplicationError) as raised,
    ):
        application_apply(
            candidate=candidate, role_id=role.pk, answers={**GOOD, "language:English": "Z9"}
        )

    assert raised.value.field == "knockout_answers"
    assert "What is your level of English?" in raised.value.message
    assert "“Z9” is not a CEFR level" in raised.value.message
    assert not Application.objects.exists()
    assert not StageChange.objects.exists()
    assert mail.outbox == []


def test_the_candidate_withdraws_an_open_application_with_history(candidate, ready, role):
    application = application_apply(candidate=candidate, role_id=role.pk, answers=GOOD)

    application = application_withdraw(candidate=candidate, application_id=application.pk)

    assert application.stage == Application.Stage.WITHDRAWN
    last = application.stage_changes.last()
    assert (last.from_stage, last.to_stage, last.changed_by) == ("applied", "withdrawn", candidate)


def test_a_closed_application_cannot_be_withdrawn(candidate, ready, role):
    application = application_apply(
        candidate=candidate, role_id=role.pk, answers={**GOOD, "domain_years": 0}
    )

    with pytest.raises(ApplicationError, match="already closed"):
        application_withdraw(candidate=candidate, application_id=application.pk)


def test_nobody_withdraws_someone_elses_application(candidate, ready, role):
    other = MembershipFactory(role=Membership.Role.RECRUITER).user
    consented_profile(user=other)
    application = application_apply(candidate=other, role_id=role.pk, answers=GOOD)

    with pytest.raises(Application.DoesNotExist):
        application_withdraw(candidate=candidate, application_id=application.pk)
    application.refresh_from_db()
    assert application.stage == Application.Stage.APPLIED
