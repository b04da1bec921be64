"""Reads for the candidate's own pages: only their own rows, never another's."""

from typing import Any

from django.db.models import QuerySet

from candidates.models import CandidateProfile
from hiring.models import Application

PROFILE_SECTIONS = (
    ("headline", "Headline"),
    ("languages", "Languages"),
    ("domains", "Domain expertise"),
    ("education", "Education"),
    ("experience", "AI-training experience"),
    ("rate", "Rate and availability"),
    ("consent", "Consent to data processing"),
)


def profile_of(*, user) -> CandidateProfile | None:
    return (
        CandidateProfile.objects.filter(user=user)
        .prefetch_related("languages", "domains", "education", "experience", "work_samples")
        .first()
    )


def profile_missing_sections(*, profile: CandidateProfile | None) -> list[str]:
    """The labels of profile sections still empty, in the order the profile asks them."""
    if profile is None:
        return [label for _, label in PROFILE_SECTIONS]
    filled = {
        "headline": bool(profile.headline),
        "languages": bool(profile.languages.all()),
        "domains": bool(profile.domains.all()),
        "education": bool(profile.education.all()),
        "experience": bool(profile.experience.all()),
        "rate": profile.hourly_rate is not None and profile.hours_per_week is not None,
        "consent": profile.has_consented,
    }
    return [label for key, label in PROFILE_SECTIONS if not filled[key]]


def profile_section_rows(*, profile: CandidateProfile, section: str) -> list[dict[str, Any]]:
    """A nested section's rows as plain values: the formsets' initial data, field name to
    value, for the fields ``candidates.services.NESTED`` lists for that section."""
    from candidates.services import NESTED

    _, fields = NESTED[section]
    return list(getattr(profile, section).order_by("id").values(*fields))


def applications_for_candidate_page(*, user) -> QuerySet[Application]:
    """The candidate's own applications with role and organisation, newest first."""
    return (
        Application.objects.filter(candidate=user)
        .select_related("role", "role__organization")
        .order_by("-created_at", "-id")
    )
