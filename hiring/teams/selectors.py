"""Reads of a team: its members, pending invitations and record, one organisation at a
time (another organisation's rows are a 404)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from hiring.models import Membership, Organization, TeamEvent, TeamInvitation

EVENTS_SHOWN = 50


def members_of(*, organization: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.for_organization(organization)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def membership_get(*, organization: Organization, pk: int) -> Membership:
    return get_object_or_404(members_of(organization=organization), pk=pk)


def invitations_of(*, organization: Organization) -> QuerySet[TeamInvitation]:
    """Every invitation of the team, newest first (pending ones are answerable)."""
    return TeamInvitation.objects.for_organization(organization).select_related("invited_by")


def pending_invitations(*, organization: Organization) -> QuerySet[TeamInvitation]:
    return invitations_of(organization=organization).filter(state=TeamInvitation.State.PENDING)


def invitation_get(*, organization: Organization, pk: int) -> TeamInvitation:
    return get_object_or_404(invitations_of(organization=organization), pk=pk)


def events_of(*, organization: Organization) -> QuerySet[TeamEvent]:
    """The team's record, newest first."""
    return TeamEvent.objects.for_organization(organization)
