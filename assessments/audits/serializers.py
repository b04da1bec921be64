"""The audit API's shapes: the role's plan and its hired trainers' batches (team only)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.audits.selectors import gold_pool_of
from assessments.models import AlertStep, Assessment, AuditPlan, QualityAlert, WeightDecision
from assessments.scoring.components import COMPONENTS


class GoldPoolSerializer(serializers.Serializer):
    size = serializers.IntegerField(help_text="Gold items in the audit assessment.")
    per_batch = serializers.IntegerField(help_text="Gold items a full batch holds.")
    needed = serializers.IntegerField(
        help_text="Gold items a trainer needs for a full share every week: per_batch for "
        "this week and each week of the no-repeat window."
    )
    short = serializers.BooleanField(
        help_text="The pool is smaller than needed: batches will hold fewer gold items "
        "than planned (the rest is ordinary work)."
    )


class AuditPlanSerializer(serializers.ModelSerializer):
    assessment: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    assessment_title = serializers.CharField(source="assessment.title", read_only=True)
    gold_pool = serializers.SerializerMethodField()

    class Meta:
        model = AuditPlan
        fields = [
            "assessment",
            "assessment_title",
            "batch_size",
            "gold_share",
            "overlap_count",
            "gold_repeat_weeks",
            "due_days",
            "is_active",
            "gold_pool",
        ]

    @extend_schema_field(GoldPoolSerializer)
    def get_gold_pool(self, plan: AuditPlan) -> dict:
        return dict(GoldPoolSerializer(gold_pool_of(plan)).data)


def json_number(data: object) -> None:
    """Refuses anything but a JSON number: DRF's numeric fields coerce ``true`` to 1 and
    ``"0.3"`` to 0.3, so ``gold_share: true`` would make every batch all gold."""
    if isinstance(data, bool) or not isinstance(data, int | float):
        raise serializers.ValidationError(
            "Send a number, not a string or true/false.", code="not_a_number"
        )


class JsonFloatField(serializers.FloatField):
    def to_internal_value(self, data):
        json_number(data)
        return super().to_internal_value(data)


class JsonIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        json_number(data)
        return super().to_internal_value(data)


class AuditPlanInputSerializer(serializers.Serializer):
    """What an owner or hiring manager sends to set the plan: numbers as JSON numbers (a
    string or a boolean is refused here); ranges are checked by the service
    (``audit_plan_set``), which answers field by field."""

    assessment = serializers.PrimaryKeyRelatedField(queryset=Assessment.objects.none())
    batch_size = JsonIntegerField(required=False)
    gold_share = JsonFloatField(required=False)
    overlap_count = JsonIntegerField(required=False)
    gold_repeat_weeks = JsonIntegerField(required=False)
    due_days = JsonIntegerField(required=False)
    is_active = serializers.BooleanField(required=False)

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        assessment = self.fields["assessment"]
        assert isinstance(assessment, serializers.PrimaryKeyRelatedField)
        assessment.queryset = Assessment.objects.filter(organization=organization)


class TeamBatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    week_starting = serializers.DateField()
    issued_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    state = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    missed_at = serializers.DateTimeField(allow_null=True)
    item_count = serializers.IntegerField()
    gold_count = serializers.IntegerField(help_text="Gold items the batch holds.")
    planned_gold_count = serializers.IntegerField(
        help_text="Gold items the plan's share asked for; more than gold_count when the "
        "trainer's fresh gold had run out."
    )
    accuracy = serializers.FloatField(allow_null=True)


class HiredTrainerSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application_id")
    name = serializers.CharField()
    email = serializers.EmailField()
    submitted = serializers.IntegerField()
    missed = serializers.IntegerField()
    batches = TeamBatchSerializer(many=True)


class RoleAuditsSerializer(serializers.Serializer):
    plan = AuditPlanSerializer(allow_null=True)
    trainers = HiredTrainerSerializer(many=True)


class ValidityRowSerializer(serializers.Serializer):
    component = serializers.CharField()
    n = serializers.IntegerField(help_text="Hires the row rests on (complete pairs).")
    pearson = serializers.FloatField(allow_null=True)
    pearson_ci = serializers.ListField(child=serializers.FloatField(), allow_null=True)
    spearman = serializers.FloatField(allow_null=True)
    spearman_ci = serializers.ListField(child=serializers.FloatField(), allow_null=True)
    bootstrap_ci = serializers.ListField(child=serializers.FloatField(), allow_null=True)
    verdict = serializers.CharField()
    message = serializers.CharField()


class ValidityTableSerializer(serializers.Serializer):
    hires = serializers.IntegerField()
    with_outcome = serializers.IntegerField()
    min_hires = serializers.IntegerField()
    metrics = serializers.ListField(child=serializers.CharField())
    rows = ValidityRowSerializer(many=True)


class RoleValiditySerializer(ValidityTableSerializer):
    weights = serializers.DictField(child=serializers.FloatField())
    suggested = serializers.DictField(child=serializers.FloatField(), allow_null=True)


class ValidityRoleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class AssessmentValiditySerializer(ValidityTableSerializer):
    roles = ValidityRoleSerializer(
        many=True, help_text="The roles of the organisation that hired the hires it rests on."
    )


class MetricOutcomeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField(source="label")
    measure = serializers.CharField()
    target = serializers.DecimalField(max_digits=10, decimal_places=3)
    unit = serializers.CharField()
    direction = serializers.CharField()
    threshold = serializers.FloatField(allow_null=True)
    measured = serializers.FloatField(allow_null=True)
    met = serializers.BooleanField(allow_null=True)
    weekly = serializers.ListField(child=serializers.FloatField(allow_null=True))


class HireOutcomeSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application_id")
    name = serializers.CharField()
    email = serializers.EmailField()
    weeks = serializers.ListField(child=serializers.DateField())
    submitted = serializers.IntegerField()
    missed = serializers.IntegerField()
    met = serializers.IntegerField()
    judged = serializers.IntegerField()
    metrics = MetricOutcomeSerializer(many=True)


class AlertStepSerializer(serializers.ModelSerializer):
    by = serializers.EmailField(source="by.email", read_only=True, default=None)

    class Meta:
        model = AlertStep
        fields = ["action", "by", "at", "note"]


class QualityAlertSerializer(serializers.ModelSerializer):
    """A quality alert as the team sees it (trainer named: blind rules end at the hire)."""

    application = serializers.IntegerField(source="application_id", read_only=True)
    trainer = serializers.SerializerMethodField()
    role = serializers.IntegerField(source="role_id", read_only=True)
    role_title = serializers.CharField(source="role.title", read_only=True)
    recalibration_attempt = serializers.IntegerField(source="recalibration_id", read_only=True)
    steps = AlertStepSerializer(many=True, read_only=True)

    class Meta:
        model = QualityAlert
        fields = [
            "id",
            "application",
            "trainer",
            "role",
            "role_title",
            "metric",
            "kind",
            "chart",
            "since_week",
            "latest_week",
            "threshold",
            "baseline_mean",
            "values",
            "state",
            "raised_at",
            "closed_at",
            "recalibration_attempt",
            "steps",
        ]

    def get_trainer(self, alert: QualityAlert) -> str:
        candidate = alert.application.candidate
        return candidate.full_name or candidate.email


class AlertStepInputSerializer(serializers.Serializer):
    """The next step; which ones the alert's state allows is the service's to say."""

    action = serializers.ChoiceField(choices=QualityAlert.State.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class TrainerWeekSerializer(serializers.Serializer):
    week_starting = serializers.DateField()
    state = serializers.CharField()
    accuracy = serializers.FloatField(allow_null=True)
    agreement = serializers.FloatField(allow_null=True)
    edge_cases = serializers.FloatField(allow_null=True)
    throughput = serializers.FloatField(allow_null=True)
    review_alignment = serializers.FloatField(allow_null=True)
    turnaround_hours = serializers.FloatField(allow_null=True)


class BoardCellSerializer(serializers.Serializer):
    measure = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    status = serializers.CharField()


class BoardRowSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="trainer.application_id")
    name = serializers.CharField(source="trainer.name")
    missed = serializers.IntegerField()
    cells = serializers.SerializerMethodField()
    open_alerts = serializers.SerializerMethodField()

    def get_cells(self, row) -> list[dict]:
        measures = self.context["measures"]
        return [
            {"measure": measure, "value": cell.value, "status": cell.status}
            for (measure, _), cell in zip(measures, row.cells, strict=True)
        ]

    def get_open_alerts(self, row) -> list[int]:
        return [alert.pk for alert in row.alerts]


class QualityBoardSerializer(serializers.Serializer):
    weeks = serializers.IntegerField()
    measures = serializers.SerializerMethodField()
    rows = serializers.SerializerMethodField()

    def get_measures(self, board) -> list[dict]:
        return [
            {"measure": measure, "label": label, "threshold": threshold}
            for (measure, label), threshold in zip(board.measures, board.thresholds, strict=True)
        ]

    def get_rows(self, board) -> list[dict]:
        context = {"measures": board.measures}
        return list(BoardRowSerializer(board.rows, many=True, context=context).data)


class TimelineLineSerializer(serializers.Serializer):
    measure = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # API field named like Field.label
    status = serializers.CharField()
    threshold = serializers.FloatField(allow_null=True)
    baseline = serializers.FloatField(allow_null=True)
    upper_limit = serializers.ListField(
        source="upper", child=serializers.FloatField(allow_null=True)
    )
    lower_limit = serializers.ListField(
        source="lower", child=serializers.FloatField(allow_null=True)
    )
    signals = serializers.ListField(child=serializers.BooleanField())
    rolling = serializers.ListField(child=serializers.FloatField(allow_null=True))


class TimelineSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application.pk")
    name = serializers.CharField(source="trainer.name")
    calibration = serializers.DictField(source="trainer.calibration")
    weeks = TrainerWeekSerializer(source="trainer.weeks", many=True)
    lines = TimelineLineSerializer(many=True)
    rolling_window = serializers.IntegerField(source="window")
    alerts = serializers.SerializerMethodField()

    def get_alerts(self, timeline) -> list[int]:
        return [alert.pk for alert in timeline.alerts]


class RescoreRunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    assessment = serializers.IntegerField(source="assessment_id")
    assessment_title = serializers.CharField(source="assessment.title")
    state = serializers.CharField()
    total_count = serializers.IntegerField()
    done_count = serializers.IntegerField()


class WeightDecisionSerializer(serializers.ModelSerializer):
    decided_by = serializers.EmailField(source="decided_by.email", allow_null=True, default=None)
    rescore_jobs = RescoreRunSerializer(many=True)

    class Meta:
        model = WeightDecision
        fields = [
            "id",
            "kind",
            "weights",
            "previous",
            "hires",
            "evidence",
            "decided_by",
            "decided_at",
            "rescore_jobs",
        ]


class WeightDecisionInputSerializer(serializers.Serializer):
    """An owner's decision: ``accept`` the suggested weights — sent back as seen, so a
    suggestion that changed meanwhile is refused — or ``revert`` to the defaults."""

    decision = serializers.ChoiceField(choices=["accept", "revert"])
    weights = serializers.DictField(
        child=serializers.FloatField(min_value=0, max_value=1),
        required=False,
        help_text="accept: the suggested weights as the validity table gives them.",
    )

    def validate_weights(self, value: dict) -> dict:
        unknown = sorted(set(value) - set(COMPONENTS))
        if unknown:
            raise serializers.ValidationError(
                f"Unknown component(s): {', '.join(unknown)}. Known: {', '.join(COMPONENTS)}."
            )
        return value

    def validate(self, attrs: dict) -> dict:
        if attrs["decision"] == "accept" and not attrs.get("weights"):
            raise serializers.ValidationError(
                {"weights": ["Send the suggested weights you accept (the table's `suggested`)."]}
            )
        return attrs
