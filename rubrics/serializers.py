"""Shapes of the rubric API. Input serializers only parse types; the rubric's rules are
``rubrics.services.rubric_problems``, the same as the form's, and come back as a 400 nested
under ``criteria`` (``{"criteria": {"0": {"levels": ["Level 2 needs …"]}}}``)."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rubrics.models import Criterion, CriterionLevel, Rubric


class LevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = CriterionLevel
        fields = ["score", "descriptor", "example"]


class CriterionSerializer(serializers.ModelSerializer):
    levels = LevelSerializer(many=True, read_only=True)

    class Meta:
        model = Criterion
        fields = ["id", "position", "name", "description", "weight", "levels"]


class AssessmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    version = serializers.IntegerField()


class RubricSerializer(serializers.ModelSerializer):
    organization: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    is_frozen = serializers.SerializerMethodField(
        help_text="A review has used this version (or it was frozen): saving it makes a new "
        "version."
    )
    is_latest = serializers.BooleanField(
        read_only=True, help_text="False for an earlier version kept for its reviews."
    )
    criteria = CriterionSerializer(many=True, read_only=True)
    assessments = serializers.SerializerMethodField(help_text="Assessments using this version.")

    class Meta:
        model = Rubric
        fields = [
            "id",
            "organization",
            "name",
            "version",
            "previous",
            "is_latest",
            "is_frozen",
            "frozen_at",
            "edge_case_guide",
            "criteria",
            "assessments",
            "created_at",
        ]

    def get_is_frozen(self, rubric) -> bool:
        return rubric.is_frozen or bool(getattr(rubric, "has_reviews", False))

    @extend_schema_field(AssessmentRefSerializer(many=True))
    def get_assessments(self, rubric):
        return AssessmentRefSerializer(getattr(rubric, "assessments_using", []), many=True).data


class RubricVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rubric
        fields = ["id", "name", "version", "frozen_at", "created_at"]


class RubricDetailSerializer(RubricSerializer):
    versions = serializers.SerializerMethodField(help_text="Every version, oldest first.")

    class Meta(RubricSerializer.Meta):
        fields = [*RubricSerializer.Meta.fields, "versions"]

    @extend_schema_field(RubricVersionSerializer(many=True))
    def get_versions(self, rubric):
        return RubricVersionSerializer(self.context.get("versions", []), many=True).data


# --- Input --------------------------------------------------------------------------------


class LevelInputSerializer(serializers.Serializer):
    score = serializers.IntegerField(help_text="0 (weakest) to 4 (model answer).")
    descriptor = serializers.CharField(
        allow_blank=True, help_text="What an answer at this level looks like (≤ 400 characters)."
    )
    example = serializers.CharField(required=False, allow_blank=True, default="")


class CriterionInputSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    weight = serializers.DecimalField(
        max_digits=9, decimal_places=2, default=Decimal(1), help_text="Above 0, at most 100."
    )
    levels = serializers.ListField(
        child=LevelInputSerializer(), help_text="All five levels, 0 to 4, each once."
    )


class RubricInputSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    edge_case_guide = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Markdown."
    )
    criteria = serializers.ListField(
        child=CriterionInputSerializer(),
        allow_empty=True,
        help_text="In scoring order. On an update, replaces every criterion.",
    )


class RubricTemplateSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    summary = serializers.CharField()
    criteria = serializers.ListField(child=serializers.CharField(), help_text="Criterion names.")


class FromTemplateInputSerializer(serializers.Serializer):
    template = serializers.CharField(help_text="A key from …/rubrics/templates/.")
