"""Team-facing shapes for calibration operations. Never used on a candidate endpoint, and
none of them reads ``GoldAnswer``: the team's attempt view shows the candidate's answers."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Accommodation, Attempt, Contest, Item, Payment, Response
from assessments.ops_selectors import integrity_for
from hiring.models import Application
from hiring.vocabulary import Currency


def inline_choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented as a string listing its values. Attempts, contests and
    payments each have a ``state`` (and several models a currency); as schema enums they
    would collide in drf-spectacular's enum naming, so the values go in the description."""
    values = ", ".join(value for value, _ in choices)

    @extend_schema_field({"type": "string", "description": f"One of: {values}."})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")
    email = serializers.EmailField()


class IntegritySerializer(serializers.Serializer):
    """Counts of signals to look at, not verdicts."""

    paste = serializers.IntegerField()
    focus_lost = serializers.IntegerField()
    too_fast = serializers.IntegerField()
    items_with_paste = serializers.IntegerField()
    items_too_fast = serializers.IntegerField()
    total = serializers.IntegerField()


# --- Invitations -----------------------------------------------------------------------------


class InvitedApplicationSerializer(serializers.ModelSerializer):
    candidate = PersonSerializer(read_only=True)

    class Meta:
        model = Application
        fields = ["id", "role", "candidate", "stage", "stage_changed_at"]


class BulkInviteInputSerializer(serializers.Serializer):
    role = serializers.IntegerField(min_value=1)
    applications = serializers.ListField(
        child=serializers.IntegerField(min_value=1), allow_empty=False, max_length=500
    )


class InviteRefusalSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    message = serializers.CharField()


class BulkInviteOutputSerializer(serializers.Serializer):
    invited = InvitedApplicationSerializer(many=True)
    refused = InviteRefusalSerializer(many=True)


# --- Accommodations ---------------------------------------------------------------------------


class AccommodationSerializer(serializers.ModelSerializer):
    candidate = PersonSerializer(read_only=True)
    granted_by = PersonSerializer(read_only=True, allow_null=True)
    minutes = serializers.SerializerMethodField()

    class Meta:
        model = Accommodation
        fields = [
            "id",
            "assessment",
            "candidate",
            "extra_minutes",
            "extra_percent",
            "minutes",
            "reason",
            "granted_by",
            "created_at",
        ]

    def get_minutes(self, grant) -> int:
        """What the grant is worth on the assessment's time limit."""
        return grant.minutes_for(grant.assessment.time_limit_minutes)


class AccommodationInputSerializer(serializers.Serializer):
    assessment = serializers.IntegerField(min_value=1)
    candidate = serializers.IntegerField(min_value=1)
    extra_minutes = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    extra_percent = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    reason = serializers.CharField(max_length=300)

    def validate(self, data):
        if (data.get("extra_minutes") is None) == (data.get("extra_percent") is None):
            raise serializers.ValidationError(
                {"extra_minutes": "Give either extra_minutes or extra_percent, not both."}
            )
        return data


# --- Attempts -------------------------------------------------------------------------------


class PaymentStateSerializer(serializers.ModelSerializer):
    state = inline_choice(Payment.State.choices, read_only=True)
    currency = inline_choice(Currency.choices, read_only=True)

    class Meta:
        model = Payment
        fields = ["id", "state", "amount", "currency"]


class AttemptSerializer(serializers.ModelSerializer):
    candidate = PersonSerializer(read_only=True)
    assessment_title = serializers.CharField(source="assessment.title", read_only=True)
    item_count = serializers.SerializerMethodField()
    answered_count = serializers.IntegerField(read_only=True)
    payment = serializers.SerializerMethodField()
    integrity = serializers.SerializerMethodField()
    state = inline_choice(Attempt.State.choices, read_only=True)
    pay_currency = inline_choice(Currency.choices, read_only=True)

    class Meta:
        model = Attempt
        fields = [
            "id",
            "assessment",
            "assessment_title",
            "application",
            "candidate",
            "state",
            "started_at",
            "deadline",
            "submitted_at",
            "auto_submitted",
            "extra_minutes",
            "item_count",
            "answered_count",
            "pay_amount",
            "pay_currency",
            "payment",
            "integrity",
        ]

    def get_item_count(self, attempt) -> int:
        return len(attempt.item_order or [])

    @staticmethod
    def _payment(attempt):
        try:
            return attempt.payment
        except Payment.DoesNotExist:
            return None

    @extend_schema_field(PaymentStateSerializer(allow_null=True))
    def get_payment(self, attempt):
        payment = self._payment(attempt)
        return PaymentStateSerializer(payment).data if payment else None

    @extend_schema_field(IntegritySerializer)
    def get_integrity(self, attempt):
        return IntegritySerializer(integrity_for(attempt)).data


