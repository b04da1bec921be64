"""Organisations, their people, the roles they hire for and the pipeline."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q

from config.limits import ListLimit
from core import time_zones
from core.scoping import OrganizationScopedManager
from core.time_zones import TimeZoneField
from core.vocabulary import CEFRLevel, Currency, Domain, Modality

DESCRIPTION_MAX_LENGTH = 20_000
MEASUREMENT_MAX_LENGTH = 2_000
LANGUAGE_MAX_LENGTH = 40
PAY_NEGATIVE = "Pay cannot be negative."


def validate_pay(value) -> None:
    if value is not None and value < 0:
        raise ValidationError(PAY_NEGATIVE, code="pay_negative")


class Organization(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    senior_review_share = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.20"),
        help_text="Share of reviews a senior reviewer re-scores blind (0 to 1).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "pk"

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(senior_review_share__gte=0) & Q(senior_review_share__lte=1),
                name="organization_senior_share_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        HIRING_MANAGER = "hiring_manager", "Hiring manager"
        RECRUITER = "recruiter", "Recruiter"
        REVIEWER = "reviewer", "Reviewer"

    # Who may write roles and assessments; who may work the pipeline.
    AUTHORS = (Role.OWNER, Role.HIRING_MANAGER)
    PIPELINE = (Role.OWNER, Role.HIRING_MANAGER, Role.RECRUITER)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    is_senior_reviewer = models.BooleanField(
        default=False, help_text="Re-scores a sample of other reviewers' reviews and adjudicates."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "organization"

    class Meta:
        ordering = ["organization__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organization}"


class Role(models.Model):
    """A job spec: what the hire will do, what they need, how they will be judged."""

    class RoleType(models.TextChoices):
        DATA_ANNOTATOR = "data_annotator", "Data annotator"
        AI_TRAINING_SPECIALIST = "ai_training_specialist", "AI training specialist"
        RLHF_SPECIALIST = "rlhf_specialist", "RLHF specialist"
        LLM_EVALUATOR = "llm_evaluator", "LLM evaluator"
        DOMAIN_EXPERT = "domain_expert", "Domain expert"
        RED_TEAMER = "red_teamer", "Red-teamer"
        ML_ENGINEER = "ml_engineer", "ML engineer"

    class Complexity(models.TextChoices):
        GENERAL = "general", "General"
        SPECIALISED = "specialised", "Specialised"
        EXPERT = "expert", "Expert"

    class Credential(models.TextChoices):
        NONE = "none", "None"
        BACHELOR = "bachelor", "Bachelor's degree"
        MASTER = "master", "Master's degree"
        PHD = "phd", "PhD"
        LICENCE = "licence", "Professional licence"

    class Engagement(models.TextChoices):
        HOURLY = "hourly", "Hourly contract"
        SALARIED = "salaried", "Salaried"
        FREELANCE = "freelance", "Freelance"

    class PayUnit(models.TextChoices):
        HOUR = "hour", "per hour"
        TASK = "task", "per task"
        MONTH = "month", "per month"
        YEAR = "year", "per year"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        PAUSED = "paused", "Paused"
        CLOSED = "closed", "Closed"

    TRANSITIONS = {
        Status.DRAFT: {Status.PUBLISHED, Status.CLOSED},
        Status.PUBLISHED: {Status.PAUSED, Status.CLOSED},
        Status.PAUSED: {Status.PUBLISHED, Status.CLOSED},
        Status.CLOSED: set(),
    }

    # The terms of a role as its author writes them, shared by the role form, the services
    # and the serializers; SPEC_FIELDS adds the title, the description and the assessment.
    TERMS_FIELDS = (
        "role_type",
        "domain",
        "sub_domain",
        "modality",
        "task_complexity",
        "credential",
        "engagement",
        "pay_min",
        "pay_max",
        "pay_currency",
        "pay_unit",
        "weekly_hours",
        "tz_overlap_hours",
        "tz_reference",
    )
    SPEC_FIELDS = ("title", *TERMS_FIELDS, "description", "assessment")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(max_length=200)
    domain = models.CharField(max_length=20, choices=Domain.choices)
    sub_domain = models.CharField(max_length=120, blank=True)
    role_type = models.CharField(max_length=30, choices=RoleType.choices)
    modality = models.CharField(max_length=10, choices=Modality.choices, default=Modality.TEXT)
    task_complexity = models.CharField(max_length=12, choices=Complexity.choices)
    credential = models.CharField(max_length=10, choices=Credential.choices, default="none")
    description = models.TextField(
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
        help_text="Markdown.",
    )
    engagement = models.CharField(max_length=10, choices=Engagement.choices)
    pay_min = models.DecimalField(max_digits=10, decimal_places=2, validators=[validate_pay])
    pay_max = models.DecimalField(max_digits=10, decimal_places=2, validators=[validate_pay])
    pay_currency = models.CharField(max_length=3, choices=Currency.choices, default="USD")
    pay_unit = models.CharField(max_length=6, choices=PayUnit.choices, default=PayUnit.HOUR)
    weekly_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    tz_overlap_hours = models.PositiveSmallIntegerField(default=0)
    tz_reference = TimeZoneField(max_length=time_zones.MAX_LENGTH, default="UTC")
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roles",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    blind_mode = models.BooleanField(
        default=True,
        help_text="Hide candidates' identity on the shortlist until the interview stage.",
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationScopedManager()
    organization_path = "organization"

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(pay_min__gte=0) & Q(pay_max__gte=F("pay_min")),
                name="role_pay_range_valid",
                violation_error_message="The pay range must start at 0 or more and not end "
                "below its start.",
            ),
            models.CheckConstraint(
                condition=Q(tz_overlap_hours__lte=24), name="role_tz_overlap_within_day"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.pay_min is not None and self.pay_max is not None and self.pay_max < self.pay_min:
            raise ValidationError({"pay_max": "The top of the pay range is below its bottom."})
        if (
            self.organization_id
            and self.assessment is not None
            and self.assessment.organization_id != self.organization_id
        ):
            raise ValidationError(
                {"assessment": "That assessment belongs to another organisation."}
            )

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    @property
    def assessment_pending(self) -> bool:
        """Open for applications before an assessment is attached, and says so."""
        return self.status == self.Status.PUBLISHED and self.assessment_id is None


class Responsibility(models.Model):
    """What the hire does, in priority order (position 1 matters most)."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="responsibilities")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)

    objects = OrganizationScopedManager()
    organization_path = "role__organization"

    class Meta:
        ordering = ["role", "position"]
        verbose_name_plural = "responsibilities"
        constraints = [
            models.UniqueConstraint(fields=["role", "position"], name="responsibility_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class SuccessMetric(models.Model):
    """A 90-day target the hire will be held to."""

    class Kind(models.TextChoices):
        CONSISTENCY = "consistency", "Annotation consistency score"
        ERROR_IDENTIFICATION = "error_identification", "Error identification rate"
        FEEDBACK_TURNAROUND = "feedback_turnaround", "Feedback turnaround time"
        REVIEW_ALIGNMENT = "review_alignment", "Alignment with review passes"
        ACCURACY = "accuracy", "Accuracy vs gold"
        THROUGHPUT = "throughput", "Throughput"

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", "at least"
        AT_MOST = "at_most", "at most"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="success_metrics")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    target = models.DecimalField(max_digits=10, decimal_places=3)
    unit = models.CharField(max_length=40, help_text="For example %, hours, items/hour.")
    direction = models.CharField(max_length=8, choices=Direction.choices)
    measurement = models.TextField(
        max_length=MEASUREMENT_MAX_LENGTH,
        validators=[MaxLengthValidator(MEASUREMENT_MAX_LENGTH)],
        help_text="How it is measured over the first 90 days.",
    )

    objects = OrganizationScopedManager()
    organization_path = "role__organization"

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["role", "kind"], name="success_metric_kind_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_direction_display()} {self.target} {self.unit}"


class RoleLanguage(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(max_length=LANGUAGE_MAX_LENGTH)
    min_level = models.CharField(max_length=6, choices=CEFRLevel.choices)

    objects = OrganizationScopedManager()
    organization_path = "role__organization"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["role", "language"], name="role_language_once"),
        ]

    def __str__(self) -> str:
        return f"{self.language} ≥ {self.min_level}"


