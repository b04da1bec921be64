"""The team's view of a role's weekly audits over the REST API, under
``/api/organizations/<slug>/roles/<pk>/``: the plan and each hired trainer's batches.

Owners, hiring managers and recruiters read (blind rules end at the hire: trainers are
named); only owners and hiring managers set the plan (403 for recruiters). Reviewers and
other organisations get a 404. No answer here names a gold item or its answer.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from assessments.audits import board, selectors
from assessments.audits.alerts import alert_step
from assessments.audits.outcomes import (
    assessment_validity,
    ninety_day_report,
    ninety_day_reports,
    role_validity,
)
from assessments.audits.serializers import (
    AlertStepInputSerializer,
    AssessmentValiditySerializer,
    AuditPlanInputSerializer,
    AuditPlanSerializer,
    HireOutcomeSerializer,
    QualityAlertSerializer,
    QualityBoardSerializer,
    RoleAuditsSerializer,
    RoleValiditySerializer,
    TimelineSerializer,
    WeightDecisionInputSerializer,
    WeightDecisionSerializer,
)
from assessments.audits.services import audit_plan_set
from assessments.audits.weights import (
    composite_weights_accept,
    composite_weights_revert,
    weight_decisions_of,
)
from assessments.models import QualityAlert
from assessments.operations.selectors import assessment_get
from core.access import ALERT_STEPS, DECIDE_WEIGHTS, PIPELINE, WRITE_ROLES, OrganizationApi
from hiring.models import Role
from hiring.roles.selectors import pipeline_role_get


def _role(view) -> Role:
    return pipeline_role_get(
        user=view.request.user, slug=view.kwargs["slug"], pk=view.kwargs["pk"], lean=True
    )


class RoleAuditsApi(OrganizationApi):
    """The role's audit plan (null until one is set) and every hired trainer with their
    batches, newest week first: issued, due, submitted or missed, accuracy against gold."""

    needs = (PIPELINE,)
    serializer_class = RoleAuditsSerializer

    def get(self, request, slug: str, pk: int):
        role = _role(self)
        data = {
            "plan": selectors.plan_of(role=role),
            "trainers": selectors.hired_trainers(role=role),
        }
        return Response(RoleAuditsSerializer(data).data)


class AuditPlanApi(OrganizationApi):
    """Sets the role's audit plan: the audit assessment (its items with gold are the gold
    items, the rest ordinary work) and the batches' shape."""

    needs = (PIPELINE, WRITE_ROLES)
    serializer_class = AuditPlanInputSerializer

    @extend_schema(request=AuditPlanInputSerializer, responses=AuditPlanSerializer)
    def put(self, request, slug: str, pk: int):
        role = _role(self)
        serializer = AuditPlanInputSerializer(data=request.data, organization=self.organization)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        audit_plan_set(role=role, assessment=values.pop("assessment"), values=values)
        return Response(AuditPlanSerializer(selectors.plan_of(role=role)).data)


class RoleValidityApi(OrganizationApi):
    """How well each calibration component predicted the role's hires' 90-day outcome:
    Pearson's r with its Fisher-z and bootstrap intervals, Spearman's rho, the hires each
    row rests on, the verdict in words, and the composite weights (current, suggested)."""

    needs = (PIPELINE,)
    serializer_class = RoleValiditySerializer

    def get(self, request, slug: str, pk: int):
        return Response(RoleValiditySerializer(role_validity(role=_role(self))).data)


class AssessmentValidityApi(OrganizationApi):
    """The validity table of an assessment: every hire whose calibration attempt was on
    it, across the organisation's roles, each judged on their own role's success metrics
    (no weights: those are a role's). Same permissions as a role's validity table."""

    needs = (PIPELINE,)
    serializer_class = AssessmentValiditySerializer

    def get(self, request, slug: str, pk: int):
        assessment = assessment_get(organization=self.organization, pk=pk)
        table = assessment_validity(assessment=assessment)
        return Response(AssessmentValiditySerializer(table).data)


