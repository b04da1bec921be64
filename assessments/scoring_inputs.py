"""Reads for scoring: the database turned into the plain values ``assessments.scoring`` takes.

Each read is one query however many attempts it covers, so a chunk of a hundred attempts
costs the same handful of queries as one.
"""

from collections import defaultdict
from dataclasses import dataclass

from assessments.models import Assessment, Attempt, CohortAgreement, Item, Response
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


def assessment_basis(assessment_id: int) -> AssessmentBasis:
    assessment = Assessment.objects.values(
        "gold_version", "expected_items_per_hour", "pass_gates"
    ).get(pk=assessment_id)
    return AssessmentBasis(
        id=assessment_id,
        gold_version=assessment["gold_version"],
        expected_items_per_hour=float(assessment["expected_items_per_hour"]),
        pass_gates=assessment["pass_gates"] or {},
        items=item_specs(assessment_id),
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
    rows = Response.objects.filter(attempt_id__in=list(attempt_ids)).values_list(
        "attempt_id", "item_id", "answer", "flagged_ambiguous", "time_spent_ms"
    )
    responses = defaultdict(list)
    for attempt_id, item_id, answer, flagged, time_ms in rows:
        responses[attempt_id].append(
            ResponseData(item_id=item_id, answer=answer, flagged=flagged, time_ms=time_ms)
        )
    return responses


def weights_by_role(role_ids) -> dict[int | None, dict[str, float]]:
    """Component weights per role, from its 90-day success metrics; ``None`` → defaults."""
    role_ids = set(role_ids)
    kinds = defaultdict(list)
    metrics = SuccessMetric.objects.filter(role_id__in=role_ids - {None})
    for role_id, kind in metrics.values_list("role_id", "kind"):
        kinds[role_id].append(kind)
    weights = {role_id: weights_from_metrics(kinds[role_id]) for role_id in role_ids}
    weights[None] = weights_from_metrics([])
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


def agreement_component(value: float) -> float:
    """Chance-corrected agreement runs from −1 to 1; at or below chance counts as 0."""
    return min(1.0, max(0.0, float(value)))