# The limits of a role's lists, one per list: the role form's formsets, the API's
# serializer and ``hiring.roles.services.role_spec_problems`` all read these (``config.limits``).
# Each kind of success metric is used once, so there are at most as many as kinds.
ROLE_LISTS = {
    "responsibilities": ListLimit(30, "responsibilities"),
    "success_metrics": ListLimit(len(SuccessMetric.Kind), "success metrics"),
    "languages": ListLimit(30, "languages"),
}


class Application(models.Model):
    """One candidate's application to one role, moving through the pipeline."""

    class Stage(models.TextChoices):
        APPLIED = "applied", "Applied"
        INVITED = "invited", "Invited to assessment"
        IN_PROGRESS = "in_progress", "Assessment in progress"
        SUBMITTED = "submitted", "Submitted"
        SCORED = "scored", "Scored"
        SHORTLISTED = "shortlisted", "Shortlisted"
        INTERVIEW = "interview", "Interview"
        OFFER = "offer", "Offer"
        HIRED = "hired", "Hired"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    _EXITS = {Stage.REJECTED, Stage.WITHDRAWN}
    TRANSITIONS = {
        Stage.APPLIED: {Stage.INVITED, Stage.SHORTLISTED} | _EXITS,
        Stage.INVITED: {Stage.IN_PROGRESS} | _EXITS,
        Stage.IN_PROGRESS: {Stage.SUBMITTED} | _EXITS,
        Stage.SUBMITTED: {Stage.SCORED} | _EXITS,
        Stage.SCORED: {Stage.SHORTLISTED} | _EXITS,
        Stage.SHORTLISTED: {Stage.INTERVIEW} | _EXITS,
        Stage.INTERVIEW: {Stage.OFFER} | _EXITS,
        Stage.OFFER: {Stage.HIRED} | _EXITS,
        Stage.HIRED: set(),
        Stage.REJECTED: {Stage.APPLIED},
        Stage.WITHDRAWN: set(),
    }
    CLOSED = frozenset({Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN})
    NEXT_STEPS = {
        Stage.APPLIED: "The team is reviewing your application.",
        Stage.INVITED: "You are invited to a paid calibration task.",
        Stage.IN_PROGRESS: "Your calibration task is under way: finish it before the deadline.",
        Stage.SUBMITTED: "Your answers are in and being scored.",
        Stage.SCORED: "Scored. The team is comparing the cohort.",
        Stage.SHORTLISTED: "You are on the shortlist. Expect an interview invitation.",
        Stage.INTERVIEW: "Interview stage: the team will arrange a time with you.",
        Stage.OFFER: "You have an offer. Check your e-mail.",
        Stage.HIRED: "Hired. Welcome aboard.",
        Stage.REJECTED: "The team decided not to go ahead this time.",
        Stage.WITHDRAWN: "You withdrew this application.",
    }

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="applications")
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.APPLIED)
    knockout_reason = models.CharField(
        max_length=300, blank=True, help_text="Why the application was rejected automatically."
    )
    knockout_answers = models.JSONField(
        default=dict, blank=True, help_text="The candidate's answers to the role's knock-outs."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    stage_changed_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "role__organization"

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["role", "stage"]),
            models.Index(fields=["role", "-stage_changed_at"], name="application_role_recent"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "role"], name="application_once_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.role}"

    def can_move_to(self, stage: str) -> bool:
        return stage in self.TRANSITIONS[self.Stage(self.stage)]

    @classmethod
    def open_stages(cls) -> list[str]:
        return [stage for stage in cls.Stage.values if stage not in cls.CLOSED]

    @property
    def next_step(self) -> str:
        return self.NEXT_STEPS[self.Stage(self.stage)]


