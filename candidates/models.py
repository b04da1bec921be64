"""What a candidate tells us about themselves, kept by them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from config.limits import ListLimit
from core import time_zones
from core.time_zones import TimeZoneField
from core.vocabulary import CEFRLevel, Currency, Domain, Modality

# The limits of a profile's repeated fields, one per field: the page's formsets, the API's
# serializers and ``candidates.services`` all read these (``config.limits``).
PROFILE_LISTS = {
    "languages": ListLimit(30, "languages"),
    "domains": ListLimit(len(Domain), "domains"),
    "education": ListLimit(30, "education entries"),
    "experience": ListLimit(30, "experience entries"),
    "work_samples": ListLimit(30, "work samples"),
    "tools": ListLimit(30, "tools"),
    "modalities": ListLimit(len(Modality), "modalities"),
}
LANGUAGE_MAX_LENGTH = 40
TOOL_MAX_LENGTH = 60
MEASUREMENT_MAX_LENGTH = 2_000


class CandidateProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_profile"
    )
    headline = models.CharField(max_length=160, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")
    time_zone = TimeZoneField(
        max_length=time_zones.MAX_LENGTH, default="UTC", help_text="IANA name."
    )
    tools = models.JSONField(default=list, blank=True, help_text="Annotation tools used.")
    modalities = models.JSONField(default=list, blank=True)
    hourly_rate = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    rate_currency = models.CharField(max_length=3, choices=Currency.choices, default="USD")
    hours_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    consent_given_at = models.DateTimeField(
        null=True, blank=True, help_text="When the candidate agreed to processing of their data."
    )
    consent_withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="When the candidate last withdrew that consent."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__lte=168),
                name="profile_hours_within_week",
            ),
            models.CheckConstraint(
                condition=Q(hourly_rate__isnull=True) | Q(hourly_rate__gte=0),
                name="profile_rate_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def has_consented(self) -> bool:
        return self.consent_given_at is not None

    def clean(self) -> None:
        super().clean()
        for field in ("tools", "modalities"):
            try:
                PROFILE_LISTS[field].check(getattr(self, field) or [])
            except ValidationError as error:
                raise ValidationError({field: error.messages}) from None
        unknown = set(self.modalities or []) - set(Modality.values)
        if unknown:
            raise ValidationError(
                {"modalities": f"Unknown modalities: {', '.join(sorted(unknown))}."}
            )


class LanguageSkill(models.Model):
    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(max_length=LANGUAGE_MAX_LENGTH)
    level = models.CharField(max_length=6, choices=CEFRLevel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="language_skill_once"),
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.level})"


class DomainExpertise(models.Model):
    profile = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=20, choices=Domain.choices)
    years = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name_plural = "domain expertise"
        constraints = [
            models.UniqueConstraint(fields=["profile", "domain"], name="domain_expertise_once"),
            models.CheckConstraint(condition=Q(years__lte=70), name="domain_years_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}, {self.years} yr"


class Education(models.Model):
    class Level(models.TextChoices):
        SECONDARY = "secondary", "Secondary"
        BACHELOR = "bachelor", "Bachelor's"
        MASTER = "master", "Master's"
        PHD = "phd", "PhD"
        LICENCE = "licence", "Professional licence"

    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="education"
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    field = models.CharField(max_length=120)
    institution = models.CharField(max_length=200)

    class Meta:
        verbose_name_plural = "education"

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.field}, {self.institution}"


class Experience(models.Model):
    """Past AI-training work, told the way hiring teams ask for it."""

    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="experience"
    )
    what_trained = models.CharField(max_length=300, help_text="What did you train or evaluate?")
    data = models.CharField(max_length=300, help_text="On what data?")
    measurement = models.TextField(
        help_text="How did you measure improvement?",
        validators=[MaxLengthValidator(MEASUREMENT_MAX_LENGTH)],
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="experience_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.what_trained


class WorkSample(models.Model):
    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="work_samples"
    )
    title = models.CharField(max_length=200)
    url = models.URLField()

    def __str__(self) -> str:
        return self.title
