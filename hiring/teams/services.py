"""Self-service teams: creating one, inviting people with a role, their answer, and the
owners' changes to the team. Every change is written to the team's record
(``TeamEvent``) in the same transaction.

The rules:
- Only owners manage the team (invite, resend, revoke, change roles, remove); any member
  may leave. Hiring managers do not invite: who joins a team, and with which access to
  gold and candidates, is the owners' call (``core.access.MANAGE_TEAM``).
- An invitation names an e-mail address and a role (hiring manager, recruiter or
  reviewer, with or without the senior reviewer flag). Its link carries a secret, stored
  only as a hash; it expires after ``INVITATION_DAYS``; a resend issues a new link (the
  old one stops working) and a new expiry. Only the invitee answers it: accepting needs
  an account with the invited address (an invitee without one signs up through the link).
- Invitation e-mails are capped: ``settings.TEAM_INVITATIONS_PER_DAY`` sends and resends
  per organisation in 24 hours, and ``INVITATION_RESENDS_MAX`` resends per invitation.
  Both are counted from the database (the team's record, ``send_count``) under the
  team's lock, so they hold across workers.
- The last owner can neither leave, be removed nor be demoted.
- Owners' changes check again, under the team's lock, that the actor is still an owner:
  an owner demoted or removed by another while their own change waited is refused, as
  any non-owner is (two owners demoting each other leave one owner).
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from config.errors import ApplicationError
from config.json_input import storable
from core.access import MANAGE_TEAM
from hiring.models import (
    INVITATION_ROLES,
    Membership,
    Organization,
    TeamEvent,
    TeamInvitation,
)
from hiring.teams import emails

INVITATION_DAYS = 14
NAME_MAX_LENGTH: int = Organization._meta.get_field("name").max_length or 200
SLUG_MAX_LENGTH: int = Organization._meta.get_field("slug").max_length or 80
SLUG_MIN_LENGTH = 3
EMAIL_MAX_LENGTH: int = TeamInvitation._meta.get_field("email").max_length or 254
# Slugs that would read as something else in a URL or an e-mail.
RESERVED_SLUGS = frozenset({"new", "admin", "api", "teams", "team", "me", "calibrate", "www"})
# Lowercase ASCII letters and digits in words joined by single hyphens (``slugify`` alone
# would let underscores through).
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
INVITATION_RESENDS_MAX = 5
INVITATION_WINDOW = timedelta(hours=24)
PENDING = TeamInvitation.State.PENDING
OWNER = Membership.Role.OWNER
LAST_OWNER = "The team needs an owner: make someone else an owner first."


@dataclass(frozen=True)
class SentInvitation:
    invitation: TeamInvitation
    token: str  # the secret of the link just e-mailed; never stored


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


LABEL_MAX_LENGTH: int = TeamEvent._meta.get_field("actor_label").max_length or 254


def person_label(user) -> str:
    """How the record names someone, as they were then (cut to fit the record)."""
    label = f"{user.full_name} <{user.email}>" if user.full_name else user.email
    return label[:LABEL_MAX_LENGTH]


def _record(organization, *, actor, action, subject: str = "", detail: str = "") -> None:
    TeamEvent.objects.create(
        organization=organization,
        actor=actor,
        actor_label=person_label(actor) if actor is not None else "Calibrate",
        action=action,
        subject=subject,
        detail=detail[:300],
    )


# --- The team ---------------------------------------------------------------------------


def slug_suggestion(name: str) -> str:
    """A free slug from the name: ``slugify``, cut to length, numbered if taken."""
    base = re.sub(r"[-_]+", "-", slugify(name))[: SLUG_MAX_LENGTH - 4].strip("-") or "team"
    if len(base) < SLUG_MIN_LENGTH:
        base = f"{base}-team"
    candidate, number = base, 2
    while candidate in RESERVED_SLUGS or Organization.objects.filter(slug=candidate).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def organization_name_clean(name: str) -> str:
    name = storable(" ".join((name or "").split()), "name")
    if not name:
        raise ApplicationError("Name your organisation.", field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise ApplicationError(f"Keep the name under {NAME_MAX_LENGTH} characters.", field="name")
    return name


def slug_clean(slug: str) -> str:
    slug = (slug or "").strip().lower()
    if not slug:
        raise ApplicationError("Choose the address of your team's pages.", field="slug")
    if len(slug) < SLUG_MIN_LENGTH or len(slug) > SLUG_MAX_LENGTH:
        raise ApplicationError(
            f"Use {SLUG_MIN_LENGTH} to {SLUG_MAX_LENGTH} characters.", field="slug"
        )
    if not SLUG_PATTERN.fullmatch(slug):
        raise ApplicationError(
            "Use lowercase letters, digits and hyphens only, e.g. “acme-legal-ai”.",
            field="slug",
        )
    if slug in RESERVED_SLUGS:
        raise ApplicationError(f"“{slug}” is reserved; choose another.", field="slug")
    if Organization.objects.filter(slug=slug).exists():
        raise ApplicationError(
            f"“{slug}” is taken; “{slug_suggestion(slug)}” is free.", field="slug"
        )
    return slug


def team_create(*, owner: User, name: str, slug: str) -> Organization:
    """A new organisation with ``owner`` as its owner (and first member)."""
    name, slug = organization_name_clean(name), slug_clean(slug)
    try:
        with transaction.atomic():
            organization = Organization.objects.create(name=name, slug=slug)
            Membership.objects.create(user=owner, organization=organization, role=OWNER)
            _record(organization, actor=owner, action=TeamEvent.Action.CREATED, subject=name)
    except IntegrityError:  # the slug was taken between the check and the insert
        raise ApplicationError(
            f"“{slug}” is taken; “{slug_suggestion(slug)}” is free.", field="slug"
        ) from None
    return organization


# --- Invitations ----------------------------------------------------------------------------


def _role_clean(role: str, *, allowed=INVITATION_ROLES) -> str:
    if role not in {r.value for r in allowed}:
        labels = ", ".join(Membership.Role(r).label.lower() for r in allowed)
        raise ApplicationError(f"Choose one of: {labels}.", field="role")
    return role


def _issue(invitation: TeamInvitation, now) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=INVITATION_DAYS)
    return token


def _lock_team(organization: Organization) -> None:
    """Serialises the team's changes (membership counts, pending invitations)."""
    Organization.objects.select_for_update().filter(pk=organization.pk).first()


