"""A role's shortlist over the REST API, under ``/api/organizations/<slug>/roles/<pk>/``:

- ``GET shortlist/`` — ranked rows, the page's filters and sort as query parameters, and
  ``limit``/``offset`` pages that are never counted (``next`` is null on the last page);
- ``POST shortlist/bulk/`` — move or reject many candidates; rows that cannot move are
  skipped with the reason;
- ``GET shortlist.csv`` — every row matching the filters as CSV.

The same permissions and blind-mode rules as the page: owners, hiring managers and
recruiters; reviewers and other organisations get a 404; ``name`` and ``email`` are null
while a candidate's identity is hidden. A bad filter is a 400 naming the parameter.
"""

import json

from django.db import transaction
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from hiring.models import Application, Role, ShortlistEntry
from hiring.pipeline.bulk import applications_bulk_move
from hiring.roles import selectors
from hiring.shortlist.csv_export import shortlist_csv_lines
from hiring.shortlist.filters import ShortlistFilterSet, ShortlistQuery
from hiring.shortlist.selectors import PAGE_SIZE, ShortlistPage, shortlist_page
from hiring.shortlist.serializers import (
    ShortlistBulkResultSerializer,
    ShortlistBulkSerializer,
    ShortlistPageSerializer,
    ShortlistRowSerializer,
    row_data,
)

# --- Pages that never count ------------------------------------------------------------------


class NoCountPagination(BasePagination):
    """``limit``/``offset`` pages whose ``next`` link comes from reading one row more than
    the page shows, not from counting every row: a page costs the same at any size."""

    default_limit = PAGE_SIZE
    max_limit = 100
    limit_query_param = "limit"
    offset_query_param = "offset"

    def __init__(self) -> None:
        self.request: Request | None = None
        self.page: ShortlistPage | None = None

    def _integer(self, request, name: str, default: int, *, low: int, high: int) -> int:
        raw = request.query_params.get(name, "")
        if raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise ValidationError({name: [f"Use a whole number from {low} to {high:,}."]})
        return value

    def window(self, request) -> tuple[int, int]:
        """(offset, limit) asked for; a 400 naming the parameter when either is bad."""
        self.request = request
        limit = self._integer(
            request, self.limit_query_param, self.default_limit, low=1, high=self.max_limit
        )
        offset = self._integer(request, self.offset_query_param, 0, low=0, high=10**7)
        return offset, limit

    def paginate_queryset(self, queryset, request, view=None):  # pragma: no cover - unused
        raise NotImplementedError("Read a page with window() and shortlist_page().")

    def get_next_link(self) -> str | None:
        if self.page is None or self.request is None or not self.page.has_next:
            return None
        url = self.request.build_absolute_uri()
        url = replace_query_param(url, self.limit_query_param, self.page.limit)
        return replace_query_param(url, self.offset_query_param, self.page.offset + self.page.limit)

    def get_previous_link(self) -> str | None:
        if self.page is None or self.request is None or not self.page.has_previous:
            return None
        url = self.request.build_absolute_uri()
        url = replace_query_param(url, self.limit_query_param, self.page.limit)
        offset = max(0, self.page.offset - self.page.limit)
        if offset == 0:
            return remove_query_param(url, self.offset_query_param)
        return replace_query_param(url, self.offset_query_param, offset)

    def get_paginated_response(self, data, page: ShortlistPage | None = None):
        self.page = page if page is not None else self.page
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page: {self.default_limit}, at most {self.max_limit}.",
                "schema": {"type": "integer"},
            },
            {
                "name": self.offset_query_param,
                "required": False,
                "in": "query",
                "description": "Rows to skip from the top of the ranking.",
                "schema": {"type": "integer"},
            },
        ]


class FilteredSchema(AutoSchema):
    """Documents the view's filter parameters (``ShortlistFilterSet``) although it answers
    a page object or a CSV rather than a bare list, which is when drf-spectacular would."""

    def get_filter_backends(self):
        return getattr(self.view, "filter_backends", [])


def _role(view) -> Role:
    """The role in the URL, if the user works its pipeline (row scoping: 404 otherwise)."""
    return selectors.pipeline_role_get(
        user=view.request.user, slug=view.kwargs["slug"], pk=view.kwargs["pk"], lean=True
    )


