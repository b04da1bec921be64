"""Rubrics for written reasoning, and the blind reviews scored against them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.scoping import OrganizationScopedManager

MAX_LEVEL = 4


class Rubric(models.Model):
    """Versioned: once any review uses it, it is frozen and edits make a new version."""

    organization = models.ForeignKey(
        "hiring.Organization", on_delete=models.CASCADE, related_name="rubrics"
    )
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_versions"
    )
    edge_case_guide = models.TextField(blank=True, help_text="How to score borderline answers.")
    frozen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "organization"

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name", "version"], name="rubric_version_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.DecimalField(max_digits=5, decimal_places=2, default=1)

    objects = OrganizationScopedManager()
    organization_path = "rubric__organization"

    class Meta:
        ordering = ["rubric", "position"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["rubric", "position"], name="criterion_position"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class CriterionLevel(models.Model):
    """An anchored level (0–4) of a criterion: what an answer at that level looks like."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="levels")
    score = models.PositiveSmallIntegerField()
    descriptor = models.CharField(max_length=400)
    example = models.TextField(blank=True)

    objects = OrganizationScopedManager()
    organization_path = "criterion__rubric__organization"

    class Meta:
        ordering = ["criterion", "score"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "score"], name="criterion_level_once"),
            models.CheckConstraint(
                condition=Q(score__lte=MAX_LEVEL), name="criterion_level_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.descriptor}"


class ReviewTask(models.Model):
    """One written answer in the review queue: a hardest-decision rationale, a free-text
    answer or an error explanation, reviewed blind against the assessment's rubric.

    primary → (senior, if sampled) → (adjudication, if the two disagree by more than a
    level on any criterion) → done. ``final_score`` in [0, 1] is what the candidate's
    rationale component averages."""

    class Source(models.TextChoices):
        RATIONALE = "rationale", "Rationale"
        FREE_TEXT = "free_text", "Free-text answer"
        ERROR_EXPLANATION = "error_explanation", "Error explanation"

    class State(models.TextChoices):
        PRIMARY = "primary", "Awaiting review"
        SENIOR = "senior", "Awaiting senior re-score"
        ADJUDICATION = "adjudication", "Awaiting adjudication"
        DONE = "done", "Done"

    organization = models.ForeignKey(
        "hiring.Organization", on_delete=models.CASCADE, related_name="review_tasks"
    )
    response = models.ForeignKey(
        "assessments.Response", on_delete=models.CASCADE, related_name="review_tasks"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="review_tasks")
    state = models.CharField(max_length=12, choices=State.choices, default=State.PRIMARY)
    senior_sampled = models.BooleanField(
        default=False, help_text="Drawn for a blind senior re-score."
    )
    final_score = models.FloatField(null=True, blank=True)
    final_levels = models.JSONField(
        default=dict, blank=True, help_text="Criterion id → the level that stands."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = OrganizationScopedManager()
    organization_path = "organization"

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["organization", "state", "created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["response", "source"], name="review_task_once"),
            models.CheckConstraint(
                condition=Q(final_score__isnull=True)
                | (Q(final_score__gte=0) & Q(final_score__lte=1)),
                name="review_task_score_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} of response {self.response_id}"


class Review(models.Model):
    """One reviewer's blind scoring of one written answer or rationale."""

    class Tier(models.TextChoices):
        PRIMARY = "primary", "Primary review"
        SENIOR = "senior", "Senior QA re-score"
        ADJUDICATION = "adjudication", "Adjudication"

    task = models.ForeignKey(
        ReviewTask, on_delete=models.CASCADE, null=True, blank=True, related_name="reviews"
    )
    response = models.ForeignKey(
        "assessments.Response", on_delete=models.CASCADE, related_name="reviews"
    )
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    tier = models.CharField(max_length=12, choices=Tier.choices, default=Tier.PRIMARY)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "rubric__organization"

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["task", "tier"], name="review_once_per_task_tier"),
        ]

    def __str__(self) -> str:
        return f"{self.get_tier_display()} by {self.reviewer}"


class CriterionScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    level = models.PositiveSmallIntegerField()

    objects = OrganizationScopedManager()
    organization_path = "review__rubric__organization"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="criterion_score_once"),
            models.CheckConstraint(condition=Q(level__lte=MAX_LEVEL), name="criterion_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.level}"

    def clean(self) -> None:
        super().clean()
        if (
            self.review_id
            and self.criterion_id
            and self.criterion.rubric_id != self.review.rubric_id
        ):
            raise ValidationError({"criterion": "That criterion belongs to a different rubric."})
