"""The team's REST API: the same scoping as the pages, through ``for_user``."""

from rest_framework import generics
from rest_framework.response import Response

from hiring.models import Membership, Organization, Role
from hiring.selectors import memberships_of
from hiring.serializers import (
    MeSerializer,
    OrganizationSerializer,
    RoleDetailSerializer,
    RoleSerializer,
)


class MeApi(generics.GenericAPIView):
    """Who is signed in and where they are a member."""

    serializer_class = MeSerializer

    def get(self, request):
        me = {"user": request.user, "memberships": memberships_of(user=request.user)}
        return Response(self.get_serializer(me).data)


class OrganizationListApi(generics.ListAPIView):
    serializer_class = OrganizationSerializer

    def get_queryset(self):
        return Organization.objects.for_user(self.request.user)


class RoleListApi(generics.ListAPIView):
    serializer_class = RoleSerializer
    filterset_fields = ["status", "domain", "role_type", "organization__slug"]

    def get_queryset(self):
        return Role.objects.for_user(self.request.user).select_related("organization")


class RoleDetailApi(generics.RetrieveAPIView):
    serializer_class = RoleDetailSerializer

    def get_queryset(self):
        return (
            Role.objects.for_user(self.request.user, roles=Membership.PIPELINE)
            .select_related("organization")
            .prefetch_related("responsibilities", "success_metrics")
        )
