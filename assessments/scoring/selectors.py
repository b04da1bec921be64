"""Reads for scoring: the database turned into the plain values ``assessments.scoring`` takes.

Each read is one query however many attempts it covers, so a chunk of a hundred attempts
costs the same handful of queries as one.
"""

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import Avg

from assessments.models import (
    Assessment,
    Attempt,
    CohortAgreement,
    Item,
    Response,
    WeightDecision,
)
from assessments.scoring.components import weights_from_metrics
from assessments.scoring.types import ItemSpec, ResponseData
from hiring.models import SuccessMetric


@dataclass(frozen=True)
class AssessmentBasis:
    """What every attempt of one assessment is scored against."""

    id: int
    gold_version: int
    expected_items_per_hour: float
    pass_gates: dict
    items: dict[int, ItemSpec]


@dataclass(frozen=True)
class AttemptRow:
    id: int
    assessment_id: int
    role_id: int | None
    application_id: int | None
    item_order: list[int]


# Items with their gold per (assessment, gold version), kept per process. Only submitted
# attempts are scored, so their assessment is frozen: items no longer change, and every
# change of gold bumps the gold version, which makes a new key.
_SPECS_MAX = 64
_specs: dict[tuple[int, int], dict[int, ItemSpec]] = {}


def clear() -> None:
    _specs.clear()


def assessment_basis(assessment_id: int) -> AssessmentBasis:
    assessment = Assessment.objects.values(
        "gold_version", "expected_items_per_hour", "pass_gates"
    ).get(pk=assessment_id)
    key = (assessment_id, assessment["gold_version"])
    items = _specs.get(key)
    if items is None:
        items = item_specs(assessment_id)
        if len(_specs) >= _SPECS_MAX:
            _specs.clear()
        _specs[key] = items
    return AssessmentBasis(
        id=assessment_id,
        gold_version=assessment["gold_version"],
        expected_items_per_hour=float(assessment["expected_items_per_hour"]),
        pass_gates=assessment["pass_gates"] or {},
        items=items,
    )


def item_specs(assessment_id: int) -> dict[int, ItemSpec]:
    """Every item of an assessment with its gold, keyed by item id (gold may be missing)."""
    rows = Item.objects.filter(assessment_id=assessment_id).values_list(
        "id",
        "kind",
        "content",
        "options",
        "gold__answer",
        "gold__accepted_alternatives",
        "gold__tolerance",
        "gold__is_edge_case",
    )
    return {
        pk: ItemSpec(
            id=pk,
            kind=kind,
            content=content or {},
            options=tuple(options or ()),
            gold=gold,
            alternatives=tuple(alternatives or ()),
            tolerance=tolerance,
            is_edge_case=bool(edge),
        )
        for pk, kind, content, options, gold, alternatives, tolerance, edge in rows
    }


def attempt_rows(attempt_ids) -> list[AttemptRow]:
    """The submitted (or already scored) attempts among ``attempt_ids``, in id order."""
    rows = (
        Attempt.objects.filter(pk__in=list(attempt_ids))
        .exclude(state=Attempt.State.IN_PROGRESS)
        .order_by("pk")
        .values_list("id", "assessment_id", "application__role_id", "application_id", "item_order")
    )
    return [AttemptRow(*row) for row in rows]


def responses_by_attempt(attempt_ids) -> dict[int, list[ResponseData]]:
    """Every response of the given attempts, one row per attempt (see ``responses_sql``)."""
    attempt_ids = list(attempt_ids)
    if not attempt_ids:
        return {}
    placeholders = ", ".join(["%s"] * len(attempt_ids))
    return _responses(f"attempt_id IN ({placeholders})", attempt_ids)


# Attempts whose answers a cohort read streams at a time: a few megabytes of JSON.
ANSWERS_PER_FETCH = 200


def answers_of_assessment(assessment_id: int, attempt_ids: set[int]) -> Iterator[tuple]:
    """(attempt id, item id → answer) for each of ``attempt_ids`` among the assessment's
    submitted (or scored) attempts that has responses, in attempt id order, streamed
    through a server-side cursor: one fetch of attempts at a time is in memory, never the
    whole cohort. Unanswered items are left out."""
    where = (
        f"attempt_id IN (SELECT id FROM {Attempt._meta.db_table} "
        "WHERE assessment_id = %s AND state <> %s)"
    )
    sql = responses_sql(connection.vendor, where) + " ORDER BY attempt_id"
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [assessment_id, Attempt.State.IN_PROGRESS])
        while fetched := cursor.fetchmany(ANSWERS_PER_FETCH):
            for attempt_id, rows in fetched:
                if attempt_id in attempt_ids:
                    rows = json.loads(rows) if isinstance(rows, str) else rows
                    yield attempt_id, {row[0]: row[1] for row in rows if row[1] is not None}


