"""Trainer quality per week from the audit batches (assessments/audits/quality.py)."""

import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from assessments.audits.quality import metric_threshold, trainer_weeks
from assessments.audits.services import audit_batches_issue, audits_close_overdue
from assessments.models import Audit, Response, ScoreReport
from hiring.models import SuccessMetric
from tests.factories.audits import audited_role

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 2, 9, tzinfo=UTC)


def submit(audit: Audit, *, hours: float, components: dict, answers: dict | None = None):
    """Records the batch submitted ``hours`` after issue, with its score report and the
    trainer's answers to the given items."""
    submitted_at = audit.issued_at + timedelta(hours=hours)
    Audit.objects.filter(pk=audit.pk).update(state=Audit.State.SUBMITTED, submitted_at=submitted_at)
    for item_id, answer in (answers or {}).items():
        Response.objects.create(attempt=audit.attempt, item_id=item_id, answer=answer)
    ScoreReport.objects.create(
        attempt=audit.attempt, scorer_version="1", gold_version=1, components=components
    )


@pytest.fixture
def two_weeks(org):
    role, _ = audited_role(organization=org, trainers=3, batch_size=5, overlap_count=2)
    SuccessMetric.objects.create(
        role=role,
        kind="accuracy",
        target=Decimal("90"),
        unit="%",
        direction="at_least",
        measurement="Weekly audits.",
    )
    audit_batches_issue(now=MONDAY)
    first = list(Audit.objects.order_by("application_id"))
    overlap = first[0].overlap_items
    assert len(overlap) == 2
    agreeing = {overlap[0]: "indemnity", overlap[1]: "limitation"}
    submit(first[0], hours=24, components={"accuracy": 1.0, "throughput": 0.8}, answers=agreeing)
    submit(first[1], hours=48, components={"accuracy": 0.5, "rationale": 0.75}, answers=agreeing)
    submit(
        first[2],
        hours=12,
        components={"accuracy": 0.75, "edge_cases": 0.6},
        answers={overlap[0]: "termination", overlap[1]: "indemnity"},
    )
    audit_batches_issue(now=MONDAY + timedelta(weeks=1))
    second = list(Audit.objects.filter(week_starting=MONDAY.date() + timedelta(weeks=1)))
    submit(second[0], hours=6, components={"accuracy": 0.9})
    audits_close_overdue(now=MONDAY + timedelta(weeks=2))
    return role, first


def test_each_trainer_gets_a_value_per_week_and_a_missed_batch_is_missing_not_zero(two_weeks):
    role, first = two_weeks

    quality = trainer_weeks(role=role)

    assert quality.weeks == [MONDAY.date(), MONDAY.date() + timedelta(weeks=1)]
    by_id = {trainer.application_id: trainer for trainer in quality.trainers}
    one = by_id[first[0].application_id]
    assert one.series("accuracy")[0] == 1.0
    assert one.weeks[0].throughput == 0.8
    assert one.weeks[0].turnaround_hours == 24
    assert by_id[first[1].application_id].weeks[0].review_alignment == 0.75
    assert by_id[first[2].application_id].weeks[0].edge_cases == 0.6
    missed = [t for t in quality.trainers if t.weeks[1].state == Audit.State.MISSED]
    assert len(missed) == 2
    for trainer in missed:
        assert trainer.series("accuracy")[1] is None
        assert math.isnan(trainer.array("accuracy")[1])
        assert trainer.series("turnaround_hours")[1] is None


def test_agreement_on_overlap_items_is_leave_one_out_and_the_week_has_its_alpha(two_weeks):
    role, first = two_weeks

    quality = trainer_weeks(role=role)

    by_id = {trainer.application_id: trainer.weeks[0] for trainer in quality.trainers}
    agreeing = by_id[first[0].application_id].agreement
    outlier = by_id[first[2].application_id].agreement
    assert agreeing is not None
    assert outlier is not None
    assert agreeing > outlier
    assert by_id[first[0].application_id].agreement == by_id[first[1].application_id].agreement
    assert quality.week_alpha[0] is not None
    assert quality.week_alpha[0] < 1
    assert quality.week_alpha[1] is None  # one submission: no peers


def test_one_application_has_its_own_weeks_with_peers_counted(two_weeks):
    _role, first = two_weeks
    application = first[2].application

    quality = trainer_weeks(application=application)

    assert [t.application_id for t in quality.trainers] == [application.pk]
    assert quality.trainers[0].weeks[0].agreement is not None
    assert quality.metrics[0].measure == "accuracy"
    assert quality.metrics[0].threshold == pytest.approx(0.9)
    assert quality.metrics[0].higher_is_better


def test_queries_do_not_grow_with_trainers(org, django_assert_max_num_queries):
    role, _ = audited_role(organization=org, trainers=12, batch_size=4, overlap_count=1)
    audit_batches_issue(now=MONDAY)
    for audit in Audit.objects.all():
        submit(
            audit,
            hours=3,
            components={"accuracy": 0.8},
            answers={audit.overlap_items[0]: "indemnity"},
        )

    with django_assert_max_num_queries(8):
        quality = trainer_weeks(role=role)

    assert len(quality.trainers) == 12


def test_a_role_or_an_application_is_required():
    with pytest.raises(ValueError, match="role or an application"):
        trainer_weeks()


@pytest.mark.parametrize(
    ("kind", "target", "unit", "expected"),
    [
        ("accuracy", "95", "%", 0.95),
        ("consistency", "0.8", "Krippendorff's α", 0.8),
        ("feedback_turnaround", "2", "days", 48.0),
        ("feedback_turnaround", "36", "hours", 36.0),
        ("throughput", "40", "items/hour", None),
        ("throughput", "90", "% of pace", 0.9),
        ("review_alignment", "4", "points", None),
    ],
)
def test_success_metric_targets_become_thresholds_in_the_measures_units(
    kind, target, unit, expected
):
    assert metric_threshold(kind, Decimal(target), unit) == expected
