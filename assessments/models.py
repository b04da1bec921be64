"""Calibration assessments, their hidden gold, candidates' attempts and scores.

Gold answers live in ``GoldAnswer``, a model of their own: nothing that renders
an ``Item`` for a candidate ever joins it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.scoping import OrganizationScopedManager
from core.vocabulary import Currency


class Assessment(models.Model):
    """A versioned calibration task; frozen once any candidate has started it."""

    organization = models.ForeignKey(
        "hiring.Organization", on_delete=models.CASCADE, related_name="assessments"
    )
    title = models.CharField(max_length=200)
    instructions = models.TextField(blank=True, help_text="Markdown.")
    version = models.PositiveIntegerField(default=1)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_versions"
    )
    rubric = models.ForeignKey(
        "rubrics.Rubric", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    time_limit_minutes = models.PositiveSmallIntegerField(default=60)
    items_per_attempt = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty to draw every item."
    )
    shuffle = models.BooleanField(default=True)
    expected_items_per_hour = models.DecimalField(max_digits=6, decimal_places=1, default=30)
    pay_amount = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    pay_currency = models.CharField(max_length=3, choices=Currency.choices, default="USD")
    pass_gates = models.JSONField(
        default=dict, blank=True, help_text='Minimum per component, e.g. {"accuracy": 0.8}.'
    )
    rationale_count = models.PositiveSmallIntegerField(
        default=3, help_text="Rationales asked for the candidate's N hardest decisions."
    )
    gold_version = models.PositiveIntegerField(default=1)
    frozen_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "organization"

    class Meta:
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "title", "version"], name="assessment_version_once"
            ),
            models.CheckConstraint(
                condition=Q(time_limit_minutes__gte=1), name="assessment_has_time"
            ),
            models.CheckConstraint(
                condition=Q(items_per_attempt__isnull=True) | Q(items_per_attempt__gte=1),
                name="assessment_draws_items",
            ),
            models.CheckConstraint(condition=Q(pay_amount__gte=0), name="assessment_pay_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.pass_gates, dict) or not all(
            isinstance(v, int | float) and 0 <= v <= 1 for v in self.pass_gates.values()
        ):
            raise ValidationError(
                {"pass_gates": "Each pass gate is a component name with a minimum from 0 to 1."}
            )


class Item(models.Model):
    class Kind(models.TextChoices):
        SINGLE_CHOICE = "single_choice", "Single choice"
        MULTI_LABEL = "multi_label", "Multi-label"
        SPANS = "spans", "Spans (NER / error spans)"
        PAIRWISE = "pairwise", "Pairwise preference"
        RANKING = "ranking", "Ranking of outputs"
        RATING = "rating", "Rating per criterion"
        NUMERIC = "numeric", "Numeric"
        ERROR_IDENTIFICATION = "error_identification", "Error identification"
        FREE_TEXT = "free_text", "Free text"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=24, choices=Kind.choices)
    prompt = models.TextField()
    content = models.JSONField(
        default=dict, blank=True, help_text="What the candidate works on: text, outputs…"
    )
    options = models.JSONField(default=list, blank=True, help_text="Labels or choices offered.")
    requires_rationale = models.BooleanField(default=False)
    exposure_count = models.PositiveIntegerField(default=0)

    objects = OrganizationScopedManager()
    organization_path = "assessment__organization"

    class Meta:
        ordering = ["assessment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "position"], name="item_position"),
        ]

    def __str__(self) -> str:
        return f"#{self.position} {self.get_kind_display()}"

    def clean(self) -> None:
        super().clean()
        needs_options = {self.Kind.SINGLE_CHOICE, self.Kind.MULTI_LABEL}
        if self.kind in needs_options and len(self.options or []) < 2:
            raise ValidationError({"options": "Choice items need at least two options."})


class GoldAnswer(models.Model):
    """The hidden answer to an item: read only by scoring code and org staff."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="gold")
    answer = models.JSONField(null=True, blank=True)
    accepted_alternatives = models.JSONField(default=list, blank=True)
    tolerance = models.FloatField(null=True, blank=True, help_text="Numeric items only.")
    is_edge_case = models.BooleanField(
        default=False, help_text="Deliberately ambiguous: scored on flagging, not on one answer."
    )
    explanation = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationScopedManager()
    organization_path = "item__assessment__organization"

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(tolerance__isnull=True) | Q(tolerance__gte=0),
                name="gold_tolerance_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Gold for {self.item}"


