"""Outgoing e-mail: sent by a Celery task after the transaction commits, never in a request.

A request renders its message and queues it (``message_queue``); the task
(``accounts.tasks.email_send_task``) hands it to the e-mail backend and retries with backoff
while the mail server is down. So an SMTP outage delays e-mail but never fails or splits
what the request did, and a rolled-back transaction e-mails no one. A broker that refuses
the message is logged, not raised: what the request did stands.
"""

import logging

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

logger = logging.getLogger(__name__)


def message_to_data(message: EmailMessage) -> dict:
    """The message as JSON for the broker. Attachments are not queued: we send none."""
    if message.attachments:
        raise ValueError("E-mails with attachments cannot be queued.")
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [[content, mimetype] for content, mimetype in message.alternatives]
        if isinstance(message, EmailMultiAlternatives)
        else [],
    }


def message_from_data(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data["content_subtype"]
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def message_send(data: dict) -> int:
    """The task's body: one message to the configured backend (raises if it fails)."""
    return message_from_data(data).send()


def _enqueue(data: dict) -> None:
    from accounts.tasks import email_send_task

    try:
        email_send_task.delay(data)
    except Exception:
        # The broker is down (or, in eager mode, every retry failed): the work the request
        # did stands; the e-mail is lost and logged with its recipients.
        logger.exception("Could not queue the e-mail %r to %s", data["subject"], data["to"])


def message_queue(message: EmailMessage) -> None:
    """Sends ``message`` from a Celery task once the current transaction commits."""
    data = message_to_data(message)
    transaction.on_commit(lambda: _enqueue(data))


class QueuedEmailBackend(BaseEmailBackend):
    """A connection for messages that others build and send (allauth's): queues them."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            message_queue(message)
        return len(email_messages)
