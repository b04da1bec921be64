"""Team-facing output shapes. Nothing here is ever used on a candidate endpoint."""

from rest_framework import serializers

from accounts.serializers import UserSerializer
from hiring.models import Membership, Organization, Responsibility, Role, SuccessMetric
from hiring.selectors import stage_counts


class MembershipSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["organization", "organization_name", "role", "created_at"]


class MeSerializer(serializers.Serializer):
    user = UserSerializer()
    memberships = MembershipSerializer(many=True)


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "slug", "name", "created_at"]


class ResponsibilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Responsibility
        fields = ["position", "text"]


class SuccessMetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = SuccessMetric
        fields = ["kind", "target", "unit", "direction", "measurement"]


class RoleSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    assessment_pending = serializers.BooleanField(read_only=True)

    class Meta:
        model = Role
        fields = [
            "id",
            "organization",
            "title",
            "domain",
            "sub_domain",
            "role_type",
            "modality",
            "task_complexity",
            "credential",
            "engagement",
            "pay_min",
            "pay_max",
            "pay_currency",
            "pay_unit",
            "weekly_hours",
            "tz_overlap_hours",
            "tz_reference",
            "status",
            "assessment",
            "assessment_pending",
            "created_at",
            "updated_at",
        ]


class StageCountSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class RoleDetailSerializer(RoleSerializer):
    description = serializers.CharField()
    responsibilities = ResponsibilitySerializer(many=True, read_only=True)
    success_metrics = SuccessMetricSerializer(many=True, read_only=True)
    stage_counts = serializers.SerializerMethodField()

    class Meta(RoleSerializer.Meta):
        fields = [
            *RoleSerializer.Meta.fields,
            "description",
            "responsibilities",
            "success_metrics",
            "stage_counts",
        ]

    def get_stage_counts(self, role) -> list[dict]:
        return [
            {"stage": stage, "label": label, "count": count}
            for stage, label, count in stage_counts(role=role)
        ]
