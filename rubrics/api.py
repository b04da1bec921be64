"""Rubric CRUD over the REST API, under ``/api/organizations/<slug>/rubrics/``.

The same services, rules and permissions as the builder's pages: every member reads;
owners and hiring managers write (403 for recruiters and reviewers); another
organisation's rubric is a 404. Updating a rubric a review has used returns its new
version (200, with ``version`` and ``previous``); delete refuses a rubric in use (400).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from rubrics import selectors, services
from rubrics.models import Rubric
from rubrics.rubric_templates import RUBRIC_TEMPLATES
from rubrics.serializers import (
    FromTemplateInputSerializer,
    RubricDetailSerializer,
    RubricInputSerializer,
    RubricSerializer,
    RubricTemplateSerializer,
)


class RubricApi(generics.GenericAPIView):
    """Resolves ``slug`` to an organisation the user belongs to (else 404)."""

    queryset = Rubric.objects.none()  # for the schema; reads go through the selectors

    def organization(self, *, write: bool = False):
        organization, _ = selectors.rubric_organization_get(
            user=self.request.user, slug=self.kwargs["slug"], write=write
        )
        return organization

    def rubric(self, *, write: bool = False) -> Rubric:
        self.organization(write=write)  # 404 for non-members, then 403 for readers
        return selectors.rubric_get(
            user=self.request.user, slug=self.kwargs["slug"], pk=self.kwargs["pk"]
        )

    def detail(self, rubric: Rubric) -> dict:
        """The rubric as stored now, with its assessments and versions."""
        rubric = selectors.rubric_get(
            user=self.request.user, slug=self.kwargs["slug"], pk=rubric.pk
        )
        selectors.attach_assessments([rubric])
        context = {"versions": selectors.rubric_versions(rubric=rubric)}
        return RubricDetailSerializer(rubric, context=context).data


def _input(request, **kwargs) -> dict:
    serializer = RubricInputSerializer(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class RubricListCreateApi(RubricApi, generics.ListAPIView):
    """The current version of each rubric, newest first, with criteria, levels and the
    assessments using it."""

    serializer_class = RubricSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Rubric.objects.none()
        return selectors.rubrics_latest(organization=self.organization())

    def list(self, request, *args, **kwargs):
        page = selectors.attach_assessments(self.paginate_queryset(self.get_queryset()))
        return self.get_paginated_response(RubricSerializer(page, many=True).data)

    @extend_schema(request=RubricInputSerializer, responses={201: RubricDetailSerializer})
    def post(self, request, slug: str):
        organization = self.organization(write=True)
        rubric = services.rubric_create(
            organization=organization, by=request.user, **_input(request)
        )
        return Response(self.detail(rubric), status=status.HTTP_201_CREATED)


UPDATE_DESCRIPTION = (
    "Replaces the rubric's name, edge-case guide and criteria (PATCH: only the fields "
    "given; criteria, if given, are replaced as a whole). If a review has used this version, "
    "a new version is created (version + 1, previous = this id) and returned; assessments "
    "and answers still waiting for a first review move to it. Only the current version may "
    "be updated."
)


class RubricDetailApi(RubricApi):
    serializer_class = RubricDetailSerializer

    def get(self, request, slug: str, pk: int):
        return Response(self.detail(self.rubric()))

    def _update(self, request, *, partial: bool):
        rubric = self.rubric(write=True)
        data = {**selectors.rubric_input(rubric=rubric), **_input(request, partial=partial)}
        saved = services.rubric_update(rubric=rubric, by=request.user, **data)
        return Response(self.detail(saved))

    @extend_schema(
        request=RubricInputSerializer,
        responses=RubricDetailSerializer,
        description=UPDATE_DESCRIPTION,
    )
    def put(self, request, slug: str, pk: int):
        return self._update(request, partial=False)

    @extend_schema(
        request=RubricInputSerializer,
        responses=RubricDetailSerializer,
        description=UPDATE_DESCRIPTION,
    )
    def patch(self, request, slug: str, pk: int):
        return self._update(request, partial=True)

    @extend_schema(
        request=None,
        responses={204: None},
        description="Deletes a rubric nothing uses; 400 if a review, a queued answer or an "
        "assessment uses it.",
    )
    def delete(self, request, slug: str, pk: int):
        services.rubric_delete(rubric=self.rubric(write=True), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RubricTemplateListApi(RubricApi):
    """The templates a rubric can start from: error identification, preference ranking,
    span annotation."""

    serializer_class = RubricTemplateSerializer
    pagination_class = None

    @extend_schema(responses=RubricTemplateSerializer(many=True))
    def get(self, request, slug: str):
        self.organization()
        rows = [
            {
                "key": template.key,
                "name": template.name,
                "summary": template.summary,
                "criteria": [criterion.name for criterion in template.criteria],
            }
            for template in RUBRIC_TEMPLATES
        ]
        return Response(RubricTemplateSerializer(rows, many=True).data)


class RubricFromTemplateApi(RubricApi):
    """A new rubric copied from a template (named after it, “… (2)” if taken)."""

    serializer_class = RubricDetailSerializer

    @extend_schema(request=FromTemplateInputSerializer, responses={201: RubricDetailSerializer})
    def post(self, request, slug: str):
        organization = self.organization(write=True)
        serializer = FromTemplateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rubric = services.rubric_from_template(
            organization=organization,
            template_key=serializer.validated_data["template"],
            by=request.user,
        )
        return Response(self.detail(rubric), status=status.HTTP_201_CREATED)
