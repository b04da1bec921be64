"""Writes for rubrics: create, update (in place, or as a new version), freeze, delete, and
start one from a template.

Rules kept here, whatever the interface (page or API):

- ``rubric_problems`` is the one validation: at least one criterion, criterion names
  unique within the rubric, weights above 0 and at most 100, and all five levels 0–4 each
  with a descriptor. The form shows its messages next to the fields; the API returns them
  nested under ``criteria``.
- A rubric that a review has used (or that is frozen) never changes: saving it makes
  version K+1 with ``previous`` set, the organisation's assessments and the answers still
  waiting for their first review move to the new version, and version K stays as it was
  for the reviews scored against it. An unused rubric is edited in place.
- Only the current version of a rubric may be edited; names are unique in an organisation.
"""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.utils import timezone

from assessments.models import Assessment
from config.errors import ApplicationError
from rubrics import selectors
from rubrics.models import MAX_LEVEL, Criterion, CriterionLevel, Review, ReviewTask, Rubric
from rubrics.rubric_templates import RUBRIC_TEMPLATES, rubric_template

LEVELS = tuple(range(MAX_LEVEL + 1))
MAX_CRITERIA = 20
MAX_WEIGHT = Decimal(100)
NAME_MAX = 200
DESCRIPTOR_MAX = 400
EXAMPLE_MAX = 2000
GUIDE_MAX = 20_000

CRITERIA_MISSING = "Add at least one criterion: what reviewers score the answer on."
WEIGHT_RANGE = "A weight is a number above 0 and at most 100, for example 1 or 2.5."


class RubricInvalid(ApplicationError):
    """Every problem ``rubric_problems`` found, keyed like ``criteria.0.levels.2``.
    The API shows them nested (``{"criteria": {0: {"levels": [...]}}}``)."""

    def __init__(self, problems: dict[str, str]):
        field, message = next(iter(problems.items()))
        super().__init__(message, field=field)
        self.problems = problems

    def as_dict(self) -> dict:
        return nested_problems(self.problems)


