"""The Celery application: configured from Django settings (``CELERY_*``).

Every task inherits ``CalibrateTask``: acknowledged late (a killed worker's task
is redelivered, so tasks must be idempotent) and retried with exponential backoff
on transient failures of the database or the broker.
"""

import gc

from celery import Celery, Task
from celery.signals import worker_process_init
from django.db import InterfaceError, OperationalError

from config.env import use_settings_module

use_settings_module()


class CalibrateTask(Task):
    acks_late = True
    reject_on_worker_lost = True
    retry_backoff = True
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 5
    autoretry_for = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


app = Celery("calibrate", task_cls=CalibrateTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def freeze_startup_objects(**kwargs) -> None:
    """What a worker process loads at start (Django, the models, the settings) lives as long
    as the process: moved out of the cyclic collector's sight, it is not rescanned every
    time a scoring chunk's many short-lived objects trigger a collection."""
    gc.freeze()
