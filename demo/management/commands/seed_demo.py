"""``manage.py seed_demo``: fills the database with the demo world, idempotently."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core import mail
from django.core.management.base import BaseCommand
from django.test import override_settings

from demo.build import DEMO_PASSWORD, DEMO_SEED, build_demo

# Loggers whose routine lines would bury the logins table: each eager Celery task's
# "Task … succeeded" (INFO) and kombu's note on the in-memory broker's hostname (WARNING).
# Their errors still show.
IN_MEMORY = "django.core.mail.backends.locmem.EmailBackend"
QUIET_LOGGERS = {"celery.app.trace": logging.WARNING, "kombu.connection": logging.ERROR}


@contextmanager
def quiet_loggers(levels: dict[str, int] = QUIET_LOGGERS) -> Iterator[None]:
    """Raises each named logger to its level for the duration, then restores it."""
    loggers = {name: logging.getLogger(name) for name in levels}
    before = {name: logger.level for name, logger in loggers.items()}
    for name, logger in loggers.items():
        logger.setLevel(max(levels[name], logger.getEffectiveLevel()))
    try:
        yield
    finally:
        for name, logger in loggers.items():
            logger.setLevel(before[name])


class Command(BaseCommand):
    help = (
        "Creates two demo hiring teams with roles, calibration assessments (two of them with "
        "50+ items), over a hundred candidates, a pipeline with knock-out rejections, and the "
        "calibration attempts of candidates who reached the task, with payments, "
        "accommodations and open contests. Safe to run again: existing demo rows are updated, "
        "not duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=DEMO_SEED,
            help="Seed for the candidates' random details and answers (default: %(default)s).",
        )

    def handle(self, *args, seed: int, **options):
        # The story's e-mails (quality alerts, a recalibration) belong to weeks past: kept
        # in memory, not printed above the logins (nor sent, in eager mode).
        with quiet_loggers(), override_settings(EMAIL_BACKEND=IN_MEMORY):
            before = len(getattr(mail, "outbox", []))
            result = build_demo(seed=seed)
            held = len(getattr(mail, "outbox", [])) - before
        self.write_logins(result.logins)
        summary = ", ".join(f"{count} {name}" for name, count in result.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo ready: {summary}."))
        if held:
            self.stdout.write(f"The demo's {held} e-mails (alerts, recalibration) were not sent.")

    def write_logins(self, logins: list[dict]) -> None:
        columns = ("email", "name", "role", "organization")
        headers = ("E-mail", "Name", "Role", "Organisation")
        widths = [
            max(len(header), *(len(login[column]) for login in logins))
            for column, header in zip(columns, headers, strict=True)
        ]

        def line(cells) -> str:
            padded = (cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
            return "  ".join(padded).rstrip()

        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins"))
        self.stdout.write(self.style.MIGRATE_LABEL(line(headers)))
        for login in logins:
            self.stdout.write(line(login[column] for column in columns))
        self.stdout.write(f"Password for every demo login: {self.style.WARNING(DEMO_PASSWORD)}")
