"""Attempts past their server-side deadline are submitted, once, keeping their answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.attempts.submission import attempt_submit, attempts_submit_overdue
from assessments.models import Attempt, Payment
from assessments.tasks import attempts_submit_overdue_task
from hiring.models import Application
from tests.factories import ApplicationFactory, AttemptFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def overdue_attempt(**kwargs):
    started = timezone.now() - timedelta(hours=2)
    return AttemptFactory(started_at=started, deadline=started + timedelta(hours=1), **kwargs)


def test_overdue_attempts_are_submitted_at_their_deadline_and_pay_becomes_due():
    attempt = overdue_attempt()
    on_time = AttemptFactory()

    assert attempts_submit_overdue() == [attempt.pk]

    attempt.refresh_from_db()
    on_time.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.submitted_at == attempt.deadline
    assert attempt.auto_submitted
    assert attempt.payment.state == Payment.State.PENDING
    assert attempt.payment.amount == attempt.pay_amount
    assert on_time.state == Attempt.State.IN_PROGRESS


def test_answers_saved_before_the_deadline_survive_auto_submission():
    attempt = overdue_attempt()
    response = ResponseFactory(attempt=attempt, answer="limitation", rationale="Caps liability.")

    attempts_submit_overdue()

    response.refresh_from_db()
    assert (response.answer, response.rationale) == ("limitation", "Caps liability.")


def test_submitting_twice_is_one_submission():
    attempt = AttemptFactory()

    assert attempt_submit(attempt_id=attempt.pk) is True
    first = Attempt.objects.get(pk=attempt.pk).submitted_at
    assert attempt_submit(attempt_id=attempt.pk) is False
    assert attempts_submit_overdue(now=timezone.now() + timedelta(days=1)) == []
    assert Attempt.objects.get(pk=attempt.pk).submitted_at == first


def test_submission_moves_the_application_along_the_pipeline():
    application = ApplicationFactory(stage=Application.Stage.IN_PROGRESS)
    attempt = overdue_attempt(candidate=application.candidate, application=application)

    attempts_submit_overdue()

    application.refresh_from_db()
    assert application.stage == Application.Stage.SUBMITTED
    assert application.stage_changes.get().reason == "Submitted automatically at the deadline."
    assert attempt.pk in [a.pk for a in application.attempts.all()]


def test_the_periodic_task_submits_overdue_attempts():
    attempt = overdue_attempt()

    result = attempts_submit_overdue_task.delay()

    assert result.get() == [attempt.pk]
    assert Attempt.objects.get(pk=attempt.pk).state == Attempt.State.SUBMITTED


def test_the_periodic_task_is_on_the_beat_schedule(settings):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert attempts_submit_overdue_task.name in scheduled
