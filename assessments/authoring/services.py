"""Writes for authors: assessments, their items, the hidden gold and gold-set imports.

Rules kept here, whatever the interface (page or API):

- An assessment any candidate has started (``frozen_at`` set, or any attempt) refuses
  changes to its items; "make a new version" copies it instead.
- Gold may change at any time (that is how contested gold is fixed). Every change of the
  gold set bumps ``Assessment.gold_version`` once and leaves one ``GoldChange``.
"""

from django.db import transaction
from django.db.models import F, Max

from assessments import item_kinds
from assessments.authoring.importing import GoldSet, item_fingerprint
from assessments.item_kinds import ItemError
from assessments.models import Assessment, GoldAnswer, GoldChange, Item
from assessments.scoring.runs import gold_changed
from config.errors import ApplicationError
from rubrics.review.services import review_tasks_create_for_assessment

FROZEN_MESSAGE = (
    "Candidates have started this assessment, so its items are frozen: items, content and "
    "options can no longer change (gold answers still can). Make a new version to edit them."
)
PASS_GATE_COMPONENTS = ("accuracy", "edge_cases", "agreement", "throughput", "rationale")
ASSESSMENT_FIELDS = (
    "title",
    "instructions",
    "rubric",
    "time_limit_minutes",
    "items_per_attempt",
    "shuffle",
    "expected_items_per_hour",
    "pay_amount",
    "pay_currency",
    "pass_gates",
    "rationale_count",
)
GOLD_FIELDS = ("answer", "accepted_alternatives", "tolerance", "is_edge_case", "explanation")


def assessment_is_frozen(assessment: Assessment) -> bool:
    return assessment.frozen_at is not None or assessment.attempts.exists()


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def _refuse_if_frozen(assessment: Assessment) -> None:
    if assessment_is_frozen(assessment):
        raise ApplicationError(FROZEN_MESSAGE, field="assessment")


# --- Assessments ----------------------------------------------------------------------


def _check_assessment(organization, fields: dict, *, item_count: int | None) -> None:
    gates = fields.get("pass_gates") or {}
    unknown = sorted(set(gates) - set(PASS_GATE_COMPONENTS))
    if unknown:
        raise ApplicationError(
            f"“{unknown[0]}” is not a component; use {', '.join(PASS_GATE_COMPONENTS)}.",
            field="pass_gates",
        )
    for name, value in gates.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ApplicationError(
                f"The {name} pass gate must be a number from 0 to 1.", field="pass_gates"
            )
    rubric = fields.get("rubric")
    if rubric is not None and rubric.organization_id != organization.pk:
        raise ApplicationError("Choose one of your organisation's rubrics.", field="rubric")
    per_attempt = fields.get("items_per_attempt")
    if per_attempt is not None and item_count is not None and per_attempt > item_count:
        raise ApplicationError(
            f"The assessment has {item_count} item{'s' if item_count != 1 else ''}: "
            f"a sample cannot be larger.",
            field="items_per_attempt",
        )


def _check_title_free(organization, title: str, version: int, exclude_pk=None) -> None:
    taken = Assessment.objects.for_organization(organization).filter(title=title, version=version)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ApplicationError(
            f"“{title}” version {version} already exists; choose another title.", field="title"
        )


@transaction.atomic
def assessment_create(*, organization, by, **fields) -> Assessment:
    fields = {k: v for k, v in fields.items() if k in ASSESSMENT_FIELDS}
    fields.setdefault("pass_gates", {})
    _check_assessment(organization, fields, item_count=None)
    if fields.get("items_per_attempt") is not None:
        raise ApplicationError(
            "Add items first: a new assessment has none to sample from.",
            field="items_per_attempt",
        )
    _check_title_free(organization, fields.get("title", ""), 1)
    return Assessment.objects.create(organization=organization, created_by=by, **fields)


