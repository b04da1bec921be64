"""The team over the REST API, with the pages' rules (``services``; ``core.access``):

- ``POST /api/teams/``: create a team; the caller is its owner.
- ``/api/organizations/<slug>/team/members/``: every member lists; owners change a role
  (PATCH) or remove (DELETE) a member; any member DELETEs their own membership to leave.
- ``/api/organizations/<slug>/team/invitations/``: owners list, invite, resend, revoke.
- ``/api/organizations/<slug>/team/events/``: the team's record, for every member.
- ``POST /api/team-invitations/accept/`` and ``decline/``: the invitee answers with the
  link's token.

A non-member gets a 404; a member who is not an owner, a 403 on what owners do.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core.access import MANAGE_TEAM, OrganizationApi
from hiring.models import Membership, TeamEvent, TeamInvitation
from hiring.teams import selectors, services
from hiring.teams.serializers import (
    InvitationAnswerInputSerializer,
    InvitationInputSerializer,
    InvitationSerializer,
    MemberChangeInputSerializer,
    MemberSerializer,
    TeamCreateInputSerializer,
    TeamEventSerializer,
    TeamSerializer,
)


def _input(serializer_class, request, *, partial: bool = False) -> dict:
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class TeamCreateApi(generics.GenericAPIView):
    """Creates an organisation with the caller as its owner."""

    serializer_class = TeamSerializer

    @extend_schema(request=TeamCreateInputSerializer, responses={201: TeamSerializer})
    def post(self, request):
        data = _input(TeamCreateInputSerializer, request)
        slug = data.get("slug") or services.slug_suggestion(data["name"])
        organization = services.team_create(owner=request.user, name=data["name"], slug=slug)
        return Response(TeamSerializer(organization).data, status=status.HTTP_201_CREATED)


class MemberListApi(OrganizationApi, generics.ListAPIView):
    """The team's members (every member may read them)."""

    serializer_class = MemberSerializer
    pagination_class = None

    def get_queryset(self):
        if self.fake():
            return Membership.objects.none()
        return selectors.members_of(organization=self.organization)


class MemberDetailApi(OrganizationApi):
    """Owners change a member's role, senior reviewer flag or both (PATCH; what is left
    out stays as it is) or remove them (DELETE); a member DELETEs their own membership to
    leave. The last owner stays."""

    serializer_class = MemberSerializer

    def _membership(self, pk: int) -> Membership:
        return selectors.membership_get(organization=self.organization, pk=pk)

    @extend_schema(request=MemberChangeInputSerializer, responses={200: MemberSerializer})
    def patch(self, request, slug: str, pk: int):
        self.require(MANAGE_TEAM)
        membership = self._membership(pk)
        # Partial: a field left out keeps its value (also in a form-encoded body, where
        # DRF would otherwise read a missing boolean as false).
        data = _input(MemberChangeInputSerializer, request, partial=True)
        membership = services.membership_change(membership=membership, by=request.user, **data)
        return Response(MemberSerializer(membership).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, slug: str, pk: int):
        membership = self._membership(pk)
        if membership.user_id != request.user.pk:
            self.require(MANAGE_TEAM)
        services.membership_remove(membership=membership, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationListCreateApi(OrganizationApi, generics.ListAPIView):
    """The team's invitations, newest first, with their state (owners only); POST invites
    someone and e-mails them the link."""

    needs = (MANAGE_TEAM,)
    serializer_class = InvitationSerializer

    def get_queryset(self):
        if self.fake():
            return TeamInvitation.objects.none()
        return selectors.invitations_of(organization=self.organization)

    @extend_schema(request=InvitationInputSerializer, responses={201: InvitationSerializer})
    def post(self, request, slug: str):
        data = _input(InvitationInputSerializer, request)
        sent = services.invitation_send(organization=self.organization, by=request.user, **data)
        return Response(InvitationSerializer(sent.invitation).data, status=status.HTTP_201_CREATED)


class _InvitationActionApi(OrganizationApi):
    needs = (MANAGE_TEAM,)
    serializer_class = InvitationSerializer

    def apply(self, invitation: TeamInvitation, by) -> TeamInvitation:
        raise NotImplementedError

    @extend_schema(request=None, responses={200: InvitationSerializer})
    def post(self, request, slug: str, pk: int):
        found = selectors.invitation_get(organization=self.organization, pk=pk)
        return Response(InvitationSerializer(self.apply(found, request.user)).data)


class InvitationResendApi(_InvitationActionApi):
    """A new link (the old one stops working) and a new expiry, e-mailed again."""

    def apply(self, invitation: TeamInvitation, by) -> TeamInvitation:
        return services.invitation_resend(invitation=invitation, by=by).invitation


class InvitationRevokeApi(_InvitationActionApi):
    """The link stops working; the invitation stays in the list as revoked."""

    def apply(self, invitation: TeamInvitation, by) -> TeamInvitation:
        return services.invitation_revoke(invitation=invitation, by=by)


class TeamEventListApi(OrganizationApi, generics.ListAPIView):
    """The team's record: who changed what and when, newest first (every member)."""

    serializer_class = TeamEventSerializer

    def get_queryset(self):
        if self.fake():
            return TeamEvent.objects.none()
        return selectors.events_of(organization=self.organization)


class InvitationAcceptApi(generics.GenericAPIView):
    """The invitee joins the team: the caller's e-mail must be the invited address."""

    serializer_class = MemberSerializer

    @extend_schema(request=InvitationAnswerInputSerializer, responses={201: MemberSerializer})
    def post(self, request):
        data = _input(InvitationAnswerInputSerializer, request)
        membership = services.invitation_accept(token=data["token"], user=request.user)
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)


class InvitationDeclineApi(generics.GenericAPIView):
    """The invitee declines (a caller with another address may not)."""

    serializer_class = InvitationAnswerInputSerializer

    @extend_schema(request=InvitationAnswerInputSerializer, responses={204: None})
    def post(self, request):
        data = _input(InvitationAnswerInputSerializer, request)
        services.invitation_decline(token=data["token"], user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
