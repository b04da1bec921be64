"""Score one attempt: every item, then the components, the composite and the gates.

Accuracy is the mean item score over the non-edge items that have a score (free text and
items without gold have none; an unanswered item scores 0). Edge-case items are judged on
flagging instead (``components.edge_case_handling``). Agreement and rationale come from
outside — the cohort and the reviews — already in [0, 1], or ``None`` while unknown.
"""

import math
from collections.abc import Iterable, Mapping
from typing import Any, SupportsFloat

from assessments.scoring import components as comp
from assessments.scoring.kinds import score_answer
from assessments.scoring.types import AttemptScore, ItemScore, ItemSpec, JSONDict, ResponseData

_PLACES = 4


def _outside(name: str, value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    if not -1e-9 <= value <= 1 + 1e-9:
        raise ValueError(f"The {name} component must be in [0, 1], not {value}.")
    return min(1.0, max(0.0, value))


class _ItemTable:
    """``details["items"]``, stored by column: a cohort of thousands keeps one per attempt,
    so ``{"item": [...], "score": [...], "time_ms": [...]}`` plus the few items that need
    more — ``edge_case`` and ``flagged`` (item ids) and ``detail`` (by item id, only where
    the score falls short of full credit on the gold itself) — instead of a dict per item.
    ``item_rows`` reads it back one row per item."""

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {"item": [], "score": [], "time_ms": []}
        self.edge_case: list[int] = []
        self.flagged: list[int] = []
        self.detail: JSONDict = {}

    def add(self, item: ItemSpec, result: ItemScore, *, flagged: bool, time_ms: int) -> None:
        self.columns["item"].append(item.id)
        score = None if result.score is None else round(result.score, _PLACES)
        self.columns["score"].append(score)
        self.columns["time_ms"].append(time_ms)
        if item.is_edge_case:
            self.edge_case.append(item.id)
        if flagged:
            self.flagged.append(item.id)
        if result.score != 1.0 or "alternative" in result.detail:
            self.detail[str(item.id)] = result.detail

    def as_json(self) -> JSONDict:
        return {
            **self.columns,
            "edge_case": self.edge_case,
            "flagged": self.flagged,
            "detail": self.detail,
        }


def item_rows(details: JSONDict) -> list[JSONDict]:
    """``details["items"]`` as one dict per item, in attempt order: item, score, time_ms,
    edge_case, flagged and detail (``{}`` when the score says it all)."""
    table = details.get("items")
    if not table:
        return []
    edge, flagged, detail = set(table["edge_case"]), set(table["flagged"]), table["detail"]
    return [
        {
            "item": item,
            "score": score,
            "time_ms": time_ms,
            "edge_case": item in edge,
            "flagged": item in flagged,
            "detail": detail.get(str(item), {}),
        }
        for item, score, time_ms in zip(
            table["item"], table["score"], table["time_ms"], strict=True
        )
    ]


def score_attempt(
    items: Iterable[ItemSpec],
    responses: Iterable[ResponseData],
    *,
    expected_items_per_hour: SupportsFloat | None,
    pass_gates: Mapping[str, float] | None,
    weights: Mapping[str, float],
    agreement: float | None = None,
    rationale: float | None = None,
) -> AttemptScore:
    """The attempt's ``AttemptScore``; ``items`` in attempt order, responses may be missing."""
    by_item = {response.item_id: response for response in responses}
    table, points = _ItemTable(), []
    by_kind: dict[str, list[float]] = {}
    edge: list[bool] = []
    flags: list[bool] = []
    answered = total_ms = 0
    for item in items:
        response = by_item.get(item.id)
        answer = response.answer if response is not None else None
        flagged = bool(response and response.flagged)
        time_ms = response.time_ms if response is not None else 0
        try:
            result = score_answer(item, answer)
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise ValueError(f"Item {item.id} ({item.kind}): cannot score: {error!r}") from error
        table.add(item, result, flagged=flagged, time_ms=time_ms)
        edge.append(item.is_edge_case)
        flags.append(flagged)
        answered += answer is not None
        total_ms += time_ms or 0
        if result.score is not None and not item.is_edge_case:
            points.append(result.score)
            by_kind.setdefault(item.kind, []).append(result.score)

    values: dict[str, float | None] = {}
    details: JSONDict = {"items": table.as_json()}
    if points:
        total = math.fsum(points)
        values["accuracy"] = total / len(points)
        details["accuracy"] = {
            "scored": len(points),
            "points": round(total, _PLACES),
            "by_kind": {
                kind: {"n": len(scores), "mean": round(math.fsum(scores) / len(scores), _PLACES)}
                for kind, scores in by_kind.items()
            },
        }
    else:
        details["accuracy"] = None
    values["edge_cases"], details["edge_cases"] = comp.edge_case_handling(edge, flags)
    values["agreement"] = _outside("agreement", agreement)
    values["throughput"], details["throughput"] = comp.throughput(
        answered, total_ms, expected_items_per_hour
    )
    values["rationale"] = _outside("rationale", rationale)

    present = {name: value for name, value in values.items() if value is not None}
    summary = comp.summarise(present, weights, pass_gates)
    details["weights"] = summary.weights
    details["gates"] = summary.gates
    return AttemptScore(
        components=present,
        composite=summary.composite,
        failed_gates=summary.failed_gates,
        details=details,
    )