@transaction.atomic
def assessment_update(*, assessment: Assessment, by, **fields) -> Assessment:
    """Settings may change while frozen only where a started attempt does not depend on them
    (title, instructions, rubric, pass gates, pace); the rest needs a new version."""
    assessment = _locked(assessment)
    fields = {k: v for k, v in fields.items() if k in ASSESSMENT_FIELDS}
    _check_assessment(assessment.organization, fields, item_count=assessment.items.count())
    if "title" in fields:
        _check_title_free(
            assessment.organization, fields["title"], assessment.version, assessment.pk
        )
    changed = [k for k, v in fields.items() if getattr(assessment, k) != v]
    candidate_facing = {
        "time_limit_minutes",
        "items_per_attempt",
        "shuffle",
        "pay_amount",
        "pay_currency",
        "rationale_count",
    }
    if set(changed) & candidate_facing:
        _refuse_if_frozen(assessment)
    for name in changed:
        setattr(assessment, name, fields[name])
    if changed:
        assessment.save(update_fields=changed)
    if "rubric" in changed:
        # Answers already submitted enter the review queue under the rubric now attached.
        review_tasks_create_for_assessment(assessment.pk)
    return assessment


@transaction.atomic
def assessment_delete(*, assessment: Assessment, by) -> None:
    """Deletes an assessment nobody has started (roles using it are left without one)."""
    assessment = _locked(assessment)
    if assessment_is_frozen(assessment):
        raise ApplicationError(
            "Candidates have started this assessment: it is kept for their scores.",
            field="assessment",
        )
    assessment.delete()


def _next_version(assessment: Assessment) -> int:
    latest = (
        Assessment.objects.for_organization(assessment.organization)
        .filter(title=assessment.title)
        .aggregate(v=Max("version"))["v"]
    )
    return (latest or 0) + 1


@transaction.atomic
def assessment_new_version(*, assessment: Assessment, by) -> Assessment:
    """An editable copy: version + 1, ``previous`` set, items and gold copied."""
    assessment = _locked(assessment)
    copy = Assessment.objects.create(
        organization=assessment.organization,
        **{name: getattr(assessment, name) for name in ASSESSMENT_FIELDS},
        version=_next_version(assessment),
        previous=assessment,
        created_by=by,
    )
    items = list(assessment.items.select_related("gold").order_by("position"))
    new_items = Item.objects.bulk_create(
        Item(
            assessment=copy,
            position=item.position,
            kind=item.kind,
            prompt=item.prompt,
            content=item.content,
            options=item.options,
            requires_rationale=item.requires_rationale,
        )
        for item in items
    )
    GoldAnswer.objects.bulk_create(
        GoldAnswer(item=new, **{name: getattr(old.gold, name) for name in GOLD_FIELDS})
        for old, new in zip(items, new_items, strict=True)
        if hasattr(old, "gold")
    )
    return copy


# --- Items ----------------------------------------------------------------------------


def _item_error(error: ItemError) -> ApplicationError:
    field, message = next(iter(error.errors.items()))
    return ApplicationError(message, field=field)


def item_validate(*, kind: str, content, options, gold: dict) -> tuple[dict, list, dict]:
    """Content, options and gold normalised by ``item_kinds``; ApplicationError names the
    field at fault (kind, content, options, answer, accepted_alternatives, tolerance)."""
    try:
        content, options = item_kinds.validate_item(kind, content, options)
        checked = item_kinds.validate_gold(
            kind,
            content,
            options,
            gold.get("answer"),
            gold.get("accepted_alternatives") or [],
            gold.get("tolerance"),
        )
    except ItemError as error:
        raise _item_error(error) from None
    return (
        content,
        options,
        {
            **checked,
            "is_edge_case": bool(gold.get("is_edge_case")),
            "explanation": (gold.get("explanation") or "").strip(),
        },
    )


def _gold_snapshot(gold: GoldAnswer | None) -> dict | None:
    return None if gold is None else {name: getattr(gold, name) for name in GOLD_FIELDS}


def _record_gold_change(
    assessment: Assessment, *, by, summary: str, item=None, before=None, after=None
) -> GoldChange:
    """Bumps the assessment's gold version (row already locked) and records the change."""
    Assessment.objects.filter(pk=assessment.pk).update(gold_version=F("gold_version") + 1)
    assessment.refresh_from_db(fields=["gold_version"])
    transaction.on_commit(lambda: gold_changed(assessment=assessment))
    return GoldChange.objects.create(
        assessment=assessment,
        item=item,
        gold_version=assessment.gold_version,
        changed_by=by,
        summary=summary[:300],
        before=before,
        after=after,
    )