def _member_under_lock(membership: Membership) -> Membership:
    """The member as they are now, read under ``_lock_team``: a change that waited for the
    lock while another owner removed them is refused in words, not a server error."""
    current = (
        Membership.objects.select_related("user", "organization").filter(pk=membership.pk).first()
    )
    if current is None:
        raise ApplicationError("This person is no longer a member of the team.")
    return current


def _still_owner(organization: Organization, by: User) -> None:
    """Refuses, as a non-owner is refused, an actor who stopped being an owner after the
    caller checked (another owner demoted or removed them meanwhile). Call it under
    ``_lock_team``."""
    if not Membership.objects.filter(organization=organization, user=by, role=OWNER).exists():
        raise PermissionDenied(MANAGE_TEAM.refusal)


def _lock_team_as_owner(organization: Organization, by: User) -> None:
    """``_lock_team``, then ``_still_owner``: an owner's change to the team."""
    _lock_team(organization)
    _still_owner(organization, by)


def _invitation_quota(organization: Organization, now) -> None:
    """Refuses one more invitation e-mail once the team has sent its day's worth (sends
    and resends in the last 24 hours, from the team's record). Call it under
    ``_lock_team``."""
    limit = settings.TEAM_INVITATIONS_PER_DAY
    sent = TeamEvent.objects.filter(
        organization=organization,
        action__in=[TeamEvent.Action.INVITED, TeamEvent.Action.RESENT],
        created_at__gt=now - INVITATION_WINDOW,
    ).count()
    if sent >= limit:
        raise ApplicationError(
            f"Your team has sent {limit} invitation e-mails in the last 24 hours, the most "
            "a day allows. Try again tomorrow."
        )


