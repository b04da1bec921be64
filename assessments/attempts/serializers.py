"""Candidate-facing serializers for the attempt API.

Never shared with team-facing endpoints: every field is listed explicitly, and nothing
here reaches ``GoldAnswer`` (no ``gold`` relation, no edge-case flag, no explanation).
Items are named by their number in the attempt (1-based position in its own order), never
by their database id, which follows authoring order.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Attempt, Contest, Item, Response


class CandidateResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Response
        fields = [
            "answer",
            "flagged_ambiguous",
            "ambiguity_note",
            "rationale",
            "hardest",
            "revision_count",
            "updated_at",
        ]
        read_only_fields = fields


class CandidateItemSerializer(serializers.ModelSerializer):
    number = serializers.SerializerMethodField(help_text="1-based position in this attempt.")
    response = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = [
            "number",
            "kind",
            "prompt",
            "content",
            "options",
            "requires_rationale",
            "response",
        ]
        read_only_fields = fields

    def get_number(self, item) -> int:
        return self.context["numbers"][item.pk]

    @extend_schema_field(CandidateResponseSerializer(allow_null=True))
    def get_response(self, item):
        response = self.context["responses"].get(item.pk)
        return CandidateResponseSerializer(response).data if response else None


class CandidateAttemptSerializer(serializers.ModelSerializer):
    assessment_title = serializers.CharField(source="assessment.title", read_only=True)
    instructions = serializers.CharField(source="assessment.instructions", read_only=True)
    rationale_count = serializers.SerializerMethodField()
    seconds_left = serializers.SerializerMethodField()
    payment_state = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()

    class Meta:
        model = Attempt
        fields = [
            "id",
            "assessment_title",
            "instructions",
            "state",
            "started_at",
            "deadline",
            "seconds_left",
            "submitted_at",
            "auto_submitted",
            "current_position",
            "pay_amount",
            "pay_currency",
            "payment_state",
            "rationale_count",
            "items",
        ]
        read_only_fields = fields

    def get_rationale_count(self, attempt) -> int:
        return self.context["rationale_slots"]

    def get_seconds_left(self, attempt) -> int:
        return self.context["seconds_left"]

    def get_payment_state(self, attempt) -> str | None:
        payment = self.context.get("payment")
        return payment.state if payment else None

    @staticmethod
    def _items_context(context: dict) -> dict:
        return {"numbers": context["numbers"], "responses": context["responses"]}

    @extend_schema_field(CandidateItemSerializer(many=True))
    def get_items(self, attempt):
        return CandidateItemSerializer(
            self.context["items"], many=True, context=self._items_context(self.context)
        ).data


class ResponseInputSerializer(serializers.Serializer):
    answer = serializers.JSONField(help_text="The answer, in the shape its item kind expects.")
    elapsed_ms = serializers.IntegerField(
        required=False, default=0, min_value=0, help_text="Time on the item since the last save."
    )
    events = serializers.ListField(
        child=serializers.DictField(), required=False, default=list, max_length=200
    )


class FlagInputSerializer(serializers.Serializer):
    flagged = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class RationalesInputSerializer(serializers.Serializer):
    hardest = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Item numbers (1-based positions in this attempt).",
    )
    rationales = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        required=False,
        default=dict,
        help_text="Item number → rationale.",
    )


class CandidateSubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    auto_submitted = serializers.BooleanField()
    payment_state = serializers.CharField(allow_null=True)
    submitted_now = serializers.BooleanField(help_text="False when it was already submitted.")


class CandidateContestInputSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text="The item's number in this attempt.")
    reason = serializers.CharField(allow_blank=True, max_length=3000)


class CandidateContestSerializer(serializers.ModelSerializer):
    item = serializers.SerializerMethodField(help_text="The item's number in this attempt.")

    class Meta:
        model = Contest
        fields = ["id", "item", "reason", "state", "resolution", "created_at"]
        read_only_fields = fields

    def get_item(self, contest) -> int:
        return self.context["numbers"][contest.item_id]


class CandidateBandSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="composite, accuracy, edge_cases, agreement, …")
    title = serializers.CharField()
    meaning = serializers.CharField()
    scored = serializers.BooleanField(help_text="False while it has no score (rationales).")
    band = serializers.SerializerMethodField(
        help_text="top_10, top_25, top_50, bottom_50 or bottom_25; null when not scored or "
        "the cohort is smaller than cohort_minimum."
    )
    band_label = serializers.SerializerMethodField(help_text='"Top 25%" …, or null.')

    def get_band(self, row) -> str | None:
        return row.band.key if row.band else None

    def get_band_label(self, row) -> str | None:
        return row.band.label if row.band else None


class CandidateFeedbackContestSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="number", allow_null=True)
    state = serializers.CharField()
    resolution = serializers.CharField()


class CandidateContestRouteSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField(help_text="The page to contest an item.")
    api_url = serializers.SerializerMethodField(help_text="POST here to contest an item.")
    contests = CandidateFeedbackContestSerializer(many=True)
    left = serializers.IntegerField(help_text="Contests I may still make.")
    most = serializers.IntegerField(help_text="Contests allowed per attempt.")

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, route) -> str:
        return self._absolute(route.url)

    def get_api_url(self, route) -> str:
        return self._absolute(route.api_url)


class CandidateFeedbackSerializer(serializers.Serializer):
    """The candidate's feedback: bands against the cohort, never scores, ranks or gold."""

    ready = serializers.BooleanField(help_text="False until the attempt is scored.")
    cohort_minimum = serializers.IntegerField(
        help_text="Bands are given only when at least this many candidates were scored."
    )
    cohort_large_enough = serializers.BooleanField()
    components = CandidateBandSerializer(many=True)
    next_steps = serializers.ListField(child=serializers.CharField())
    contest = CandidateContestRouteSerializer()
