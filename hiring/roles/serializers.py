"""Team-facing output shapes. Nothing here is ever used on a candidate endpoint."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.serializers import UserSerializer
from assessments.models import Assessment
from config.limits import LimitedListsMixin
from core.access import AUTHOR_ROLES
from core.time_zones import TimeZoneSerializerField
from core.vocabulary import CEFRLevel, Currency
from hiring.models import (
    ROLE_LISTS,
    Membership,
    Organization,
    Responsibility,
    Role,
    RoleLanguage,
    SuccessMetric,
)
from hiring.roles import services
from hiring.roles.selectors import role_credential_warning, stage_counts


class MembershipSerializer(serializers.ModelSerializer):
    organization: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
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
    organization: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    assessment_pending = serializers.BooleanField(read_only=True)

    class Meta:
        model = Role
        fields = [
            "id",
            "organization",
            "title",
            *Role.TERMS_FIELDS,
            "status",
            "assessment",
            "assessment_pending",
            "created_at",
            "updated_at",
        ]


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


# --- Writing roles ------------------------------------------------------------------------------


class ResponsibilityInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=300)
    position = serializers.IntegerField(
        min_value=1, required=False, help_text="Priority (1 first). Defaults to the list order."
    )


class SuccessMetricInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = SuccessMetric
        fields = ["kind", "target", "unit", "direction", "measurement"]


class RoleLanguageSerializer(serializers.ModelSerializer):
    min_level = serializers.ChoiceField(
        choices=CEFRLevel.choices,
        error_messages={"invalid_choice": services.unknown_level_message("{input}")},
    )

    class Meta:
        model = RoleLanguage
        fields = ["language", "min_level"]


class RoleWriteSerializer(LimitedListsMixin, serializers.ModelSerializer):
    """A role spec with its lists, as the team writes it. The lists replace the
    role's lists whole; omitted on a PATCH, they are kept. Each list holds at most its
    ``ROLE_LISTS`` limit."""

    list_limits = ROLE_LISTS

    organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organization.objects.none(),
        error_messages={
            "does_not_exist": "You may not write roles in an organisation “{value}”.",
        },
        help_text="Slug of the organisation (on create; ignored on update).",
    )
    pay_currency = serializers.ChoiceField(
        choices=Currency.choices,
        error_messages={"invalid_choice": services.unknown_currency_message("{input}")},
    )
    tz_reference = TimeZoneSerializerField(default="UTC")
    tz_overlap_hours = serializers.IntegerField(
        min_value=0,
        default=0,
        help_text="Hours of the working day shared with tz_reference (0–24).",
    )
    assessment = serializers.PrimaryKeyRelatedField(
        queryset=Assessment.objects.none(),
        allow_null=True,
        required=False,
        error_messages={"does_not_exist": "No assessment #{pk_value} in your organisations."},
    )
    responsibilities = ResponsibilityInputSerializer(many=True, required=False)
    success_metrics = SuccessMetricInputSerializer(many=True, required=False)
    languages = RoleLanguageSerializer(many=True, required=False)

    class Meta:
        model = Role
        fields = [
            "organization",
            *(name for name in services.ROLE_FIELDS),
            "responsibilities",
            "success_metrics",
            "languages",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:  # building the schema: no user, no choices
            return
        user = request.user
        self.fields["organization"].queryset = Organization.objects.for_user(
            user, roles=AUTHOR_ROLES
        )
        self.fields["assessment"].queryset = Assessment.objects.for_user(user, roles=AUTHOR_ROLES)
        if self.instance is not None:
            self.fields["organization"].required = False
            self.fields["organization"].read_only = True

    def validate_tz_overlap_hours(self, value: int) -> int:
        if value > 24:
            raise serializers.ValidationError(services.OVERLAP_MESSAGE)
        return value

    def validate(self, attrs):
        role = self.instance
        fields = {name: attrs[name] for name in services.ROLE_FIELDS if name in attrs}
        if role is not None:  # a PATCH keeps what it does not send
            fields = {**{n: getattr(role, n) for n in services.ROLE_FIELDS}, **fields}
        organization = attrs.get("organization") or (role.organization if role else None)
        problems = services.role_spec_problems(
            fields=fields,
            success_metrics=attrs.get("success_metrics", ()),
            languages=attrs.get("languages", ()),
        )
        assessment = fields.get("assessment")
        if assessment is not None and assessment.organization_id != organization.pk:
            problems["assessment"] = "That assessment belongs to another organisation."
        if problems:
            raise serializers.ValidationError(problems)
        attrs["fields"] = fields
        return attrs

    def service_kwargs(self) -> dict:
        """What ``role_create`` / ``role_update`` take; lists not sent keep the role's own."""
        data, role = self.validated_data, self.instance
        if "responsibilities" in data:
            ordered = sorted(
                enumerate(data["responsibilities"]),
                key=lambda pair: (pair[1].get("position") or pair[0] + 1, pair[0]),
            )
            responsibilities = [row["text"] for _, row in ordered]
        else:
            responsibilities = [r.text for r in role.responsibilities.all()] if role else []
        if "success_metrics" in data:
            metrics = [dict(m) for m in data["success_metrics"]]
        elif role:
            metrics = list(role.success_metrics.values(*services.METRIC_FIELDS))
        else:
            metrics = []
        if "languages" in data:
            languages = [dict(language) for language in data["languages"]]
        elif role:
            languages = list(role.languages.values("language", "min_level"))
        else:
            languages = []
        return {
            "fields": data["fields"],
            "responsibilities": responsibilities,
            "success_metrics": metrics,
            "languages": languages,
        }