def invitation_send(
    *, organization: Organization, by: User, email: str, role: str, is_senior_reviewer=False
) -> SentInvitation:
    email = User.objects.normalize_email((email or "").strip()).lower()
    if not email:
        raise ApplicationError("Enter the e-mail address to invite.", field="email")
    if len(email) > EMAIL_MAX_LENGTH:
        raise ApplicationError(
            f"Keep the address under {EMAIL_MAX_LENGTH} characters.", field="email"
        )
    role = _role_clean(role)
    with transaction.atomic():
        _lock_team_as_owner(organization, by)
        if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
            raise ApplicationError(f"{email} is already a member of the team.", field="email")
        if TeamInvitation.objects.filter(
            organization=organization, email__iexact=email, state=PENDING
        ).exists():
            raise ApplicationError(
                f"{email} is already invited: resend or revoke that invitation.", field="email"
            )
        now = timezone.now()
        _invitation_quota(organization, now)
        invitation = TeamInvitation(
            organization=organization,
            email=email,
            role=role,
            is_senior_reviewer=bool(is_senior_reviewer),
            invited_by=by,
        )
        token = _issue(invitation, now)
        invitation.save()
        _record(
            organization,
            actor=by,
            action=TeamEvent.Action.INVITED,
            subject=email,
            detail=role_words(role, invitation.is_senior_reviewer),
        )
        emails.invitation(invitation, token=token)
    return SentInvitation(invitation=invitation, token=token)


def _pending(invitation: TeamInvitation, verb: str) -> None:
    if invitation.state != PENDING:
        raise ApplicationError(
            f"This invitation was {invitation.get_state_display().lower()}; it cannot be {verb}."
        )


def invitation_resend(*, invitation: TeamInvitation, by: User) -> SentInvitation:
    """A new link (the old one stops working) and a new expiry, e-mailed again (at most
    ``INVITATION_RESENDS_MAX`` times, within the team's daily cap)."""
    with transaction.atomic():
        invitation = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
        _pending(invitation, "re-sent")
        _lock_team_as_owner(invitation.organization, by)
        if invitation.send_count > INVITATION_RESENDS_MAX:
            raise ApplicationError(
                f"The invitation to {invitation.email} was already re-sent "
                f"{INVITATION_RESENDS_MAX} times, the most allowed. Check the address with "
                "them, or revoke the invitation."
            )
        now = timezone.now()
        _invitation_quota(invitation.organization, now)
        token = _issue(invitation, now)
        invitation.send_count += 1
        invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "send_count"])
        _record(
            invitation.organization,
            actor=by,
            action=TeamEvent.Action.RESENT,
            subject=invitation.email,
        )
        emails.invitation(invitation, token=token)
    return SentInvitation(invitation=invitation, token=token)


def invitation_revoke(*, invitation: TeamInvitation, by: User) -> TeamInvitation:
    with transaction.atomic():
        invitation = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
        _pending(invitation, "revoked")
        _lock_team_as_owner(invitation.organization, by)
        invitation.state = TeamInvitation.State.REVOKED
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["state", "responded_at"])
        _record(
            invitation.organization,
            actor=by,
            action=TeamEvent.Action.REVOKED,
            subject=invitation.email,
        )
    return invitation


def invitation_by_token(token: str) -> TeamInvitation | None:
    """The invitation a link names (any state), or None for a link that names none."""
    if not token or len(token) > 100:
        return None
    return (
        TeamInvitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_problem(invitation: TeamInvitation | None, *, now=None) -> str:
    """Why the link can no longer be answered, or "" while it can."""
    if invitation is None:
        return "This invitation link is not valid. It may have been re-sent: use the newest e-mail."
    if invitation.state != PENDING:
        return f"This invitation was {invitation.get_state_display().lower()}."
    if invitation.is_expired(now or timezone.now()):
        return (
            "This invitation has expired. Ask the team's owner "
            f"({invitation.invited_by or 'the team'}) to send it again."
        )
    return ""


def _answerable(token: str) -> TeamInvitation:
    invitation = invitation_by_token(token)
    if invitation is not None:
        invitation = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(invitation)
    if problem:
        raise ApplicationError(problem, field="token")
    assert invitation is not None
    return invitation


def email_matches(invitation: TeamInvitation, user) -> bool:
    return user.email.lower() == invitation.email.lower()


def invitation_accept(*, token: str, user: User) -> Membership:
    """The invitee joins the team with the invited role. ``user`` must be signed in with
    the invited address."""
    with transaction.atomic():
        invitation = _answerable(token)
        if not email_matches(invitation, user):
            raise ApplicationError(
                f"This invitation is for {invitation.email}; you are signed in as {user.email}. "
                "Sign in with the invited address to accept it.",
                field="token",
            )
        organization = invitation.organization
        _lock_team(organization)
        if Membership.objects.filter(organization=organization, user=user).exists():
            raise ApplicationError(f"You are already a member of {organization}.", field="token")
        membership = Membership.objects.create(
            user=user,
            organization=organization,
            role=invitation.role,
            is_senior_reviewer=invitation.is_senior_reviewer,
        )
        invitation.state = TeamInvitation.State.ACCEPTED
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["state", "responded_at"])
        _record(
            organization,
            actor=user,
            action=TeamEvent.Action.ACCEPTED,
            detail=role_words(membership.role, membership.is_senior_reviewer),
        )
    return membership


