"""E-mails go out from a Celery task after the move commits, retried while the mail server
is down: an SMTP outage never fails or splits a bulk move."""

import json
import logging
import smtplib
import socket

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse

from accounts.mail import message_from_data, message_to_data
from accounts.tasks import email_send_task
from hiring.models import Application
from tests.factories.shortlist import scored_application, shortlist_role

pytestmark = pytest.mark.django_db

Stage = Application.Stage
attempts: list[str] = []


class RefusingSMTPBackend(LocmemBackend):
    def send_messages(self, messages):
        attempts.append(messages[0].to[0])
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"No such user")})


class FlakySMTPBackend(LocmemBackend):
    """A mail server that drops the first connection, then delivers (to ``mail.outbox``)."""

    def send_messages(self, messages):
        attempts.append(messages[0].to[0])
        if len(attempts) == 1:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def role(org):
    return shortlist_role(org, title="Clause reviewer")


@pytest.fixture
def smtp_down(settings):
    """The real SMTP backend, aimed at a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 1


def move_with_notify(client, role, applications):
    return client.post(
        reverse("shortlist:bulk", args=[role.organization.slug, role.pk]),
        {"action": "move", "a": [a.pk for a in applications], "to_stage": "interview"}
        | {"notify": "on"},
    )


def test_an_smtp_outage_during_a_bulk_move_with_notify_moves_everyone(
    client, recruiter, role, smtp_down, caplog, django_capture_on_commit_callbacks
):
    applications = [scored_application(role, stage=Stage.SHORTLISTED) for _ in range(3)]
    client.force_login(recruiter)

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = move_with_notify(client, role, applications)

    assert response.status_code == 302
    stages = Application.objects.filter(pk__in=[a.pk for a in applications])
    assert set(stages.values_list("stage", flat=True)) == {Stage.INTERVIEW}
    assert mail.outbox == []
    failed = [r.getMessage() for r in caplog.records if r.name == "accounts.mail"]
    assert len(failed) == 3
    assert all("Could not queue the e-mail" in message for message in failed)


def test_an_smtp_outage_answers_the_api_bulk_move_with_everyone_moved(
    recruiter, role, smtp_down, django_capture_on_commit_callbacks
):
    from tests.hiring.test_shortlist_api import client_for

    applications = [scored_application(role, stage=Stage.SHORTLISTED) for _ in range(2)]

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(recruiter).post(
            reverse("api:shortlist-bulk", args=[role.organization.slug, role.pk]),
            {
                "action": "move",
                "application_ids": [a.pk for a in applications],
                "to_stage": "interview",
                "notify": True,
            },
            format="json",
        )

    assert response.status_code == 200
    assert response.json()["moved"] == [a.pk for a in applications]
    assert Application.objects.filter(stage=Stage.INTERVIEW).count() == 2


def test_a_dropped_connection_to_the_mail_server_is_retried_until_the_mail_goes_out(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakySMTPBackend"
    attempts.clear()
    message = EmailMessage("Your application", "Next: an interview.", None, ["amara@example.com"])

    # As a worker runs it (eager mode would raise the first failure to the caller instead).
    result = email_send_task.apply((message_to_data(message),), throw=False)

    assert result.get() == 1
    assert attempts == ["amara@example.com"] * 2  # dropped once, then sent
    assert [(m.subject, m.to) for m in mail.outbox] == [("Your application", ["amara@example.com"])]


def test_a_refused_recipient_is_not_retried(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingSMTPBackend"
    attempts.clear()
    message = EmailMessage("Your application", "Next.", None, ["gone@example.com"])

    result = email_send_task.apply((message_to_data(message),), throw=False)

    assert isinstance(result.result, smtplib.SMTPRecipientsRefused)
    assert attempts == ["gone@example.com"]


def test_the_mail_task_backs_off_for_minutes_not_seconds():
    assert email_send_task.retry_backoff == 30  # 30 s, 1, 2, 4 and 5 minutes
    assert email_send_task.retry_backoff_max == 300
    assert smtplib.SMTPException in email_send_task.autoretry_for or issubclass(
        smtplib.SMTPException, email_send_task.autoretry_for
    )


def test_a_message_survives_the_trip_through_the_broker_as_json():
    message = EmailMultiAlternatives(
        "Confirm", "Plain", "Calibrate <hiring@calibrate.local>", ["a@example.com"],
        cc=["b@example.com"], reply_to=["team@example.com"], headers={"X-Kind": "confirm"},
    )  # fmt: skip
    message.attach_alternative("<p>Rich</p>", "text/html")

    back = message_from_data(json.loads(json.dumps(message_to_data(message))))

    assert back.message().as_bytes() != b""
    assert (back.subject, back.body, back.from_email, back.to, back.cc, back.reply_to) == (
        "Confirm", "Plain", "Calibrate <hiring@calibrate.local>", ["a@example.com"],
        ["b@example.com"], ["team@example.com"],
    )  # fmt: skip
    assert back.extra_headers == {"X-Kind": "confirm"}
    assert back.alternatives[0][:2] == ("<p>Rich</p>", "text/html")


def test_a_rolled_back_move_queues_no_email(role, recruiter, django_capture_on_commit_callbacks):
    from django.db import transaction

    from hiring.pipeline.bulk import applications_bulk_move

    application = scored_application(role, stage=Stage.SHORTLISTED)

    def move_then_fail():
        with transaction.atomic():
            applications_bulk_move(
                role=role,
                application_ids=[application.pk],
                to_stage=Stage.INTERVIEW,
                by=recruiter,
                notify=True,
            )
            raise RuntimeError("the surrounding work failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        move_then_fail()

    assert callbacks == []
    assert mail.outbox == []
    assert Application.objects.get(pk=application.pk).stage == Stage.SHORTLISTED


def test_a_broker_that_refuses_the_email_is_logged_and_the_move_stands(
    client, recruiter, role, caplog, monkeypatch, django_capture_on_commit_callbacks
):
    from celery.app.task import Task
    from kombu.exceptions import OperationalError

    def refused(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(Task, "apply_async", refused)  # what Celery raises with no broker
    application = scored_application(role, stage=Stage.SHORTLISTED)
    client.force_login(recruiter)

    with django_capture_on_commit_callbacks(execute=True):
        response = move_with_notify(client, role, [application])

    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).stage == Stage.INTERVIEW
    assert f"Could not queue the e-mail 'Your application for {role.title}" in caplog.text