def _responses(where: str, params: list) -> dict[int, list[ResponseData]]:
    responses = {}
    with connection.cursor() as cursor:
        cursor.execute(responses_sql(connection.vendor, where), params)
        for attempt_id, rows in cursor.fetchall():
            if isinstance(rows, str):
                rows = json.loads(rows)
            responses[attempt_id] = [
                ResponseData(item_id=item, answer=answer, flagged=bool(flagged), time_ms=ms)
                for item, answer, flagged, ms in rows
            ]
    return responses


def responses_sql(vendor: str, where: str) -> str:
    """One row per attempt with its responses aggregated as JSON in the database: a
    hundred rows for a hundred attempts instead of ten thousand, each decoded in one call."""
    table = Response._meta.db_table
    if vendor == "postgresql":
        row = "json_build_array(item_id, answer, flagged_ambiguous, time_spent_ms)"
        return f"SELECT attempt_id, json_agg({row}) FROM {table} WHERE {where} GROUP BY attempt_id"
    row = "json_array(item_id, json(answer), flagged_ambiguous, time_spent_ms)"
    return (
        f"SELECT attempt_id, json_group_array({row}) FROM {table} WHERE {where} GROUP BY attempt_id"
    )


def default_weights_by_role(role_ids) -> dict[int | None, dict[str, float]]:
    """Component weights per role from its 90-day success metrics; ``None`` → defaults."""
    role_ids = set(role_ids)
    kinds = defaultdict(list)
    metrics = SuccessMetric.objects.filter(role_id__in=role_ids - {None})
    for role_id, kind in metrics.values_list("role_id", "kind"):
        kinds[role_id].append(kind)
    weights = {role_id: weights_from_metrics(kinds[role_id]) for role_id in role_ids}
    weights[None] = weights_from_metrics([])
    return weights


def accepted_weights_by_role(role_ids) -> dict[int, dict[str, float]]:
    """The weights an owner accepted for each role whose latest decision is an acceptance
    (a role never decided on, or last reverted to the defaults, is absent). One query."""
    latest = (
        WeightDecision.objects.filter(role_id__in=set(role_ids) - {None})
        .order_by("role_id", "-decided_at", "-pk")
        .values_list("role_id", "kind", "weights")
    )
    found: dict[int, dict[str, float]] = {}
    seen: set[int] = set()
    for role_id, kind, weights in latest:
        if role_id in seen:
            continue
        seen.add(role_id)
        if kind == WeightDecision.Kind.ACCEPTED:
            found[role_id] = {name: float(value) for name, value in weights.items()}
    return found


def weights_by_role(role_ids) -> dict[int | None, dict[str, float]]:
    """Component weights per role: the owner's latest accepted weights, else the defaults
    from its 90-day success metrics; ``None`` → defaults."""
    role_ids = set(role_ids)
    weights = default_weights_by_role(role_ids)
    for role_id, accepted in accepted_weights_by_role(role_ids).items():
        weights[role_id] = accepted
    return weights


def cohort_agreement_by_attempt(assessment_id: int) -> dict[int, float]:
    """Each attempt's leave-one-out agreement from the latest cohort run, mapped to [0, 1]."""
    latest = (
        CohortAgreement.objects.filter(assessment_id=assessment_id)
        .order_by("-computed_at", "-pk")
        .values_list("per_candidate", flat=True)
        .first()
    )
    return {
        row["attempt"]: agreement_component(row["agreement"])
        for row in latest or ()
        if row.get("agreement") is not None
    }


def rationale_by_attempt(attempt_ids) -> dict[int, float]:
    """Each attempt's rationale component: the mean final score of its written answers
    whose blind review is finished. Attempts with none finished have no component yet."""
    from rubrics.models import ReviewTask

    rows = (
        ReviewTask.objects.filter(
            response__attempt_id__in=list(attempt_ids), state=ReviewTask.State.DONE
        )
        .order_by()
        .values("response__attempt_id")
        .annotate(mean=Avg("final_score"))
        .values_list("response__attempt_id", "mean")
    )
    return {attempt_id: mean for attempt_id, mean in rows if mean is not None}


def agreement_component(value: float) -> float:
    """Chance-corrected agreement runs from −1 to 1; at or below chance counts as 0."""
    return min(1.0, max(0.0, float(value)))