def invitation_decline(*, token: str, user: User | None = None) -> TeamInvitation:
    """The invitee says no. The link is the proof (it went to the invited address); a
    signed-in user with another address may not answer for them."""
    with transaction.atomic():
        invitation = _answerable(token)
        if user is not None and user.is_authenticated and not email_matches(invitation, user):
            raise ApplicationError(
                f"This invitation is for {invitation.email}; you are signed in as {user.email}.",
                field="token",
            )
        invitation.state = TeamInvitation.State.DECLINED
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["state", "responded_at"])
        actor = user if user is not None and user.is_authenticated else None
        TeamEvent.objects.create(
            organization=invitation.organization,
            actor=actor,
            actor_label=person_label(actor) if actor else invitation.email,
            action=TeamEvent.Action.DECLINED,
        )
    return invitation


# --- Members ---------------------------------------------------------------------------------


def role_words(role: str, is_senior_reviewer: bool) -> str:
    label = Membership.Role(role).label.lower()
    return f"{label}, senior reviewer" if is_senior_reviewer else label


def _owners(organization: Organization) -> int:
    return Membership.objects.filter(organization=organization, role=OWNER).count()


def membership_change(
    *,
    membership: Membership,
    by: User,
    role: str | None = None,
    is_senior_reviewer: bool | None = None,
) -> Membership:
    """Changes a member's role, senior reviewer flag or both (owners only: the caller
    checks, and this checks again under the lock). What is left out (None) stays."""
    if role is None and is_senior_reviewer is None:
        raise ApplicationError("Send the new role, the senior reviewer flag or both.")
    if role is not None:
        role = _role_clean(role, allowed=Membership.Role)
    with transaction.atomic():
        _lock_team_as_owner(membership.organization, by)
        membership = _member_under_lock(membership)
        role = membership.role if role is None else role
        senior = membership.is_senior_reviewer if is_senior_reviewer is None else is_senior_reviewer
        if membership.role == OWNER and role != OWNER and _owners(membership.organization) == 1:
            raise ApplicationError(LAST_OWNER, field="role")
        before = role_words(membership.role, membership.is_senior_reviewer)
        after = role_words(role, bool(senior))
        if before == after:
            return membership
        membership.role, membership.is_senior_reviewer = role, bool(senior)
        membership.save(update_fields=["role", "is_senior_reviewer"])
        _record(
            membership.organization,
            actor=by,
            action=TeamEvent.Action.ROLE_CHANGED,
            subject=person_label(membership.user),
            detail=f"from {before} to {after}",
        )
    return membership


def membership_remove(*, membership: Membership, by: User) -> None:
    """Removes a member, or lets a member leave (``by`` is the member). Their work stays."""
    with transaction.atomic():
        _lock_team(membership.organization)
        membership = _member_under_lock(membership)
        leaving = membership.user_id == by.pk
        if not leaving:
            _still_owner(membership.organization, by)
        if membership.role == OWNER and _owners(membership.organization) == 1:
            raise ApplicationError(
                "You are the team's last owner: make someone else an owner before you leave."
                if leaving
                else LAST_OWNER
            )
        membership.delete()
        if leaving:
            _record(membership.organization, actor=by, action=TeamEvent.Action.LEFT)
        else:
            _record(
                membership.organization,
                actor=by,
                action=TeamEvent.Action.REMOVED,
                subject=person_label(membership.user),
                detail=role_words(membership.role, membership.is_senior_reviewer),
            )
