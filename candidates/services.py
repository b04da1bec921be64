"""Writes on the candidate's own profile: all of it in one transaction, or none of it.

The page (forms and formsets) and the API (nested serializers) both end here with
plain values. Whatever they checked, the service checks again, so no caller can
save a half-valid profile.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from candidates import validators
from candidates.models import (
    PROFILE_LISTS,
    CandidateProfile,
    DomainExpertise,
    Education,
    Experience,
    LanguageSkill,
    WorkSample,
)
from core.time_zones import validate_time_zone
from hiring.shortlist.services import shortlist_refresh_candidate

logger = logging.getLogger("candidates.consent")

PROFILE_FIELDS = (
    "headline",
    "country",
    "time_zone",
    "tools",
    "modalities",
    "hourly_rate",
    "rate_currency",
    "hours_per_week",
)
# Nested section → (model, the fields a row of it carries).
NESTED = {
    "languages": (LanguageSkill, ("language", "level")),
    "domains": (DomainExpertise, ("domain", "years")),
    "education": (Education, ("level", "field", "institution")),
    "experience": (Experience, ("what_trained", "data", "measurement", "started_on", "ended_on")),
    "work_samples": (WorkSample, ("title", "url")),
}
# Per section, what makes two rows the same (case-insensitively), and how to say so.
UNIQUE_IN_SECTION = {
    "languages": ("language", "You listed {} twice: keep one level per language."),
    "domains": ("domain", "You listed {} twice: keep one entry per domain."),
}


def profile_get_or_create(*, user) -> CandidateProfile:
    profile, _ = CandidateProfile.objects.get_or_create(user=user)
    return profile


def _check(errors: dict, field: str, validator, value) -> None:
    try:
        validator(value)
    except ValidationError as error:
        errors.setdefault(field, []).extend(error.messages)


def _profile_errors(values: dict) -> dict:
    errors: dict[str, list[str]] = {}
    checks = {
        "country": validators.validate_country,
        "time_zone": validate_time_zone,
        "tools": validators.validate_tools,
        "hourly_rate": validators.validate_rate,
        "rate_currency": validators.validate_currency,
        "hours_per_week": validators.validate_hours_per_week,
    }
    for field, validator in checks.items():
        if field in values:
            _check(errors, field, validator, values[field])
    if "modalities" in values:
        _check(errors, "modalities", PROFILE_LISTS["modalities"].check, values["modalities"] or [])
    for modality in values.get("modalities", []) or []:
        _check(errors, "modalities", validators.validate_modality, modality)
    return errors


def _row_errors(section: str, row: dict) -> list[str]:
    errors: dict[str, list[str]] = {}
    if section == "languages":
        _check(errors, "level", validators.validate_cefr, row.get("level"))
    elif section == "domains":
        _check(errors, "domain", validators.validate_domain, row.get("domain"))
        _check(errors, "years", validators.validate_domain_years, row.get("years"))
    elif section == "work_samples":
        _check(errors, "url", validators.validate_http_url, row.get("url") or "")
    elif section == "experience":
        started, ended = row.get("started_on"), row.get("ended_on")
        if started and ended and ended < started:
            errors["ended_on"] = ["The end date is before the start date."]
    # The row's model has the last word on each field: lengths, choices, its validators.
    model, fields = NESTED[section]
    try:
        model(**{field: row.get(field) for field in fields}).clean_fields(
            exclude=["profile", *errors]
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    return [message for messages in errors.values() for message in messages]


def _section_errors(section: str, rows: list[dict]) -> list[str]:
    if PROFILE_LISTS[section].problem(rows):
        return [PROFILE_LISTS[section].message]
    messages = [message for row in rows for message in _row_errors(section, row)]
    if section in UNIQUE_IN_SECTION:
        key, template = UNIQUE_IN_SECTION[section]
        seen: set[str] = set()
        for row in rows:
            value = str(row.get(key, "")).strip().casefold()
            if value in seen:
                messages.append(template.format(row.get(key)))
            seen.add(value)
    return messages


@transaction.atomic
def profile_update(
    *,
    user,
    values: dict | None = None,
    nested: dict[str, list[dict]] | None = None,
    consent: bool | None = None,
) -> CandidateProfile:
    """Updates the profile fields in ``values``, replaces each nested section given in
    ``nested`` (a section left out is kept as it is) and gives or withdraws consent
    (``None`` leaves it alone). Raises ``ValidationError`` with field errors and
    writes nothing if anything is wrong."""
    values = {key: value for key, value in (values or {}).items() if key in PROFILE_FIELDS}
    nested = {key: rows for key, rows in (nested or {}).items() if key in NESTED}
    errors = _profile_errors(values)
    for section, rows in nested.items():
        messages = _section_errors(section, rows)
        if messages:
            errors[section] = messages
    if errors:
        raise ValidationError(errors)

    profile = CandidateProfile.objects.select_for_update().get(
        pk=profile_get_or_create(user=user).pk
    )
    for field, value in values.items():
        setattr(profile, field, value)
    if consent is True and not profile.has_consented:
        profile.consent_given_at = timezone.now()
    elif consent is False and profile.has_consented:
        profile.consent_given_at = None
        profile.consent_withdrawn_at = timezone.now()
        logger.info("consent withdrawn: user=%s", user.pk)
    profile.save()

    for section, rows in nested.items():
        model, fields = NESTED[section]
        # NESTED's models, as type[Model]: their ``objects`` is Django's default manager.
        model._default_manager.filter(profile=profile).delete()
        try:
            with transaction.atomic():
                model._default_manager.bulk_create(
                    model(profile=profile, **{field: row.get(field) for field in fields})
                    for row in rows
                )
        except IntegrityError as error:
            message = "These entries could not be saved together."
            raise ValidationError({section: [message]}) from error
    shortlist_refresh_candidate(user)
    return profile