class Attempt(models.Model):
    """One candidate's sitting of an assessment."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"
        SCORED = "scored", "Scored"

    class Purpose(models.TextChoices):
        CALIBRATION = "calibration", "Calibration before hire"
        AUDIT = "audit", "Post-hire audit"
        RECALIBRATION = "recalibrate", "Recalibration after a quality alert"

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="attempts")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    application = models.ForeignKey(
        "hiring.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attempts",
    )
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.CALIBRATION)
    state = models.CharField(max_length=12, choices=State.choices, default=State.IN_PROGRESS)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(help_text="Server-side; includes any extra time granted.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(default=False)
    seed = models.BigIntegerField(help_text="Seeds this attempt's item draw and order.")
    item_order = models.JSONField(default=list, help_text="Item ids in the order shown.")
    extra_minutes = models.PositiveIntegerField(
        default=0, help_text="Extra time from accommodations, already added to the deadline."
    )
    current_position = models.PositiveIntegerField(
        default=0, help_text="Index in item_order of the item on screen, to resume there."
    )
    pay_amount = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    pay_currency = models.CharField(max_length=3, choices=Currency.choices, default="USD")
    integrity_events = models.JSONField(default=list, blank=True)

    objects = OrganizationScopedManager()
    organization_path = "assessment__organization"

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["state", "deadline"])]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "candidate"],
                condition=Q(purpose="calibration"),
                name="calibration_attempt_once",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("started_at")),
                name="attempt_deadline_after_start",
            ),
            models.CheckConstraint(
                condition=Q(state="in_progress") | Q(submitted_at__isnull=False),
                name="attempt_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} on {self.assessment}"


class Response(models.Model):
    """A candidate's answer to one item within an attempt."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="responses")
    answer = models.JSONField(null=True, blank=True)
    flagged_ambiguous = models.BooleanField(default=False)
    ambiguity_note = models.TextField(blank=True)
    rationale = models.TextField(blank=True)
    hardest = models.BooleanField(
        default=False, help_text="Picked as one of the candidate's N hardest decisions."
    )
    time_spent_ms = models.PositiveIntegerField(default=0)
    revision_count = models.PositiveIntegerField(default=0)
    integrity_events = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationScopedManager()
    organization_path = "attempt__assessment__organization"

    class Meta:
        ordering = ["attempt", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "item"], name="response_once_per_item"),
        ]

    def __str__(self) -> str:
        return f"Response to {self.item}"

    def clean(self) -> None:
        super().clean()
        if (
            self.attempt_id
            and self.item_id
            and self.item.assessment_id != self.attempt.assessment_id
        ):
            raise ValidationError({"item": "That item is not part of this attempt."})


class ScoreReport(models.Model):
    """The score of one attempt; exactly one report per attempt is current."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="score_reports")
    is_current = models.BooleanField(default=True)
    scorer_version = models.CharField(max_length=20)
    gold_version = models.PositiveIntegerField()
    components = models.JSONField(default=dict, help_text="Component name → score in [0, 1].")
    details = models.JSONField(default=dict, blank=True)
    composite = models.FloatField(null=True, blank=True)
    failed_gates = models.JSONField(default=list, blank=True)
    job = models.ForeignKey(
        "ScoringJob",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        help_text="The background run that wrote it; none for a live submission.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "attempt__assessment__organization"

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt"], condition=Q(is_current=True), name="one_current_score_report"
            ),
            models.CheckConstraint(
                condition=Q(composite__isnull=True) | (Q(composite__gte=0) & Q(composite__lte=1)),
                name="score_composite_unit_interval",
            ),
        ]

    def __str__(self) -> str:
        return f"Score of {self.attempt}"

    @property
    def passed(self) -> bool:
        return not self.failed_gates


class CohortAgreement(models.Model):
    """Inter-annotator agreement across everyone who answered an assessment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="cohort_agreements"
    )
    gold_version = models.PositiveIntegerField()
    attempt_count = models.PositiveIntegerField()
    krippendorff_alpha = models.FloatField(null=True, blank=True)
    fleiss_kappa = models.FloatField(null=True, blank=True)
    gwet_ac1 = models.FloatField(null=True, blank=True)
    per_item = models.JSONField(default=list, blank=True)
    per_candidate = models.JSONField(default=list, blank=True)
    details = models.JSONField(
        default=dict,
        blank=True,
        help_text="Alpha per level of measurement, pairwise kappa, collusion pairs.",
    )
    computed_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "assessment__organization"

    class Meta:
        ordering = ["-computed_at"]
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"Agreement on {self.assessment} ({self.attempt_count} attempts)"


