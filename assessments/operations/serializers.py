"""Team-facing shapes for calibration operations. Never used on a candidate endpoint, and
none of them reads ``GoldAnswer``: the team's attempt view shows the candidate's answers."""

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import (
    Accommodation,
    Attempt,
    Contest,
    Item,
    Payment,
    PayoutExport,
    Response,
)
from assessments.operations.selectors import (
    integrity_for,
    name_applications,
    name_attempts,
    name_by_attempt,
    name_grants,
)
from core.vocabulary import Currency
from hiring.models import Application


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
    """A team member (who granted, approved, resolved)."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")
    email = serializers.EmailField()


class CandidateSerializer(serializers.Serializer):
    """A candidate as blind mode lets the team know them (``core.blind``): the stable
    pseudonym (empty for someone with no application, who is shown as they are); name and
    e-mail null while the identity is hidden — never present with a value."""

    id = serializers.IntegerField(help_text="The candidate's account, for extra-time grants.")
    pseudonym = serializers.CharField(allow_blank=True)
    visible = serializers.BooleanField()
    name = serializers.CharField(allow_null=True)
    email = serializers.EmailField(allow_null=True)


class NamedRows(serializers.ListSerializer):
    """Names every row's candidate in one go (``core.blind``) before serializing them."""

    def to_representation(self, data):
        rows = list(data.all() if hasattr(data, "all") else data)
        self.child.name_rows(rows)
        return super().to_representation(rows)


class NamesCandidate(serializers.Serializer):
    """A row that names a candidate, only ever as ``core.blind`` allows: ``name_rows``
    sets ``person`` on the rows, ``candidate_of`` gives the row's candidate account."""

    candidate = serializers.SerializerMethodField()
    # Each subclass names its own kind of row: attempts here.
    name_rows: Callable[[Any], list[Any]] = staticmethod(name_attempts)
    candidate_of = staticmethod(attrgetter("candidate"))

    def to_representation(self, instance):
        if not hasattr(instance, "person"):
            self.name_rows([instance])
        return super().to_representation(instance)

    @extend_schema_field(CandidateSerializer)
    def get_candidate(self, row) -> dict:
        person = row.person
        return CandidateSerializer(
            {
                "id": self.candidate_of(row).pk,
                "pseudonym": person.pseudonym,
                "visible": person.visible,
                "name": (person.name or None) if person.visible else None,
                "email": (person.email or None) if person.visible else None,
            }
        ).data


class IntegritySerializer(serializers.Serializer):
    """Counts of signals to look at, not verdicts."""

    paste = serializers.IntegerField()
    focus_lost = serializers.IntegerField()
    too_fast = serializers.IntegerField()
    items_with_paste = serializers.IntegerField()
    items_too_fast = serializers.IntegerField()
    total = serializers.IntegerField()


# --- Invitations -----------------------------------------------------------------------------


class InvitedApplicationSerializer(NamesCandidate, serializers.ModelSerializer):
    name_rows = staticmethod(name_applications)

    class Meta:
        model = Application
        fields = ["id", "role", "candidate", "stage", "stage_changed_at"]
        list_serializer_class = NamedRows


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


class AccommodationSerializer(NamesCandidate, serializers.ModelSerializer):
    name_rows = staticmethod(name_grants)
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
        list_serializer_class = NamedRows

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


class AttemptSerializer(NamesCandidate, serializers.ModelSerializer):
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
        list_serializer_class = NamedRows

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


class ContestSerializer(NamesCandidate, serializers.ModelSerializer):
    name_rows = staticmethod(name_by_attempt)
    candidate_of = staticmethod(attrgetter("attempt.candidate"))
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
        list_serializer_class = NamedRows


class ContestResolveInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=[Contest.State.UPHELD, Contest.State.DISMISSED],
        error_messages={"invalid_choice": "Choose “upheld” or “dismissed”."},
    )
    resolution = serializers.CharField()


# --- Payments -------------------------------------------------------------------------------


class PaymentSerializer(NamesCandidate, serializers.ModelSerializer):
    name_rows = staticmethod(name_by_attempt)
    candidate_of = staticmethod(attrgetter("attempt.candidate"))
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
        list_serializer_class = NamedRows


class PaymentIdsInputSerializer(serializers.Serializer):
    payments = serializers.ListField(
        child=serializers.IntegerField(min_value=1), allow_empty=False, max_length=1000
    )


class PaymentCountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


class VoidInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class PayoutExportInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300,
        help_text="Why the file is exported: it names every candidate paid, whatever blind "
        "mode hides, so the reason is recorded with who and when.",
    )


class PayoutExportSerializer(serializers.ModelSerializer):
    exported_by = PersonSerializer(read_only=True)

    class Meta:
        model = PayoutExport
        fields = ["id", "exported_by", "reason", "payment_count", "created_at"]
