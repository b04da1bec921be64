"""Rubric CRUD over the REST API, under ``/api/organizations/<slug>/rubrics/``.

The same services, rules and permissions as the builder's pages: every member reads;
owners and hiring managers write (403 for recruiters and reviewers); another
organisation's rubric is a 404. Updating a rubric a review has used returns its new
version (200, with ``version`` and ``previous``); delete refuses a rubric in use (400).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core.access import WRITE_RUBRICS, OrganizationApi
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


def _rubric(view, *, write: bool = False) -> Rubric:
    """The rubric in the URL: 404 for non-members, then 403 for a write by a reader."""
    view.require(*([WRITE_RUBRICS] if write else []))
    return selectors.rubric_get(
        user=view.request.user, slug=view.kwargs["slug"], pk=view.kwargs["pk"]
    )


def _detail(view, rubric: Rubric) -> dict:
    """The rubric as stored now, with its assessments and versions."""
    rubric = selectors.rubric_get(user=view.request.user, slug=view.kwargs["slug"], pk=rubric.pk)
    selectors.attach_assessments([rubric])
    context = {"versions": selectors.rubric_versions(rubric=rubric)}
    return RubricDetailSerializer(rubric, context=context).data


def _input(request, **kwargs) -> dict:
    serializer = RubricInputSerializer(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class RubricListCreateApi(OrganizationApi, generics.ListAPIView):
    """The current version of each rubric, newest first, with criteria, levels and the
    assessments using it."""

    queryset = Rubric.objects.none()  # for the schema; reads go through the selectors

    serializer_class = RubricSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Rubric.objects.none()
        return selectors.rubrics_latest(organization=self.organization)

    def list(self, request, *args, **kwargs):
        page = selectors.attach_assessments(self.paginate_queryset(self.get_queryset()))
        return self.get_paginated_response(RubricSerializer(page, many=True).data)

    @extend_schema(request=RubricInputSerializer, responses={201: RubricDetailSerializer})
    def post(self, request, slug: str):
        organization = self.require(WRITE_RUBRICS).organization
        rubric = services.rubric_create(
            organization=organization, by=request.user, **_input(request)
        )
        return Response(_detail(self, rubric), status=status.HTTP_201_CREATED)


UPDATE_DESCRIPTION = (
    "Replaces the rubric's name, edge-case guide and criteria (PATCH: only the fields "
    "given; criteria, if given, are replaced as a whole). If a review has used this version, "
    "a new version is created (version + 1, previous = this id) and returned; assessments "
    "and answers still waiting for a first review move to it. Only the current version may "
    "be updated."
)


class RubricDetailApi(OrganizationApi):
    queryset = Rubric.objects.none()  # for the schema; reads go through the selectors
    serializer_class = RubricDetailSerializer

    def get(self, request, slug: str, pk: int):
        return Response(_detail(self, _rubric(self)))

    def _update(self, request, *, partial: bool):
        rubric = _rubric(self, write=True)
        data = {**selectors.rubric_input(rubric=rubric), **_input(request, partial=partial)}
        saved = services.rubric_update(rubric=rubric, by=request.user, **data)
        return Response(_detail(self, saved))

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
        services.rubric_delete(rubric=_rubric(self, write=True), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RubricTemplateListApi(OrganizationApi):
    """The templates a rubric can start from: error identification, preference ranking,
    span annotation."""

    queryset = Rubric.objects.none()  # for the schema; reads go through the selectors

    serializer_class = RubricTemplateSerializer
    pagination_class = None

    @extend_schema(responses=RubricTemplateSerializer(many=True))
    def get(self, request, slug: str):
        self.require()  # 404 for non-members
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


class RubricFromTemplateApi(OrganizationApi):
    """A new rubric copied from a template (named after it, “… (2)” if taken)."""

    queryset = Rubric.objects.none()  # for the schema; reads go through the selectors

    serializer_class = RubricDetailSerializer

    @extend_schema(request=FromTemplateInputSerializer, responses={201: RubricDetailSerializer})
    def post(self, request, slug: str):
        organization = self.require(WRITE_RUBRICS).organization
        serializer = FromTemplateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rubric = services.rubric_from_template(
            organization=organization,
            template_key=serializer.validated_data["template"],
            by=request.user,
        )
        return Response(_detail(self, rubric), status=status.HTTP_201_CREATED)
