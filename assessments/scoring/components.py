"""The attempt's components besides accuracy, their weights, the composite and the gates.

- Edge-case handling = recall of edge items flagged × (1 − rate of non-edge items flagged);
  ``None`` when the attempt has no edge item.
- Throughput = min(1, items answered per hour ÷ expected items per hour), hours from the
  time recorded on every response; ``None`` when no time was recorded.
- Weights start from ``DEFAULT_WEIGHTS``; each of the role's 90-day success metric kinds
  adds ``METRIC_BOOST`` to the component(s) it is measured by, then they are normalised.
- The composite is the weighted mean over the components present (weights renormalised).
- A gate ``{"accuracy": 0.7}`` passes when the component is at least the minimum; it is
  pending (``passed: None``) while the component is missing. ``"composite"`` may be gated.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import SupportsFloat

from assessments.scoring.types import JSONDict

COMPONENTS = ("accuracy", "edge_cases", "agreement", "throughput", "rationale")
DEFAULT_WEIGHTS: dict[str, float] = {
    "accuracy": 0.5,
    "edge_cases": 0.15,
    "agreement": 0.15,
    "throughput": 0.1,
    "rationale": 0.1,
}
METRIC_BOOST = 0.25
METRIC_COMPONENTS: dict[str, tuple[str, ...]] = {
    "consistency": ("agreement",),
    "error_identification": ("accuracy", "edge_cases"),
    "feedback_turnaround": ("throughput",),
    "review_alignment": ("rationale",),
    "accuracy": ("accuracy",),
    "throughput": ("throughput",),
}
GATE_EPSILON = 1e-9
_PLACES = 4


def edge_case_handling(
    edge: Iterable[bool], flagged: Iterable[bool]
) -> tuple[float | None, JSONDict | None]:
    """Component and detail from each item's edge-case marker and the candidate's flag."""
    edge_items = flagged_edge = non_edge_items = flagged_non_edge = 0
    for is_edge, is_flagged in zip(edge, flagged, strict=True):
        if is_edge:
            edge_items += 1
            flagged_edge += bool(is_flagged)
        else:
            non_edge_items += 1
            flagged_non_edge += bool(is_flagged)
    if not edge_items:
        return None, None
    recall = flagged_edge / edge_items
    false_flag_rate = flagged_non_edge / non_edge_items if non_edge_items else 0.0
    return recall * (1 - false_flag_rate), {
        "edge_items": edge_items,
        "flagged_edge": flagged_edge,
        "recall": round(recall, _PLACES),
        "non_edge_items": non_edge_items,
        "flagged_non_edge": flagged_non_edge,
        "false_flag_rate": round(false_flag_rate, _PLACES),
    }


def throughput(
    answered: int, total_ms: int, expected_items_per_hour: SupportsFloat | None
) -> tuple[float | None, JSONDict | None]:
    """Component and detail from the items answered and the milliseconds recorded."""
    if total_ms <= 0:
        return None, None
    expected = float(expected_items_per_hour or 0)
    seconds = total_ms / 1000
    per_hour = answered * 3600 / seconds
    ratio = per_hour / expected if expected > 0 else None
    return (None if ratio is None else min(1.0, ratio)), {
        "items": answered,
        "seconds": round(seconds, 3),
        "items_per_hour": round(per_hour, 2),
        "expected_items_per_hour": expected,
        "ratio": None if ratio is None else round(ratio, _PLACES),
    }


def weights_from_metrics(metric_kinds: Iterable[str]) -> dict[str, float]:
    """Weights summing to 1: defaults, each distinct metric kind boosting its components."""
    weights = dict(DEFAULT_WEIGHTS)
    for kind in set(metric_kinds):
        for component in METRIC_COMPONENTS.get(kind, ()):
            weights[component] += METRIC_BOOST
    total = sum(weights.values())
    return {component: weight / total for component, weight in weights.items()}


def present_weights(
    components: Mapping[str, float | None], weights: Mapping[str, float]
) -> dict[str, float]:
    """The weights of the components present, renormalised to sum to 1."""
    present = {
        name: float(weights.get(name, 0.0))
        for name, value in components.items()
        if value is not None and weights.get(name, 0.0) > 0
    }
    total = math.fsum(present.values())
    if total <= 0:
        return {}
    return {name: weight / total for name, weight in present.items()}


def composite(components: Mapping[str, float | None], weights: Mapping[str, float]) -> float | None:
    """Weighted mean of the components present; ``None`` when none carries weight."""
    used = present_weights(components, weights)
    if not used:
        return None
    value = math.fsum(
        used[name] * value
        for name, value in components.items()
        if name in used and value is not None
    )
    return min(1.0, max(0.0, value))


def gate_results(
    components: Mapping[str, float | None], gates: Mapping[str, float] | None
) -> list[JSONDict]:
    """One row per gate: minimum, value and passed (``None`` while the value is missing)."""
    rows: list[JSONDict] = []
    for name, minimum in (gates or {}).items():
        value = components.get(name)
        passed = None if value is None else value >= float(minimum) - GATE_EPSILON
        rows.append(
            {
                "component": name,
                "minimum": float(minimum),
                "value": None if value is None else round(value, _PLACES),
                "passed": passed,
            }
        )
    return rows


@dataclass(frozen=True)
class Summary:
    """What follows from the components: the composite, the gates and the weights used."""

    composite: float | None
    gates: list[JSONDict]
    failed_gates: list[str]
    weights: dict[str, float]


def summarise(
    components: Mapping[str, float],
    weights: Mapping[str, float],
    gates: Mapping[str, float] | None,
) -> Summary:
    """The composite of ``components`` and each gate's verdict (a gate may be on the composite)."""
    overall = composite(components, weights)
    rows = gate_results({**components, "composite": overall}, gates)
    used = present_weights(components, weights)
    return Summary(
        composite=overall,
        gates=rows,
        failed_gates=failed(rows),
        weights={name: round(weight, _PLACES) for name, weight in used.items()},
    )


def failed(gates: list[JSONDict]) -> list[str]:
    """Names of the gates that failed (pending gates have not failed)."""
    return [row["component"] for row in gates if row["passed"] is False]


def pending(gates: Iterable[object] | None) -> list[str]:
    """Names of the gates still waiting for their component, from stored gate rows (a
    report's ``details["gates"]``; anything that is not a row is skipped)."""
    return [
        component
        for row in gates or ()
        if isinstance(row, dict)
        and row.get("passed") is None
        and isinstance(component := row.get("component"), str)
    ]
