"""Background scoring runs: start, rescore, retry, cancel, and the beat's two safety nets.

A run (``ScoringJob``) is planned as chunks of attempt ids (``ScoringJob.chunks``); each
chunk is one Celery task (``attempts_score_chunk_task``) that counts its results once, in
the transaction of its writes (``services.scoring_chunk_finish``). That plan is
what makes a run recoverable:

- ``scoring_runs_watch`` (beat): a run none of whose chunks has started or reported for
  ``SCORING_RUN_STALL_SECONDS`` lost its messages (a worker killed whole; a broker that
  lost them). Its unfinished chunks are enqueued again — harmless, since a chunk counted
  already does nothing and scoring is idempotent — at most ``SCORING_RUN_MAX_RESUMES``
  times; then the run fails with the unscored attempts listed, ready for "Retry failed".
- ``attempts_unscored_sweep`` (beat): submitted attempts still without a report after
  ``SCORING_SWEEP_GRACE_SECONDS`` (the broker was down at submit; the task was lost) are
  scored by a run of their own, at most ``SCORING_SWEEP_BATCH`` per sweep.

An author can cancel a run: its chunks not yet started do nothing, and it no longer
blocks a new one.
"""

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.models import Assessment, Attempt, ScoreReport, ScoringJob
from config.errors import ApplicationError

logger = logging.getLogger(__name__)

# Attempts per background task: big enough that a task's fixed cost (a transaction, the
# job's progress) is spread thin, small enough that two workers share a run evenly.
CHUNK_SIZE = 250
# Kinds that score attempts: one of them at a time per assessment for "Rescore all".
SCORING_KINDS = (ScoringJob.Kind.RESCORE, ScoringJob.Kind.SCORE_ATTEMPT, ScoringJob.Kind.REWEIGHT)
STALLED = "Stopped reporting progress: its worker was lost."
LOST = "Not scored: the run stopped reporting progress (its worker was lost)."


def _chunked(attempt_ids: list[int]) -> list[list[int]]:
    return [attempt_ids[i : i + CHUNK_SIZE] for i in range(0, len(attempt_ids), CHUNK_SIZE)]


def _enqueue_chunks(job_id: int, chunks: dict[int, list[int]], *, force: bool) -> None:
    """Sends the chunks; with the broker unreachable the run stays queued, without a
    heartbeat, and the watcher sends them again once it stalls."""
    from assessments.tasks import attempts_score_chunks

    try:
        attempts_score_chunks(job_id=job_id, chunks=chunks, force=force)
    except Exception:
        logger.exception("Could not enqueue the chunks of scoring run %s", job_id)


def _enqueue_after_commit(job: ScoringJob, indexes=None) -> None:
    chunks = {
        index: chunk
        for index, chunk in enumerate(job.chunks)
        if indexes is None or index in indexes
    }
    job_id, force = job.pk, job.force
    transaction.on_commit(lambda: _enqueue_chunks(job_id, chunks, force=force))


def scoring_run_start(
    *, assessment: Assessment, kind: str, force: bool = False, attempt_ids=None
) -> ScoringJob:
    """Scores every submitted attempt of an assessment in the background, tracked by a job."""
    if attempt_ids is None:
        attempt_ids = assessment.attempts.exclude(state=Attempt.State.IN_PROGRESS).values_list(
            "pk", flat=True
        )
    attempt_ids = sorted(attempt_ids)
    job = ScoringJob.objects.create(
        assessment=assessment,
        kind=kind,
        gold_version=assessment.gold_version,
        total_count=len(attempt_ids),
        force=force,
        chunks=_chunked(attempt_ids),
        state=ScoringJob.State.QUEUED if attempt_ids else ScoringJob.State.DONE,
        finished_at=None if attempt_ids else timezone.now(),
    )
    if attempt_ids:
        _enqueue_after_commit(job)
    return job


def assessment_rescore(*, assessment: Assessment, user=None) -> ScoringJob:
    """The team's "Rescore all": a new report for every submitted attempt, old ones kept."""
    if assessment.scoring_jobs.filter(
        kind__in=SCORING_KINDS, state__in=ScoringJob.ACTIVE_STATES
    ).exists():
        raise ApplicationError("A scoring run is already under way; wait for it to finish.")
    return scoring_run_start(assessment=assessment, kind=ScoringJob.Kind.RESCORE, force=True)


def gold_changed(*, assessment: Assessment) -> ScoringJob | None:
    """After a new gold version: rescore every submitted attempt, keeping the old reports."""
    if not assessment.attempts.exclude(state=Attempt.State.IN_PROGRESS).exists():
        return None
    return scoring_run_start(assessment=assessment, kind=ScoringJob.Kind.RESCORE)


@transaction.atomic
def scoring_job_retry(*, job: ScoringJob) -> ScoringJob:
    """Runs a finished job again for the attempts that failed (or the agreement, once more)."""
    from assessments.scoring.services import cohort_agreement_schedule

    job = ScoringJob.objects.select_for_update().get(pk=job.pk)
    if job.is_active:
        raise ApplicationError("This run is still going; wait for it to finish.")
    if job.kind == ScoringJob.Kind.COHORT_AGREEMENT:
        if job.state != ScoringJob.State.FAILED:
            raise ApplicationError("This agreement run did not fail; there is nothing to retry.")
        assessment_id = job.assessment_id
        transaction.on_commit(lambda: cohort_agreement_schedule(assessment_id))
        return job
    attempt_ids = sorted(failure["attempt"] for failure in job.failures)
    if not attempt_ids:
        raise ApplicationError("Every attempt of this run was scored; there is nothing to retry.")
    job.failed_count, job.failures, job.error = 0, [], ""
    job.state, job.finished_at = ScoringJob.State.QUEUED, None
    job.chunks, job.chunks_done, job.resumes, job.heartbeat_at = _chunked(attempt_ids), [], 0, None
    job.force = False
    job.cancelled_at = job.cancelled_by = None
    job.save()
    _enqueue_after_commit(job)
    return job