class AppendOnlyError(Exception):
    pass


class StageChange(models.Model):
    """Append-only history of an application's pipeline moves."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(max_length=12, choices=Application.Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Application.Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "application__role__organization"

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_stage=F("to_stage")), name="stage_change_moves"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_stage or '∅'} → {self.to_stage}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Stage history is append-only; record a new change instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Stage history is append-only and cannot be deleted.")


class Note(models.Model):
    """A recruiter's note on an application, visible to the organisation only."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "application__role__organization"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.body[:60]


class IdentityReveal(models.Model):
    """A recruiter lifting blind mode for one candidate before the interview stage, and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="identity_reveals"
    )
    revealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "application__role__organization"

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="identity_reveal_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Revealed {self.application_id}: {self.reason[:40]}"


class ShortlistEntry(models.Model):
    """The shortlist's read model: one row per scored application, with everything the
    shortlist filters and sorts on, so a page of a 10,000-candidate role is one indexed
    query. Written only by ``hiring.shortlist.services.shortlist_refresh``; the stage is read from
    the application itself."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, primary_key=True, related_name="shortlist_entry"
    )
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="shortlist_entries")
    attempt = models.ForeignKey(
        "assessments.Attempt", on_delete=models.CASCADE, related_name="shortlist_entries"
    )
    composite = models.FloatField(null=True, blank=True)
    accuracy = models.FloatField(null=True, blank=True)
    edge_cases = models.FloatField(null=True, blank=True)
    agreement = models.FloatField(null=True, blank=True)
    throughput = models.FloatField(null=True, blank=True)
    rationale = models.FloatField(null=True, blank=True)
    passed_all_gates = models.BooleanField(default=False)
    failed_gates = models.JSONField(default=list, blank=True)
    pending_gates = models.JSONField(default=list, blank=True)
    paste_events = models.PositiveIntegerField(default=0)
    focus_losses = models.PositiveIntegerField(default=0)
    too_fast_items = models.PositiveIntegerField(default=0)
    collusion = models.BooleanField(default=False)
    flagged = models.BooleanField(default=False)
    hourly_rate = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    rate_currency = models.CharField(max_length=3, choices=Currency.choices, default="USD")
    tz_overlap_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    # The candidate's domains and languages, as ``|law|medicine|`` and ``|english:c1|…|``
    # (see ``hiring.shortlist.services.skill_tokens``), so the filters need no join to the
    # profile.
    # Text, not a bounded varchar: they hold whatever the profile limits allow (30 languages
    # of 40 characters, which lowercasing may lengthen), with no size to keep in step.
    domains = models.TextField(blank=True)
    languages = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationScopedManager()
    organization_path = "role__organization"

    class Meta:
        verbose_name_plural = "shortlist entries"
        indexes = [
            models.Index(fields=["role", "-composite"], name="shortlist_role_composite"),
        ]

    def __str__(self) -> str:
        return f"Shortlist entry of {self.application_id}"


