"""Every task inherits the project's policy: JSON only, late acks, retries with backoff."""

import pytest
from celery import shared_task
from django.db import OperationalError

from config.celery import CalibrateTask, app

calls: list[int] = []


@shared_task(name="tests.flaky_database_task")
def flaky_database_task() -> str:
    """Fails like a database restart on its first run, then succeeds."""
    calls.append(1)
    if len(calls) == 1:
        raise OperationalError("server closed the connection unexpectedly")
    return "done"


def project_tasks():
    app.loader.import_default_modules()
    return [task for name, task in app.tasks.items() if not name.startswith("celery.")]


def test_the_app_speaks_json_only():
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.result_serializer == "json"


@pytest.mark.parametrize("task", project_tasks(), ids=lambda task: task.name)
def test_every_task_acks_late_and_retries_transient_failures(task):
    assert isinstance(task, CalibrateTask)
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True
    assert OperationalError in task.autoretry_for
    # True waits 1 s, 2 s, 4 s…; a number of seconds starts there (the mail task: 30 s).
    assert task.retry_backoff is True or task.retry_backoff >= 1
    assert task.max_retries == 5


def test_a_transient_database_failure_is_retried_until_it_succeeds():
    calls.clear()

    result = flaky_database_task.apply(throw=False)

    assert result.get() == "done"
    assert len(calls) == 2


def test_an_unacknowledged_message_is_redelivered_after_the_longest_a_task_may_hold_it():
    """Redis redelivers a message a dead worker held after the visibility timeout: longer
    than any task may run or wait for its countdown (a retry's backoff), far under kombu's
    default hour; the scoring-run watcher waits at least the task time limit."""
    from django.conf import settings

    visibility = app.conf.broker_transport_options["visibility_timeout"]
    longest_wait = max(task.retry_backoff_max for task in project_tasks())

    assert visibility > app.conf.task_time_limit
    assert visibility > longest_wait
    assert visibility <= 30 * 60
    assert app.conf.task_time_limit < settings.SCORING_RUN_STALL_SECONDS


def test_the_beat_schedule_names_only_registered_tasks():
    registered = {task.name for task in project_tasks()}

    assert {entry["task"] for entry in app.conf.beat_schedule.values()} <= registered


def test_a_worker_process_freezes_what_it_loaded_at_start():
    import gc

    from celery.signals import worker_process_init

    from config.celery import freeze_startup_objects

    receivers = [receiver() for _, receiver in worker_process_init.receivers]
    assert freeze_startup_objects in receivers
    try:
        freeze_startup_objects()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
