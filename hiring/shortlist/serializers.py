"""Shapes of the shortlist API. They serialise ``hiring.shortlist.selectors.ShortlistRow``.

Blind mode: ``name`` and ``email`` are always present and **null while the candidate's
identity is hidden** (``identity_visible`` false) — the same rule as the page and the CSV,
decided by ``core.blind.identities``. The pseudonym is always there.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.scoring.components import COMPONENTS
from hiring.models import Application
from hiring.pipeline.bulk import BULK_MAX, REASON_REQUIRED


class ShortlistComponentsSerializer(serializers.Serializer):
    """Each component in [0, 1]; null while it cannot be scored yet (e.g. awaiting review)."""

    accuracy = serializers.FloatField(allow_null=True)
    edge_cases = serializers.FloatField(allow_null=True)
    agreement = serializers.FloatField(allow_null=True)
    throughput = serializers.FloatField(allow_null=True)
    rationale = serializers.FloatField(allow_null=True)


class ShortlistGatesSerializer(serializers.Serializer):
    passed_all = serializers.BooleanField(source="passed_all_gates")
    failed = serializers.ListField(
        child=serializers.CharField(), source="failed_gates", help_text="Component names."
    )
    pending = serializers.ListField(
        child=serializers.CharField(),
        source="pending_gates",
        help_text="Gates waiting for a review or the cohort.",
    )


class ShortlistFlagsSerializer(serializers.Serializer):
    flagged = serializers.BooleanField(help_text="Any signal strong enough to look at.")
    paste_events = serializers.IntegerField()
    focus_losses = serializers.IntegerField()
    too_fast_items = serializers.IntegerField()
    collusion = serializers.BooleanField(
        help_text="Wrong answers coincide with another candidate's far beyond chance."
    )


class ShortlistRowSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application_id")
    pseudonym = serializers.CharField(source="identity.pseudonym")
    identity_visible = serializers.BooleanField(
        source="identity.visible",
        help_text="False in blind mode until the interview stage or a recorded reveal.",
    )
    name = serializers.SerializerMethodField(help_text="Null while the identity is hidden.")
    email = serializers.SerializerMethodField(help_text="Null while the identity is hidden.")
    stage = serializers.ChoiceField(choices=Application.Stage.choices)
    stage_label = serializers.CharField()
    composite = serializers.FloatField(source="entry.composite", allow_null=True)
    components = serializers.SerializerMethodField()
    gates = ShortlistGatesSerializer(source="entry")
    failed_gate_labels = serializers.ListField(
        child=serializers.CharField(), source="failed_gates", help_text="As the page shows them."
    )
    flags = ShortlistFlagsSerializer(source="entry")
    hourly_rate = serializers.DecimalField(
        source="entry.hourly_rate", max_digits=8, decimal_places=2, allow_null=True
    )
    rate_currency = serializers.CharField(source="entry.rate_currency")
    tz_overlap_hours = serializers.IntegerField(
        source="entry.tz_overlap_hours",
        allow_null=True,
        help_text="Working hours shared with the role's time zone.",
    )

    def get_name(self, row) -> str | None:
        return row.identity.name if row.identity.visible else None

    def get_email(self, row) -> str | None:
        return row.identity.email if row.identity.visible else None

    @extend_schema_field(ShortlistComponentsSerializer)
    def get_components(self, row):
        return {name: getattr(row.entry, name) for name in COMPONENTS}


def row_data(row) -> dict:
    """``ShortlistRowSerializer(row).data``, built directly: the shortlist API serves pages
    of a 10,000-candidate role under load, and DRF's field machinery costs more than the
    page's query. The serializer stays the schema; a test keeps the two equal."""
    entry, identity = row.entry, row.identity
    visible = identity.visible
    return {
        "application": entry.application_id,
        "pseudonym": identity.pseudonym,
        "identity_visible": visible,
        "name": identity.name if visible else None,
        "email": identity.email if visible else None,
        "stage": row.stage,
        "stage_label": row.stage_label,
        "composite": entry.composite,
        "components": {name: getattr(entry, name) for name in COMPONENTS},
        "gates": {
            "passed_all": entry.passed_all_gates,
            "failed": list(entry.failed_gates),
            "pending": list(entry.pending_gates),
        },
        "failed_gate_labels": list(row.failed_gates),
        "flags": {
            "flagged": entry.flagged,
            "paste_events": entry.paste_events,
            "focus_losses": entry.focus_losses,
            "too_fast_items": entry.too_fast_items,
            "collusion": entry.collusion,
        },
        "hourly_rate": None if entry.hourly_rate is None else f"{entry.hourly_rate:.2f}",
        "rate_currency": entry.rate_currency,
        "tz_overlap_hours": entry.tz_overlap_hours,
    }


class ShortlistPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ShortlistRowSerializer(many=True)


class ShortlistBulkSerializer(serializers.Serializer):
    """``move`` takes ``to_stage`` (and ``notify`` to e-mail each moved candidate);
    ``reject`` takes a ``reason``, recorded and sent in each rejection e-mail."""

    action = serializers.ChoiceField(choices=[("move", "Move"), ("reject", "Reject")])
    application_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        allow_empty=False,
        max_length=BULK_MAX,
    )
    to_stage = serializers.ChoiceField(choices=Application.Stage.choices, required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    notify = serializers.BooleanField(required=False, default=False)

    def validate(self, data):
        if data["action"] == "move" and not data.get("to_stage"):
            raise serializers.ValidationError(
                {"to_stage": ["Choose the stage to move the candidates to."]}
            )
        if data["action"] == "reject" and not data.get("reason", "").strip():
            raise serializers.ValidationError({"reason": [REASON_REQUIRED]})
        return data


class ShortlistSkippedSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    reason = serializers.CharField(help_text="Why it was not moved, e.g. “Already at Interview”.")


class ShortlistBulkResultSerializer(serializers.Serializer):
    moved = serializers.ListField(child=serializers.IntegerField())
    skipped = ShortlistSkippedSerializer(many=True)
