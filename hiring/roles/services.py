"""Writes on organisations and roles, each in a transaction, each refusing what makes no sense."""

from collections.abc import Mapping, Sequence

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError
from core.time_zones import time_zone_problem
from core.vocabulary import CEFRLevel, Currency
from hiring.models import (
    PAY_NEGATIVE,
    ROLE_LISTS,
    Membership,
    Organization,
    Responsibility,
    Role,
    RoleLanguage,
    SuccessMetric,
)
from hiring.shortlist.services import shortlist_refresh_role


@transaction.atomic
def organization_create(*, name: str, slug: str, owner) -> Organization:
    organization = Organization.objects.create(name=name, slug=slug)
    Membership.objects.create(organization=organization, user=owner, role=Membership.Role.OWNER)
    return organization


@transaction.atomic
def role_set_status(*, role: Role, status: str, by) -> Role:
    """Moves a role through draft → published ⇄ paused → closed.

    A role cannot be published without at least one 90-day success metric.
    """
    role = Role.objects.select_for_update().get(pk=role.pk)
    if not role.can_move_to(status):
        raise ApplicationError(
            f"A {role.get_status_display().lower()} role cannot become "
            f"{Role.Status(status).label.lower()}.",
            field="status",
        )
    if status == Role.Status.PUBLISHED and not role.success_metrics.exists():
        raise ApplicationError(
            "Add at least one 90-day success metric before publishing: "
            "the hire needs to know what they will be held to.",
            field="success_metrics",
        )
    role.status = status
    role.status_changed_at = timezone.now()
    role.status_changed_by = by
    role.save(update_fields=["status", "status_changed_at", "status_changed_by", "updated_at"])
    return role


# --- Role specs: create and edit a role with its responsibilities, metrics, languages --------


ROLE_FIELDS = Role.SPEC_FIELDS


CEFR_LEVELS_TEXT = "A1, A2, B1, B2, C1, C2 or native"


def role_spec_problems(
    *,
    fields: Mapping,
    success_metrics: Sequence[Mapping] = (),
    languages: Sequence[Mapping] = (),
    responsibilities: Sequence = (),
) -> dict[str, str]:
    """``{field: message}`` for every rule a role spec breaks; empty when it is sound.

    One place for the rules that the form, the API and the services all apply, so
    each says the same specific thing.
    """
    problems: dict[str, str] = {}
    lists = {
        "responsibilities": responsibilities,
        "success_metrics": success_metrics,
        "languages": languages,
    }
    for name, rows in lists.items():
        if ROLE_LISTS[name].problem(rows):
            problems[name] = ROLE_LISTS[name].message
    pay_min, pay_max = fields.get("pay_min"), fields.get("pay_max")
    for name, pay in (("pay_min", pay_min), ("pay_max", pay_max)):
        if pay is not None and pay < 0:
            problems[name] = PAY_NEGATIVE
    if problems.keys() & {"pay_min", "pay_max"}:
        pass  # the range is judged once both ends are sound
    elif pay_min is not None and pay_max is not None and pay_min > pay_max:
        problems["pay_max"] = (
            f"The top of the pay range ({pay_max}) is below its bottom ({pay_min})."
        )
    currency = fields.get("pay_currency")
    if currency is not None and currency not in Currency.values:
        problems["pay_currency"] = unknown_currency_message(currency)
    zone = fields.get("tz_reference")
    if zone is not None and (problem := time_zone_problem(zone)):
        problems["tz_reference"] = problem
    overlap = fields.get("tz_overlap_hours")
    if overlap is not None and overlap > 24:
        problems["tz_overlap_hours"] = OVERLAP_MESSAGE
    kinds = [metric.get("kind") for metric in success_metrics]
    repeated_kind = _first_repeated(kinds)
    if repeated_kind is not None:
        label = dict(SuccessMetric.Kind.choices).get(repeated_kind, repeated_kind)
        problems.setdefault(
            "success_metrics",
            f"“{label}” is listed twice: each kind of success metric can be used once.",
        )
    for language in languages:
        level = language.get("min_level")
        if level not in CEFRLevel.values:
            problems.setdefault("languages", unknown_level_message(level))
            break
    else:
        names = [str(language.get("language", "")).strip().casefold() for language in languages]
        repeated_language = _first_repeated(names)
        if repeated_language is not None:
            problems.setdefault("languages", duplicate_language_message(repeated_language))
    return problems


OVERLAP_MESSAGE = "Time-zone overlap is counted in hours of one day: at most 24."


def unknown_currency_message(currency) -> str:
    return f"“{currency}” is not a currency we pay in: use one of {', '.join(Currency.values)}."


