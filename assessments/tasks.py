"""Thin Celery wrappers: ids in, a service call, nothing else.

Retry and late acknowledgement come from ``config.celery.CalibrateTask``: a worker killed
mid-task has its message redelivered, and the services make a second run harmless.
"""

from celery import group, shared_task

from assessments.attempts.submission import attempts_submit_overdue
from assessments.audits.alerts import quality_alerts_raise
from assessments.audits.services import audit_batches_issue, audits_close_overdue
from assessments.scoring.runs import attempts_unscored_sweep, scoring_runs_watch
from assessments.scoring.services import attempts_score, cohort_agreement_run


@shared_task
def attempts_submit_overdue_task() -> list[int]:
    """Periodic (beat): submits attempts whose server-side deadline has passed."""
    return attempts_submit_overdue()


@shared_task
def attempt_score_task(attempt_id: int) -> int:
    """A live submission: scores one attempt; returns how many reports it wrote (0 or 1)."""
    return attempts_score([attempt_id])


@shared_task
def attempts_score_chunk_task(
    attempt_ids: list[int], job_id: int, force: bool = False, chunk: int | None = None
) -> int:
    """One slice (chunk ``chunk`` of the job's plan) of a background run; the job counts
    its progress."""
    return attempts_score(attempt_ids, job_id=job_id, chunk=chunk, force=force)


def attempts_score_chunks(*, job_id: int, chunks: dict[int, list[int]], force: bool):
    """Fans a run's chunks (index → attempt ids) out as a group of tasks the workers share."""
    return group(
        attempts_score_chunk_task.s(ids, job_id, force, index) for index, ids in chunks.items()
    ).apply_async()


@shared_task
def scoring_runs_watch_task() -> dict[str, list[int]]:
    """Periodic (beat): resumes or fails scoring runs whose chunks stopped reporting."""
    return scoring_runs_watch()


@shared_task
def attempts_unscored_sweep_task() -> list[int]:
    """Periodic (beat): scores submitted attempts whose scoring task never ran."""
    return [job.pk for job in attempts_unscored_sweep()]


@shared_task
def cohort_agreement_task(assessment_id: int) -> int | None:
    """Debounced (see ``cohort_agreement_schedule``): recomputes an assessment's agreement."""
    agreement = cohort_agreement_run(assessment_id)
    return agreement.pk if agreement else None


@shared_task
def audit_batches_issue_task() -> int:
    """Periodic (beat): issues this week's audit batch to hired trainers who have none."""
    return audit_batches_issue()


@shared_task
def audits_close_overdue_task() -> list[int]:
    """Periodic (beat): records batches still open at their due date as missed."""
    return audits_close_overdue()


@shared_task
def quality_alerts_raise_task() -> int:
    """Periodic (beat): raises quality alerts of hired trainers (once per episode)."""
    return quality_alerts_raise()
