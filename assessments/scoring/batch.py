"""The bulk fast path: many attempts over the same single-choice items, in numpy.

Answers are codes: ``answer_codes[a, i]`` is the index of attempt ``a``'s label in item
``i``'s options, ``-1`` when unanswered. ``present[a, i]`` says whether item ``i`` was in
attempt ``a`` at all (attempts may draw a subset). Missing components are NaN. The numbers
equal ``attempt.score_attempt``'s for the same input: accuracy, edge-case handling and
throughput exactly, the composite to 1e-12 (a sum in another order).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import SupportsFloat

import numpy as np

from assessments.item_kinds import SINGLE_CHOICE
from assessments.scoring.components import COMPONENTS, GATE_EPSILON
from assessments.scoring.types import ItemSpec, ResponseData

UNANSWERED = -1


@dataclass(frozen=True, slots=True)
class SingleChoiceItems:
    """Item columns: gold code (−1: no gold), accepted alternatives, edge-case markers."""

    gold_codes: np.ndarray  # int, items
    alt_mask: np.ndarray  # bool, items × max options
    edge_mask: np.ndarray  # bool, items


@dataclass(frozen=True, slots=True)
class BatchScores:
    components: dict[str, np.ndarray]  # component → float per attempt, NaN when missing
    composite: np.ndarray  # float per attempt, NaN when no component carries weight
    gate_names: list[str]
    gate_failed: np.ndarray  # bool, attempts × gates (a pending gate has not failed)

    def failed_gates(self, row: int) -> list[str]:
        row_failed = self.gate_failed[row]
        return [name for name, bad in zip(self.gate_names, row_failed, strict=True) if bad]


def encode_items(items: Sequence[ItemSpec]) -> SingleChoiceItems:
    """Codes of the gold, alternatives and edge markers of single-choice items."""
    width = max((len(item.options) for item in items), default=0)
    gold = np.full(len(items), UNANSWERED, dtype=np.int64)
    alternatives = np.zeros((len(items), max(width, 1)), dtype=bool)
    for column, item in enumerate(items):
        if item.kind != SINGLE_CHOICE:
            raise ValueError(f"Item {item.id} is {item.kind}; the batch path is single choice.")
        index = {option: code for code, option in enumerate(item.options)}
        if item.gold is not None:
            gold[column] = index[item.gold]
            for alternative in item.alternatives:
                alternatives[column, index[alternative]] = True
    edge = np.fromiter((item.is_edge_case for item in items), dtype=bool, count=len(items))
    return SingleChoiceItems(gold, alternatives, edge)


def encode_responses(
    items: Sequence[ItemSpec], attempts: Sequence[Sequence[ResponseData]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(answer_codes, flagged, time_ms)`` arrays, attempts × items, from plain responses."""
    column = {item.id: i for i, item in enumerate(items)}
    codes = [{option: code for code, option in enumerate(item.options)} for item in items]
    shape = (len(attempts), len(items))
    answers = np.full(shape, UNANSWERED, dtype=np.int64)
    flagged = np.zeros(shape, dtype=bool)
    time_ms = np.zeros(shape, dtype=np.int64)
    for row, responses in enumerate(attempts):
        for response in responses:
            i = column.get(response.item_id)
            if i is None:
                continue
            if response.answer is not None:
                answers[row, i] = codes[i][response.answer]
            flagged[row, i] = response.flagged
            time_ms[row, i] = response.time_ms
    return answers, flagged, time_ms


def correct_single_choice(
    answer_codes: np.ndarray, gold_codes: np.ndarray, alt_mask: np.ndarray | None = None
) -> np.ndarray:
    """Bool attempts × items: the answer is the gold or an accepted alternative."""
    answers = np.asarray(answer_codes)
    correct: np.ndarray = (answers == gold_codes[None, :]) & (answers != UNANSWERED)
    if alt_mask is not None and alt_mask.any():
        columns = np.broadcast_to(np.arange(answers.shape[1]), answers.shape)
        correct |= alt_mask[columns, np.maximum(answers, 0)] & (answers != UNANSWERED)
    return correct