def unknown_level_message(level) -> str:
    return f"“{level}” is not a CEFR level: use {CEFR_LEVELS_TEXT}."


def duplicate_language_message(language: str) -> str:
    return f"“{language.title()}” is listed twice: keep one line per language."


def _first_repeated(values):
    seen = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


def _refuse_first(problems: Mapping[str, str]) -> None:
    if problems:
        field, message = next(iter(problems.items()))
        raise ApplicationError(message, field=field)


def _full_clean(instance, *, field_prefix: str = "", exclude=()) -> None:
    """Model validation as an ``ApplicationError`` naming the first bad field."""
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        field: str | None
        if hasattr(error, "error_dict"):
            name, messages = next(iter(error.message_dict.items()))
            field = field_prefix or (None if name == NON_FIELD_ERRORS else name)
        else:
            field, messages = field_prefix or None, error.messages
        raise ApplicationError(messages[0], field=field) from error


def _role_children_write(
    *,
    role: Role,
    responsibilities: Sequence[str],
    success_metrics: Sequence[Mapping],
    languages: Sequence[Mapping],
) -> None:
    """Replaces the role's responsibilities (numbered 1…n in the given order),
    metrics and languages."""
    role.responsibilities.all().delete()
    role.success_metrics.all().delete()
    role.languages.all().delete()
    rows = [
        Responsibility(role=role, position=position, text=text.strip())
        for position, text in enumerate((t for t in responsibilities if t.strip()), start=1)
    ]
    for row in rows:
        _full_clean(row, field_prefix="responsibilities", exclude=["role"])
    Responsibility.objects.bulk_create(rows)
    metrics = [
        SuccessMetric(role=role, **{k: metric[k] for k in METRIC_FIELDS})
        for metric in success_metrics
    ]
    for metric in metrics:
        _full_clean(metric, field_prefix="success_metrics", exclude=["role"])
    SuccessMetric.objects.bulk_create(metrics)
    spoken = [
        RoleLanguage(
            role=role, language=language["language"].strip(), min_level=language["min_level"]
        )
        for language in languages
    ]
    for language in spoken:
        _full_clean(language, field_prefix="languages", exclude=["role"])
    RoleLanguage.objects.bulk_create(spoken)


METRIC_FIELDS = ("kind", "target", "unit", "direction", "measurement")


@transaction.atomic
def role_create(
    *,
    organization: Organization,
    by,
    fields: Mapping,
    responsibilities: Sequence[str] = (),
    success_metrics: Sequence[Mapping] = (),
    languages: Sequence[Mapping] = (),
) -> Role:
    """A new draft role with everything that describes it, saved whole or not at all."""
    _refuse_first(
        role_spec_problems(
            fields=fields,
            success_metrics=success_metrics,
            languages=languages,
            responsibilities=responsibilities,
        )
    )
    role = Role(
        organization=organization,
        created_by=by,
        status=Role.Status.DRAFT,
        **{name: fields[name] for name in ROLE_FIELDS if name in fields},
    )
    _full_clean(role, exclude=["created_by", "status_changed_by"])
    role.save()
    _role_children_write(
        role=role,
        responsibilities=responsibilities,
        success_metrics=success_metrics,
        languages=languages,
    )
    return role


@transaction.atomic
def role_update(
    *,
    role: Role,
    fields: Mapping,
    responsibilities: Sequence[str] = (),
    success_metrics: Sequence[Mapping] = (),
    languages: Sequence[Mapping] = (),
) -> Role:
    """Rewrites a role's spec and its lists in one transaction.

    A closed role is kept as it was when it closed; a published or paused role
    must keep at least one success metric.
    """
    role = Role.objects.select_for_update().get(pk=role.pk)
    if role.status == Role.Status.CLOSED:
        raise ApplicationError(
            "This role is closed: it is kept as it was, with its applications.", field="status"
        )
    _refuse_first(
        role_spec_problems(
            fields=fields,
            success_metrics=success_metrics,
            languages=languages,
            responsibilities=responsibilities,
        )
    )
    if role.status != Role.Status.DRAFT and not success_metrics:
        raise ApplicationError(
            f"A {role.get_status_display().lower()} role needs at least one 90-day success "
            "metric: the people hired are held to it.",
            field="success_metrics",
        )
    tz_reference = role.tz_reference
    for name in ROLE_FIELDS:
        if name in fields:
            setattr(role, name, fields[name])
    _full_clean(role, exclude=["created_by", "status_changed_by"])
    role.save()
    _role_children_write(
        role=role,
        responsibilities=responsibilities,
        success_metrics=success_metrics,
        languages=languages,
    )
    if role.tz_reference != tz_reference:
        shortlist_refresh_role(role)
    return role
