"""Invariants the database and the models hold for assessments."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments.models import Attempt, ScoreReport
from tests.factories import (
    AssessmentFactory,
    AttemptFactory,
    GoldAnswerFactory,
    ItemFactory,
    ResponseFactory,
    ScoreReportFactory,
)

pytestmark = pytest.mark.django_db


def test_an_item_has_at_most_one_gold_answer():
    gold = GoldAnswerFactory()

    with pytest.raises(IntegrityError):
        GoldAnswerFactory(item=gold.item)


def test_only_one_score_report_per_attempt_is_current():
    report = ScoreReportFactory()

    with transaction.atomic(), pytest.raises(IntegrityError):
        ScoreReportFactory(attempt=report.attempt)

    ScoreReport.objects.filter(pk=report.pk).update(is_current=False)
    ScoreReportFactory(attempt=report.attempt)
    assert report.attempt.score_reports.filter(is_current=True).count() == 1


def test_a_candidate_sits_a_calibration_assessment_once_but_audits_repeat(candidate):
    attempt = AttemptFactory(candidate=candidate)
    AttemptFactory(candidate=candidate, assessment=attempt.assessment, purpose="audit")
    AttemptFactory(candidate=candidate, assessment=attempt.assessment, purpose="audit")

    with pytest.raises(IntegrityError):
        AttemptFactory(candidate=candidate, assessment=attempt.assessment)


def test_a_deadline_before_the_start_is_refused():
    with pytest.raises(IntegrityError):
        AttemptFactory(deadline=AttemptFactory.started_at.function() - timedelta(minutes=1))


def test_a_submitted_attempt_must_say_when():
    with pytest.raises(IntegrityError):
        AttemptFactory(state=Attempt.State.SUBMITTED, submitted_at=None)


def test_a_response_must_answer_an_item_of_its_own_assessment():
    response = ResponseFactory.build(
        attempt=AttemptFactory(), item=ItemFactory(assessment=AssessmentFactory())
    )

    with pytest.raises(ValidationError, match="not part of this attempt"):
        response.full_clean()


def test_a_choice_item_needs_options():
    item = ItemFactory.build(assessment=AssessmentFactory(), options=["only one"])

    with pytest.raises(ValidationError, match="at least two options"):
        item.full_clean()


@pytest.mark.parametrize("gates", [{"accuracy": 1.5}, {"accuracy": "high"}, ["accuracy"]])
def test_pass_gates_are_minimums_between_zero_and_one(gates):
    assessment = AssessmentFactory.build(organization=AssessmentFactory().organization)
    assessment.pass_gates = gates

    with pytest.raises(ValidationError, match="minimum from 0 to 1"):
        assessment.full_clean()


def test_score_composite_stays_in_the_unit_interval():
    with pytest.raises(IntegrityError):
        ScoreReportFactory(composite=1.2)