class TeamResponseSerializer(serializers.ModelSerializer):
    """A candidate's answer as the team sees it: answer, flag, rationale, timing. No gold."""

    position = serializers.IntegerField(source="item.position", read_only=True)
    kind = inline_choice(Item.Kind.choices, source="item.kind", read_only=True)
    prompt = serializers.CharField(source="item.prompt", read_only=True)
    shown_at = serializers.IntegerField(read_only=True, allow_null=True)
    answer = serializers.JSONField(read_only=True)

    class Meta:
        model = Response
        fields = [
            "item",
            "position",
            "shown_at",
            "kind",
            "prompt",
            "answer",
            "flagged_ambiguous",
            "ambiguity_note",
            "rationale",
            "hardest",
            "time_spent_ms",
            "revision_count",
            "integrity_events",
        ]


class AttemptDetailSerializer(AttemptSerializer):
    responses = serializers.SerializerMethodField()
    accommodations = serializers.SerializerMethodField()

    class Meta(AttemptSerializer.Meta):
        fields = [*AttemptSerializer.Meta.fields, "responses", "accommodations"]

    @extend_schema_field(TeamResponseSerializer(many=True))
    def get_responses(self, attempt):
        return TeamResponseSerializer(self.context["responses"], many=True).data

    @extend_schema_field(AccommodationSerializer(many=True))
    def get_accommodations(self, attempt):
        return AccommodationSerializer(self.context["accommodations"], many=True).data


# --- Contests -------------------------------------------------------------------------------


class ContestSerializer(serializers.ModelSerializer):
    candidate = PersonSerializer(source="attempt.candidate", read_only=True)
    assessment = serializers.IntegerField(source="attempt.assessment_id", read_only=True)
    assessment_title = serializers.CharField(source="attempt.assessment.title", read_only=True)
    item_position = serializers.IntegerField(source="item.position", read_only=True)
    item_prompt = serializers.CharField(source="item.prompt", read_only=True)
    candidate_answer = serializers.JSONField(read_only=True)
    resolved_by = PersonSerializer(read_only=True, allow_null=True)
    state = inline_choice(Contest.State.choices, read_only=True)

    class Meta:
        model = Contest
        fields = [
            "id",
            "attempt",
            "assessment",
            "assessment_title",
            "candidate",
            "item",
            "item_position",
            "item_prompt",
            "candidate_answer",
            "reason",
            "state",
            "resolution",
            "resolved_by",
            "resolved_at",
            "created_at",
        ]


class ContestResolveInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=[Contest.State.UPHELD, Contest.State.DISMISSED],
        error_messages={"invalid_choice": "Choose “upheld” or “dismissed”."},
    )
    resolution = serializers.CharField()


# --- Payments -------------------------------------------------------------------------------


class PaymentSerializer(serializers.ModelSerializer):
    candidate = PersonSerializer(source="attempt.candidate", read_only=True)
    assessment = serializers.IntegerField(source="attempt.assessment_id", read_only=True)
    assessment_title = serializers.CharField(source="attempt.assessment.title", read_only=True)
    approved_by = PersonSerializer(read_only=True, allow_null=True)
    state = inline_choice(Payment.State.choices, read_only=True)
    currency = inline_choice(Currency.choices, read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "attempt",
            "assessment",
            "assessment_title",
            "candidate",
            "amount",
            "currency",
            "state",
            "void_reason",
            "approved_by",
            "approved_at",
            "paid_at",
            "created_at",
            "updated_at",
        ]


class PaymentIdsInputSerializer(serializers.Serializer):
    payments = serializers.ListField(
        child=serializers.IntegerField(min_value=1), allow_empty=False, max_length=1000
    )


class PaymentCountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


class VoidInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)
