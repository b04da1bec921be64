"""The audit API's shapes: the role's plan and its hired trainers' batches (team only)."""

from rest_framework import serializers

from assessments.models import Assessment, AuditPlan


class AuditPlanSerializer(serializers.ModelSerializer):
    assessment: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    assessment_title = serializers.CharField(source="assessment.title", read_only=True)

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
        ]


class AuditPlanInputSerializer(serializers.Serializer):
    """What an owner or hiring manager sends to set the plan; ranges are checked by the
    service (``audit_plan_set``), which answers field by field."""

    assessment = serializers.PrimaryKeyRelatedField(queryset=Assessment.objects.none())
    batch_size = serializers.IntegerField(required=False)
    gold_share = serializers.FloatField(required=False)
    overlap_count = serializers.IntegerField(required=False)
    gold_repeat_weeks = serializers.IntegerField(required=False)
    due_days = serializers.IntegerField(required=False)
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
    gold_count = serializers.IntegerField()
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


class RoleValiditySerializer(serializers.Serializer):
    hires = serializers.IntegerField()
    with_outcome = serializers.IntegerField()
    min_hires = serializers.IntegerField()
    metrics = serializers.ListField(child=serializers.CharField())
    rows = ValidityRowSerializer(many=True)
    weights = serializers.DictField(child=serializers.FloatField())
    suggested = serializers.DictField(child=serializers.FloatField(), allow_null=True)


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
