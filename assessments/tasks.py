"""Thin Celery wrappers: ids in, a service call, nothing else.

Retry and late acknowledgement come from ``config.celery.CalibrateTask``: a worker killed
mid-task has its message redelivered, and the services make a second run harmless.
"""

from celery import group, shared_task

from assessments.scoring_services import attempts_score, cohort_agreement_run
from assessments.services import attempts_submit_overdue


@shared_task
def attempts_submit_overdue_task() -> list[int]:
    """Periodic (beat): submits attempts whose server-side deadline has passed."""
    return attempts_submit_overdue()


@shared_task
def attempt_score_task(attempt_id: int) -> int:
    """A live submission: scores one attempt; returns how many reports it wrote (0 or 1)."""
    return attempts_score([attempt_id])


@shared_task
def attempts_score_chunk_task(attempt_ids: list[int], job_id: int, force: bool = False) -> int:
    """One slice of a background run; the job counts its progress."""
    return attempts_score(attempt_ids, job_id=job_id, force=force)


def attempts_score_chunks(*, job_id: int, attempt_ids: list[int], chunk_size: int, force: bool):
    """Fans a run out as a group of chunk tasks, which the workers share."""
    chunks = [attempt_ids[i : i + chunk_size] for i in range(0, len(attempt_ids), chunk_size)]
    return group(
        attempts_score_chunk_task.s(chunk, job_id, force) for chunk in chunks
    ).apply_async()


@shared_task
def cohort_agreement_task(assessment_id: int) -> int | None:
    """Debounced (see ``cohort_agreement_schedule``): recomputes an assessment's agreement."""
    agreement = cohort_agreement_run(assessment_id)
    return agreement.pk if agreement else None
