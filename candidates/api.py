"""The candidate's REST API: their own profile and applications, and the public roles.

Every query starts from ``request.user`` (own rows) or from published roles, so
another candidate's application is a 404 and a draft is never visible.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response

from assessments.audits.mine import my_quality
from candidates import services
from candidates.forms import RoleSearchForm
from candidates.selectors import applications_for_candidate_page, profile_of
from candidates.serializers import (
    ApplyInputSerializer,
    MyApplicationSerializer,
    MyQualitySerializer,
    ProfileSerializer,
    PublicRoleDetailSerializer,
    PublicRoleSerializer,
)
from hiring.models import Application
from hiring.pipeline.applying import application_apply, application_withdraw
from hiring.roles.public_selectors import public_role_get, published_roles

NESTED_SECTIONS = ("languages", "domains", "education", "experience", "work_samples")


class ProfileApi(generics.GenericAPIView):
    """Your own candidate profile. PUT replaces it (nested lists left out are emptied);
    PATCH changes only what it sends. Everything is written in one transaction."""

    serializer_class = ProfileSerializer

    def _profile(self):
        services.profile_get_or_create(user=self.request.user)
        return profile_of(user=self.request.user)

    def get(self, request):
        return Response(self.get_serializer(self._profile()).data)

    def _write(self, request, *, partial: bool):
        serializer = self.get_serializer(self._profile(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        consent = data.pop("consent", None)
        nested = {section: data.pop(section) for section in NESTED_SECTIONS if section in data}
        if not partial:
            nested = {section: nested.get(section, []) for section in NESTED_SECTIONS}
        services.profile_update(
            user=request.user,
            values=data,
            nested={k: [dict(row) for row in rows] for k, rows in nested.items()},
            consent=consent,
        )
        return Response(self.get_serializer(profile_of(user=request.user)).data)

    def put(self, request):
        return self._write(request, partial=False)

    def patch(self, request):
        return self._write(request, partial=True)


ROLE_FILTER_PARAMETERS = [
    OpenApiParameter("domain", OpenApiTypes.STR),
    OpenApiParameter("role_type", OpenApiTypes.STR),
    OpenApiParameter("modality", OpenApiTypes.STR),
    OpenApiParameter("engagement", OpenApiTypes.STR),
    OpenApiParameter("language", OpenApiTypes.STR, description="Roles that list this language."),
    OpenApiParameter(
        "min_pay",
        OpenApiTypes.DECIMAL,
        description="Roles whose pay range reaches at least this amount (own currency/unit).",
    ),
]


@extend_schema(parameters=ROLE_FILTER_PARAMETERS)
class PublicRoleListApi(generics.ListAPIView):
    """Published roles, readable without an account, with the page's filters."""

    serializer_class = PublicRoleSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends = []

    def get_queryset(self):
        search = RoleSearchForm(self.request.query_params or None)
        if search.is_bound and not search.is_valid():
            raise serializers.ValidationError(
                {field: list(errors) for field, errors in search.errors.items()}
            )
        return published_roles(**search.filters())


class PublicRoleDetailApi(generics.RetrieveAPIView):
    """One published (or paused) role; drafts and closed roles are a 404."""

    serializer_class = PublicRoleDetailSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends = []

    def get_object(self):
        return public_role_get(pk=self.kwargs["pk"])


class MyApplicationListApi(generics.ListCreateAPIView):
    """Your applications (GET) or a new one with knock-out answers (POST)."""

    serializer_class = MyApplicationSerializer
    filter_backends = []

    def get_queryset(self):
        return applications_for_candidate_page(user=self.request.user)

    @extend_schema(request=ApplyInputSerializer, responses={201: MyApplicationSerializer})
    def post(self, request):
        payload = ApplyInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        application = application_apply(
            candidate=request.user,
            role_id=payload.validated_data["role"],
            answers=payload.validated_data["knockout_answers"],
        )
        return Response(MyApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


class MyQualityApi(generics.GenericAPIView):
    """Your quality as a hired trainer, per role: each audit week's measures (newest
    first) and your first 90 days against the role's success metrics. Only your own
    numbers: never gold, never another trainer."""

    serializer_class = MyQualitySerializer
    filter_backends = []

    @extend_schema(responses=MyQualitySerializer(many=True))
    def get(self, request):
        return Response(MyQualitySerializer(my_quality(user=request.user), many=True).data)


class MyApplicationWithdrawApi(generics.GenericAPIView):
    """Withdraw one of your open applications."""

    serializer_class = MyApplicationSerializer
    filter_backends = []

    def get_queryset(self):
        return Application.objects.filter(candidate=self.request.user)

    @extend_schema(request=None, responses=MyApplicationSerializer)
    def post(self, request, pk: int):
        application = get_object_or_404(self.get_queryset(), pk=pk)
        application = application_withdraw(candidate=request.user, application_id=application.pk)
        return Response(self.get_serializer(application).data)
