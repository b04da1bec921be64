"""Autosaves racing each other on PostgreSQL: every acknowledged save is kept, counted once."""

import threading

import pytest
from django.db import connection

from assessments.attempts.services import attempt_start, response_autosave
from assessments.models import Response
from tests.factories.attempts import assessment_with_every_kind, invited_application

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def race(count: int, save) -> list[Exception]:
    """Runs ``save(n)`` in ``count`` threads released together; returns what they raised."""
    barrier = threading.Barrier(count)
    failures: list[Exception] = []

    def run(n: int) -> None:
        barrier.wait()
        try:
            save(n)
        except Exception as error:  # the test reports every failure
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return failures


def test_first_answers_racing_on_one_item_make_one_response_with_every_revision(postgresql):
    assessment = assessment_with_every_kind(kinds=("numeric",), shuffle=False)
    application = invited_application(assessment=assessment)
    attempt = attempt_start(application=application, candidate=application.candidate)
    candidate = application.candidate

    failures = race(
        6,
        lambda n: response_autosave(
            candidate=candidate,
            attempt_id=attempt.pk,
            position=1,
            read_answer=lambda item: 100 + n,
            elapsed_ms=1000,
        ),
    )

    assert failures == []
    response = Response.objects.get(attempt=attempt)
    # The attempt's row lock queues the saves: no duplicate row, no lost revision or time.
    assert response.revision_count == 6
    assert response.time_spent_ms == 6000
    assert response.answer in range(100, 106)