INVITATION_ROLES = (
    Membership.Role.HIRING_MANAGER,
    Membership.Role.RECRUITER,
    Membership.Role.REVIEWER,
)
INVITATION_ROLE_CHOICES = [(role.value, role.label) for role in INVITATION_ROLES]


class TeamInvitation(models.Model):
    """An e-mail invitation to join an organisation with a role. The link carries a secret;
    only its SHA-256 is stored (``token_hash``), and a resend issues a new one."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        REVOKED = "revoked", "Revoked"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("e-mail address")
    role = models.CharField(max_length=20, choices=INVITATION_ROLE_CHOICES)
    is_senior_reviewer = models.BooleanField(default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    send_count = models.PositiveSmallIntegerField(default=1)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = OrganizationScopedManager()
    organization_path = "organization"

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"],
                condition=Q(state="pending"),
                name="team_invitation_one_pending_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} — {self.get_role_display()} at {self.organization}"

    def is_expired(self, now) -> bool:
        return self.state == self.State.PENDING and self.expires_at <= now


class TeamEvent(models.Model):
    """The team's record: who changed what, and when. Append-only: rows are never
    changed (``save`` refuses an update) and names are kept as they were then."""

    class Action(models.TextChoices):
        CREATED = "created", "created the team"
        INVITED = "invited", "invited"
        RESENT = "resent", "re-sent the invitation to"
        REVOKED = "revoked", "revoked the invitation to"
        ACCEPTED = "accepted", "accepted the invitation"
        DECLINED = "declined", "declined the invitation"
        ROLE_CHANGED = "role_changed", "changed the role of"
        REMOVED = "removed", "removed"
        LEFT = "left", "left the team"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="team_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_label = models.CharField(max_length=254)
    action = models.CharField(max_length=20, choices=Action.choices)
    subject = models.CharField(max_length=254, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationScopedManager()
    organization_path = "organization"

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.get_action_display()} {self.subject}".strip()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The team's record is append-only.")
        super().save(*args, **kwargs)
