"""Shapes of the results API: the cohort, agreement, scoring runs and one attempt's report.

They serialise what ``assessments.results.selectors`` reads. Gold (the gold answer, whether
an item is an edge case, the share of the cohort matching gold, and the scorers' details,
which name the expected answer) is only in the ``…WithGold…`` serializers, for authors.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Attempt, CohortAgreement, Item, ScoringJob
from assessments.operations.serializers import IntegritySerializer, inline_choice
from assessments.results.selectors import collusion_pairs


def _scores(**kwargs) -> serializers.DictField:
    return serializers.DictField(child=serializers.FloatField(allow_null=True), **kwargs)


# --- Agreement ------------------------------------------------------------------------------


class LevelAlphaSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The group's label, e.g. “interval: ratings 1–5”.")
    level = serializers.CharField(help_text="nominal, ordinal, interval or ratio")
    alpha = serializers.FloatField(allow_null=True)
    units = serializers.IntegerField(allow_null=True)


class CollusionPairSerializer(serializers.Serializer):
    a = serializers.IntegerField(help_text="An attempt id.")
    b = serializers.IntegerField(help_text="The other attempt id.")
    both_wrong = serializers.IntegerField(required=False)
    shared_wrong = serializers.IntegerField(required=False)
    p_value = serializers.FloatField(required=False, allow_null=True)


class AgreementSummarySerializer(serializers.ModelSerializer):
    """The latest cohort agreement run: the headline figures, alpha per level, collusion."""

    by_level = serializers.SerializerMethodField()
    collusion = serializers.SerializerMethodField()
    low_agreement_threshold = serializers.SerializerMethodField()
    is_stale = serializers.SerializerMethodField()

    class Meta:
        model = CohortAgreement
        fields = [
            "id",
            "krippendorff_alpha",
            "fleiss_kappa",
            "gwet_ac1",
            "by_level",
            "attempt_count",
            "gold_version",
            "is_stale",
            "computed_at",
            "low_agreement_threshold",
            "collusion",
        ]

    @extend_schema_field(LevelAlphaSerializer(many=True))
    def get_by_level(self, agreement):
        groups = (agreement.details or {}).get("by_level") or {}
        return [
            {
                "name": name,
                "level": group.get("level") or name.split(":")[0],
                "alpha": group.get("alpha"),
                "units": group.get("units"),
            }
            for name, group in sorted(groups.items())
            if isinstance(group, dict)
        ]

    @extend_schema_field(CollusionPairSerializer(many=True))
    def get_collusion(self, agreement):
        return CollusionPairSerializer(collusion_pairs(agreement), many=True).data

    def get_low_agreement_threshold(self, agreement) -> float | None:
        return ((agreement.details or {}).get("thresholds") or {}).get("low_agreement")

    def get_is_stale(self, agreement) -> bool:
        """True when the gold changed since this run (a newer one will follow)."""
        return agreement.gold_version != self.context["gold_version"]


# --- Cohort ---------------------------------------------------------------------------------


class CohortCandidateSerializer(serializers.Serializer):
    """The candidate as blind mode allows: their pseudonym and a null e-mail while their
    role hides identities (until the interview stage or a recorded reveal)."""

    name = serializers.CharField(source="candidate")
    email = serializers.SerializerMethodField()

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_email(self, row):
        return row.email or None


class CohortRowSerializer(serializers.Serializer):
    """One submitted attempt with its current report (``scored`` false while it has none)."""

    attempt = serializers.IntegerField()
    candidate = CohortCandidateSerializer(source="*")
    application = serializers.IntegerField(allow_null=True)
    state = inline_choice(Attempt.State.choices)
    submitted_at = serializers.DateTimeField()
    scored = serializers.BooleanField(source="has_report")
    scored_at = serializers.DateTimeField(allow_null=True)
    gold_version = serializers.IntegerField(allow_null=True)
    composite = serializers.FloatField(allow_null=True)
    components = _scores()
    failed_gates = serializers.ListField(child=serializers.CharField())
    pending_gates = serializers.ListField(child=serializers.CharField())
    passed = serializers.BooleanField(
        allow_null=True, help_text="Every gate passed; null while the attempt is not scored."
    )
    agreement = serializers.FloatField(
        allow_null=True, help_text="Leave-one-out agreement with the rest of the cohort."
    )
    integrity = IntegritySerializer()
    colluders = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Attempts sharing improbably many identical wrong answers with this one.",
    )


class CohortPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CohortRowSerializer(many=True)
    agreement = AgreementSummarySerializer(allow_null=True)


# --- Agreement per item ---------------------------------------------------------------------


class ItemAgreementSerializer(serializers.Serializer):
    """One item's agreement. ``majority`` is what most of the cohort answered."""

    item = serializers.IntegerField()
    position = serializers.IntegerField(allow_null=True)
    kind = serializers.ChoiceField(choices=Item.Kind.choices)
    prompt = serializers.CharField()
    level = serializers.CharField(allow_null=True)
    answers = serializers.IntegerField(allow_null=True)
    alpha = serializers.FloatField(allow_null=True)
    meaning = serializers.CharField(help_text="The alpha in plain words.")
    majority = serializers.CharField(allow_null=True)
    majority_share = serializers.FloatField(allow_null=True)
    low_agreement = serializers.BooleanField()
    gold_suspect = serializers.BooleanField()
    top_majority = serializers.CharField(
        allow_null=True, help_text="What the most accurate third answered, when gold is suspect."
    )
    top_share = serializers.FloatField(allow_null=True)


class ItemAgreementWithGoldSerializer(ItemAgreementSerializer):
    """For authors only."""

    gold_share = serializers.FloatField(
        allow_null=True, help_text="Share of the cohort that matched the gold."
    )