class CredentialWarningSerializer(serializers.Serializer):
    direction = serializers.CharField(help_text="“over” or “under” what the work needs.")
    headline = serializers.CharField()
    why = serializers.CharField()


class TeamRoleSerializer(RoleDetailSerializer):
    """A role as its team sees it after writing it: the spec, its lists and its lifecycle."""

    languages = RoleLanguageSerializer(many=True, read_only=True)
    status_changed_by = UserSerializer(read_only=True)
    credential_warning = serializers.SerializerMethodField()

    class Meta(RoleDetailSerializer.Meta):
        fields = [
            *RoleDetailSerializer.Meta.fields,
            "languages",
            "status_changed_at",
            "status_changed_by",
            "credential_warning",
        ]

    @extend_schema_field(CredentialWarningSerializer(allow_null=True))
    def get_credential_warning(self, role) -> dict | None:
        warning = role_credential_warning(role=role)
        return CredentialWarningSerializer(warning).data if warning else None


class RoleStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Role.Status.choices,
        error_messages={"invalid_choice": "“{input}” is not a role status."},
    )


class MetricSuggestionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    target = serializers.DecimalField(max_digits=10, decimal_places=3)
    unit = serializers.CharField()
    direction = serializers.CharField()
    measurement = serializers.CharField()


class RoleTemplateSerializer(serializers.Serializer):
    role_type = serializers.CharField()
    name = serializers.CharField()
    summary = serializers.CharField()
    title = serializers.CharField()
    task_complexity = serializers.CharField()
    credential = serializers.CharField()
    modality = serializers.CharField()
    engagement = serializers.CharField()
    pay_min = serializers.DecimalField(max_digits=10, decimal_places=2)
    pay_max = serializers.DecimalField(max_digits=10, decimal_places=2)
    pay_currency = serializers.CharField()
    pay_unit = serializers.CharField()
    pay_band = serializers.CharField()
    weekly_hours = serializers.IntegerField(allow_null=True)
    responsibilities = serializers.ListField(child=serializers.CharField())
    metrics = MetricSuggestionSerializer(many=True)
    warning = serializers.CharField()
