"""The team's calibration operations over the REST API, under
``/api/organizations/<slug>/calibration/``: the same services and the same rule as the
pages — owners, hiring managers and recruiters only; anyone else gets a 404."""

import django_filters
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from assessments.models import Accommodation, Attempt, Contest, Payment, PayoutExport
from assessments.operations import selectors
from assessments.operations.accommodations import accommodation_grant
from assessments.operations.contests import contest_resolve
from assessments.operations.invitations import application_invite, applications_invite
from assessments.operations.payments import (
    payment_void,
    payments_approve,
    payments_mark_paid,
    payout_export,
    payout_filename,
)
from assessments.operations.serializers import (
    AccommodationInputSerializer,
    AccommodationSerializer,
    AttemptDetailSerializer,
    AttemptSerializer,
    BulkInviteInputSerializer,
    BulkInviteOutputSerializer,
    ContestResolveInputSerializer,
    ContestSerializer,
    InvitedApplicationSerializer,
    PaymentCountSerializer,
    PaymentIdsInputSerializer,
    PaymentSerializer,
    PayoutExportInputSerializer,
    PayoutExportSerializer,
    VoidInputSerializer,
)
from config.errors import ApplicationError
from config.pagination import NewestFirstPagination
from core.access import PIPELINE, OrganizationApi


class StartedFirstPagination(NewestFirstPagination):
    ordering = ("-started_at", "-id")


def _input(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- Invitations -----------------------------------------------------------------------------


class ApplicationInviteApi(OrganizationApi):
    """Invites one application to its role's calibration task and e-mails the start link."""

    needs = (PIPELINE,)

    serializer_class = InvitedApplicationSerializer

    @extend_schema(request=None, responses=InvitedApplicationSerializer)
    def post(self, request, slug, pk):
        application = selectors.application_get(organization=self.organization, pk=pk)
        application = application_invite(application=application, by=request.user)
        return Response(InvitedApplicationSerializer(application).data)


class BulkInviteApi(OrganizationApi):
    """Invites several applications of one role; each refusal comes back with its reason."""

    needs = (PIPELINE,)

    serializer_class = BulkInviteInputSerializer

    @extend_schema(request=BulkInviteInputSerializer, responses=BulkInviteOutputSerializer)
    def post(self, request, slug):
        data = _input(BulkInviteInputSerializer, request)
        role = selectors.role_get(organization=self.organization, pk=data["role"])
        result = applications_invite(
            role=role, application_ids=data["applications"], by=request.user
        )
        refused = [{"application": a.pk, "message": m} for a, m in result.refused]
        return Response(
            BulkInviteOutputSerializer({"invited": result.invited, "refused": refused}).data
        )


# --- Accommodations ---------------------------------------------------------------------------


class AccommodationFilter(django_filters.FilterSet):
    assessment = django_filters.NumberFilter(field_name="assessment_id")
    candidate = django_filters.NumberFilter(field_name="candidate_id")

    class Meta:
        model = Accommodation
        fields = ["assessment", "candidate"]


class AccommodationListCreateApi(OrganizationApi, generics.ListAPIView):
    """Extra-time grants of the organisation; POST grants more (before or during an attempt)."""

    needs = (PIPELINE,)

    serializer_class = AccommodationSerializer
    filterset_class = AccommodationFilter

    def get_queryset(self):
        if self.fake():
            return Accommodation.objects.none()
        return Accommodation.objects.for_organization(self.organization).select_related(
            "assessment", "candidate", "granted_by"
        )

    @extend_schema(request=AccommodationInputSerializer, responses={201: AccommodationSerializer})
    def post(self, request, slug):
        data = _input(AccommodationInputSerializer, request)
        assessment = selectors.assessment_get(organization=self.organization, pk=data["assessment"])
        candidate = get_user_model().objects.filter(pk=data["candidate"]).first()
        if candidate is None:
            raise ApplicationError("No such candidate.", field="candidate")
        grant = accommodation_grant(
            assessment=assessment,
            candidate=candidate,
            reason=data["reason"],
            by=request.user,
            extra_minutes=data.get("extra_minutes"),
            extra_percent=data.get("extra_percent"),
        )
        return Response(AccommodationSerializer(grant).data, status=status.HTTP_201_CREATED)


# --- Attempts -------------------------------------------------------------------------------


class AttemptFilter(django_filters.FilterSet):
    assessment = django_filters.NumberFilter(field_name="assessment_id")
    state = django_filters.ChoiceFilter(choices=Attempt.State.choices)

    class Meta:
        model = Attempt
        fields = ["assessment", "state"]


class AttemptListApi(OrganizationApi, generics.ListAPIView):
    """Calibration attempts, newest first, each with its integrity signal counts."""

    needs = (PIPELINE,)

    serializer_class = AttemptSerializer
    filterset_class = AttemptFilter
    pagination_class = StartedFirstPagination

    def get_queryset(self):
        if self.fake():
            return Attempt.objects.none()
        return selectors.attempts_for_organization(organization=self.organization)


class AttemptDetailApi(OrganizationApi):
    """One attempt: the candidate's answers, flags, rationales, timings and signals. No gold."""

    needs = (PIPELINE,)

    serializer_class = AttemptDetailSerializer

    def get(self, request, slug, pk):
        attempt = selectors.attempt_get(organization=self.organization, pk=pk)
        context = {
            "responses": selectors.attempt_responses(attempt=attempt),
            "accommodations": selectors.accommodations_for(
                assessment=attempt.assessment, candidate=attempt.candidate
            ),
        }
        attempt.answered_count = sum(1 for r in context["responses"] if r.answer is not None)
        return Response(AttemptDetailSerializer(attempt, context=context).data)


# --- Contests -------------------------------------------------------------------------------


class ContestFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Contest.State.choices)

    class Meta:
        model = Contest
        fields = ["state"]