def _shortlist_query(view) -> ShortlistQuery:
    query = ShortlistFilterSet(view.request.query_params).query
    if not query.is_valid:
        raise ValidationError({name: [message] for name, message in query.errors.items()})
    return query


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class ShortlistApi(generics.GenericAPIView):
    """The role's scored candidates, highest composite first unless ``sort`` says otherwise.
    A read of one query: it needs no request-wide transaction."""

    queryset = ShortlistEntry.objects.none()  # for the schema; reads go through the selectors

    serializer_class = ShortlistRowSerializer
    pagination_class = NoCountPagination
    filter_backends = [DjangoFilterBackend]  # documents the parameters; _shortlist_query reads
    filterset_class = ShortlistFilterSet
    schema = FilteredSchema()

    @property
    def paginator(self) -> NoCountPagination:
        """``GenericAPIView.paginator``, as the pagination this view is built for."""
        paginator = super().paginator
        if not isinstance(paginator, NoCountPagination):
            raise TypeError("ShortlistApi pages with NoCountPagination.")
        return paginator

    @extend_schema(
        parameters=[
            OpenApiParameter("limit", OpenApiTypes.INT,
                             description=f"Rows per page: {PAGE_SIZE}, at most "
                             f"{NoCountPagination.max_limit}."),
            OpenApiParameter("offset", OpenApiTypes.INT,
                             description="Rows to skip from the top of the ranking."),
        ],
        responses=ShortlistPageSerializer,
    )  # fmt: skip
    def get(self, request, slug: str, pk: int):
        role = _role(self)
        query = _shortlist_query(self)
        offset, limit = self.paginator.window(request)
        page = shortlist_page(
            role=role, filters=query.filters, sort=query.sort, offset=offset, limit=limit
        )
        data = [row_data(row) for row in page.rows]
        return self.paginator.get_paginated_response(data, page=page)


class ShortlistBulkApi(generics.GenericAPIView):
    """Move (``to_stage``, optional ``notify`` e-mail) or reject (``reason`` required; each
    candidate gets the rejection e-mail with it) many of the role's candidates, all in one
    transaction; the ones that cannot move are listed in ``skipped`` with the reason (not
    part of this role, already there, or a move the pipeline does not allow)."""

    queryset = ShortlistEntry.objects.none()  # for the schema; reads go through the selectors

    serializer_class = ShortlistBulkSerializer

    @extend_schema(request=ShortlistBulkSerializer, responses=ShortlistBulkResultSerializer)
    def post(self, request, slug: str, pk: int):
        role = _role(self)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        reject = data["action"] == "reject"
        result = applications_bulk_move(
            role=role,
            application_ids=data["application_ids"],
            to_stage=Application.Stage.REJECTED if reject else data["to_stage"],
            by=request.user,
            reason=data.get("reason", "") if reject else "",
            notify=data.get("notify", False) and not reject,
        )
        return Response(
            ShortlistBulkResultSerializer(
                {
                    "moved": result.moved,
                    "skipped": [{"application": a, "reason": why} for a, why in result.skipped],
                }
            ).data
        )


class CsvRenderer(BaseRenderer):
    """Lets a client ask for ``text/csv``; an error (a dict) is written as field,message."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict):
            lines = ["field,message"]
            for name, messages in data.items():
                for message in messages if isinstance(messages, list) else [messages]:
                    lines.append(f"{name},{json.dumps(str(message), ensure_ascii=False)}")
            return "\n".join(lines) + "\n"
        return "" if data is None else str(data)


class ShortlistCsvApi(generics.GenericAPIView):
    """Every candidate matching the filters (not just a page), in the sort asked for, with
    the page's columns. Names and e-mails are empty while hidden; the pseudonym is always
    there. Cells are safe to open in a spreadsheet."""

    queryset = ShortlistEntry.objects.none()  # for the schema; reads go through the selectors

    renderer_classes = [JSONRenderer, CsvRenderer]
    filter_backends = [DjangoFilterBackend]
    filterset_class = ShortlistFilterSet
    schema = FilteredSchema()

    @extend_schema(
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV")},
    )
    def get(self, request, slug: str, pk: int):
        role = _role(self)
        query = _shortlist_query(self)
        response = StreamingHttpResponse(
            shortlist_csv_lines(role=role, filters=query.filters, sort=query.sort),
            content_type="text/csv; charset=utf-8",
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="shortlist-{role.organization.slug}-{role.pk}-{stamp}.csv"'
        )
        return response
