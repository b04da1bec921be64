"""Team-side shapes for authoring. Gold appears only in ``ItemWithGoldSerializer``, which
only authors' responses use; nothing here serves a candidate endpoint."""

from decimal import Decimal

from rest_framework import serializers

from assessments.authoring.services import ASSESSMENT_FIELDS, PASS_GATE_COMPONENTS
from assessments.models import Assessment, GoldAnswer, GoldChange, Item
from core.vocabulary import Currency
from rubrics.models import Rubric


class AssessmentSerializer(serializers.ModelSerializer):
    organization: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    item_count = serializers.IntegerField(read_only=True)
    is_frozen = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "organization",
            "title",
            "version",
            "previous",
            *(name for name in ASSESSMENT_FIELDS if name != "title"),
            "gold_version",
            "item_count",
            "is_frozen",
            "roles",
            "created_at",
        ]

    def get_is_frozen(self, assessment) -> bool:
        from assessments.authoring.selectors import is_frozen

        return is_frozen(assessment)

    def get_roles(self, assessment) -> list[dict]:
        return [{"id": role.id, "title": role.title} for role in assessment.roles.order_by("title")]


class AssessmentInputSerializer(serializers.Serializer):
    organization = serializers.SlugField(
        required=False, help_text="The organisation's slug (on create only)."
    )
    title = serializers.CharField(max_length=200)
    instructions = serializers.CharField(required=False, allow_blank=True, default="")
    rubric = serializers.PrimaryKeyRelatedField(
        queryset=Rubric.objects.none(), required=False, allow_null=True, default=None
    )
    time_limit_minutes = serializers.IntegerField(min_value=1, max_value=600, default=60)
    items_per_attempt = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None
    )
    shuffle = serializers.BooleanField(default=True)
    expected_items_per_hour = serializers.DecimalField(
        max_digits=6, decimal_places=1, min_value=Decimal("0.1"), default=Decimal(30)
    )
    pay_amount = serializers.DecimalField(
        max_digits=8, decimal_places=2, min_value=Decimal(0), default=Decimal(0)
    )
    pay_currency = serializers.ChoiceField(choices=Currency.choices, default="USD")
    pass_gates = serializers.DictField(
        child=serializers.FloatField(min_value=0, max_value=1),
        required=False,
        default=dict,
        help_text=f"Minimum per component ({', '.join(PASS_GATE_COMPONENTS)}), each 0..1.",
    )
    rationale_count = serializers.IntegerField(min_value=0, max_value=20, default=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["rubric"].queryset = Rubric.objects.for_user(request.user)


class ItemSerializer(serializers.ModelSerializer):
    """An item without its gold (recruiters see this)."""

    class Meta:
        model = Item
        fields = ["id", "position", "kind", "prompt", "content", "options", "requires_rationale"]


class GoldSerializer(serializers.ModelSerializer):
    class Meta:
        model = GoldAnswer
        fields = ["answer", "accepted_alternatives", "tolerance", "is_edge_case", "explanation"]


class ItemWithGoldSerializer(ItemSerializer):
    """For authors only."""

    gold = GoldSerializer(read_only=True, allow_null=True)

    class Meta(ItemSerializer.Meta):
        fields = [*ItemSerializer.Meta.fields, "gold"]


class GoldInputSerializer(serializers.Serializer):
    answer = serializers.JSONField()
    # The stubs take only a mapping as a JSONField default; DRF takes any JSON (a list here).
    accepted_alternatives = serializers.JSONField(required=False, default=list)  # type: ignore[arg-type]
    tolerance = serializers.FloatField(required=False, allow_null=True, default=None)
    is_edge_case = serializers.BooleanField(required=False, default=False)
    explanation = serializers.CharField(required=False, allow_blank=True, default="")


class ItemInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Item.Kind.choices, required=False)
    prompt = serializers.CharField()
    content = serializers.JSONField(required=False, default=dict)
    options = serializers.JSONField(required=False, default=list)  # type: ignore[arg-type]
    requires_rationale = serializers.BooleanField(required=False, default=False)
    gold = GoldInputSerializer()
    change_summary = serializers.CharField(
        required=False, allow_blank=True, max_length=300, default="",
        help_text="Why the gold changed; kept in the gold history.",
    )  # fmt: skip


class ReorderInputSerializer(serializers.Serializer):
    order = serializers.ListField(
        child=serializers.IntegerField(), help_text="Every item id, in the new order."
    )


class GoldChangeSerializer(serializers.ModelSerializer):
    changed_by: serializers.StringRelatedField = serializers.StringRelatedField()

    class Meta:
        model = GoldChange
        fields = [
            "id",
            "gold_version",
            "item",
            "changed_by",
            "summary",
            "before",
            "after",
            "created_at",
        ]


class ImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV, JSONL or a Label Studio JSON export.")


class ImportedRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    kind = serializers.CharField()
    prompt = serializers.CharField()
    options = serializers.ListField(child=serializers.CharField())
    is_edge_case = serializers.BooleanField()


class ImportPreviewSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    format = serializers.CharField()
    count = serializers.IntegerField()
    counts_by_kind = serializers.DictField(child=serializers.IntegerField())
    edge_case_count = serializers.IntegerField()
    skipped = serializers.ListField(child=serializers.CharField())
    first_rows = ImportedRowSerializer(many=True)
    imported = serializers.IntegerField(required=False)
    gold_version = serializers.IntegerField(required=False)


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    field = serializers.CharField()
    message = serializers.CharField()


class ImportErrorSerializer(serializers.Serializer):
    file = serializers.ListField(child=serializers.CharField())
    rows = RowErrorSerializer(many=True)
