"""A real worker, a real broker, a real database: a task's rows are committed."""

import threading
from datetime import timedelta

import pytest
from celery.result import EagerResult
from django.db import connection
from django.utils import timezone

from assessments.attempts.submission import attempt_submit
from assessments.models import Attempt, ScoreReport
from assessments.tasks import attempts_submit_overdue_task
from hiring.models import Application, StageChange
from tests.factories import ApplicationFactory, AttemptFactory
from tests.integration.conftest import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("celery_worker")
def test_a_worker_on_redis_submits_overdue_attempts_into_postgresql():
    application = ApplicationFactory(stage=Application.Stage.IN_PROGRESS)
    started = timezone.now() - timedelta(hours=2)
    attempt = AttemptFactory(
        candidate=application.candidate,
        application=application,
        started_at=started,
        deadline=started + timedelta(hours=1),
    )

    result = attempts_submit_overdue_task.delay()
    submitted = result.get(timeout=30)

    assert submitted == [attempt.pk]
    assert result.status == "SUCCESS"
    assert not isinstance(result, EagerResult)  # went through the broker to the worker
    # The submission enqueued its scoring, which the same worker picks up next.
    wait_until(
        lambda: ScoreReport.objects.filter(attempt=attempt).exists(),
        timeout=30,
        what="the submitted attempt's score report",
    )
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SCORED
    assert attempt.submitted_at == attempt.deadline
    assert StageChange.objects.filter(application=application, to_stage="submitted").count() == 1


def test_two_simultaneous_submits_of_one_attempt_make_one_submission(postgresql):
    attempt = AttemptFactory()
    barrier = threading.Barrier(2)
    outcomes: list[bool] = []

    def submit():
        barrier.wait()
        try:
            outcomes.append(attempt_submit(attempt_id=attempt.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == [False, True]
    assert Attempt.objects.get(pk=attempt.pk).state == Attempt.State.SCORED
    assert ScoreReport.objects.filter(attempt=attempt).count() == 1  # scored once


@pytest.mark.usefixtures("celery_worker")
def test_a_bulk_move_with_notify_is_mailed_by_the_worker_through_the_broker(org, recruiter):
    from django.core import mail

    from hiring.pipeline.bulk import applications_bulk_move
    from tests.factories.shortlist import scored_application, shortlist_role

    role = shortlist_role(org, title="Clause reviewer")
    applications = [scored_application(role, stage=Application.Stage.SHORTLISTED) for _ in "ab"]
    mail.outbox = []

    result = applications_bulk_move(
        role=role,
        application_ids=[a.pk for a in applications],
        to_stage=Application.Stage.INTERVIEW,
        by=recruiter,
        notify=True,
    )

    assert result.moved == [a.pk for a in applications]
    # Queued on commit as JSON, sent by the worker thread into the same in-memory outbox.
    wait_until(lambda: len(mail.outbox) == 2, timeout=30, what="the two e-mails")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.candidate.email for a in applications)
    assert all("Interview" in m.subject for m in mail.outbox)
