"""Authoring over the REST API, under ``/api/organizations/<slug>/assessments/``.

The same services and rules as the pages: owners and hiring managers read and write,
gold included; recruiters read assessments and items without gold (403 on writes);
reviewers and other organisations get a 404. A frozen assessment refuses item changes
with a 400 and its message.
"""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from assessments.authoring import selectors
from assessments.authoring import services as authoring
from assessments.authoring.exporting import export_jsonl
from assessments.authoring.importing import GoldSetRefused, parse_gold_set
from assessments.authoring.serializers import (
    AssessmentInputSerializer,
    AssessmentSerializer,
    GoldChangeSerializer,
    ImportErrorSerializer,
    ImportInputSerializer,
    ImportPreviewSerializer,
    ItemInputSerializer,
    ItemSerializer,
    ItemWithGoldSerializer,
    ReorderInputSerializer,
)
from assessments.models import Item
from config.errors import ApplicationError
from core.access import EDIT_ASSESSMENTS, PIPELINE, OrganizationApi

PREVIEW_ROWS = 20


def _assessment(view):
    """The assessment in the URL (404 outside the user's pipeline)."""
    view.require()  # 404 for reviewers and strangers before anything else is read
    return selectors.assessment_get(
        user=view.request.user, slug=view.kwargs["slug"], pk=view.kwargs["pk"]
    )


def _item(view, assessment) -> Item:
    return selectors.item_get(assessment=assessment, pk=view.kwargs["item_pk"])


def _item_serializer_class(view):
    return ItemWithGoldSerializer if view.access.sees_gold else ItemSerializer


def _input(serializer_class, request, **kwargs):
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _fresh(user, assessment):
    return selectors.assessment_get(user=user, slug=assessment.organization.slug, pk=assessment.pk)


# --- Assessments ----------------------------------------------------------------------


class AssessmentListCreateApi(OrganizationApi, generics.ListAPIView):
    needs = (PIPELINE,)
    serializer_class = AssessmentSerializer

    def get_queryset(self):
        if self.fake():
            return selectors.assessments_for_user(user=None)
        return selectors.assessment_list(organization=self.organization).order_by(
            "-created_at", "-id"
        )

    @extend_schema(request=AssessmentInputSerializer, responses={201: AssessmentSerializer})
    def post(self, request, slug: str):
        self.require(EDIT_ASSESSMENTS)
        data = _input(AssessmentInputSerializer, request)
        data.pop("organization", None)
        assessment = authoring.assessment_create(
            organization=self.organization, by=request.user, **data
        )
        return Response(
            AssessmentSerializer(_fresh(request.user, assessment)).data,
            status=status.HTTP_201_CREATED,
        )


