"""Team-facing output shapes. Nothing here is ever used on a candidate endpoint."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.serializers import UserSerializer
from assessments.operations.serializers import PayoutExportSerializer
from core.blind import Identity, identity_of, name_stage_changes
from hiring.models import (
    Application,
    IdentityReveal,
    Note,
    StageChange,
)
from hiring.pipeline.selectors import allowed_moves

# --- The team's pipeline ---------------------------------------------------------------------


class StageChangeSerializer(serializers.ModelSerializer):
    """One move. Changes must have been named by ``blind.name_stage_changes``: a move the
    candidate made shows them as blind mode allows (the pseudonym while hidden, no id and
    no e-mail), never their account."""

    changed_by = serializers.SerializerMethodField()
    by_candidate = serializers.BooleanField(read_only=True)

    class Meta:
        model = StageChange
        fields = ["from_stage", "to_stage", "changed_by", "by_candidate", "reason", "created_at"]

    @extend_schema_field(UserSerializer(allow_null=True))
    def get_changed_by(self, change) -> dict | None:
        if change.by_candidate:
            return {"id": None, "email": None, "full_name": change.shown_by}
        return UserSerializer(change.changed_by).data if change.changed_by_id else None


class IdentitySerializer(serializers.Serializer):
    """The candidate as blind mode lets the team know them (``core.blind``): always a
    stable pseudonym; name, e-mail, country and institutions are null while the identity is
    hidden — never present with a value."""

    pseudonym = serializers.CharField()
    visible = serializers.BooleanField()
    why = serializers.CharField(
        help_text="“hidden”, “interview stage”, “blind mode off” or “revealed: <reason>”."
    )
    name = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    country = serializers.CharField(allow_null=True)
    institutions = serializers.ListField(child=serializers.CharField(), allow_null=True)

    def to_representation(self, identity) -> dict:
        shown = identity.visible
        return {
            "pseudonym": identity.pseudonym,
            "visible": shown,
            "why": identity.why,
            "name": (identity.name or None) if shown else None,
            "email": (identity.email or None) if shown else None,
            "country": (identity.country or None) if shown else None,
            "institutions": list(identity.institutions) if shown else None,
        }


def _identity(serializer, application) -> Identity:
    """From the ``identities`` the view put in the context (read in one go for a page)."""
    identities = serializer.context.get("identities") or {}
    return identities.get(application.pk) or identity_of(application)


def _identity_of(serializer, application) -> dict:
    return IdentitySerializer(_identity(serializer, application)).data


class TeamApplicationSerializer(serializers.ModelSerializer):
    candidate = serializers.SerializerMethodField(
        help_text="The candidate as blind mode allows: identity fields are null while hidden."
    )
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "role",
            "candidate",
            "stage",
            "stage_label",
            "knockout_reason",
            "created_at",
            "stage_changed_at",
        ]

    @extend_schema_field(IdentitySerializer)
    def get_candidate(self, application) -> dict:
        return _identity_of(self, application)


class TeamApplicationDetailSerializer(TeamApplicationSerializer):
    stage_changes = serializers.SerializerMethodField()
    allowed_moves = serializers.SerializerMethodField()

    class Meta(TeamApplicationSerializer.Meta):
        fields = [
            *TeamApplicationSerializer.Meta.fields,
            "knockout_answers",
            "stage_changes",
            "allowed_moves",
        ]

    def get_allowed_moves(self, application) -> list[str]:
        return [stage for stage, _ in allowed_moves(application=application)]

    @extend_schema_field(StageChangeSerializer(many=True))
    def get_stage_changes(self, application) -> list[dict]:
        changes = name_stage_changes(
            application.stage_changes.all(),
            application=application,
            identity=_identity(self, application),
        )
        return list(StageChangeSerializer(changes, many=True).data)


class MoveSerializer(serializers.Serializer):
    stage = serializers.CharField(max_length=12)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class NoteSerializer(serializers.ModelSerializer):
    author = UserSerializer(read_only=True)

    class Meta:
        model = Note
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


# --- Candidate detail, compare and reveal ---------------------------------------------------


class RevealSerializer(serializers.ModelSerializer):
    revealed_by = UserSerializer(read_only=True, allow_null=True)

    class Meta:
        model = IdentityReveal
        fields = ["revealed_by", "reason", "created_at"]


class RevealInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=True,
        help_text="Why the identity is needed before the interview stage (required; recorded).",
    )


class RevealResultSerializer(serializers.Serializer):
    identity = IdentitySerializer()
    reveal = RevealSerializer()


class CohortSerializer(serializers.Serializer):
    """The role's scored cohort on one component: count, min, max and mean exactly;
    quartiles read from 20 bins (within 0.05); the candidate's percentile rank."""

    n = serializers.IntegerField()
    min = serializers.FloatField(allow_null=True)
    q1 = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    q3 = serializers.FloatField(allow_null=True)
    max = serializers.FloatField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)
    percentile = serializers.FloatField(allow_null=True)

    def to_representation(self, stats) -> dict:
        def rounded(value):
            return None if value is None else round(value, 4)

        return {
            "n": stats.n,
            "min": rounded(stats.low),
            "q1": rounded(stats.q1),
            "median": rounded(stats.median),
            "q3": rounded(stats.q3),
            "max": rounded(stats.high),
            "mean": rounded(stats.mean),
            "percentile": stats.percentile,
        }


class ComponentScoreSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # an API field; the stubs see Field.label
    value = serializers.FloatField(allow_null=True)
    weight = serializers.FloatField(allow_null=True)
    minimum = serializers.FloatField(allow_null=True, help_text="The pass gate, if any.")
    passed = serializers.BooleanField(allow_null=True, help_text="Null while pending.")
    has_gate = serializers.BooleanField()


class ComponentWithCohortSerializer(ComponentScoreSerializer):
    cohort = CohortSerializer()


class CandidateKindAccuracySerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # an API field; the stubs see Field.label
    n = serializers.IntegerField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)


class ScoreBreakdownSerializer(serializers.Serializer):
    attempt = serializers.IntegerField()
    scored_at = serializers.DateTimeField(allow_null=True)
    composite = serializers.FloatField(allow_null=True)
    passed_all_gates = serializers.BooleanField()
    failed_gates = serializers.ListField(child=serializers.CharField())
    pending_gates = serializers.ListField(child=serializers.CharField())
    components = ComponentWithCohortSerializer(
        many=True, help_text="The composite first, then each component."
    )
    accuracy_by_kind = CandidateKindAccuracySerializer(many=True)
    edge_cases = serializers.DictField(allow_null=True)
    throughput = serializers.DictField(allow_null=True)
    cohort_agreement = serializers.FloatField(
        allow_null=True, help_text="Leave-one-out agreement with the rest of the cohort."
    )


class CollusionPartnerSerializer(serializers.Serializer):
    application = serializers.IntegerField(allow_null=True)
    pseudonym = serializers.CharField(help_text="The other candidate's pseudonym.")
    shared_wrong = serializers.IntegerField(allow_null=True)
    both_wrong = serializers.IntegerField(allow_null=True)
    p_value = serializers.FloatField(allow_null=True)


class FlagsSerializer(serializers.Serializer):
    paste_events = serializers.IntegerField()
    items_with_paste = serializers.IntegerField()
    focus_losses = serializers.IntegerField()
    too_fast_items = serializers.IntegerField()
    collusion = CollusionPartnerSerializer(many=True)
    flagged = serializers.BooleanField()


class DetailItemSerializer(serializers.Serializer):
    """One item as the candidate answered it, with its score (whether the answer matched
    the gold: 1, part or 0) beside the cohort's majority. No gold: see
    ``DetailItemWithGoldSerializer``."""

    number = serializers.IntegerField(help_text="Its place in the order the candidate saw.")
    item = serializers.IntegerField()
    position = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    prompt = serializers.CharField()
    answer = serializers.CharField(allow_null=True)
    majority = serializers.CharField(allow_null=True)
    majority_share = serializers.FloatField(allow_null=True)
    score = serializers.FloatField(allow_null=True)
    time_ms = serializers.IntegerField()
    flagged = serializers.BooleanField(help_text="Flagged ambiguous by the candidate.")
    low_agreement = serializers.BooleanField()
    gold_suspect = serializers.BooleanField()
    signals = serializers.ListField(child=serializers.CharField())


class DetailItemWithGoldSerializer(DetailItemSerializer):
    """For those who see gold (``Access.sees_gold``: authors): the expected answer with its
    accepted alternatives or reference, and the edge-case mark."""

    gold = serializers.CharField(allow_null=True)
    edge_case = serializers.BooleanField()


def _items_field(plain, with_gold):
    """``items`` as one of two serializers, by the ``with_gold`` context: without it the
    gold fields are not in the body at all (not merely empty)."""

    @extend_schema_field(with_gold(many=True))
    def get_items(self, payload):
        serializer = with_gold if self.context.get("with_gold") else plain
        return serializer(payload["items"], many=True).data

    return get_items


class CriterionLevelSerializer(serializers.Serializer):
    name = serializers.CharField()
    weight = serializers.FloatField(allow_null=True)
    level = serializers.IntegerField(allow_null=True)
    descriptor = serializers.CharField(allow_blank=True)


class WrittenAnswerSerializer(serializers.Serializer):
    """A rationale (or a free-text or error-explanation answer) with its review."""

    task_id = serializers.IntegerField(allow_null=True, help_text="Null: not sent for review.")
    source = serializers.CharField()  # type: ignore[assignment]  # an API field; the stubs see Field.source
    source_label = serializers.CharField()
    item_id = serializers.IntegerField(allow_null=True)
    number = serializers.IntegerField(allow_null=True)
    text = serializers.CharField(allow_blank=True)
    state = serializers.CharField(allow_blank=True)
    state_label = serializers.CharField()
    final_score = serializers.FloatField(allow_null=True)
    rubric = serializers.CharField(allow_blank=True)
    criteria = CriterionLevelSerializer(many=True)
    tiers = serializers.ListField(child=serializers.CharField())
    comments = serializers.ListField(child=serializers.CharField())


