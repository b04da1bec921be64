"""The e-mail that invites someone to a team: rendered from
``templates/emails/team_invitation_subject.txt`` and ``team_invitation.txt`` and sent by a
Celery task after the transaction commits (``accounts.mail``)."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.mail import message_queue
from hiring.models import TeamInvitation
from hiring.pipeline.emails import absolute_url


def invitation(invitation: TeamInvitation, *, token: str) -> None:
    from hiring.teams.services import INVITATION_DAYS, role_words

    context = {
        "invitation": invitation,
        "organization": invitation.organization,
        "inviter": invitation.invited_by,
        "role": role_words(invitation.role, invitation.is_senior_reviewer),
        "accept_url": absolute_url(reverse("join:invitation", args=[token])),
        "days": INVITATION_DAYS,
    }
    subject = " ".join(render_to_string("emails/team_invitation_subject.txt", context).split())
    body = render_to_string("emails/team_invitation.txt", context)
    message_queue(EmailMessage(subject, body, None, [invitation.email]))
