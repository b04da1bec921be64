"""Issuing weekly audit batches and recording missed ones (assessments/audits/services.py)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from assessments.attempts.submission import attempt_submit
from assessments.audits.services import (
    audit_batches_issue,
    audit_plan_set,
    audits_close_overdue,
    week_of,
)
from assessments.models import Attempt, Audit, Payment
from assessments.tasks import audit_batches_issue_task, audits_close_overdue_task
from config.errors import ApplicationError
from hiring.models import Application
from tests.factories.assessments import AssessmentFactory, ItemFactory
from tests.factories.audits import audit_assessment, audited_role, gold_ids
from tests.factories.hiring import ApplicationFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 2, 9, tzinfo=UTC)


def test_each_hired_trainer_gets_one_batch_a_week_with_its_gold_share(org):
    role, plan = audited_role(organization=org, trainers=3, batch_size=10, gold_share=0.3)
    ApplicationFactory(role=role, stage=Application.Stage.SHORTLISTED)

    assert audit_batches_issue(now=MONDAY) == 3

    gold = gold_ids(plan.assessment)
    for audit in Audit.objects.select_related("attempt"):
        assert audit.week_starting == week_of(MONDAY)
        assert audit.due_at == MONDAY + timedelta(days=plan.due_days)
        assert audit.attempt.purpose == Attempt.Purpose.AUDIT
        assert audit.attempt.deadline == audit.due_at
        assert len(audit.attempt.item_order) == 10
        assert set(audit.gold_items) == set(audit.attempt.item_order) & gold
        assert len(audit.gold_items) == 3
    plan.assessment.refresh_from_db()
    assert plan.assessment.is_frozen


def test_running_the_beat_twice_in_a_week_issues_nothing_more(org):
    audited_role(organization=org, trainers=2)

    assert audit_batches_issue_task.delay().get() == 2
    assert audit_batches_issue(now=timezone.now()) == 0
    assert Audit.objects.count() == Attempt.objects.count() == 2


def test_no_trainer_gets_the_same_gold_item_twice_within_the_window(org):
    role, _plan = audited_role(organization=org, trainers=2, batch_size=5, gold_share=0.4)
    # 10 gold items, 2 per batch: 5 weeks exhaust them within an 8-week window.
    for week in range(6):
        audit_batches_issue(now=MONDAY + timedelta(weeks=week))

    for application in Application.objects.filter(role=role):
        audits = list(Audit.objects.filter(application=application).order_by("week_starting"))
        seen = [item for audit in audits[:5] for item in audit.gold_items]
        assert len(seen) == len(set(seen)) == 10
        assert audits[5].gold_items == []  # nothing fresh left: no gold rather than a repeat
        assert len(audits[5].attempt.item_order) == 5


def test_gold_returns_once_the_window_has_passed(org):
    role, plan = audited_role(organization=org, trainers=1, batch_size=5, gold_share=1.0)
    audit_plan_set(role=role, assessment=plan.assessment, values={"gold_repeat_weeks": 1})

    for week in range(3):
        audit_batches_issue(now=MONDAY + timedelta(weeks=week))

    first, second, third = (set(a.gold_items) for a in Audit.objects.order_by("week_starting"))
    assert len(first) == len(second) == 5
    assert not first & second  # within the window: the other five gold items
    assert third == first  # a week later the first ones are fresh again


def test_the_overlap_items_are_shared_by_the_role_trainers_that_week(org):
    audited_role(organization=org, trainers=4, overlap_count=3)

    audit_batches_issue(now=MONDAY)

    overlaps = {tuple(audit.overlap_items) for audit in Audit.objects.all()}
    assert len(overlaps) == 1
    (shared,) = overlaps
    assert len(shared) == 3
    for audit in Audit.objects.select_related("attempt"):
        assert set(shared) <= set(audit.attempt.item_order)
        assert not set(shared) & set(audit.gold_items)


def test_each_batch_has_its_own_order(org):
    audited_role(organization=org, trainers=4, overlap_count=3)

    audit_batches_issue(now=MONDAY)

    orders = [tuple(a.attempt.item_order) for a in Audit.objects.select_related("attempt")]
    assert len(set(orders)) == 4


def test_an_inactive_plan_issues_nothing(org):
    role, plan = audited_role(organization=org, trainers=2)
    audit_plan_set(role=role, assessment=plan.assessment, values={"is_active": False})

    assert audit_batches_issue(now=MONDAY) == 0


def test_a_batch_still_open_at_its_due_date_is_recorded_as_missed(org):
    audited_role(organization=org, trainers=2)
    audit_batches_issue(now=MONDAY)
    submitted, missed = Audit.objects.order_by("pk")
    attempt_submit(attempt_id=submitted.attempt_id, now=MONDAY + timedelta(days=1))
    due = missed.due_at

    assert audits_close_overdue(now=due - timedelta(seconds=1)) == []
    assert audits_close_overdue(now=due) == [missed.pk]
    assert audits_close_overdue(now=due + timedelta(hours=1)) == []

    submitted.refresh_from_db()
    missed.refresh_from_db()
    assert submitted.state == Audit.State.SUBMITTED
    assert submitted.submitted_at == MONDAY + timedelta(days=1)
    assert missed.state == Audit.State.MISSED
    assert missed.missed_at == due
    assert missed.attempt.auto_submitted
    assert not Payment.objects.exists()  # trainers' audits are work, not paid tasks


def test_the_overdue_sweep_of_attempts_records_a_missed_batch_too(org):
    audited_role(organization=org, trainers=1)
    audit_batches_issue(now=MONDAY - timedelta(days=30))

    assert audits_close_overdue_task.delay().get() == [Audit.objects.get().pk]
    assert Audit.objects.get().state == Audit.State.MISSED


def test_a_plan_needs_gold_from_its_own_organisation(org, other_org):
    role, _plan = audited_role(organization=org, trainers=0)
    foreign = audit_assessment(organization=other_org, gold=2, work=2)
    no_gold = AssessmentFactory(organization=org)
    ItemFactory(assessment=no_gold)

    with pytest.raises(ApplicationError, match="this organisation"):
        audit_plan_set(role=role, assessment=foreign, values={})
    with pytest.raises(ApplicationError, match="no gold items"):
        audit_plan_set(role=role, assessment=no_gold, values={})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("gold_share", 1.5),
        ("gold_share", "0.2"),
        ("batch_size", 0),
        ("batch_size", True),
        ("due_days", 60),
        ("overlap_count", -1),
    ],
)
def test_plan_settings_out_of_range_are_refused_and_nothing_changes(org, field, value):
    role, plan = audited_role(organization=org, trainers=0)

    with pytest.raises(ApplicationError) as refused:
        audit_plan_set(role=role, assessment=plan.assessment, values={field: value})

    assert refused.value.field == field
    plan.refresh_from_db()
    assert getattr(plan, field) != value