# --- Validation ---------------------------------------------------------------------------


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _weight(value) -> Decimal | None:
    """The weight as a Decimal, or None when it is not a finite number."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        weight = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return weight if weight.is_finite() else None


def _weight_problem(value) -> str | None:
    weight = _weight(value)
    if weight is None or not Decimal(0) < weight <= MAX_WEIGHT:
        return WEIGHT_RANGE
    if weight != weight.quantize(Decimal("0.01")):
        return "Use at most two decimals for a weight, for example 1.25."
    return None


def _level_problems(levels, at: str) -> dict[str, str]:
    if not isinstance(levels, list | tuple):
        return {f"{at}.levels": "Give the five anchored levels 0–4, each with a descriptor."}
    problems: dict[str, str] = {}
    given: dict[int, Mapping] = {}
    for level in levels:
        score = level.get("score") if isinstance(level, Mapping) else None
        if isinstance(score, bool) or not isinstance(score, int) or score not in LEVELS:
            problems[f"{at}.levels"] = (
                f"Levels are scored 0 to {MAX_LEVEL}; “{score}” is not one of them."
            )
        elif score in given:
            problems[f"{at}.levels"] = f"Level {score} is given twice: describe each level once."
        else:
            given[score] = level
    for score in LEVELS:
        level = given.get(score, {})
        descriptor, example = _text(level.get("descriptor")), _text(level.get("example"))
        key = f"{at}.levels.{score}"
        if not descriptor:
            problems[key] = (
                f"Level {score} needs a descriptor: what an answer at {score} looks like."
            )
        elif len(descriptor) > DESCRIPTOR_MAX:
            problems[key] = (
                f"Level {score}'s descriptor has {len(descriptor)} characters; keep it to "
                f"{DESCRIPTOR_MAX} and put the detail in its example."
            )
        elif len(example) > EXAMPLE_MAX:
            problems[key] = (
                f"Level {score}'s example has {len(example)} characters; keep it to {EXAMPLE_MAX}."
            )
    return problems


def rubric_problems(*, name, edge_case_guide="", criteria) -> dict[str, str]:
    """``{field: message}`` for every rule the rubric breaks; empty when it is sound.

    Fields: ``name``, ``edge_case_guide``, ``criteria`` (the list as a whole) and
    ``criteria.<i>.<name|description|weight|levels>`` or ``criteria.<i>.levels.<score>``
    for the i-th criterion (counting from 0)."""
    problems: dict[str, str] = {}
    name = _text(name)
    if not name:
        problems["name"] = "Give the rubric a name, for example “Error explanation”."
    elif len(name) > NAME_MAX:
        problems["name"] = f"A rubric's name has at most {NAME_MAX} characters."
    if len(_text(edge_case_guide)) > GUIDE_MAX:
        problems["edge_case_guide"] = f"Keep the edge-case guide to {GUIDE_MAX:,} characters."
    if not isinstance(criteria, list | tuple) or not criteria:
        problems["criteria"] = CRITERIA_MISSING
        return problems
    if len(criteria) > MAX_CRITERIA:
        problems["criteria"] = (
            f"A rubric has at most {MAX_CRITERIA} criteria; reviewers cannot hold more in mind."
        )
    seen: dict[str, int] = {}
    for index, criterion in enumerate(criteria):
        at = f"criteria.{index}"
        if not isinstance(criterion, Mapping):
            problems[at] = "Each criterion has a name, a weight and five levels."
            continue
        criterion_name = _text(criterion.get("name"))
        if not criterion_name:
            problems[f"{at}.name"] = "Name the criterion, for example “Identifies the root cause”."
        elif len(criterion_name) > NAME_MAX:
            problems[f"{at}.name"] = f"A criterion's name has at most {NAME_MAX} characters."
        elif criterion_name.casefold() in seen:
            problems[f"{at}.name"] = (
                f"“{criterion_name}” is already criterion {seen[criterion_name.casefold()] + 1}: "
                "give each criterion its own name."
            )
        else:
            seen[criterion_name.casefold()] = index
        weight_problem = _weight_problem(criterion.get("weight", 1))
        if weight_problem:
            problems[f"{at}.weight"] = weight_problem
        problems.update(_level_problems(criterion.get("levels"), at))
    return problems


def nested_problems(problems: dict[str, str]) -> dict:
    """``criteria.0.levels.2`` style keys as DRF-style nested field errors:
    ``{"criteria": {0: {"levels": ["Level 2 needs …"]}}}``; a message about the whole list
    sits beside the rows as ``non_field_errors``."""
    nested: dict = {}
    for key, message in problems.items():
        parts = key.split(".")
        if len(parts) == 1:
            if isinstance(nested.get(key), dict):
                nested[key].setdefault("non_field_errors", []).append(message)
            else:
                nested.setdefault(key, []).append(message)
            continue
        rows = nested.get(parts[0])
        if not isinstance(rows, dict):
            rows = nested[parts[0]] = {"non_field_errors": rows} if rows else {}
        row = rows.setdefault(int(parts[1]), {})
        field = parts[2] if len(parts) > 2 else "non_field_errors"
        row.setdefault(field, []).append(message)
    return nested


# --- Normalised content -------------------------------------------------------------------


def _content(*, name, edge_case_guide, criteria) -> tuple:
    """The rubric as comparable, cleaned values (after ``rubric_problems`` found none)."""
    return (
        _text(name),
        _text(edge_case_guide),
        tuple(
            (
                _text(criterion["name"]),
                _text(criterion.get("description")),
                _weight(criterion.get("weight", 1)),
                tuple(
                    (level["score"], _text(level["descriptor"]), _text(level.get("example")))
                    for level in sorted(criterion["levels"], key=lambda level: level["score"])
                ),
            )
            for criterion in criteria
        ),
    )


def _stored_content(rubric: Rubric) -> tuple:
    prefetch_related_objects([rubric], "criteria__levels")
    return _content(**selectors.rubric_input(rubric=rubric))


def _checked(*, name, edge_case_guide, criteria) -> tuple:
    problems = rubric_problems(name=name, edge_case_guide=edge_case_guide, criteria=criteria)
    if problems:
        raise RubricInvalid(problems)
    return _content(name=name, edge_case_guide=edge_case_guide, criteria=criteria)


def _write_criteria(rubric: Rubric, criteria: tuple) -> None:
    rows = Criterion.objects.bulk_create(
        Criterion(
            rubric=rubric, position=position, name=name, description=description, weight=weight
        )
        for position, (name, description, weight, _) in enumerate(criteria, start=1)
    )
    CriterionLevel.objects.bulk_create(
        CriterionLevel(criterion=row, score=score, descriptor=descriptor, example=example)
        for row, (*_, levels) in zip(rows, criteria, strict=True)
        for score, descriptor, example in levels
    )


# --- Names --------------------------------------------------------------------------------


def _name_taken_message(name: str) -> str:
    return f"A rubric named “{name}” already exists; choose another name or edit that one."


def _check_name_free(organization, name: str, *, own_versions=()) -> None:
    """Refuses a name used by another rubric of the organisation (any of its versions)."""
    taken = Rubric.objects.for_organization(organization).filter(name=name)
    if taken.exclude(pk__in=[version.pk for version in own_versions]).exists():
        raise ApplicationError(_name_taken_message(name), field="name")


def _create_row(**fields) -> Rubric:
    """Creates the row; a concurrent save of the same name and version is refused, not a 500."""
    try:
        with transaction.atomic():
            return Rubric.objects.create(**fields)
    except IntegrityError:
        raise ApplicationError(_name_taken_message(fields["name"]), field="name") from None


# --- Writes -------------------------------------------------------------------------------


@transaction.atomic
def rubric_create(*, organization, name, edge_case_guide="", criteria, by=None) -> Rubric:
    """A new rubric, version 1. ``criteria``: ``[{name, description, weight, levels:
    [{score, descriptor, example}] × 5}]`` in order. ``by`` is who asked (not stored yet)."""
    name, guide, cleaned = _checked(name=name, edge_case_guide=edge_case_guide, criteria=criteria)
    _check_name_free(organization, name)
    rubric = _create_row(organization=organization, name=name, edge_case_guide=guide)
    _write_criteria(rubric, cleaned)
    return rubric


@transaction.atomic
def rubric_update(*, rubric: Rubric, name, edge_case_guide="", criteria, by=None) -> Rubric:
    """Saves the rubric's new content and returns the rubric that now holds it: the same
    one when it was unused (or nothing changed), else its new version."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    content = _checked(name=name, edge_case_guide=edge_case_guide, criteria=criteria)
    versions = selectors.rubric_versions(rubric=rubric)
    if versions[-1].pk != rubric.pk:
        raise ApplicationError(
            f"This is version {rubric.version} of “{rubric.name}”; version "
            f"{versions[-1].version} replaced it. Edit the current version instead.",
            field="rubric",
        )
    _check_name_free(rubric.organization_id, content[0], own_versions=versions)
    if content == _stored_content(rubric):
        return rubric
    if selectors.rubric_usage(rubric=rubric).locked:
        return _new_version(rubric, content)
    rubric.name, rubric.edge_case_guide = content[0], content[1]
    rubric.save(update_fields=["name", "edge_case_guide"])
    rubric.criteria.all().delete()
    _write_criteria(rubric, content[2])
    return rubric