class ScoringJob(models.Model):
    """Progress of a background scoring or agreement run, for the team to watch."""

    class Kind(models.TextChoices):
        SCORE_ATTEMPT = "score_attempt", "Score attempts"
        COHORT_AGREEMENT = "cohort_agreement", "Cohort agreement"
        RESCORE = "rescore", "Rescore after a gold change"
        REWEIGHT = "reweight", "Rescore with new composite weights"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    # A run in these states is going: it blocks another rescore and the beat watches it.
    ACTIVE_STATES = (State.QUEUED, State.RUNNING)

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scoring_jobs"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    gold_version = models.PositiveIntegerField(null=True, blank=True)
    done_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    total_count = models.PositiveIntegerField(default=0)
    failures = models.JSONField(
        default=list, blank=True, help_text='[{"attempt": id, "error": "…"}] of the last run.'
    )
    error = models.TextField(blank=True)
    # How a run is split into chunk tasks, and which have finished: what lets the beat
    # resume a run whose chunk messages were lost (``assessments.scoring.runs.scoring_runs_watch``).
    force = models.BooleanField(
        default=False, help_text="Rescores even attempts whose report is up to date."
    )
    chunks = models.JSONField(
        default=list, blank=True, help_text="Attempt ids of each chunk task, in order."
    )
    chunks_done = models.JSONField(
        default=list, blank=True, help_text="Indexes of the chunks whose results are counted."
    )
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When a chunk last started or reported progress."
    )
    resumes = models.PositiveSmallIntegerField(
        default=0, help_text="How often the beat re-enqueued the unfinished chunks."
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = OrganizationScopedManager()
    organization_path = "assessment__organization"

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "heartbeat_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_count__lte=models.F("total_count") - models.F("failed_count")),
                name="scoring_job_progress_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.get_state_display()}"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    @property
    def percent(self) -> int:
        """How far the run is, counting failures as finished: 0–100."""
        if not self.total_count:
            return 100 if not self.is_active else 0
        return round(100 * (self.done_count + self.failed_count) / self.total_count)


class AuditPlan(models.Model):
    """How a role audits its hired trainers: the audit assessment that supplies the items
    (items with a ``GoldAnswer`` are gold, items without one are ordinary work) and the
    shape of each weekly batch. See ``assessments/audits/``."""

    role = models.OneToOneField("hiring.Role", on_delete=models.CASCADE, related_name="audit_plan")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="audit_plans")
    batch_size = models.PositiveSmallIntegerField(default=10)
    gold_share = models.FloatField(default=0.2, help_text="Share of a batch that is gold, 0–1.")
    overlap_count = models.PositiveSmallIntegerField(
        default=2, help_text="Work items every trainer of the role gets that week."
    )
    gold_repeat_weeks = models.PositiveSmallIntegerField(
        default=8, help_text="No trainer sees the same gold item twice within this many weeks."
    )
    due_days = models.PositiveSmallIntegerField(default=5)
    is_active = models.BooleanField(default=True)

    objects = OrganizationScopedManager()
    organization_path = "role__organization"

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(gold_share__gte=0) & Q(gold_share__lte=1),
                name="audit_plan_gold_share_unit",
            ),
            models.CheckConstraint(condition=Q(batch_size__gte=1), name="audit_plan_batch_size"),
            models.CheckConstraint(condition=Q(due_days__gte=1), name="audit_plan_due_days"),
        ]

    def __str__(self) -> str:
        return f"Audit plan of {self.role}"