def _check_prompt(prompt: str) -> str:
    prompt = (prompt or "").strip()
    if not prompt:
        raise ApplicationError("Write the question the candidate reads.", field="prompt")
    return prompt


@transaction.atomic
def item_create(
    *,
    assessment: Assessment,
    by,
    kind: str,
    prompt: str,
    content=None,
    options=None,
    requires_rationale: bool = False,
    gold: dict,
) -> Item:
    """Appends an item with its gold at the end of the assessment."""
    assessment = _locked(assessment)
    _refuse_if_frozen(assessment)
    prompt = _check_prompt(prompt)
    content, options, gold = item_validate(kind=kind, content=content, options=options, gold=gold)
    fingerprint = item_fingerprint(kind, prompt, content, options)
    if any(
        item_fingerprint(i.kind, i.prompt, i.content, i.options) == fingerprint
        for i in assessment.items.all()
    ):
        raise ApplicationError(
            "This assessment already has the same item (kind, prompt, content, options).",
            field="prompt",
        )
    position = (assessment.items.aggregate(p=Max("position"))["p"] or 0) + 1
    item = Item.objects.create(
        assessment=assessment,
        position=position,
        kind=kind,
        prompt=prompt,
        content=content,
        options=options,
        requires_rationale=requires_rationale,
    )
    GoldAnswer.objects.create(item=item, **gold)
    _record_gold_change(
        assessment, by=by, item=item, summary=f"Added item #{position} with its gold.", after=gold
    )
    return item


@transaction.atomic
def item_update(
    *,
    item: Item,
    by,
    prompt: str,
    content,
    options,
    requires_rationale: bool,
    gold: dict,
    summary: str = "",
) -> Item:
    """Edits an item and its gold. On a frozen assessment only the gold may differ."""
    assessment = _locked(item.assessment)
    item = Item.objects.select_related("gold").get(pk=item.pk)
    prompt = _check_prompt(prompt)
    content, options, _ = item_validate(kind=item.kind, content=content, options=options, gold=gold)
    item_changed = (prompt, content, options, requires_rationale) != (
        item.prompt,
        item.content,
        item.options,
        item.requires_rationale,
    )
    if item_changed:
        _refuse_if_frozen(assessment)
        item.prompt, item.content, item.options = prompt, content, options
        item.requires_rationale = requires_rationale
        item.save(update_fields=["prompt", "content", "options", "requires_rationale"])
    gold_update(item=item, by=by, summary=summary, **gold)
    return item


@transaction.atomic
def gold_update(
    *,
    item: Item,
    by,
    answer,
    accepted_alternatives=(),
    tolerance=None,
    is_edge_case: bool = False,
    explanation: str = "",
    summary: str = "",
) -> GoldAnswer:
    """Sets an item's gold (allowed on a frozen assessment). A change bumps the gold
    version and leaves a ``GoldChange``; saving the same gold again changes nothing."""
    assessment = _locked(item.assessment)
    item = Item.objects.get(pk=item.pk)
    _, _, checked = item_validate(
        kind=item.kind,
        content=item.content,
        options=item.options,
        gold={
            "answer": answer,
            "accepted_alternatives": accepted_alternatives,
            "tolerance": tolerance,
            "is_edge_case": is_edge_case,
            "explanation": explanation,
        },
    )
    gold = GoldAnswer.objects.filter(item=item).first()
    before = _gold_snapshot(gold)
    if gold is not None and before == checked:
        return gold
    if gold is None:
        gold = GoldAnswer(item=item)
    for name in GOLD_FIELDS:
        setattr(gold, name, checked[name])
    gold.save()
    changed = [
        name.replace("_", " ") for name in GOLD_FIELDS if (before or {}).get(name) != checked[name]
    ]
    summary = (summary or "").strip() or (
        f"Changed the {', '.join(changed)} of item #{item.position}."
    )
    _record_gold_change(assessment, by=by, item=item, summary=summary, before=before, after=checked)
    return gold


