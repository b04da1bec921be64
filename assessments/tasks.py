"""Thin Celery wrappers: ids in, a service call, nothing else.

Retry and late acknowledgement come from ``config.celery.CalibrateTask``.
"""

from celery import shared_task

from assessments.services import attempts_submit_overdue


@shared_task
def attempts_submit_overdue_task() -> list[int]:
    """Periodic (beat): submits attempts whose server-side deadline has passed."""
    return attempts_submit_overdue()
