"""E-mails to candidates about their applications.

Each is rendered from ``templates/emails/<name>_subject.txt`` and ``<name>.txt`` and sent
by a Celery task after the surrounding transaction commits (``accounts.mail``), so a
rolled-back move never e-mails anyone and a mail server outage never fails a move.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from accounts.mail import message_queue
from hiring.models import Application


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(name: str, application: Application, **context) -> None:
    context = {
        "application": application,
        "candidate": application.candidate,
        "role": application.role,
        "organization": application.role.organization,
        "my_applications_url": absolute_url("/me/"),
        **context,
    }
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    body = render_to_string(f"emails/{name}.txt", context)
    message_queue(EmailMessage(subject, body, None, [application.candidate.email]))


def application_received(application: Application) -> None:
    _send("application_received", application)


def invitation(application: Application, *, start_path: str) -> None:
    """The invitation to the role's paid calibration task, with a link to start it."""
    _send("invitation", application, start_url=absolute_url(start_path))


def rejection(application: Application, *, reason: str = "") -> None:
    _send("rejection", application, reason=reason)


def stage_changed(application: Application) -> None:
    """The team moved the application on (sent when they ask for it, e.g. a bulk move)."""
    _send("stage_changed", application, next_step=application.next_step)
