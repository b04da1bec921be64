"""Scoring through a real Celery worker, Redis and PostgreSQL: exactly one current report
per attempt however often a task runs, and nothing lost when a worker dies mid-task."""

import os
import signal
import subprocess
from datetime import timedelta

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from assessments.attempts.submission import attempt_submit
from assessments.models import Attempt, ScoreReport, ScoringJob
from assessments.scoring.runs import (
    CHUNK_SIZE,
    assessment_rescore,
    attempts_unscored_sweep,
    scoring_run_start,
    scoring_runs_watch,
)
from assessments.scoring.services import attempts_score
from assessments.tasks import attempt_score_task
from tests.db_faults import score_report_refused
from tests.factories.cohorts import build_cohort
from tests.integration.conftest import wait_until
from tests.integration.worker_process import worker_start, worker_stop

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def reports_per_attempt(attempts) -> dict[int, tuple[int, int]]:
    """attempt id → (all reports, current reports)."""
    rows = (
        ScoreReport.objects.filter(attempt__in=attempts)
        .values("attempt_id")
        .annotate(total=Count("id"), current=Count("id", filter=Q(is_current=True)))
    )
    return {row["attempt_id"]: (row["total"], row["current"]) for row in rows}


def job_finished(job_id: int) -> bool:
    return not ScoringJob.objects.get(pk=job_id).is_active


@pytest.mark.usefixtures("celery_worker")
def test_a_submission_is_scored_by_the_worker_once_however_often_the_task_runs():
    cohort = build_cohort(attempts=3, items=10, state=Attempt.State.IN_PROGRESS)
    for attempt in cohort.attempts:
        attempt_submit(attempt_id=attempt.pk)  # enqueues scoring once committed

    wait_until(lambda: len(reports_per_attempt(cohort.attempts)) == 3, what="three score reports")
    again = attempt_score_task.delay(cohort.attempts[0].pk).get(timeout=30)

    assert again == 0  # nothing new to write: same scorer, same gold
    assert set(reports_per_attempt(cohort.attempts).values()) == {(1, 1)}
    assert set(
        Attempt.objects.filter(pk__in=[a.pk for a in cohort.attempts]).values_list(
            "state", flat=True
        )
    ) == {Attempt.State.SCORED}


@pytest.mark.usefixtures("celery_worker")
def test_a_background_run_fans_out_counts_progress_and_a_rescore_keeps_history():
    cohort = build_cohort(attempts=CHUNK_SIZE + 50, items=12)  # two chunks
    total = len(cohort.attempts)

    job = scoring_run_start(assessment=cohort.assessment, kind=ScoringJob.Kind.SCORE_ATTEMPT)
    wait_until(lambda: job_finished(job.pk), what="the scoring run")
    job.refresh_from_db()
    assert (job.state, job.done_count, job.failed_count) == (ScoringJob.State.DONE, total, 0)

    rescore = assessment_rescore(assessment=cohort.assessment)
    wait_until(lambda: job_finished(rescore.pk), what="the rescore")

    assert set(reports_per_attempt(cohort.attempts).values()) == {(2, 1)}
    assert ScoreReport.objects.filter(job=rescore, is_current=True).count() == total
    # The runs asked for a cohort recompute once they finished (debounced).
    wait_until(lambda: cohort.assessment.cohort_agreements.exists(), what="a cohort agreement run")


@pytest.fixture
def worker_process(celery_broker, redis_broker_url, tmp_path):
    """A separate prefork worker (one child), so that its child can be killed mid-task."""
    log = tmp_path / "worker.log"
    with log.open("w") as stderr:
        process = worker_start(redis_broker_url, concurrency=1, stderr=stderr)
    process.log = log
    try:
        yield process
    finally:
        worker_stop(process)


def pool_children(pid: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    )
    return [int(line) for line in out.stdout.split()]


def run_started(cohort) -> ScoringJob:
    """A run of every attempt of the cohort, once a worker has picked up its first chunk."""
    job = scoring_run_start(
        assessment=cohort.assessment,
        kind=ScoringJob.Kind.SCORE_ATTEMPT,
        attempt_ids=[a.pk for a in cohort.attempts],
    )
    # One chunk is being scored: the job says so as soon as a child picks it up.
    wait_until(
        lambda: ScoringJob.objects.get(pk=job.pk).state == ScoringJob.State.RUNNING,
        what="the run to start",
    )
    return job