def _new_version(old: Rubric, content: tuple) -> Rubric:
    name, guide, criteria = content
    new = _create_row(
        organization_id=old.organization_id,
        name=name,
        edge_case_guide=guide,
        version=old.version + 1,
        previous=old,
    )
    _write_criteria(new, criteria)
    rubric_freeze(old)  # it is in use: record it, so nothing else edits it either
    Assessment.objects.for_organization(old.organization_id).filter(rubric=old).update(rubric=new)
    ReviewTask.objects.for_organization(old.organization_id).filter(
        rubric=old, state=ReviewTask.State.PRIMARY
    ).filter(~Exists(Review.objects.filter(task=OuterRef("pk")))).update(rubric=new)
    return new


def rubric_freeze(rubric: Rubric) -> Rubric:
    """Marks the rubric frozen, once: a second call changes nothing. The review code calls
    it when a review first uses the rubric."""
    now = timezone.now()
    if Rubric.objects.filter(pk=rubric.pk, frozen_at__isnull=True).update(frozen_at=now):
        rubric.frozen_at = now
    elif rubric.frozen_at is None:
        rubric.frozen_at = Rubric.objects.values_list("frozen_at", flat=True).get(pk=rubric.pk)
    return rubric


@transaction.atomic
def rubric_delete(*, rubric: Rubric, by=None) -> None:
    """Deletes a rubric nothing uses: no review, no answer waiting for review, no
    assessment; a frozen rubric is kept."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    usage = selectors.rubric_usage(rubric=rubric)
    if usage.locked:
        raise ApplicationError(
            f"“{rubric}” has been used to score reviews, so it is kept with them.",
            field="rubric",
        )
    if ReviewTask.objects.filter(rubric=rubric).exists():
        raise ApplicationError(
            f"Written answers are queued for review against “{rubric}”, so it is kept.",
            field="rubric",
        )
    titles = list(selectors.assessments_using(rubric=rubric).values_list("title", flat=True))
    if titles:
        raise ApplicationError(
            f"“{rubric}” is the rubric of {', '.join(f'“{t}”' for t in titles)}; choose "
            "another rubric there first.",
            field="rubric",
        )
    rubric.delete()


def _free_name(organization, name: str) -> str:
    taken = set(
        Rubric.objects.for_organization(organization)
        .filter(name__startswith=name)
        .values_list("name", flat=True)
    )
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name} ({number})"
    return candidate


def rubric_from_template(*, organization, template_key: str, by=None) -> Rubric:
    """A new rubric copied from a template, named after it (“… (2)” if that is taken)."""
    template = rubric_template(template_key)
    if template is None:
        keys = ", ".join(t.key for t in RUBRIC_TEMPLATES)
        raise ApplicationError(
            f"There is no rubric template “{template_key}”; use one of {keys}.", field="template"
        )
    return rubric_create(
        organization=organization,
        name=_free_name(organization, template.name),
        edge_case_guide=template.edge_case_guide,
        criteria=template.criteria_input(),
        by=by,
    )