class LanguageLevelSerializer(serializers.Serializer):
    language = serializers.CharField()
    level = serializers.CharField()


class DomainYearsSerializer(serializers.Serializer):
    domain = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # an API field; the stubs see Field.label
    years = serializers.IntegerField()


class DegreeSerializer(serializers.Serializer):
    level = serializers.CharField()
    level_label = serializers.CharField()
    field = serializers.CharField()
    institution = serializers.CharField(allow_null=True, help_text="Null while hidden.")


class TeamExperienceSerializer(serializers.Serializer):
    what_trained = serializers.CharField()
    data = serializers.CharField()  # type: ignore[assignment]  # an API field; the stubs see Field.data
    measurement = serializers.CharField()
    started_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)


class TeamWorkSampleSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()


class BlindProfileSerializer(serializers.Serializer):
    """The profile the team reads: country, institutions and work-sample links (which can
    name the candidate) are null while the identity is hidden."""

    headline = serializers.CharField(allow_blank=True)
    country = serializers.CharField(allow_null=True)
    time_zone = serializers.CharField()
    overlap_hours = serializers.IntegerField(
        allow_null=True, help_text="Working hours shared with the role's reference zone."
    )
    overlap_needed = serializers.IntegerField()
    tz_reference = serializers.CharField()
    hourly_rate = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    rate_currency = serializers.CharField()
    hours_per_week = serializers.IntegerField(allow_null=True)
    tools = serializers.ListField(child=serializers.CharField())
    modalities = serializers.ListField(child=serializers.CharField())
    languages = LanguageLevelSerializer(many=True)
    domains = DomainYearsSerializer(many=True)
    education = DegreeSerializer(many=True)
    experience = TeamExperienceSerializer(many=True)
    work_samples = TeamWorkSampleSerializer(many=True, allow_null=True)


class RoleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    blind_mode = serializers.BooleanField()


class CandidateDetailSerializer(serializers.Serializer):
    """One candidate for the pipeline: the same blind-mode rules as the page."""

    id = serializers.IntegerField()
    role = RoleRefSerializer()
    stage = serializers.CharField()
    stage_label = serializers.CharField()
    created_at = serializers.DateTimeField()
    stage_changed_at = serializers.DateTimeField()
    knockout_reason = serializers.CharField(allow_blank=True)
    knockout_answers = serializers.DictField()
    identity = IdentitySerializer()
    reveals = RevealSerializer(many=True)
    payout_exports = PayoutExportSerializer(
        many=True, help_text="Payout files that named this candidate: recorded reveals too."
    )
    profile = BlindProfileSerializer(allow_null=True)
    score = ScoreBreakdownSerializer(allow_null=True, help_text="Null until scored.")
    flags = FlagsSerializer(allow_null=True, help_text="Null before an attempt is submitted.")
    items = serializers.SerializerMethodField(
        help_text="The gold and edge-case fields only for those who see gold (authors)."
    )
    get_items = _items_field(DetailItemSerializer, DetailItemWithGoldSerializer)
    rationales = WrittenAnswerSerializer(many=True)
    stage_changes = StageChangeSerializer(many=True)
    notes = NoteSerializer(many=True)
    allowed_moves = serializers.ListField(child=serializers.CharField())


class CompareCandidateSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    identity = IdentitySerializer()
    stage = serializers.CharField()
    stage_label = serializers.CharField()
    composite = serializers.FloatField(allow_null=True)
    components = ComponentScoreSerializer(many=True)
    failed_gates = serializers.ListField(child=serializers.CharField())
    flags = FlagsSerializer(allow_null=True)
    hourly_rate = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    rate_currency = serializers.CharField(allow_blank=True)
    tz_overlap_hours = serializers.IntegerField(allow_null=True)
    rationale = serializers.FloatField(allow_null=True, help_text="The rationale component.")
    reviews = WrittenAnswerSerializer(many=True)


class CompareCellSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    answer = serializers.CharField(allow_null=True)
    score = serializers.FloatField(allow_null=True)
    time = serializers.CharField()
    flagged = serializers.BooleanField()
    off_gold = serializers.BooleanField(help_text="Scored below full credit against gold.")


class CompareItemSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    position = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    prompt = serializers.CharField()
    majority = serializers.CharField(allow_null=True)
    majority_share = serializers.FloatField(allow_null=True)
    differ = serializers.BooleanField(help_text="The candidates' answers are not all the same.")
    cells = CompareCellSerializer(many=True, help_text="One per candidate, in their order.")


class CompareItemWithGoldSerializer(CompareItemSerializer):
    """For those who see gold (authors): the expected answer and the edge-case mark."""

    gold = serializers.CharField(allow_null=True)
    edge_case = serializers.BooleanField()


class CompareSerializer(serializers.Serializer):
    role = RoleRefSerializer()
    candidates = CompareCandidateSerializer(many=True)
    items = serializers.SerializerMethodField(
        help_text="Items every candidate answered; gold and edge-case fields only for authors."
    )
    get_items = _items_field(CompareItemSerializer, CompareItemWithGoldSerializer)
    differing = serializers.IntegerField()