class RoleWeightsApi(OrganizationApi):
    """The role's composite weight decisions, newest first (the first is in force; none:
    the defaults from its success metrics). POST (the organisation's owner only, 403 for
    everyone else in it): ``accept`` the validity table's suggested weights, sent back as
    seen, or ``revert`` to the defaults; either starts a rescore of the role's
    calibration attempts, listed in ``rescore_jobs``."""

    queryset = Role.objects.none()  # the schema's path parameters: ``pk`` is the role's
    serializer_class = WeightDecisionSerializer

    @extend_schema(
        operation_id="organizations_roles_validity_weights_list",
        responses=WeightDecisionSerializer(many=True),
    )
    def get(self, request, slug: str, pk: int):
        self.require(PIPELINE)
        decisions = weight_decisions_of(role=_role(self))
        return Response(WeightDecisionSerializer(decisions, many=True).data)

    @extend_schema(request=WeightDecisionInputSerializer, responses={201: WeightDecisionSerializer})
    def post(self, request, slug: str, pk: int):
        self.require(DECIDE_WEIGHTS)
        role = _role(self)
        serializer = WeightDecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data["decision"] == "accept":
            composite_weights_accept(
                role=role, by=request.user, seen=serializer.validated_data["weights"]
            )
        else:
            composite_weights_revert(role=role, by=request.user)
        decision = weight_decisions_of(role=role)[0]  # with its runs
        return Response(WeightDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class NinetyDayReportsApi(OrganizationApi):
    """Every hire of the role with each success metric's target against their first 90
    days (13 audit weeks): measured, met or not, and the weekly values."""

    queryset = Role.objects.none()  # the schema's path parameters: ``pk`` is the role's
    needs = (PIPELINE,)
    serializer_class = HireOutcomeSerializer

    @extend_schema(
        operation_id="organizations_roles_ninety_days_list",
        responses=HireOutcomeSerializer(many=True),
    )
    def get(self, request, slug: str, pk: int):
        reports = ninety_day_reports(role=_role(self))
        return Response(HireOutcomeSerializer(reports, many=True).data)


class NinetyDayReportApi(OrganizationApi):
    """One hire's 90-day report; 404 unless the application is a hire of the role."""

    needs = (PIPELINE,)
    serializer_class = HireOutcomeSerializer

    def get(self, request, slug: str, pk: int, application: int):
        report = ninety_day_report(role=_role(self), application_id=application)
        return Response(HireOutcomeSerializer(report).data)


class AlertsApi(OrganizationApi):
    """The organisation's quality alerts, open ones first (``?open=1``: open ones only)."""

    needs = (PIPELINE,)
    serializer_class = QualityAlertSerializer
    queryset = QualityAlert.objects.none()  # for the schema; rows come from the selector

    @extend_schema(
        operation_id="organizations_alerts_list", responses=QualityAlertSerializer(many=True)
    )
    def get(self, request, slug: str):
        rows = selectors.alerts_of(
            organization=self.organization, open_only=request.query_params.get("open") == "1"
        )
        return Response(QualityAlertSerializer(rows, many=True).data)


class AlertApi(OrganizationApi):
    """One quality alert with its escalation steps."""

    needs = (PIPELINE,)
    serializer_class = QualityAlertSerializer

    def get(self, request, slug: str, pk: int):
        found = selectors.alert_get(organization=self.organization, pk=pk)
        return Response(QualityAlertSerializer(found).data)


class AlertStepApi(OrganizationApi):
    """Takes the alert's next escalation step (acknowledged → coaching or recalibrating →
    resolved or released), recorded with who and when; recalibrating assigns the trainer
    a fresh calibration attempt. 400 for a step the path does not allow from here."""

    needs = (PIPELINE, ALERT_STEPS)
    serializer_class = AlertStepInputSerializer

    @extend_schema(request=AlertStepInputSerializer, responses=QualityAlertSerializer)
    def post(self, request, slug: str, pk: int):
        found = selectors.alert_get(organization=self.organization, pk=pk)
        serializer = AlertStepInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        alert_step(alert=found, by=request.user, **serializer.validated_data)
        return Response(
            QualityAlertSerializer(selectors.alert_get(organization=self.organization, pk=pk)).data
        )


class QualityBoardApi(OrganizationApi):
    """The role's quality board: every hired trainer's latest value and status (ok,
    below_threshold, drifting, insufficient_data) per monitored measure, open alerts first."""

    needs = (PIPELINE,)
    serializer_class = QualityBoardSerializer

    def get(self, request, slug: str, pk: int):
        return Response(QualityBoardSerializer(board.quality_board(role=_role(self))).data)


class TrainerTimelineApi(OrganizationApi):
    """One hired trainer's weeks (every measure, null for a missed week), calibration
    measures, and per measure the baseline, EWMA limits per week, threshold, signals and
    ``rolling``: per week the mean of the last ``rolling_window`` (3) observed weeks, the
    value the threshold judges (null in a missed week and until the window is full)."""

    needs = (PIPELINE,)
    serializer_class = TimelineSerializer

    def get(self, request, slug: str, pk: int, application_pk: int):
        timeline = board.trainer_timeline(role=_role(self), application_id=application_pk)
        return Response(TimelineSerializer(timeline).data)
