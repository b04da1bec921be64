"""A hired trainer answers a weekly batch through the candidates' attempt screen."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.audits.services import audits_close_overdue
from assessments.models import Attempt, Audit, Response, ScoreReport

pytestmark = pytest.mark.django_db

RATIONALE = "The clause moves third-party losses onto the supplier, which is an indemnity. " * 2


def test_the_dashboard_lists_open_batches_with_their_due_date_and_past_ones(batch):
    audit, client = batch
    past = Audit.objects.create(
        application=audit.application,
        assessment=audit.assessment,
        week_starting=audit.week_starting - timedelta(weeks=1),
        issued_at=audit.issued_at - timedelta(weeks=1),
        due_at=audit.due_at - timedelta(weeks=1),
        state=Audit.State.MISSED,
        missed_at=audit.due_at - timedelta(weeks=1),
    )

    page = client.get(reverse("candidates:dashboard")).content.decode()

    assert "Weekly audit batches" in page
    assert reverse("attempts:attempt", args=[audit.attempt_id]) in page
    assert timezone.localtime(audit.due_at).strftime("%-d %b %Y, %H:%M") in page
    assert page.index(">Open<") < page.index(">Missed<")
    assert str(past.week_starting.day) in page
    # The batch is not a calibration task with pay.
    assert "No calibration tasks yet" in page


def test_a_trainer_answers_resumes_and_submits_a_batch_which_is_scored(
    batch, django_capture_on_commit_callbacks
):
    audit, client = batch
    attempt = audit.attempt

    first = client.get(reverse("attempts:attempt", args=[attempt.pk]))
    assert first.url == reverse("attempts:item", args=[attempt.pk, 1])
    for number in range(1, 5):
        saved = client.post(
            reverse("attempts:answer", args=[attempt.pk, number]), {"choice": "indemnity"}
        )
        assert saved.status_code == 200
    client.get(reverse("attempts:item", args=[attempt.pk, 3]))  # where the trainer left
    flagged = client.post(
        reverse("attempts:flag", args=[attempt.pk, 2]), {"flagged": "on", "ambiguity_note": "?"}
    )
    assert flagged.status_code == 200
    resumed = client.get(reverse("attempts:attempt", args=[attempt.pk]))
    assert resumed.url == reverse("attempts:item", args=[attempt.pk, 3])
    assert Response.objects.filter(attempt=attempt, answer="indemnity").count() == 4

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("attempts:review", args=[attempt.pk]),
            {
                "action": "submit",
                "hardest": ["1", "2", "3"],
                "rationale_1": RATIONALE,
                "rationale_2": RATIONALE,
                "rationale_3": RATIONALE,
            },
            follow=True,
        )

    assert done.status_code == 200
    assert "Weekly audit batch" in done.content.decode()
    audit.refresh_from_db()
    assert audit.state == Audit.State.SUBMITTED
    assert audit.submitted_at is not None
    report = ScoreReport.objects.get(attempt=attempt, is_current=True)
    assert report.components["accuracy"] == 1.0  # both gold items right; work is not scored
    scored = report.details["items"]
    assert sum(score is not None for score in scored["score"]) == 2
    assert Attempt.objects.get(pk=attempt.pk).state == Attempt.State.SCORED


def test_a_missed_batch_says_so_and_takes_no_more_answers(batch):
    audit, client = batch
    audits_close_overdue(now=audit.due_at)

    page = client.get(reverse("attempts:attempt", args=[audit.attempt_id]), follow=True)
    refused = client.post(
        reverse("attempts:answer", args=[audit.attempt_id, 1]), {"choice": "indemnity"}
    )

    assert "recorded as missed" in page.content.decode()
    assert refused.status_code == 409
    dashboard = client.get(reverse("candidates:dashboard")).content.decode()
    assert ">Missed<" in dashboard


def test_audit_items_are_not_contested(batch):
    audit, client = batch
    audits_close_overdue(now=audit.due_at)

    assert client.get(reverse("attempts:contest", args=[audit.attempt_id])).status_code == 404
    refused = client.post(
        reverse("api:my-attempt-contests", args=[audit.attempt_id]),
        {"item": 1, "reason": "x" * 60},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "not contested" in refused.json()["item"][0]


def test_another_user_cannot_open_the_batch(batch, candidate):
    audit, _ = batch
    stranger = Client()
    stranger.force_login(candidate)

    assert stranger.get(reverse("attempts:attempt", args=[audit.attempt_id])).status_code == 404