# --- Scoring runs ---------------------------------------------------------------------------


class JobFailureSerializer(serializers.Serializer):
    attempt = serializers.IntegerField(allow_null=True)
    candidate = serializers.CharField(allow_blank=True)
    error = serializers.CharField(allow_blank=True)


class ScoringJobSerializer(serializers.ModelSerializer):
    kind = inline_choice(ScoringJob.Kind.choices, read_only=True)
    state = inline_choice(ScoringJob.State.choices, read_only=True)
    percent = serializers.IntegerField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)
    failures = serializers.SerializerMethodField()
    cancelled_by = serializers.SerializerMethodField(
        help_text="Who cancelled the run (name or e-mail), if anyone did."
    )

    class Meta:
        model = ScoringJob
        fields = [
            "id",
            "kind",
            "state",
            "is_active",
            "gold_version",
            "done_count",
            "failed_count",
            "total_count",
            "percent",
            "failures",
            "error",
            "created_at",
            "started_at",
            "heartbeat_at",
            "resumes",
            "finished_at",
            "cancelled_at",
            "cancelled_by",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_cancelled_by(self, job):
        user = job.cancelled_by
        return None if user is None else (user.full_name or user.email)

    @extend_schema_field(JobFailureSerializer(many=True))
    def get_failures(self, job):
        names = self.context.get("names") or {}
        return [
            {
                "attempt": f.get("attempt") if isinstance(f.get("attempt"), int) else None,
                "candidate": names.get(f.get("attempt"), ""),
                "error": str(f.get("error", "")),
            }
            for f in job.failures or ()
            if isinstance(f, dict)
        ]


# --- One attempt ----------------------------------------------------------------------------


class ReportComponentSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # an API field; the stubs see Field.label
    value = serializers.FloatField(allow_null=True)
    weight = serializers.FloatField(allow_null=True)
    minimum = serializers.FloatField(allow_null=True, help_text="The pass gate, if one is set.")
    passed = serializers.BooleanField(
        allow_null=True, help_text="null: no gate, or the component does not exist yet."
    )


class KindAccuracySerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # an API field; the stubs see Field.label
    n = serializers.IntegerField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)


class EdgeCasesSerializer(serializers.Serializer):
    edge_items = serializers.IntegerField()
    flagged_edge = serializers.IntegerField()
    recall = serializers.FloatField(allow_null=True)
    non_edge_items = serializers.IntegerField()
    flagged_non_edge = serializers.IntegerField()
    false_flag_rate = serializers.FloatField(allow_null=True)


class ThroughputSerializer(serializers.Serializer):
    items = serializers.IntegerField()
    seconds = serializers.FloatField()
    items_per_hour = serializers.FloatField(allow_null=True)
    expected_items_per_hour = serializers.FloatField(allow_null=True)
    ratio = serializers.FloatField(allow_null=True)


class ReportSerializer(serializers.Serializer):
    """The attempt's current score report."""

    scorer_version = serializers.CharField()
    gold_version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    composite = serializers.FloatField(allow_null=True)
    failed_gates = serializers.ListField(child=serializers.CharField())
    components = ReportComponentSerializer(many=True)
    items_scored = serializers.IntegerField(allow_null=True)
    accuracy_points = serializers.FloatField(allow_null=True)
    accuracy_by_kind = KindAccuracySerializer(many=True)
    edge_cases = EdgeCasesSerializer(allow_null=True)
    throughput = ThroughputSerializer(allow_null=True)


class AttemptItemSerializer(serializers.Serializer):
    """One item as the candidate saw it (``number`` is the order shown), with the answer in
    plain words, the score and the cohort's majority."""

    number = serializers.IntegerField()
    item = serializers.IntegerField()
    position = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Item.Kind.choices)
    prompt = serializers.CharField()
    answer = serializers.CharField(allow_null=True)
    score = serializers.FloatField(allow_null=True, help_text="null: not scored (free text).")
    time_ms = serializers.IntegerField()
    flagged = serializers.BooleanField(help_text="Flagged as ambiguous by the candidate.")
    majority = serializers.CharField(allow_null=True)
    majority_share = serializers.FloatField(allow_null=True)
    low_agreement = serializers.BooleanField()
    gold_suspect = serializers.BooleanField()
    signals = serializers.ListField(child=serializers.CharField())


class AttemptItemWithGoldSerializer(AttemptItemSerializer):
    """For authors only: the gold, the edge-case mark and the scorer's details."""

    gold = serializers.CharField(allow_null=True)
    edge_case = serializers.BooleanField()
    detail = serializers.DictField(help_text="The scorer's details; they name the expected answer.")


class AttemptResultSerializer(serializers.Serializer):
    attempt = serializers.IntegerField(source="attempt.pk")
    candidate = serializers.SerializerMethodField()
    application = serializers.IntegerField(source="attempt.application_id", allow_null=True)
    state = inline_choice(Attempt.State.choices, source="attempt.state")
    submitted_at = serializers.DateTimeField(source="attempt.submitted_at")
    report = ReportSerializer(allow_null=True, help_text="null while the attempt is not scored.")
    agreement = serializers.FloatField(
        allow_null=True, help_text="Leave-one-out agreement with the rest of the cohort."
    )
    colluders = serializers.ListField(child=serializers.IntegerField())
    integrity = IntegritySerializer()
    items = serializers.SerializerMethodField()

    @extend_schema_field(CohortCandidateSerializer)
    def get_candidate(self, result):
        return result["candidate"]

    @extend_schema_field(AttemptItemWithGoldSerializer(many=True))
    def get_items(self, result):
        with_gold = self.context.get("with_gold")
        serializer = AttemptItemWithGoldSerializer if with_gold else AttemptItemSerializer
        return serializer(result["items"], many=True).data
