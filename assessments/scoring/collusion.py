"""Collusion signal: pairs of raters whose wrong answers coincide far beyond chance.

Pure numpy, no Django. ``coincident_errors(answers, gold)`` takes answers as raters ×
units (hashable labels, ``None``/NaN for no answer) and one gold label per unit (``None``
for a unit without gold, which is left out).

For a pair of raters ``a, b``:

- ``n`` (``both_wrong``) = units both answered wrongly;
- ``k`` (``shared_wrong``) = those where they gave the *same* wrong answer.

If the two erred independently, each drawing its wrong answer from the cohort's wrong
answers on that unit, they coincide on unit ``u`` with probability
``p_u = Σ_w s_uw²``, where ``s_uw`` is the share of the cohort's wrong answers on ``u``
that are ``w``. The shares are estimated from the whole cohort *including* the pair: this
makes the test conservative (a pair's own coincidences raise ``p_u``), and a unit where
only the pair erred gives ``p_u = 1`` when they coincide — no evidence either way. The
count of coincidences is then Poisson-binomial over the pair's ``n`` units; its upper tail
``P(X ≥ k)`` is computed exactly by dynamic programming (vectorised over the candidate
pairs).

Every pair with at least ``min_shared`` units both wrong is *tested*; the p-values are
Bonferroni-adjusted over the tested pairs (``min(1, p × tests)``). Pairs with adjusted
p < ``alpha`` and ``k ≥ min_shared`` are reported, smallest p first, as
``{"a": i, "b": j, "both_wrong": n, "shared_wrong": k, "p_value": adjusted p}`` with
rater indices ``i < j`` (the caller maps them to attempt ids).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from assessments.scoring.agreement import _as_matrix, _is_missing

# Candidate pairs per dynamic-programming batch (memory: batch × (units + 2·k)).
_BATCH = 32768


def _batches(k_sorted: np.ndarray):
    """Slices of the k-sorted candidates: each at most ``_BATCH`` long, its k within 2×."""
    start, total = 0, len(k_sorted)
    while start < total:
        limit = 2 * int(k_sorted[start]) + 1
        stop = min(total, start + _BATCH, int(np.searchsorted(k_sorted, limit, side="right")))
        yield slice(start, max(stop, start + 1))
        start = max(stop, start + 1)


def _tail_probabilities(
    wrong: np.ndarray, chance: np.ndarray, first: np.ndarray, second: np.ndarray, k: np.ndarray
) -> np.ndarray:
    """``P(X ≥ k)`` for each pair, X = Σ_u Bernoulli(chance_u) over the units both got wrong."""
    result = np.empty(len(first))
    order = np.argsort(k, kind="stable")  # batches of similar k keep the tables narrow
    for batch in _batches(k[order]):
        pairs = order[batch]
        a, b, target = first[pairs], second[pairs], k[pairs]
        both = wrong[a] & wrong[b]  # pairs × units
        top = int(target.max())
        # distribution[x] = P(X = x) for x < top; the last row absorbs X ≥ top.
        distribution = np.zeros((top + 1, len(pairs)))
        distribution[0] = 1.0
        steps = np.where(both, chance[None, :], 0.0).T  # units × pairs
        for unit in np.flatnonzero(steps.any(axis=1)).tolist():
            moved = distribution * steps[unit]
            distribution -= moved
            distribution[1:] += moved[:-1]
            distribution[top] += moved[top]
        tail = np.cumsum(distribution[::-1], axis=0)[::-1]  # tail[x] = P(X ≥ x)
        result[pairs] = np.minimum(tail[target, np.arange(len(pairs))], 1.0)
    return result


def _integer_codes(matrix: np.ndarray, gold: list):
    """Codes as they come when answers are already small whole numbers (NaN = none)."""
    if matrix.dtype.kind not in "iuf" or any(
        not (_is_missing(g) or isinstance(g, int | float | np.integer | np.floating)) for g in gold
    ):
        return None
    values = matrix.astype(float)
    present = ~np.isnan(values)
    answered = values[present]
    if answered.size and (answered.min() < 0 or not np.array_equal(answered, np.floor(answered))):
        return None
    answer_codes = np.where(present, values, -1).astype(np.int64)
    gold_codes = np.asarray([-2 if _is_missing(g) else int(g) for g in gold], dtype=np.int64)
    if (gold_codes[gold_codes != -2] < 0).any():
        return None
    top = max(int(answer_codes.max(initial=0)), int(gold_codes.max(initial=0)))
    return answer_codes, gold_codes, top + 1


def _code_book(matrix: np.ndarray, gold: list):
    """Codes for every distinct label (answers and gold share one code book)."""
    codes: dict[Any, int] = {}
    flat = matrix.ravel().tolist()
    try:
        answer_codes = np.fromiter(
            (-1 if _is_missing(v) else codes.setdefault(v, len(codes)) for v in flat),
            dtype=np.int64,
            count=len(flat),
        ).reshape(matrix.shape)
        gold_codes = np.asarray(
            [-2 if _is_missing(g) else codes.get(g, -3) for g in gold], dtype=np.int64
        )
    except TypeError as error:
        raise ValueError(f"answers and gold must be hashable labels: {error}") from None
    return answer_codes, gold_codes, max(len(codes), 1)


def coincident_errors(
    answers: Any, gold: Sequence, *, alpha: float = 0.001, min_shared: int = 3
) -> list[dict]:
    """Pairs of raters sharing the same wrong answers beyond chance (see the module docstring)."""
    if not 0.0 < alpha <= 1.0:
        raise ValueError("alpha must be in (0, 1].")
    if min_shared < 1:
        raise ValueError("min_shared must be at least 1.")
    matrix = _as_matrix(answers)
    raters, units = matrix.shape
    gold_list = list(gold)
    if len(gold_list) != units:
        raise ValueError(f"gold needs one entry per unit ({units}); got {len(gold_list)}.")
    if raters < 2 or units == 0:
        return []

    coded = _integer_codes(matrix, gold_list)
    if coded is None:
        coded = _code_book(matrix, gold_list)
    answer_codes, gold_codes, size = coded

    has_gold = gold_codes != -2
    wrong = (answer_codes >= 0) & has_gold[None, :] & (answer_codes != gold_codes[None, :])
    if not wrong.any():
        return []

    # One column per (unit, wrong label): who gave that wrong answer.
    keys = np.arange(units, dtype=np.int64)[None, :] * size + answer_codes
    columns, column_of = np.unique(keys[wrong], return_inverse=True)
    rows = np.nonzero(wrong)[0]
    onehot = np.zeros((raters, len(columns)), dtype=np.float32)
    onehot[rows, column_of.ravel()] = 1.0
    wrong_float = wrong.astype(np.float32)
    both_wrong = np.rint(wrong_float @ wrong_float.T).astype(np.int64)
    shared_wrong = np.rint(onehot @ onehot.T).astype(np.int64)

    # Chance of a coincidence on each unit: Σ_w s_uw².
    per_label = onehot.sum(axis=0).astype(float)
    unit_of_column = columns // size
    per_unit = np.bincount(unit_of_column, weights=per_label, minlength=units)
    shares = per_label / per_unit[unit_of_column]
    chance = np.bincount(unit_of_column, weights=shares**2, minlength=units)

    first, second = np.triu_indices(raters, k=1)
    tests = int(np.count_nonzero(both_wrong[first, second] >= min_shared))
    candidate = shared_wrong[first, second] >= min_shared
    if tests >= 2 and alpha <= 0.5:
        # A Poisson-binomial's median is at least floor(mean) (Darroch 1964): a pair with no
        # more coincidences than it expects has P(X ≥ k) ≥ 1/2, never significant here.
        weighted = wrong_float * chance[None, :].astype(np.float32)
        expected = (weighted @ wrong_float.T)[first, second]
        candidate &= shared_wrong[first, second] > np.floor(expected - 1e-4)
    first, second = first[candidate], second[candidate]
    if not len(first):
        return []
    k = shared_wrong[first, second]
    raw = _tail_probabilities(wrong, chance, first, second, k)
    adjusted = np.minimum(raw * tests, 1.0)
    flagged = np.flatnonzero(adjusted < alpha)
    flagged = flagged[np.lexsort((second[flagged], first[flagged], adjusted[flagged]))]
    return [
        {
            "a": int(first[i]),
            "b": int(second[i]),
            "both_wrong": int(both_wrong[first[i], second[i]]),
            "shared_wrong": int(k[i]),
            "p_value": float(adjusted[i]),
        }
        for i in flagged.tolist()
    ]