def accuracy_single_choice(
    answer_codes: np.ndarray,
    gold_codes: np.ndarray,
    alt_mask: np.ndarray | None = None,
    scored_mask: np.ndarray | None = None,
    present: np.ndarray | None = None,
) -> np.ndarray:
    """Accuracy per attempt over the scored items (default: those with gold); NaN if none."""
    gold_codes = np.asarray(gold_codes)
    scored = gold_codes != UNANSWERED if scored_mask is None else scored_mask & (gold_codes >= 0)
    counted = np.broadcast_to(scored, answer_codes.shape)
    if present is not None:
        counted = counted & present
    correct = correct_single_choice(answer_codes, gold_codes, alt_mask) & counted
    n = counted.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, correct.sum(axis=1) / n, np.nan)


def _edge_cases(flagged: np.ndarray, edge: np.ndarray, present: np.ndarray) -> np.ndarray:
    edge_here = present & edge[None, :]
    other_here = present & ~edge[None, :]
    n_edge, n_other = edge_here.sum(axis=1), other_here.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        recall = (flagged & edge_here).sum(axis=1) / n_edge
        false_rate = np.where(n_other > 0, (flagged & other_here).sum(axis=1) / n_other, 0.0)
    return np.where(n_edge > 0, recall * (1 - false_rate), np.nan)


def _throughput(
    answer_codes: np.ndarray, time_ms: np.ndarray, present: np.ndarray, expected: float
) -> np.ndarray:
    answered = ((answer_codes != UNANSWERED) & present).sum(axis=1)
    total_ms = np.where(present, time_ms, 0).sum(axis=1)
    if expected <= 0:
        return np.full(len(answered), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        seconds = total_ms / 1000
        ratio = answered * 3600 / seconds / expected
    return np.where(total_ms > 0, np.minimum(1.0, ratio), np.nan)


def _column(value: np.ndarray | float | None, attempts: int) -> np.ndarray:
    if value is None:
        return np.full(attempts, np.nan)
    return np.broadcast_to(np.asarray(value, dtype=float), (attempts,)).copy()


def score_single_choice_batch(
    items: SingleChoiceItems,
    answer_codes: np.ndarray,
    *,
    flagged: np.ndarray,
    time_ms: np.ndarray,
    expected_items_per_hour: SupportsFloat | None,
    pass_gates: Mapping[str, float] | None,
    weights: Mapping[str, float],
    present: np.ndarray | None = None,
    agreement: np.ndarray | float | None = None,
    rationale: np.ndarray | float | None = None,
) -> BatchScores:
    """Components, composite and failed gates of many attempts at once (NaN = missing)."""
    answers = np.asarray(answer_codes)
    attempts = answers.shape[0]
    if present is None:
        present = np.ones(answers.shape, dtype=bool)
    scored = ~items.edge_mask
    values = {
        "accuracy": accuracy_single_choice(
            answers, items.gold_codes, items.alt_mask, scored, present
        ),
        "edge_cases": _edge_cases(np.asarray(flagged, dtype=bool), items.edge_mask, present),
        "agreement": _column(agreement, attempts),
        "throughput": _throughput(
            answers, np.asarray(time_ms), present, float(expected_items_per_hour or 0)
        ),
        "rationale": _column(rationale, attempts),
    }
    stack = np.stack([values[name] for name in COMPONENTS])  # components × attempts
    weight = np.array([max(float(weights.get(name, 0.0)), 0.0) for name in COMPONENTS])
    used = np.where(np.isnan(stack), 0.0, weight[:, None])
    total = used.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mixed = np.where(np.isnan(stack), 0.0, stack) * (used / total)
        overall = np.where(total > 0, np.clip(mixed.sum(axis=0), 0.0, 1.0), np.nan)
    gated = {**values, "composite": overall}
    gates = pass_gates or {}
    names = list(gates)
    failed = np.zeros((attempts, len(names)), dtype=bool)
    for g, name in enumerate(names):
        value = gated.get(name, np.full(attempts, np.nan))
        with np.errstate(invalid="ignore"):
            failed[:, g] = ~np.isnan(value) & (value < float(gates[name]) - GATE_EPSILON)
    return BatchScores(values, overall, names, failed)
