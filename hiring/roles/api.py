"""The team's REST API for organisations and roles: the same scoping as the pages, through
``for_user``.

Reads answer 404 for anything outside the user's organisations (and, for the
pipeline, outside the roles they may work); writes to a role the user can see but
not write (a recruiter) answer 403.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core import access
from core.access import memberships_of
from hiring.models import Organization, Role
from hiring.roles import selectors, services
from hiring.roles.role_templates import ROLE_TEMPLATES
from hiring.roles.serializers import (
    MeSerializer,
    OrganizationSerializer,
    RoleSerializer,
    RoleStatusSerializer,
    RoleTemplateSerializer,
    RoleWriteSerializer,
    TeamRoleSerializer,
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


def _team_role(role: Role) -> Role:
    """The role as saved, with what TeamRoleSerializer shows, in a fixed number of queries."""
    role = Role.objects.select_related("organization", "status_changed_by").get(pk=role.pk)
    return selectors.role_with_spec(role=role)


def _require_author(request, role: Role) -> None:
    access.require(
        access.access_for(user=request.user, organization=role.organization),
        access.WRITE_ROLES,
    )


@extend_schema_view(
    post=extend_schema(
        request=RoleWriteSerializer,
        responses={201: TeamRoleSerializer},
        description="Create a draft role with its responsibilities, metrics and languages, "
        "all saved or none. Owners and hiring managers of the organisation only.",
    )
)
class RoleListApi(generics.ListCreateAPIView):
    """Roles of the user's organisations; owners and hiring managers create them."""

    serializer_class = RoleSerializer
    filterset_fields = ["status", "domain", "role_type", "organization__slug"]

    def get_queryset(self):
        return Role.objects.for_user(self.request.user).select_related("organization")

    def get_serializer_class(self):
        return RoleWriteSerializer if self.request.method == "POST" else RoleSerializer

    def create(self, request, *args, **kwargs):
        serializer = RoleWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        role = services.role_create(
            organization=serializer.validated_data["organization"],
            by=request.user,
            **serializer.service_kwargs(),
        )
        return Response(TeamRoleSerializer(_team_role(role)).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(responses=TeamRoleSerializer),
    put=extend_schema(request=RoleWriteSerializer, responses=TeamRoleSerializer),
    patch=extend_schema(request=RoleWriteSerializer, responses=TeamRoleSerializer),
)
class RoleDetailApi(generics.RetrieveUpdateAPIView):
    """One role of the user's pipeline; owners and hiring managers rewrite it."""

    serializer_class = TeamRoleSerializer

    def get_queryset(self):
        return (
            Role.objects.for_user(self.request.user, roles=access.PIPELINE_ROLES)
            .select_related("organization", "status_changed_by", "assessment")
            .prefetch_related("responsibilities", "success_metrics", "languages")
        )

    def update(self, request, *args, **kwargs):
        role = self.get_object()
        _require_author(request, role)
        serializer = RoleWriteSerializer(
            role,
            data=request.data,
            partial=kwargs.get("partial", False),
            context={"request": request},
        )
        serializer.is_valid(raise_exception=True)
        role = services.role_update(role=role, **serializer.service_kwargs())
        return Response(TeamRoleSerializer(_team_role(role)).data)


class RoleStatusApi(generics.GenericAPIView):
    """Move a role through draft → published ⇄ paused → closed (who and when are kept)."""

    serializer_class = RoleStatusSerializer

    def get_queryset(self):
        return Role.objects.for_user(self.request.user, roles=access.PIPELINE_ROLES).select_related(
            "organization"
        )

    @extend_schema(request=RoleStatusSerializer, responses=TeamRoleSerializer)
    def post(self, request, pk: int):
        role = self.get_object()
        _require_author(request, role)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        role = services.role_set_status(
            role=role, status=serializer.validated_data["status"], by=request.user
        )
        return Response(TeamRoleSerializer(_team_role(role)).data)


class RoleTemplateListApi(APIView):
    """The starting points for a new role, one per role type."""

    @extend_schema(responses=RoleTemplateSerializer(many=True))
    def get(self, request):
        return Response(RoleTemplateSerializer(ROLE_TEMPLATES, many=True).data)
