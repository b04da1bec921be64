"""The team's REST API for the pipeline (applications, moves, notes, candidate detail,
reveal, compare): the same scoping as the pages, through ``for_user``.

Reads answer 404 for anything outside the user's organisations (and, for the
pipeline, outside the roles they may work); writes to a role the user can see but
not write (a recruiter) answer 403.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core import access, blind
from hiring.models import Application, Note, Role
from hiring.pipeline import selectors, services
from hiring.pipeline.candidate_detail import (
    CandidateDetail,
    candidate_detail,
    compare_applications,
    compare_ids,
    compare_view,
)
from hiring.pipeline.serializers import (
    CandidateDetailSerializer,
    CompareSerializer,
    MoveSerializer,
    NoteSerializer,
    RevealInputSerializer,
    RevealResultSerializer,
    TeamApplicationDetailSerializer,
    TeamApplicationSerializer,
)
from hiring.roles import selectors as roles_selectors


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter(
                "stage",
                OpenApiTypes.STR,
                enum=Application.Stage.values,
                description="Only applications at this pipeline stage.",
            )
        ]
    )
)
class RoleApplicationListApi(generics.ListAPIView):
    """Applications to one role, newest first (owners, hiring managers, recruiters). Each
    candidate appears as blind mode allows: identity fields are null while hidden."""

    serializer_class = TeamApplicationSerializer
    _role = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # building the schema
            return Application.objects.none()
        roles = Role.objects.for_user(self.request.user, roles=access.PIPELINE_ROLES)
        self._role = role = get_object_or_404(roles, pk=self.kwargs["pk"])
        stage = self.request.query_params.get("stage", "")
        if stage and stage not in Application.Stage.values:
            raise ValidationError({"stage": [f"“{stage}” is not a pipeline stage."]})
        return selectors.applications_for_role(role=role, stage=stage)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        context = {
            **self.get_serializer_context(),
            "identities": blind.identities(rows, role=self._role),
        }
        data = self.get_serializer(rows, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)


def _with_identity(serializer_class, application: Application, **kwargs) -> dict:
    """``serializer_class(application).data`` with the candidate as blind mode allows."""
    context = {"identities": {application.pk: blind.identity_of(application)}}
    return serializer_class(application, context=context, **kwargs).data


def _team_applications(request):
    """Applications whose pipeline the user works (row scoping; else 404)."""
    return selectors.pipeline_applications(user=request.user).select_related("candidate", "role")


class TeamApplicationDetailApi(generics.RetrieveAPIView):
    """One application with its knock-out answers and stage history; the candidate as blind
    mode allows (see also the full candidate detail under /organizations/<slug>/)."""

    serializer_class = TeamApplicationDetailSerializer

    def get_queryset(self):
        return _team_applications(self.request).prefetch_related("stage_changes__changed_by")

    def retrieve(self, request, *args, **kwargs):
        return Response(_with_identity(TeamApplicationDetailSerializer, self.get_object()))


class ApplicationMoveApi(generics.GenericAPIView):
    """Move an application along the pipeline. Inviting sends the assessment invitation;
    rejecting e-mails the candidate (with the reason, if given)."""

    serializer_class = MoveSerializer

    def get_queryset(self):
        return _team_applications(self.request)

    @extend_schema(request=MoveSerializer, responses=TeamApplicationDetailSerializer)
    def post(self, request, pk: int):
        application = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.pipeline_move(
            application=application,
            to_stage=serializer.validated_data["stage"],
            by=request.user,
            reason=serializer.validated_data["reason"],
        )
        return Response(_with_identity(TeamApplicationDetailSerializer, application))


class ApplicationNoteListApi(generics.ListCreateAPIView):
    """The team's notes on an application, newest first. Candidates never see them."""

    serializer_class = NoteSerializer

    def _application(self) -> Application:
        return get_object_or_404(_team_applications(self.request), pk=self.kwargs["pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # building the schema
            return Note.objects.none()
        return selectors.notes_of(application=self._application())

    def create(self, request, *args, **kwargs):
        application = self._application()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = services.note_create(
            application=application, author=request.user, body=serializer.validated_data["body"]
        )
        return Response(self.get_serializer(note).data, status=status.HTTP_201_CREATED)


# --- Candidate detail, reveal and compare ----------------------------------------------------
#
# Under /api/organizations/<slug>/, for the pipeline (owners, hiring managers, recruiters):
# another organisation's application or role, or a reviewer asking, is a 404. Identity follows
# blind mode exactly as on the pages: null while hidden, never present with a value.


def _score_payload(detail: CandidateDetail) -> dict | None:
    score = detail.score
    if detail.report is None or detail.attempt is None or score is None:
        return None
    return {
        "attempt": detail.attempt.pk,
        "scored_at": detail.report.created_at,
        "composite": detail.report.composite,
        "passed_all_gates": not score.failed_gates,
        "failed_gates": score.failed_gates,
        "pending_gates": score.pending_gates,
        "components": score.components,
        "accuracy_by_kind": score.by_kind,
        "edge_cases": score.edge_cases,
        "throughput": score.throughput,
        "cohort_agreement": detail.cohort_agreement,
    }


def candidate_payload(detail: CandidateDetail) -> dict:
    application = detail.application
    return {
        "id": application.pk,
        "role": application.role,
        "stage": application.stage,
        "stage_label": application.get_stage_display(),
        "created_at": application.created_at,
        "stage_changed_at": application.stage_changed_at,
        "knockout_reason": application.knockout_reason,
        "knockout_answers": application.knockout_answers or {},
        "identity": detail.identity,
        "reveals": detail.reveals,
        "payout_exports": detail.payout_exports,
        "profile": detail.profile,
        "score": _score_payload(detail),
        "flags": detail.flags or None,
        "items": detail.items,
        "rationales": detail.written,
        "stage_changes": application.stage_changes.all(),
        "notes": application.notes.all(),
        "allowed_moves": [stage for stage, _ in selectors.allowed_moves(application=application)],
    }


class CandidateDetailApi(APIView):
    """One candidate of the pipeline: identity per blind mode, the score breakdown with each
    component against the role's cohort, the answers item by item with their scores beside
    the cohort majority (and the gold and edge-case marks for authors only), integrity
    flags, rationales with their review scores, the profile (country, institutions and
    work-sample links null while hidden), stage history and notes."""

    @extend_schema(responses={200: CandidateDetailSerializer})
    def get(self, request, slug: str, pk: int):
        application = selectors.pipeline_application_get(user=request.user, slug=slug, pk=pk)
        with_gold = access.access_for(
            user=request.user, organization=application.role.organization
        ).sees_gold
        detail = candidate_detail(application=application, with_gold=with_gold)
        return Response(
            CandidateDetailSerializer(
                candidate_payload(detail), context={"with_gold": with_gold}
            ).data
        )


class CandidateRevealApi(APIView):
    """Lift blind mode for this one candidate before the interview stage. The reason is
    required and recorded with who and when; 400 with a message without one, or when the
    identity is already visible."""

    @extend_schema(request=RevealInputSerializer, responses={201: RevealResultSerializer})
    def post(self, request, slug: str, pk: int):
        application = selectors.pipeline_application_get(user=request.user, slug=slug, pk=pk)
        serializer = RevealInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        identity = blind.identity_of(application)
        if identity.visible:
            raise ValidationError(
                {"non_field_errors": [f"The identity is already visible ({identity.why})."]}
            )
        reveal = blind.identity_reveal(
            application=application, by=request.user, reason=serializer.validated_data["reason"]
        )
        result = {"identity": blind.identity_of(application), "reveal": reveal}
        return Response(RevealResultSerializer(result).data, status=status.HTTP_201_CREATED)


class RoleCompareApi(APIView):
    """Two to four candidates of one role side by side: identity per blind mode, composite
    and components with gates, flags, rate, overlap and rationale reviews; then every item
    they all answered with the cohort majority and each one's answer and score (and the gold
    and edge-case marks for authors only).
    400 with a message for fewer than 2 or more than 4 ids, or an application of another
    role; 404 for another organisation's application."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "a",
                OpenApiTypes.INT,
                many=True,
                explode=True,
                required=True,
                description="An application id of this role; repeat for 2 to 4 candidates.",
            )
        ],
        responses={200: CompareSerializer},
    )
    def get(self, request, slug: str, pk: int):
        role = roles_selectors.pipeline_role_get(user=request.user, slug=slug, pk=pk)
        ids = compare_ids(request.query_params.getlist("a"))
        applications = compare_applications(user=request.user, role=role, ids=ids)
        with_gold = access.access_for(user=request.user, organization=role.organization).sees_gold
        view = compare_view(role=role, applications=applications, with_gold=with_gold)
        payload = {
            "role": role,
            "candidates": [
                {
                    "application": column.application.pk,
                    "identity": column.identity,
                    "stage": column.application.stage,
                    "stage_label": column.application.get_stage_display(),
                    "composite": column.composite,
                    "components": list(column.components.values()),
                    "failed_gates": column.failed_gates,
                    "flags": column.flags or None,
                    "hourly_rate": column.hourly_rate,
                    "rate_currency": column.rate_currency,
                    "tz_overlap_hours": column.tz_overlap_hours,
                    "rationale": column.rationale,
                    "reviews": column.reviews,
                }
                for column in view["columns"]
            ],
            "items": view["items"],
            "differing": view["differing"],
        }
        return Response(CompareSerializer(payload, context={"with_gold": with_gold}).data)
