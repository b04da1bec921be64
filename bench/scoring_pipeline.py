"""Scoring end to end: PostgreSQL, Redis and a real Celery worker (prefork, concurrency 2).

Seeds ``--attempts`` submitted attempts of 100 mixed items, starts a worker on the bench
database, enqueues every attempt as one background run (chunks of
``scoring_runs.CHUNK_SIZE`` fanned out as a Celery group) and prints attempts scored
per second and the time until every report exists. Then, for scale, the live path: one
task per attempt for a few hundred attempts.
"""

import os
import subprocess
import time

from django.db import connection

from tests.integration.worker_process import worker_start, worker_stop

TARGET_PER_SECOND = 500


def _start_worker(broker_url: str, concurrency: int) -> subprocess.Popen:
    from config.celery import app

    process = worker_start(broker_url, concurrency=concurrency)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5):
            return process
    process.kill()
    raise RuntimeError("The Celery worker did not answer within 60 s.")


def _wait(done, what: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:  # autocommit: each read sees the latest commits
        if done():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} within {timeout} s.")


def run(*, attempts: int = 2_000, concurrency: int = 2, live: int = 300) -> int:
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    if connection.vendor != "postgresql" or not broker_url.startswith("redis://"):
        print(
            "Scoring pipeline benchmark skipped: it needs BENCH_DATABASE_URL=postgres://… "
            "and CELERY_BROKER_URL=redis://…"
        )
        return 0
    from assessments.models import ScoreReport, ScoringJob
    from assessments.scoring.runs import CHUNK_SIZE, scoring_run_start
    from assessments.tasks import attempt_score_task
    from config.celery import app
    from tests.factories.cohorts import build_cohort

    app.conf.update({"CELERY_BROKER_URL": broker_url, "CELERY_TASK_ALWAYS_EAGER": False})
    app.control.purge()
    started = time.perf_counter()
    cohort = build_cohort(attempts=attempts + live, items=100, seed=2026)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"\nScoring pipeline — PostgreSQL, Redis, Celery prefork x{concurrency}: "
        f"{attempts + live:,} attempts x 100 mixed items seeded in "
        f"{time.perf_counter() - started:.1f} s"
    )
    batch_ids = [attempt.pk for attempt in cohort.attempts[:attempts]]
    live_ids = [attempt.pk for attempt in cohort.attempts[attempts:]]
    worker = _start_worker(broker_url, concurrency)
    try:
        started = time.perf_counter()
        job = scoring_run_start(
            assessment=cohort.assessment,
            kind=ScoringJob.Kind.SCORE_ATTEMPT,
            attempt_ids=batch_ids,
        )
        _wait(
            lambda: not ScoringJob.objects.get(pk=job.pk).is_active,
            f"Scoring run {job.pk} did not finish",
        )
        batch_seconds = time.perf_counter() - started
        written = ScoreReport.objects.filter(attempt_id__in=batch_ids, is_current=True).count()

        started = time.perf_counter()
        for pk in live_ids:
            attempt_score_task.delay(pk)
        _wait(
            lambda: ScoreReport.objects.filter(attempt_id__in=live_ids).count() == len(live_ids),
            "Not every live submission was scored",
        )
        live_seconds = time.perf_counter() - started
    finally:
        worker_stop(worker)

    rate = attempts / batch_seconds
    print(f"{'path':<44} {'attempts':>9} {'seconds':>8} {'attempts/s':>11}")
    rows = [
        (f"background run (chunks of {CHUNK_SIZE})", attempts, batch_seconds),
        ("live: one task per attempt", live, live_seconds),
    ]
    for name, count, seconds in rows:
        print(f"{name:<44} {count:>9,} {seconds:>8.2f} {count / seconds:>11.0f}")
    verdict = "meets" if rate >= TARGET_PER_SECOND else "MISSES"
    print(
        f"Every report exists after {batch_seconds:.2f} s ({written:,} of {attempts:,}); "
        f"{rate:.0f} attempts/s {verdict} the target of {TARGET_PER_SECOND}/s."
    )
    return 0 if written == attempts else 1