class Audit(models.Model):
    """A weekly post-hire batch: gold items mixed into real-looking work for a trainer.

    Issued with its attempt (purpose AUDIT, deadline = ``due_at``); submitted by the
    trainer, or missed when the due date passes first (recorded, never skipped)."""

    class State(models.TextChoices):
        ISSUED = "issued", "Open"
        SUBMITTED = "submitted", "Submitted"
        MISSED = "missed", "Missed"

    application = models.ForeignKey(
        "hiring.Application", on_delete=models.CASCADE, related_name="audits"
    )
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="audits")
    week_starting = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.ISSUED)
    attempt = models.OneToOneField(
        Attempt, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit"
    )
    issued_at = models.DateTimeField()
    due_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    missed_at = models.DateTimeField(null=True, blank=True)
    gold_share = models.FloatField(default=0.2, help_text="The plan's gold share at issue.")
    gold_items = models.JSONField(
        default=list, help_text="Ids of the gold items in the batch (team only)."
    )
    overlap_items = models.JSONField(
        default=list, help_text="Ids of the work items shared by the role's trainers that week."
    )

    objects = OrganizationScopedManager()
    organization_path = "assessment__organization"

    class Meta:
        ordering = ["-week_starting"]
        indexes = [models.Index(fields=["state", "due_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "week_starting"], name="audit_once_per_week"
            ),
            models.CheckConstraint(
                condition=Q(due_at__gt=models.F("issued_at")), name="audit_due_after_issue"
            ),
            models.CheckConstraint(
                condition=~Q(state="submitted") | Q(submitted_at__isnull=False),
                name="audit_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="missed") | Q(missed_at__isnull=False),
                name="audit_missed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Audit of {self.application} for week {self.week_starting}"

    def clean(self) -> None:
        super().clean()
        if self.application_id and self.application.stage != "hired":
            raise ValidationError({"application": "Audits are for hired trainers only."})


class QualityAlert(models.Model):
    """A hired trainer's weekly measure below the role's threshold or drifting from their
    own baseline: raised once per episode by the beat (``assessments/audits/alerts.py``),
    for the role's owners and hiring managers, and walked along its escalation path
    (each step an ``AlertStep``)."""

    class Kind(models.TextChoices):
        BELOW_THRESHOLD = "below_threshold", "Below threshold"
        DRIFTING = "drifting", "Drifting"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        COACHING = "coaching", "Coaching"
        RECALIBRATING = "recalibrating", "Recalibrating"
        RESOLVED = "resolved", "Resolved"
        RELEASED = "released", "Released"

    application = models.ForeignKey(
        "hiring.Application", on_delete=models.CASCADE, related_name="quality_alerts"
    )
    role = models.ForeignKey("hiring.Role", on_delete=models.CASCADE, related_name="quality_alerts")
    metric = models.CharField(max_length=20, help_text="The weekly measure (audits/quality.py).")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    chart = models.CharField(max_length=12, blank=True, help_text="cusum, ewma or cusum+ewma.")
    since_week = models.DateField(help_text="The week the episode began.")
    latest_week = models.DateField(help_text="The latest week the alert was assessed on.")
    threshold = models.FloatField(null=True, blank=True)
    baseline_mean = models.FloatField(null=True, blank=True)
    values = models.JSONField(
        default=list,
        help_text="[week (ISO date), value] from since_week on (value null: missed week).",
    )
    state = models.CharField(max_length=14, choices=State.choices, default=State.OPEN)
    raised_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    recalibration = models.OneToOneField(
        Attempt, on_delete=models.SET_NULL, null=True, blank=True, related_name="quality_alert"
    )

    objects = OrganizationScopedManager()
    organization_path = "role__organization"

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["role", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "metric"],
                condition=Q(closed_at__isnull=True),
                name="quality_alert_one_open_per_metric",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["resolved", "released"]) | Q(closed_at__isnull=True),
                name="quality_alert_closed_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.metric} of {self.application}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class AlertStep(models.Model):
    """One step of an alert's escalation: who took it, when, and their note."""

    alert = models.ForeignKey(QualityAlert, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=14, choices=QualityAlert.State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField(blank=True, max_length=2000)

    objects = OrganizationScopedManager()
    organization_path = "alert__role__organization"

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} on {self.alert_id}"


class WeightDecision(models.Model):
    """An owner's decision on a role's composite weights: the validity table's suggestion
    accepted, or a revert to the defaults. Append-only (a row is never changed); the
    latest one is in force (``scoring.selectors.weights_by_role``). ``evidence`` is the
    validity table at that moment: the hires, those with an outcome, the minimum, the
    success metrics and each component's r, interval, n and verdict."""

    class Kind(models.TextChoices):
        ACCEPTED = "accepted", "Accepted the suggested weights"
        REVERTED = "reverted", "Reverted to the default weights"

    role = models.ForeignKey(
        "hiring.Role", on_delete=models.CASCADE, related_name="weight_decisions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    weights = models.JSONField(help_text="The weights in force from this decision on.")
    previous = models.JSONField(help_text="The weights in force before it.")
    hires = models.PositiveIntegerField(help_text="Hires with a 90-day outcome at the time.")
    evidence = models.JSONField(default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField()
    rescore_jobs = models.ManyToManyField(ScoringJob, blank=True, related_name="+")

    objects = OrganizationScopedManager()
    organization_path = "role__organization"

    class Meta:
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["role", "-decided_at", "-id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.role_id} at {self.decided_at:%Y-%m-%d}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError("A weight decision is a record: it is never changed.")
        super().save(*args, **kwargs)


class GoldChange(models.Model):
    """Who changed which gold answer, when and from what: one row per gold version bump."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="gold_changes"
    )
    item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="gold_changes"
    )
    gold_version = models.PositiveIntegerField(help_text="The assessment's gold version after it.")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    summary = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "assessment__organization"

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Gold v{self.gold_version}: {self.summary}"


class Accommodation(models.Model):
    """Extra time granted to one candidate on one assessment, before or during the attempt."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="accommodations"
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="accommodations"
    )
    extra_minutes = models.PositiveIntegerField(null=True, blank=True)
    extra_percent = models.PositiveIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "assessment__organization"

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(extra_minutes__isnull=False) & Q(extra_percent__isnull=True))
                | (Q(extra_minutes__isnull=True) & Q(extra_percent__isnull=False)),
                name="accommodation_minutes_or_percent",
            ),
            models.CheckConstraint(
                condition=Q(extra_minutes__isnull=True) | Q(extra_minutes__gte=1),
                name="accommodation_minutes_positive",
            ),
            models.CheckConstraint(
                condition=Q(extra_percent__isnull=True)
                | (Q(extra_percent__gte=1) & Q(extra_percent__lte=400)),
                name="accommodation_percent_range",
            ),
        ]

    def __str__(self) -> str:
        amount = f"{self.extra_minutes} min" if self.extra_minutes else f"{self.extra_percent}%"
        return f"+{amount} for {self.candidate} on {self.assessment}"

    def minutes_for(self, time_limit_minutes: int) -> int:
        """The extra minutes this grant is worth on a given time limit (percent rounds up)."""
        if self.extra_minutes is not None:
            return self.extra_minutes
        if self.extra_percent is None:  # the check constraint allows no such row
            raise ValueError("An accommodation grants either minutes or a percentage.")
        return -(-time_limit_minutes * self.extra_percent // 100)


class Contest(models.Model):
    """A candidate's challenge to an item's expected answer, after submitting."""

    MAX_PER_ATTEMPT = 3

    class State(models.TextChoices):
        OPEN = "open", "Open"
        UPHELD = "upheld", "Upheld"
        DISMISSED = "dismissed", "Dismissed"

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="contests")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="contests")
    reason = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    resolution = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "attempt__assessment__organization"

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "item"], name="contest_once_per_item"),
        ]

    def __str__(self) -> str:
        return f"Contest of {self.item} in {self.attempt}"