class AssessmentDetailApi(OrganizationApi):
    needs = (PIPELINE,)
    serializer_class = AssessmentSerializer

    def get(self, request, slug: str, pk: int):
        return Response(AssessmentSerializer(_assessment(self)).data)

    @extend_schema(request=AssessmentInputSerializer, responses=AssessmentSerializer)
    def patch(self, request, slug: str, pk: int):
        assessment = _assessment(self)
        self.require(EDIT_ASSESSMENTS)
        data = _input(AssessmentInputSerializer, request, partial=True)
        data.pop("organization", None)
        authoring.assessment_update(assessment=assessment, by=request.user, **data)
        return Response(AssessmentSerializer(_fresh(request.user, assessment)).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, slug: str, pk: int):
        assessment = _assessment(self)
        self.require(EDIT_ASSESSMENTS)
        authoring.assessment_delete(assessment=assessment, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AssessmentNewVersionApi(OrganizationApi):
    needs = (PIPELINE,)
    serializer_class = AssessmentSerializer

    @extend_schema(request=None, responses={201: AssessmentSerializer})
    def post(self, request, slug: str, pk: int):
        assessment = _assessment(self)
        self.require(EDIT_ASSESSMENTS)
        copy = authoring.assessment_new_version(assessment=assessment, by=request.user)
        return Response(
            AssessmentSerializer(_fresh(request.user, copy)).data, status=status.HTTP_201_CREATED
        )


class GoldHistoryApi(OrganizationApi, generics.ListAPIView):
    needs = (PIPELINE,)
    serializer_class = GoldChangeSerializer

    def get_queryset(self):
        if self.fake():
            return GoldChangeSerializer.Meta.model.objects.none()
        assessment = _assessment(self)
        self.require(EDIT_ASSESSMENTS)
        return selectors.gold_history(assessment=assessment)


# --- Items ----------------------------------------------------------------------------


def _item_fields(data: dict) -> dict:
    return {
        "prompt": data["prompt"],
        "content": data.get("content"),
        "options": data.get("options"),
        "requires_rationale": data.get("requires_rationale", False),
    }


class ItemListCreateApi(OrganizationApi):
    """Items in order; with gold for authors."""

    needs = (PIPELINE,)

    serializer_class = ItemWithGoldSerializer
    queryset = Item.objects.none()  # for the schema; reads go through the selectors
    pagination_class = None

    @extend_schema(responses=ItemWithGoldSerializer(many=True))
    def get(self, request, slug: str, pk: int):
        assessment = _assessment(self)
        items = (
            selectors.items_with_gold(assessment=assessment)
            if self.access.sees_gold
            else selectors.items_without_gold(assessment=assessment)
        )
        return Response(_item_serializer_class(self)(items, many=True).data)

    @extend_schema(request=ItemInputSerializer, responses={201: ItemWithGoldSerializer})
    def post(self, request, slug: str, pk: int):
        assessment = _assessment(self)
        self.require(EDIT_ASSESSMENTS)
        data = _input(ItemInputSerializer, request)
        if "kind" not in data:
            raise ApplicationError("Choose the item's kind.", field="kind")
        item = authoring.item_create(
            assessment=assessment, by=request.user, kind=data["kind"], gold=data["gold"],
            **_item_fields(data),
        )  # fmt: skip
        item = selectors.item_get(assessment=assessment, pk=item.pk)
        return Response(ItemWithGoldSerializer(item).data, status=status.HTTP_201_CREATED)


class ItemDetailApi(OrganizationApi):
    needs = (PIPELINE,)
    serializer_class = ItemWithGoldSerializer

    def get(self, request, slug: str, pk: int, item_pk: int):
        item = _item(self, _assessment(self))
        return Response(_item_serializer_class(self)(item).data)

    @extend_schema(
        request=ItemInputSerializer,
        responses=ItemWithGoldSerializer,
        description="Replaces the item and its gold. On a frozen assessment only the gold "
        "may differ (any other change is a 400).",
    )
    def put(self, request, slug: str, pk: int, item_pk: int):
        assessment = _assessment(self)
        self.require(EDIT_ASSESSMENTS)
        item = _item(self, assessment)
        data = _input(ItemInputSerializer, request)
        if data.get("kind", item.kind) != item.kind:
            raise ApplicationError(
                "An item's kind cannot change; delete it and add a new one.", field="kind"
            )
        authoring.item_update(
            item=item, by=request.user, gold=data["gold"], summary=data["change_summary"],
            **_item_fields(data),
        )  # fmt: skip
        return Response(ItemWithGoldSerializer(_item(self, assessment)).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, slug: str, pk: int, item_pk: int):
        assessment = _assessment(self)
        self.require(EDIT_ASSESSMENTS)
        authoring.item_delete(item=_item(self, assessment), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ItemReorderApi(OrganizationApi):
    needs = (PIPELINE,)
    serializer_class = ItemSerializer
    queryset = Item.objects.none()  # for the schema

    @extend_schema(request=ReorderInputSerializer, responses=ItemSerializer(many=True))
    def post(self, request, slug: str, pk: int):
        assessment = _assessment(self)
        self.require(EDIT_ASSESSMENTS)
        data = _input(ReorderInputSerializer, request)
        authoring.items_reorder(assessment=assessment, ordered_ids=data["order"], by=request.user)
        items = selectors.items_without_gold(assessment=assessment)
        return Response(ItemSerializer(items, many=True).data)


# --- Import and export ----------------------------------------------------------------


class GoldImportApi(OrganizationApi):
    needs = (PIPELINE,)
    serializer_class = ImportInputSerializer
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ImportInputSerializer},
        parameters=[
            OpenApiParameter("dry_run", OpenApiTypes.BOOL, description="1: only parse and preview.")
        ],
        responses={
            200: ImportPreviewSerializer,
            201: ImportPreviewSerializer,
            400: OpenApiResponse(ImportErrorSerializer, description="Nothing was imported."),
        },
    )
    def post(self, request, slug: str, pk: int):
        assessment = _assessment(self)
        self.require(EDIT_ASSESSMENTS)
        upload = _input(ImportInputSerializer, request)["file"]
        dry_run = request.query_params.get("dry_run", "").lower() in ("1", "true", "yes")
        if selectors.is_frozen(assessment):
            raise ApplicationError(authoring.FROZEN_MESSAGE, field="assessment")
        try:
            gold_set = parse_gold_set(
                upload.read(),
                filename=upload.name,
                existing=authoring.existing_fingerprints(assessment),
            )
        except GoldSetRefused as refused:
            body = {
                "file": [str(error) for error in refused.errors],
                "rows": [
                    {"row": e.row, "field": e.field, "message": e.message} for e in refused.errors
                ],
            }
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        preview = {
            "dry_run": dry_run,
            "format": gold_set.fmt,
            "count": len(gold_set.items),
            "counts_by_kind": gold_set.counts_by_kind(),
            "edge_case_count": gold_set.edge_case_count,
            "skipped": gold_set.skipped,
            "first_rows": [
                {
                    "row": i.row,
                    "kind": i.kind,
                    "prompt": i.prompt,
                    "options": i.options,
                    "is_edge_case": i.is_edge_case,
                }
                for i in gold_set.items[:PREVIEW_ROWS]
            ],
        }
        if dry_run:
            return Response(preview)
        imported = authoring.gold_set_import(
            assessment=assessment, gold_set=gold_set, by=request.user, source=upload.name
        )
        assessment.refresh_from_db(fields=["gold_version"])
        preview.update(imported=imported, gold_version=assessment.gold_version)
        return Response(preview, status=status.HTTP_201_CREATED)


class GoldExportApi(OrganizationApi):
    needs = (PIPELINE,)
    serializer_class = ItemWithGoldSerializer

    @extend_schema(
        responses={(200, "application/x-ndjson"): OpenApiTypes.STR},
        description="Every item and its gold as JSONL, the shape the import reads.",
    )
    def get(self, request, slug: str, pk: int):
        assessment = _assessment(self)
        self.require(EDIT_ASSESSMENTS)
        body = export_jsonl(selectors.items_with_gold(assessment=assessment))
        response = HttpResponse(body, content_type="application/x-ndjson; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="assessment-{assessment.pk}-v{assessment.version}-gold.jsonl"'
        )
        return response
