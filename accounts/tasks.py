"""Thin Celery wrappers for accounts: e-mail delivery."""

from smtplib import SMTPRecipientsRefused

from celery import shared_task

from accounts.mail import message_send
from config.celery import CalibrateTask

# A mail server that is down, refuses the connection, times out or drops it (smtplib's
# errors are OSErrors) is retried with backoff: 30 s, 1, 2, 4 and 5 minutes. A refused
# recipient is not: the same address would be refused again.
MAIL_RETRY = (*CalibrateTask.autoretry_for, OSError)


@shared_task(
    autoretry_for=MAIL_RETRY,
    dont_autoretry_for=(SMTPRecipientsRefused,),
    retry_backoff=30,
)
def email_send_task(message: dict) -> int:
    """Sends one rendered e-mail (``accounts.mail.message_to_data``); returns 1 once sent."""
    return message_send(message)