class ContestListApi(OrganizationApi, generics.ListAPIView):
    """Contests of the organisation (all states; ``?state=open`` for the queue)."""

    needs = (PIPELINE,)

    serializer_class = ContestSerializer
    filterset_class = ContestFilter

    def get_queryset(self):
        if self.fake():
            return Contest.objects.none()
        return selectors.contests_for_organization(organization=self.organization, state="")


class ContestResolveApi(OrganizationApi):
    """Upholds or dismisses an open contest with a resolution note."""

    needs = (PIPELINE,)

    serializer_class = ContestResolveInputSerializer

    @extend_schema(request=ContestResolveInputSerializer, responses=ContestSerializer)
    def post(self, request, slug, pk):
        data = _input(ContestResolveInputSerializer, request)
        contest = selectors.contest_get(organization=self.organization, pk=pk)
        contest_resolve(contest=contest, by=request.user, **data)
        contests = selectors.contests_for_organization(organization=self.organization, state="")
        return Response(ContestSerializer(get_object_or_404(contests, pk=pk)).data)


# --- Payments -------------------------------------------------------------------------------


class PaymentFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Payment.State.choices)
    assessment = django_filters.NumberFilter(field_name="attempt__assessment_id")

    class Meta:
        model = Payment
        fields = ["state", "assessment"]


class PaymentListApi(OrganizationApi, generics.ListAPIView):
    needs = (PIPELINE,)
    serializer_class = PaymentSerializer
    filterset_class = PaymentFilter

    def get_queryset(self):
        if self.fake():
            return Payment.objects.none()
        return selectors.payments_for_organization(organization=self.organization)


class PaymentApproveApi(OrganizationApi):
    """Approves pending payments, all or none."""

    needs = (PIPELINE,)

    serializer_class = PaymentIdsInputSerializer

    @extend_schema(request=PaymentIdsInputSerializer, responses=PaymentCountSerializer)
    def post(self, request, slug):
        data = _input(PaymentIdsInputSerializer, request)
        count = payments_approve(
            organization=self.organization, payment_ids=data["payments"], by=request.user
        )
        return Response({"count": count})


class PaymentMarkPaidApi(OrganizationApi):
    """Marks approved payments as paid out, all or none."""

    needs = (PIPELINE,)

    serializer_class = PaymentIdsInputSerializer

    @extend_schema(request=PaymentIdsInputSerializer, responses=PaymentCountSerializer)
    def post(self, request, slug):
        data = _input(PaymentIdsInputSerializer, request)
        count = payments_mark_paid(organization=self.organization, payment_ids=data["payments"])
        return Response({"count": count})


class PaymentVoidApi(OrganizationApi):
    """Voids a pending or approved payment; the reason is required."""

    needs = (PIPELINE,)

    serializer_class = VoidInputSerializer

    @extend_schema(request=VoidInputSerializer, responses=PaymentSerializer)
    def post(self, request, slug, pk):
        data = _input(VoidInputSerializer, request)
        payment = selectors.payment_get(organization=self.organization, pk=pk)
        payment_void(payment=payment, reason=data["reason"])
        payments = selectors.payments_for_organization(organization=self.organization)
        return Response(PaymentSerializer(payments.get(pk=pk)).data)


class PayoutCsvApi(OrganizationApi):
    """The approved payments as a payout CSV (cells safe to open in a spreadsheet). The file
    names the candidates whatever blind mode hides, so it is a recorded reveal: ``reason``
    is required (400 without) and kept with who exported and when (see ``payout-exports``)."""

    needs = (PIPELINE,)
    serializer_class = PayoutExportInputSerializer

    @extend_schema(
        request=PayoutExportInputSerializer,
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV")},
    )
    def post(self, request, slug):
        data = _input(PayoutExportInputSerializer, request)
        _, body = payout_export(organization=self.organization, by=request.user, **data)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{payout_filename(slug)}"'
        return response


class PayoutExportListApi(OrganizationApi, generics.ListAPIView):
    """The recorded payout exports, newest first: who exported, when, why, how many."""

    needs = (PIPELINE,)
    serializer_class = PayoutExportSerializer

    def get_queryset(self):
        if self.fake():
            return PayoutExport.objects.none()
        return selectors.payout_exports(organization=self.organization)
