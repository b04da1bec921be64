"""Shapes of the blind review API. They serialise what ``rubrics.review.selectors`` reads:
the item, the answer and the text under review, and the rubric — no candidate identity,
no score of the attempt, no gold. Nothing here is shared with a candidate-facing endpoint.
"""

from rest_framework import serializers

from assessments.models import Item
from assessments.operations.serializers import inline_choice
from rubrics.models import Review, ReviewTask

SOURCES = ReviewTask.Source.choices
STATES = ReviewTask.State.choices
TIERS = Review.Tier.choices


# --- The rubric -----------------------------------------------------------------------------


class ReviewLevelSerializer(serializers.Serializer):
    score = serializers.IntegerField(help_text="0–4.")
    descriptor = serializers.CharField(help_text="What an answer at this level looks like.")
    example = serializers.CharField()


class ReviewCriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    weight = serializers.FloatField()
    levels = ReviewLevelSerializer(many=True, help_text="The five anchored levels, 0 to 4.")


class ReviewRubricSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    version = serializers.IntegerField()
    edge_case_guide = serializers.CharField()
    criteria = ReviewCriterionSerializer(many=True)


# --- The queue and one task -----------------------------------------------------------------


class ReviewTaskRowSerializer(serializers.Serializer):
    """One task of the queue, blind."""

    id = serializers.IntegerField()
    source = inline_choice(SOURCES)  # type: ignore[assignment]  # an API field; the stubs see Field.source
    source_label = serializers.CharField()
    state = inline_choice(STATES)
    state_label = serializers.CharField()
    item_id = serializers.IntegerField()
    item_position = serializers.IntegerField()
    item_kind = serializers.ChoiceField(choices=Item.Kind.choices)
    item_prompt = serializers.CharField()
    rubric_id = serializers.IntegerField()
    rubric = serializers.CharField(help_text="Name and version, e.g. “Clarity v2”.")
    text = serializers.CharField(help_text="The text under review.")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    final_score = serializers.FloatField(
        allow_null=True, help_text="The review's score in [0, 1], once done."
    )
    reviewed_by_me = serializers.BooleanField()


class ReviewItemSerializer(serializers.Serializer):
    """The item as the candidate saw it: no gold."""

    id = serializers.IntegerField()
    position = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Item.Kind.choices)
    prompt = serializers.CharField()
    content = serializers.JSONField()
    options = serializers.JSONField()


class ReviewTierSerializer(serializers.Serializer):
    tier = inline_choice(TIERS)
    label = serializers.CharField()  # type: ignore[assignment]  # an API field; the stubs see Field.label
    comment = serializers.CharField()


class ReviewCompareRowSerializer(serializers.Serializer):
    criterion_id = serializers.IntegerField()
    name = serializers.CharField()
    primary = serializers.IntegerField(allow_null=True)
    senior = serializers.IntegerField(allow_null=True)
    adjudication = serializers.IntegerField(allow_null=True)
    split = serializers.BooleanField(
        help_text="The primary and senior levels are more than one apart."
    )
    final = serializers.IntegerField(allow_null=True, help_text="The level that stands.")


class ReviewCompareSerializer(serializers.Serializer):
    """The reviews side by side (reviewers named by tier only)."""

    tiers = ReviewTierSerializer(many=True)
    rows = ReviewCompareRowSerializer(many=True)
    disagreements = serializers.IntegerField()


class ReviewTaskDetailSerializer(serializers.Serializer):
    """One task, blind: what the reviewer scores and the rubric to score it with.
    ``reviews`` (side by side) only once the task awaits adjudication — for those who
    may adjudicate, owners and hiring managers — or is done; null otherwise, so a senior
    re-scores without seeing the first scores."""

    id = serializers.IntegerField()
    source = inline_choice(SOURCES)  # type: ignore[assignment]  # an API field; the stubs see Field.source
    source_label = serializers.CharField()
    state = inline_choice(STATES)
    state_label = serializers.CharField()
    tier = serializers.CharField(
        allow_null=True, help_text="The tier to submit next (null once done)."
    )
    can_score = serializers.BooleanField(help_text="Whether you may submit that tier.")
    item = ReviewItemSerializer()
    answer = serializers.JSONField(
        allow_null=True,
        help_text="The candidate's answer to the item (null when the answer is the text).",
    )
    text = serializers.CharField(help_text="The text under review.")
    flagged_ambiguous = serializers.BooleanField()
    ambiguity_note = serializers.CharField()
    rubric = ReviewRubricSerializer()
    reviews = ReviewCompareSerializer(allow_null=True)
    final_score = serializers.FloatField(allow_null=True)


# --- Submitting -----------------------------------------------------------------------------


class ReviewScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(help_text="A criterion id of the task's rubric.")
    level = serializers.IntegerField(help_text="0–4.")


class ReviewSubmitInputSerializer(serializers.Serializer):
    tier = serializers.CharField(help_text="primary, senior or adjudication: the task's state.")
    scores = ReviewScoreInputSerializer(many=True, help_text="One level per criterion.")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    def validate_scores(self, scores):
        seen = set()
        for score in scores:
            if score["criterion"] in seen:
                raise serializers.ValidationError(
                    f"Criterion {score['criterion']} is scored twice; give it one level."
                )
            seen.add(score["criterion"])
        return scores


class ReviewScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id")
    level = serializers.IntegerField()


class ReviewSerializer(serializers.ModelSerializer):
    tier = inline_choice(TIERS, read_only=True)
    scores = ReviewScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = ["id", "tier", "comment", "created_at", "scores"]


class ReviewTaskStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = inline_choice(STATES)
    state_label = serializers.CharField()
    final_score = serializers.FloatField(allow_null=True)


class ReviewSubmittedSerializer(serializers.Serializer):
    review = ReviewSerializer()
    task = ReviewTaskStateSerializer(help_text="The task as it is after this review.")


# --- Agreement and settings -----------------------------------------------------------------


class ReviewerCriterionAgreementSerializer(serializers.Serializer):
    criterion_id = serializers.IntegerField()
    name = serializers.CharField()
    rubric = serializers.CharField()
    kappa = serializers.FloatField(
        allow_null=True, help_text="Quadratic-weighted Cohen's kappa; null when undefined."
    )
    n = serializers.IntegerField(help_text="Re-scored answers it rests on.")
    drifting = serializers.BooleanField()


class ReviewerAgreementSerializer(serializers.Serializer):
    """A reviewer's agreement with the blind senior re-scores of their reviews."""

    reviewer_id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.EmailField()
    n = serializers.IntegerField(help_text="Re-scored answers.")
    kappa = serializers.FloatField(allow_null=True, help_text="Over all criteria together.")
    drifting = serializers.BooleanField(
        help_text="A kappa below 0.6 over at least 5 re-scored answers."
    )
    criteria = ReviewerCriterionAgreementSerializer(many=True)


class ReviewCountsSerializer(serializers.Serializer):
    primary = serializers.IntegerField()
    senior = serializers.IntegerField()
    adjudication = serializers.IntegerField()
    done = serializers.IntegerField()


class ReviewSettingsSerializer(serializers.Serializer):
    senior_review_share = serializers.DecimalField(
        max_digits=3,
        decimal_places=2,
        help_text="Share of answers a senior re-scores blind, 0 to 1 (0.20 = 20%).",
    )
    counts = ReviewCountsSerializer(read_only=True, help_text="Tasks per state.")


class ReviewSettingsInputSerializer(serializers.Serializer):
    senior_review_share = serializers.DecimalField(
        max_digits=5, decimal_places=4, help_text="0 to 1, for example 0.2 for 20%."
    )
