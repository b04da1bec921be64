"""Candidate-facing shapes. Nothing here names another candidate, a team note or gold."""

from rest_framework import serializers

from candidates import validators
from candidates.models import (
    LANGUAGE_MAX_LENGTH,
    MEASUREMENT_MAX_LENGTH,
    PROFILE_LISTS,
    TOOL_MAX_LENGTH,
    CandidateProfile,
    Education,
)
from config.limits import LimitedListsMixin
from core.time_zones import TimeZoneSerializerField
from core.vocabulary import Currency, Domain, Modality
from hiring.models import Application, Responsibility, Role, SuccessMetric
from hiring.roles.public_selectors import knockout_questions


def _choice(choices, message: str, **kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices,
        error_messages={"invalid_choice": message.replace("%(value)s", "{input}")},
        **kwargs,
    )


class LanguageSkillSerializer(serializers.Serializer):
    language = serializers.CharField(max_length=LANGUAGE_MAX_LENGTH)
    level = serializers.CharField(
        validators=[validators.validate_cefr], help_text="A1, A2, B1, B2, C1, C2 or native."
    )


class DomainExpertiseSerializer(serializers.Serializer):
    domain = _choice(Domain.choices, validators.DOMAIN_MESSAGE)
    years = serializers.IntegerField(validators=[validators.validate_domain_years])


class EducationSerializer(serializers.Serializer):
    level = serializers.CharField(
        validators=[validators.validate_education_level],
        help_text="One of: " + ", ".join(Education.Level.values) + ".",
    )
    field = serializers.CharField(max_length=120)
    institution = serializers.CharField(max_length=200)


class ExperienceSerializer(serializers.Serializer):
    what_trained = serializers.CharField(max_length=300)
    data = serializers.CharField(max_length=300)  # type: ignore[assignment]  # an API field; the stubs see Serializer.data
    measurement = serializers.CharField(max_length=MEASUREMENT_MAX_LENGTH)
    started_on = serializers.DateField(required=False, allow_null=True)
    ended_on = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        started, ended = attrs.get("started_on"), attrs.get("ended_on")
        if started and ended and ended < started:
            raise serializers.ValidationError(
                {"ended_on": "The end date is before the start date."}
            )
        return attrs


class WorkSampleSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    url = serializers.CharField(max_length=200, validators=[validators.validate_http_url])


def _unique(rows: list[dict], key: str, message: str) -> list[dict]:
    seen = set()
    for row in rows:
        value = str(row[key]).strip().casefold()
        if value in seen:
            raise serializers.ValidationError(message.format(row[key]))
        seen.add(value)
    return rows


class ProfileSerializer(LimitedListsMixin, serializers.ModelSerializer):
    """The candidate's own profile. Nested lists replace what is stored when sent;
    ``consent`` true gives consent, false withdraws it, absent leaves it as it is.
    Each list holds at most its ``PROFILE_LISTS`` limit."""

    list_limits = PROFILE_LISTS

    country = serializers.CharField(
        max_length=2, required=False, allow_blank=True, validators=[validators.validate_country]
    )
    time_zone = TimeZoneSerializerField(required=False)
    tools = serializers.ListField(
        child=serializers.CharField(max_length=TOOL_MAX_LENGTH), required=False
    )
    modalities = serializers.ListField(
        child=serializers.CharField(validators=[validators.validate_modality]),
        required=False,
        help_text="Any of: " + ", ".join(Modality.values) + ".",
    )
    hourly_rate = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        required=False,
        allow_null=True,
        validators=[validators.validate_rate],
    )
    rate_currency = serializers.CharField(
        max_length=3,
        required=False,
        validators=[validators.validate_currency],
        help_text="One of: " + ", ".join(Currency.values) + ".",
    )
    hours_per_week = serializers.IntegerField(
        required=False, allow_null=True, validators=[validators.validate_hours_per_week]
    )
    languages = LanguageSkillSerializer(many=True, required=False)
    domains = DomainExpertiseSerializer(many=True, required=False)
    education = EducationSerializer(many=True, required=False)
    experience = ExperienceSerializer(many=True, required=False)
    work_samples = WorkSampleSerializer(many=True, required=False)
    consent = serializers.BooleanField(
        write_only=True,
        required=False,
        help_text="true gives consent to processing of your data; false withdraws it.",
    )
    has_consented = serializers.BooleanField(read_only=True)

    class Meta:
        model = CandidateProfile
        fields = [
            "headline",
            "country",
            "time_zone",
            "tools",
            "modalities",
            "hourly_rate",
            "rate_currency",
            "hours_per_week",
            "languages",
            "domains",
            "education",
            "experience",
            "work_samples",
            "consent",
            "has_consented",
            "consent_given_at",
            "updated_at",
        ]
        read_only_fields = ["consent_given_at", "updated_at"]

    def validate_languages(self, rows):
        return _unique(rows, "language", "You listed {} twice: keep one level per language.")

    def validate_domains(self, rows):
        return _unique(rows, "domain", "You listed {} twice: keep one entry per domain.")


class PublicResponsibilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Responsibility
        fields = ["position", "text"]


class PublicSuccessMetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = SuccessMetric
        fields = ["kind", "target", "unit", "direction", "measurement"]


class PublicRoleLanguageSerializer(serializers.Serializer):
    language = serializers.CharField()
    min_level = serializers.CharField()


class KnockoutQuestionSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField(help_text="language, tz_overlap or domain_years.")
    label = serializers.CharField()  # type: ignore[assignment]  # an API field; the stubs see Field.label
    threshold = serializers.CharField(help_text="Minimum CEFR level, hours or years.")
    choices = serializers.ListField(child=serializers.CharField())


class PublicRoleSerializer(serializers.ModelSerializer):
    """What anyone may read about a published role: no pipeline, no team."""

    organization = serializers.CharField(source="organization.name", read_only=True)
    languages = PublicRoleLanguageSerializer(many=True, read_only=True)
    assessment_pending = serializers.BooleanField(read_only=True)

    class Meta:
        model = Role
        fields = [
            "id",
            "title",
            "organization",
            *Role.TERMS_FIELDS,
            "languages",
            "status",
            "assessment_pending",
            "created_at",
        ]


class PublicRoleDetailSerializer(PublicRoleSerializer):
    responsibilities = PublicResponsibilitySerializer(many=True, read_only=True)
    success_metrics = PublicSuccessMetricSerializer(many=True, read_only=True)
    knockout_questions = serializers.SerializerMethodField()

    class Meta(PublicRoleSerializer.Meta):
        fields = [
            *PublicRoleSerializer.Meta.fields,
            "description",
            "responsibilities",
            "success_metrics",
            "knockout_questions",
        ]

    def get_knockout_questions(self, role) -> list[dict]:
        return list(KnockoutQuestionSerializer(knockout_questions(role), many=True).data)


class ApplicationRoleSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Role
        fields = ["id", "title", "organization"]


class MyApplicationSerializer(serializers.ModelSerializer):
    role = ApplicationRoleSerializer(read_only=True)
    stage = serializers.CharField(read_only=True, help_text="The pipeline stage.")
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    next_step = serializers.CharField(read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "role",
            "stage",
            "stage_label",
            "next_step",
            "knockout_reason",
            "knockout_answers",
            "created_at",
            "stage_changed_at",
        ]


class ApplyInputSerializer(serializers.Serializer):
    role = serializers.IntegerField(help_text="The id of a published role.")
    knockout_answers = serializers.DictField(
        required=False,
        default=dict,
        help_text="Answers keyed by the role's knock-out question keys.",
    )


class MyWeekSerializer(serializers.Serializer):
    week_starting = serializers.DateField()
    state = serializers.CharField(help_text="issued (open), submitted or missed.")
    accuracy = serializers.FloatField(source="values.accuracy", allow_null=True)
    agreement = serializers.FloatField(source="values.agreement", allow_null=True)
    edge_cases = serializers.FloatField(source="values.edge_cases", allow_null=True)
    throughput = serializers.FloatField(source="values.throughput", allow_null=True)
    review_alignment = serializers.FloatField(source="values.review_alignment", allow_null=True)
    turnaround_hours = serializers.FloatField(source="values.turnaround_hours", allow_null=True)


class MyTargetSerializer(serializers.Serializer):
    kind = serializers.CharField(source="outcome.kind")
    name = serializers.CharField(source="label")
    measure = serializers.CharField(source="outcome.measure")
    target = serializers.DecimalField(source="outcome.target", max_digits=10, decimal_places=3)
    unit = serializers.CharField(source="outcome.unit")
    direction = serializers.CharField(source="outcome.direction")
    threshold = serializers.FloatField(source="outcome.threshold", allow_null=True)
    measured = serializers.FloatField(source="outcome.measured", allow_null=True)
    met = serializers.BooleanField(source="outcome.met", allow_null=True)
    weekly = serializers.ListField(
        source="outcome.weekly", child=serializers.FloatField(allow_null=True)
    )


class MyQualitySerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application_id")
    role_title = serializers.CharField()
    organization_name = serializers.CharField()
    first_days_weeks = serializers.IntegerField(help_text="Weeks of the first 90 days so far.")
    submitted = serializers.IntegerField()
    missed = serializers.IntegerField()
    met = serializers.IntegerField()
    targets = MyTargetSerializer(many=True)
    weeks = MyWeekSerializer(many=True)
