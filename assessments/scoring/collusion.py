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

import math
from collections.abc import Iterator, Sequence
from typing import Any, TypedDict

import numpy as np
from scipy import sparse

from assessments.scoring.agreement import _as_matrix, _is_missing

# Candidate pairs per dynamic-programming batch (memory: batch × (units + 2·k)).
_BATCH = 32768
# Pair counts held at once (rows of raters × the raters after them): a few arrays of this
# many numbers, 32 MB each, whatever the cohort's size.
_BLOCK_CELLS = 1 << 22


class CollusionPair(TypedDict):
    """Two raters whose wrong answers coincide beyond chance: their indices (attempt ids
    once stored), the items both got wrong, those where they chose the same wrong answer,
    and the Holm-adjusted p-value."""

    a: int
    b: int
    both_wrong: int
    shared_wrong: int
    p_value: float


def _batches(k_sorted: np.ndarray) -> Iterator[slice]:
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


# Answer codes (raters × units, -1 = none), gold codes (-2 = none, -3 = a label no one
# gave) and the size of the code book.
Codes = tuple[np.ndarray, np.ndarray, int]


def _integer_codes(matrix: np.ndarray, gold: list[Any]) -> Codes | None:
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


def _code_book(matrix: np.ndarray, gold: list[Any]) -> Codes:
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


def _pair_blocks(raters: int) -> Iterator[tuple[int, int]]:
    """Row ranges ``[start, stop)`` whose pairs with every later rater fit ``_BLOCK_CELLS``."""
    rows = max(1, _BLOCK_CELLS // max(raters, 1))
    for start in range(0, raters - 1, rows):
        yield start, min(raters - 1, start + rows)


def _pairs_only(block: np.ndarray) -> np.ndarray:
    """A block's mask (rows ``start…stop``, columns raters ``start…``) with the cells that
    are no pair ``i < j`` turned off, in place: they lie in its first ``stop - start``
    columns."""
    rows = block.shape[0]
    block[:, :rows] = np.triu(block[:, :rows], k=1)
    return block


def _pairs_tested(wrong_float: np.ndarray, min_shared: int) -> int:
    """Pairs both wrong on at least ``min_shared`` units: the Bonferroni factor."""
    raters, tests = wrong_float.shape[0], 0
    for start, stop in _pair_blocks(raters):
        both = wrong_float[start:stop] @ wrong_float[start:].T
        tests += int(np.count_nonzero(_pairs_only(both >= min_shared - 0.5)))
    return tests


def _flagged_pairs(
    wrong: np.ndarray,
    wrong_float: np.ndarray,
    onehot: sparse.csr_array,
    chance: np.ndarray,
    *,
    tests: int,
    alpha: float,
    min_shared: int,
) -> tuple[np.ndarray, ...]:
    """The pairs whose Bonferroni-adjusted p-value is under ``alpha``: (first, second, units
    both wrong, coincidences, adjusted p), ``first < second``. Counted a block of raters at
    a time against every later rater, so memory stays at ``_BLOCK_CELLS`` numbers however
    large the cohort; only the pairs that may be significant get the exact tail. Left out,
    because they never are:

    - with alpha ≤ 1/2, a pair with no more coincidences than it expects: a
      Poisson-binomial's median is at least floor(mean) (Darroch 1964), so P(X ≥ k) ≥ 1/2;
    - a pair whose k coincidences are likely enough anyway: P(X ≥ k) is at least the
      product of the k largest chances among its n units both wrong, itself at least their
      geometric mean to the k-th power; when that is over alpha / tests, so is P."""
    raters = wrong.shape[0]
    weighted = wrong_float * chance[None, :].astype(np.float32)
    # A unit both got wrong has a wrong answer, so its chance is positive.
    log_chance = np.log(np.where(chance > 0, chance, 1.0))
    wrong_log = wrong * log_chance[None, :]
    wrong_double = wrong.astype(float)
    limit = math.log(alpha / tests)
    found = []
    for start, stop in _pair_blocks(raters):
        # Counts are whole numbers, exact in float32; every pass over the block is one
        # comparison, and the rest is read only at the pairs still in the running.
        shared = (onehot[start:stop] @ onehot[start:].T).toarray()
        candidate = _pairs_only(shared >= min_shared - 0.5)
        if alpha <= 0.5:
            expected = weighted[start:stop] @ wrong_float[start:].T
            np.subtract(expected, 1e-4, out=expected)
            candidate &= shared > np.floor(expected, out=expected)
            del expected
        rows, cols = np.nonzero(candidate)
        if not len(rows):
            continue
        k = np.rint(shared[rows, cols]).astype(np.int64)
        del shared, candidate
        both = (wrong_float[start:stop] @ wrong_float[start:].T)[rows, cols]
        log_sum = (wrong_log[start:stop] @ wrong_double[start:].T)[rows, cols]
        maybe = k * log_sum < (limit + 1e-9) * both  # both ≥ k ≥ 1
        first, second = rows[maybe] + start, cols[maybe] + start
        k, both = k[maybe], np.rint(both[maybe]).astype(np.int64)
        if not len(first):
            continue
        adjusted = np.minimum(_tail_probabilities(wrong, chance, first, second, k) * tests, 1.0)
        keep = adjusted < alpha
        found.append((first[keep], second[keep], both[keep], k[keep], adjusted[keep]))
    if not found:
        return (np.empty(0, dtype=np.int64),) * 4 + (np.empty(0),)
    return tuple(np.concatenate(parts) for parts in zip(*found, strict=True))


def coincident_errors(
    answers: Any, gold: Sequence[Any], *, alpha: float = 0.001, min_shared: int = 3
) -> list[CollusionPair]:
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

    # One column per (unit, wrong label): who gave that wrong answer, as a sparse 0/1 matrix
    # (a cohort's distinct wrong answers can run to hundreds of thousands of columns).
    keys = np.arange(units, dtype=np.int64)[None, :] * size + answer_codes
    columns, column_of, per_label = np.unique(keys[wrong], return_inverse=True, return_counts=True)
    rows = np.nonzero(wrong)[0]
    onehot = sparse.csr_array(
        (np.ones(len(rows), dtype=np.float32), (rows, column_of.ravel())),
        shape=(raters, len(columns)),
    )

    # Chance of a coincidence on each unit: Σ_w s_uw².
    per_label = per_label.astype(float)
    unit_of_column = columns // size
    per_unit = np.bincount(unit_of_column, weights=per_label, minlength=units)
    shares = per_label / per_unit[unit_of_column]
    chance = np.bincount(unit_of_column, weights=shares**2, minlength=units)

    wrong_float = wrong.astype(np.float32)
    tests = _pairs_tested(wrong_float, min_shared)
    if not tests:
        return []
    first, second, both, k, adjusted = _flagged_pairs(
        wrong, wrong_float, onehot, chance, tests=tests, alpha=alpha, min_shared=min_shared
    )
    flagged = np.lexsort((second, first, adjusted))
    return [
        {
            "a": int(first[i]),
            "b": int(second[i]),
            "both_wrong": int(both[i]),
            "shared_wrong": int(k[i]),
            "p_value": float(adjusted[i]),
        }
        for i in flagged.tolist()
    ]
