"""Writes on the hiring side, each in a transaction, each refusing what makes no sense."""

import functools
from collections.abc import Mapping, Sequence
from zoneinfo import available_timezones

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError
from hiring import emails
from hiring.models import (
    PAY_NEGATIVE,
    ROLE_LISTS,
    Application,
    Membership,
    Note,
    Organization,
    Responsibility,
    Role,
    RoleLanguage,
    StageChange,
    SuccessMetric,
)
from hiring.shortlist import shortlist_refresh_role
from hiring.vocabulary import CEFRLevel, Currency


@transaction.atomic
def organization_create(*, name: str, slug: str, owner) -> Organization:
    organization = Organization.objects.create(name=name, slug=slug)
    Membership.objects.create(organization=organization, user=owner, role=Membership.Role.OWNER)
    return organization


@transaction.atomic
def application_create(*, candidate, role: Role) -> Application:
    if role.status != Role.Status.PUBLISHED:
        raise ApplicationError("This role is not open for applications.", field="role")
    if Application.objects.filter(candidate=candidate, role=role).exists():
        raise ApplicationError("You have already applied to this role.", field="role")
    application = Application.objects.create(candidate=candidate, role=role)
    StageChange.objects.create(application=application, to_stage=application.stage)
    return application


@transaction.atomic
def application_move(
    *, application: Application, to_stage: str, by=None, reason: str = ""
) -> StageChange:
    """Moves an application along the pipeline and records who, when and why.

    The row is locked first, so two recruiters moving the same application at
    once cannot both pass the transition check.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if to_stage not in Application.Stage.values:
        raise ApplicationError(f"“{to_stage}” is not a pipeline stage.", field="stage")
    if not application.can_move_to(to_stage):
        raise ApplicationError(
            f"An application that is “{application.get_stage_display()}” cannot move to "
            f"“{Application.Stage(to_stage).label}”.",
            field="stage",
        )
    change = StageChange.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=to_stage,
        changed_by=by,
        reason=reason,
    )
    application.stage = to_stage
    application.stage_changed_at = change.created_at
    application.save(update_fields=["stage", "stage_changed_at"])
    return change


@transaction.atomic
def applications_mark_scored(application_ids) -> int:
    """Moves submitted applications to scored in bulk, with their history; returns how many.

    Applications already past "submitted" (or withdrawn meanwhile) are left where they are,
    so scoring again never moves anyone twice.
    """
    now = timezone.now()
    ids = list(
        Application.objects.select_for_update()
        .filter(pk__in=list(application_ids), stage=Application.Stage.SUBMITTED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    StageChange.objects.bulk_create(
        StageChange(
            application_id=pk,
            from_stage=Application.Stage.SUBMITTED,
            to_stage=Application.Stage.SCORED,
            reason="Scored against the gold standard.",
        )
        for pk in ids
    )
    return Application.objects.filter(pk__in=ids).update(
        stage=Application.Stage.SCORED, stage_changed_at=now
    )


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


@functools.cache
def known_time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


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
    if zone is not None and zone not in known_time_zones():
        problems["tz_reference"] = unknown_time_zone_message(zone)
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


def unknown_time_zone_message(zone) -> str:
    return (
        f"“{zone}” is not an IANA time zone; use a name such as Europe/London, "
        "America/New_York or UTC."
    )


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
        if hasattr(error, "error_dict"):
            field, messages = next(iter(error.message_dict.items()))
            field = field_prefix or (None if field == NON_FIELD_ERRORS else field)
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


# --- The team's pipeline work on one application ---------------------------------------------


def _refuse_if_role_closed(application: Application) -> None:
    if application.role.status == Role.Status.CLOSED:
        raise ApplicationError(
            "This role is closed: its applications are kept read-only.", field="stage"
        )


def _application_invite():
    """``assessments.invitations.application_invite``, or ``None`` until that module exists."""
    try:
        from assessments.invitations import application_invite
    except ModuleNotFoundError as missing:
        if missing.name != "assessments.invitations":
            raise
        return None
    return application_invite


@transaction.atomic
def pipeline_move(*, application: Application, to_stage: str, by, reason: str = "") -> Application:
    """A move made by the team from the application page or the API.

    Inviting goes through the assessment invitation (it attaches the attempt and
    e-mails the start link); rejecting e-mails the candidate, with the reason when
    one is given. Every other move is a plain ``application_move``.
    """
    _refuse_if_role_closed(application)
    reason = reason.strip()
    if to_stage == Application.Stage.INVITED:
        invite = _application_invite()
        if invite is None:
            raise ApplicationError(
                "Invitations to the calibration task cannot be sent yet.", field="stage"
            )
        invite(application=application, by=by)
    else:
        application_move(application=application, to_stage=to_stage, by=by, reason=reason)
        if to_stage == Application.Stage.REJECTED:
            emails.rejection(application, reason=reason)
    application.refresh_from_db()
    return application


NOTE_MAX_LENGTH = 5000


@transaction.atomic
def note_create(*, application: Application, author, body: str) -> Note:
    """A note for the team only; candidates never see it."""
    _refuse_if_role_closed(application)
    body = body.strip()
    if not body:
        raise ApplicationError("Write something before saving the note.", field="body")
    if len(body) > NOTE_MAX_LENGTH:
        raise ApplicationError(
            f"Keep a note under {NOTE_MAX_LENGTH:,} characters (this one has {len(body):,}).",
            field="body",
        )
    return Note.objects.create(application=application, author=author, body=body)