def test_a_worker_killed_mid_run_loses_nothing_and_duplicates_nothing(worker_process):
    cohort = build_cohort(attempts=1_200, items=40, seed=11)
    job = run_started(cohort)
    children = pool_children(worker_process.pid)
    assert children, "the worker has no pool child to kill"
    os.kill(children[0], signal.SIGKILL)

    # The parent sees the child die, puts the message back (acks_late and
    # reject_on_worker_lost) and a fresh child scores it again from the start.
    wait_until(lambda: job_finished(job.pk), timeout=180, what="the run to finish")

    job.refresh_from_db()
    assert (job.state, job.done_count, job.failed_count) == (ScoringJob.State.DONE, 1_200, 0)
    assert set(reports_per_attempt(cohort.attempts).values()) == {(1, 1)}
    assert "SIGKILL" in worker_process.log.read_text()  # the child really died mid-task


@pytest.mark.usefixtures("celery_worker")
def test_a_run_with_one_attempt_the_database_refuses_finishes_with_it_listed():
    cohort = build_cohort(attempts=3, items=10, seed=13)
    attempts_score([a.pk for a in cohort.attempts], schedule_agreement=False)
    broken = cohort.attempts[1]

    with score_report_refused(broken.pk):  # a DataError (22001) in the database
        job = assessment_rescore(assessment=cohort.assessment)
        wait_until(lambda: job_finished(job.pk), what="the rescore to finish")

    job.refresh_from_db()
    assert (job.state, job.done_count, job.failed_count) == (ScoringJob.State.FAILED, 2, 1)
    assert [f["attempt"] for f in job.failures] == [broken.pk]
    assert job.failures[0]["error"].startswith("DataError: value too long")
    assert set(reports_per_attempt(cohort.attempts).values()) == {(2, 1), (1, 1)}
    assert assessment_rescore(assessment=cohort.assessment).is_active  # no longer blocked


def test_a_run_whose_worker_was_killed_whole_is_resumed_by_the_beat(
    celery_broker, redis_broker_url, tmp_path, settings
):
    """SIGKILL to the worker and its children: their unacknowledged chunks wait in Redis for
    the visibility timeout; the beat's watcher sees the run stop reporting and resumes it."""
    settings.SCORING_RUN_STALL_SECONDS = 600
    cohort = build_cohort(attempts=1_000, items=40, seed=17)
    first = worker_start(redis_broker_url, concurrency=1)
    try:
        job = run_started(cohort)
    finally:
        for pid in [*pool_children(first.pid), first.pid]:
            os.kill(pid, signal.SIGKILL)
        first.wait()
    job.refresh_from_db()
    assert job.is_active  # stuck, as it once was for an hour
    assert len(job.chunks_done) < len(job.chunks)

    later = timezone.now() + timedelta(seconds=601)
    assert scoring_runs_watch(now=later) == {"resumed": [job.pk], "failed": []}
    second = worker_start(redis_broker_url, concurrency=1)
    try:
        wait_until(lambda: job_finished(job.pk), timeout=180, what="the resumed run to finish")
    finally:
        worker_stop(second)
    job.refresh_from_db()
    assert (job.state, job.done_count, job.failed_count, job.resumes) == (
        ScoringJob.State.DONE,
        1_000,
        0,
        1,
    )
    assert set(reports_per_attempt(cohort.attempts).values()) == {(1, 1)}


@pytest.mark.usefixtures("celery_worker")
def test_a_submission_whose_scoring_task_was_lost_is_scored_by_the_sweep(settings, monkeypatch):
    from celery.app.task import Task
    from kombu.exceptions import OperationalError

    def refused(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    settings.SCORING_SWEEP_GRACE_SECONDS = 60
    cohort = build_cohort(attempts=2, items=10, seed=19, state=Attempt.State.IN_PROGRESS)
    with monkeypatch.context() as broker_down:
        broker_down.setattr(Task, "apply_async", refused)  # the broker is down at submit
        for attempt in cohort.attempts:
            attempt_submit(attempt_id=attempt.pk)
    assert not reports_per_attempt(cohort.attempts)
    assert attempts_unscored_sweep() == []  # within the grace period

    [job] = attempts_unscored_sweep(now=timezone.now() + timedelta(seconds=61))
    wait_until(lambda: job_finished(job.pk), what="the sweep's run to finish")

    assert set(reports_per_attempt(cohort.attempts).values()) == {(1, 1)}
    assert attempts_unscored_sweep(now=timezone.now() + timedelta(seconds=61)) == []