@transaction.atomic
def item_delete(*, item: Item, by) -> None:
    assessment = _locked(item.assessment)
    _refuse_if_frozen(assessment)
    item = Item.objects.select_related("gold").get(pk=item.pk)
    before = _gold_snapshot(getattr(item, "gold", None))
    position = item.position
    item.delete()
    _renumber(assessment, [i.pk for i in assessment.items.order_by("position")])
    _record_gold_change(
        assessment, by=by, summary=f"Deleted item #{position} and its gold.", before=before
    )


def _renumber(assessment: Assessment, ordered_ids: list[int]) -> None:
    """Positions 1..N in the given order, without ever breaking the unique position."""
    items = list(assessment.items.all())
    offset = max([i.position for i in items] + [len(items)]) + 1
    for item in items:
        item.position += offset
    Item.objects.bulk_update(items, ["position"])
    by_id = {i.pk: i for i in items}
    for position, pk in enumerate(ordered_ids, start=1):
        by_id[pk].position = position
    Item.objects.bulk_update(items, ["position"])


@transaction.atomic
def items_reorder(*, assessment: Assessment, ordered_ids: list[int], by) -> None:
    assessment = _locked(assessment)
    _refuse_if_frozen(assessment)
    current = set(assessment.items.values_list("pk", flat=True))
    if len(ordered_ids) != len(set(ordered_ids)) or set(ordered_ids) != current:
        raise ApplicationError(
            "List every item of this assessment exactly once, in the new order.", field="order"
        )
    _renumber(assessment, list(ordered_ids))


def item_move(*, item: Item, direction: str, by) -> None:
    """Moves an item one place up or down (no-op at either end)."""
    if direction not in ("up", "down"):
        raise ApplicationError("Move an item up or down.", field="direction")
    ids = list(item.assessment.items.order_by("position").values_list("pk", flat=True))
    index = ids.index(item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ids):
        return
    ids[index], ids[other] = ids[other], ids[index]
    items_reorder(assessment=item.assessment, ordered_ids=ids, by=by)


# --- Gold-set import ------------------------------------------------------------------


def existing_fingerprints(assessment: Assessment) -> frozenset:
    return frozenset(
        item_fingerprint(kind, prompt, content, options)
        for kind, prompt, content, options in assessment.items.values_list(
            "kind", "prompt", "content", "options"
        )
    )


@transaction.atomic
def gold_set_import(*, assessment: Assessment, gold_set: GoldSet, by, source: str = "") -> int:
    """Appends every parsed item with its gold after the existing items, all or nothing."""
    assessment = _locked(assessment)
    _refuse_if_frozen(assessment)
    clashes = existing_fingerprints(assessment) & {i.fingerprint() for i in gold_set.items}
    if clashes:
        raise ApplicationError(
            "Some rows repeat items already in the assessment; upload the file again.",
            field="file",
        )
    start = assessment.items.aggregate(p=Max("position"))["p"] or 0
    items = Item.objects.bulk_create(
        Item(
            assessment=assessment,
            position=start + offset,
            kind=row.kind,
            prompt=row.prompt,
            content=row.content,
            options=row.options,
            requires_rationale=row.requires_rationale,
        )
        for offset, row in enumerate(gold_set.items, start=1)
    )
    GoldAnswer.objects.bulk_create(
        GoldAnswer(
            item=item,
            answer=row.answer,
            accepted_alternatives=row.accepted_alternatives,
            tolerance=row.tolerance,
            is_edge_case=row.is_edge_case,
            explanation=row.explanation,
        )
        for item, row in zip(items, gold_set.items, strict=True)
    )
    count = len(items)
    _record_gold_change(
        assessment,
        by=by,
        summary=(
            f"Imported {count} item{'s' if count != 1 else ''} with gold"
            + (f" from {source}" if source else "")
            + f" (items #{start + 1}–#{start + count})."
        ),
        after={"imported": count, "first_position": start + 1},
    )
    return count