@transaction.atomic
def scoring_job_cancel(*, job: ScoringJob, user) -> ScoringJob:
    """Stops a run: chunks not started yet do nothing (one being written finishes its
    write), and a new run may start at once. Records who cancelled it and when."""
    job = ScoringJob.objects.select_for_update().get(pk=job.pk)
    if not job.is_active:
        raise ApplicationError(f"This run is {job.get_state_display().lower()}; it cannot stop.")
    job.state = ScoringJob.State.CANCELLED
    job.cancelled_at = job.finished_at = timezone.now()
    job.cancelled_by = user
    job.save(update_fields=["state", "cancelled_at", "finished_at", "cancelled_by"])
    return job


# --- The beat's safety nets ---------------------------------------------------------------


def scoring_runs_watch(*, now: datetime | None = None) -> dict[str, list[int]]:
    """Periodic (beat): resumes (or, after too many tries, fails) every run whose chunks
    stopped reporting; fails agreement runs whose worker died. Returns the ids it touched."""
    now = now or timezone.now()
    deadline = now - timedelta(seconds=settings.SCORING_RUN_STALL_SECONDS)
    stalled = (
        ScoringJob.objects.filter(state__in=ScoringJob.ACTIVE_STATES)
        .annotate(beat=Coalesce("heartbeat_at", "started_at", "created_at"))
        .filter(beat__lt=deadline)
        .values_list("pk", flat=True)
    )
    touched: dict[str, list[int]] = {"resumed": [], "failed": []}
    for pk in list(stalled):
        outcome = _stalled_run_recover(pk, deadline=deadline, now=now)
        if outcome:
            touched[outcome].append(pk)
    if touched["resumed"] or touched["failed"]:
        logger.warning("Stalled scoring runs: %s", touched)
    return touched


@transaction.atomic
def _stalled_run_recover(job_id: int, *, deadline: datetime, now: datetime) -> str | None:
    job = ScoringJob.objects.select_for_update().get(pk=job_id)
    beat = job.heartbeat_at or job.started_at or job.created_at
    if not job.is_active or beat >= deadline:
        return None  # it finished, or a chunk reported, since the query
    counted = set(job.chunks_done)
    pending = [index for index in range(len(job.chunks)) if index not in counted]
    if job.kind != ScoringJob.Kind.COHORT_AGREEMENT and pending:
        if job.resumes < settings.SCORING_RUN_MAX_RESUMES:
            job.resumes += 1
            job.heartbeat_at = now
            job.save(update_fields=["resumes", "heartbeat_at"])
            _enqueue_after_commit(job, set(pending))
            return "resumed"
        known = {failure["attempt"] for failure in job.failures}
        job.failures = job.failures + [
            {"attempt": pk, "error": LOST}
            for index in pending
            for pk in job.chunks[index]
            if pk not in known
        ]
    # Whatever was not counted is lost: the run is finished, with nothing left running.
    job.failed_count = job.total_count - job.done_count
    job.state, job.finished_at, job.error = ScoringJob.State.FAILED, now, STALLED
    job.save(update_fields=["failures", "failed_count", "state", "finished_at", "error"])
    return "failed"


def attempts_unscored_sweep(*, now: datetime | None = None) -> list[ScoringJob]:
    """Periodic (beat): a run per assessment for the submitted attempts still without a
    report a grace period after their submission — oldest first, a bounded batch. Skipped:
    assessments with a scoring run under way (they come next time) and attempts a finished
    run listed as failed (their run shows why; "Retry failed" takes them again)."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.SCORING_SWEEP_GRACE_SECONDS)
    unscored = Attempt.objects.filter(
        state__in=[Attempt.State.SUBMITTED, Attempt.State.SCORED], submitted_at__lte=cutoff
    ).exclude(
        Exists(ScoreReport.objects.filter(attempt=OuterRef("pk"), is_current=True))
        | Exists(
            ScoringJob.objects.filter(
                assessment=OuterRef("assessment"),
                kind__in=SCORING_KINDS,
                state__in=ScoringJob.ACTIVE_STATES,
            )
        )
    )
    oldest = unscored.order_by("submitted_at").values_list("submitted_at", flat=True).first()
    if oldest is None:
        return []
    failed = {
        failure["attempt"]
        for failures in ScoringJob.objects.filter(
            Q(state=ScoringJob.State.FAILED) & Q(failed_count__gt=0),
            kind__in=SCORING_KINDS,
            finished_at__gte=oldest,
        ).values_list("failures", flat=True)
        for failure in failures
        if isinstance(failure, dict)
    }
    batch = (
        unscored.exclude(pk__in=failed)
        .order_by("submitted_at", "pk")
        .values_list("assessment_id", "pk")[: settings.SCORING_SWEEP_BATCH]
    )
    by_assessment = defaultdict(list)
    for assessment_id, pk in batch:
        by_assessment[assessment_id].append(pk)
    jobs = []
    for assessment in Assessment.objects.filter(pk__in=list(by_assessment)).order_by("pk"):
        with transaction.atomic():
            jobs.append(
                scoring_run_start(
                    assessment=assessment,
                    kind=ScoringJob.Kind.SCORE_ATTEMPT,
                    attempt_ids=by_assessment[assessment.pk],
                )
            )
    if jobs:
        logger.warning(
            "Scoring %s submitted attempt(s) that had no report", sum(j.total_count for j in jobs)
        )
    return jobs