class Payment(models.Model):
    """Pay for a submitted attempt: for good-faith work, whatever the score."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        PAID = "paid", "Paid"
        VOIDED = "voided", "Voided"

    TRANSITIONS = {
        State.PENDING: {State.APPROVED, State.VOIDED},
        State.APPROVED: {State.PAID, State.VOIDED},
        State.PAID: set(),
        State.VOIDED: set(),
    }

    attempt = models.OneToOneField(Attempt, on_delete=models.CASCADE, related_name="payment")
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    void_reason = models.CharField(max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationScopedManager()
    organization_path = "attempt__assessment__organization"

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=~Q(state="voided") | ~Q(void_reason=""),
                name="payment_void_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} for {self.attempt} ({self.get_state_display()})"

    def can_move_to(self, state: str) -> bool:
        return state in self.TRANSITIONS[self.State(self.state)]


class PayoutExport(models.Model):
    """An export of the payout CSV: a recorded reveal. The file names every candidate paid
    (name and e-mail) whatever blind mode hides, so who exported it, when, why and which
    payments it held are kept, and the team sees them on the payments page."""

    organization = models.ForeignKey(
        "hiring.Organization", on_delete=models.CASCADE, related_name="payout_exports"
    )
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300)
    payments = models.ManyToManyField(Payment, related_name="payout_exports", blank=True)
    payment_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "organization"

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="payout_export_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Payout export by {self.exported_by} ({self.payment_count} payments)"
