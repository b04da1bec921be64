"""Inter-annotator agreement: Krippendorff's alpha, Fleiss' kappa, Cohen's kappa, Gwet's AC1.

Pure numpy, no Django. Every function takes the answers as **raters × units** — a list of
lists or a 2-D array, one row per rater (candidate), one column per unit (item); ``None``
or NaN marks a missing answer. Labels may be numbers or any hashable value (strings).

The coefficients return a ``float``, or ``None`` where the statistic is undefined (every
answer in one category, no unit with two answers, zero expected disagreement) — never NaN,
and never an exception for well-formed input. Malformed input (ragged rows, an unknown
level or weighting, non-numeric values at the interval or ratio level, a value missing from
``value_domain``) raises ``ValueError`` with a message saying what is wrong.

Public functions
----------------
``krippendorff_alpha(data, level="nominal", value_domain=None)``
    Krippendorff's alpha at the nominal, ordinal, interval or ratio level, computed from
    the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability",
    https://repository.upenn.edu/asc_papers/43): ``o_ck = Σ_u (n_uc·n_uk − δ_ck·n_uc) /
    (m_u − 1)`` over the units with ``m_u ≥ 2`` answers, marginals ``n_c``, ``n = Σ n_c`` and
    ``alpha = 1 − (n − 1)·Σ o_ck·δ²_ck / Σ n_c·n_k·δ²_ck``. The ordinal metric is taken from
    the marginals, ``δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²`` (as the ``krippendorff``
    package does), the ratio metric is ``((c − k)/(c + k))²`` (0 where ``c + k = 0``).
    Units with fewer than two answers drop out of observed and expected disagreement.
``fleiss_kappa(data)``
    Fleiss' kappa (Fleiss 1971) for complete data (every rater answers every unit).
``cohen_kappa(a, b, weights=None, labels=None)``
    Cohen's kappa for two raters, unweighted or with linear/quadratic weights on the
    labels' ranks in ``labels`` (default: the sorted distinct labels) — the same result as
    ``sklearn.metrics.cohen_kappa_score``. Pairs where either answer is missing are skipped;
    as in scikit-learn, pairs with a label outside an explicit ``labels`` are ignored.
``gwet_ac1(data, *, categories=None)``
    Gwet's AC1 for any number of raters with missing answers (Gwet, *Handbook of
    Inter-Rater Reliability*, 4th ed., 2014, ch. 4; the ``irrCAC`` ``gwet.ac1.raw``
    formulas)::

        pa  = (1/n₂) Σ_{u: r_u ≥ 2} Σ_k r_uk (r_uk − 1) / (r_u (r_u − 1))
        π_k = (1/n₁) Σ_{u: r_u ≥ 1} r_uk / r_u
        pe  = Σ_k π_k (1 − π_k) / (q − 1)
        AC1 = (pa − pe) / (1 − pe)

    with ``r_uk`` the raters putting unit ``u`` in category ``k``, ``r_u = Σ_k r_uk``,
    ``n₂``/``n₁`` the numbers of units with at least two / one answer and ``q`` the number
    of categories (those observed, or ``categories`` when given).
``pairwise_cohen_kappa(data, weights=None, labels=None, *, min_shared=2)``
    Matrix (list of lists, raters × raters) of Cohen's kappa between every two raters over
    the units both answered. Weighted kappa uses the ranks in ``labels`` (default: the
    sorted distinct labels of the whole cohort), so entry ``[i][j]`` equals
    ``cohen_kappa(row_i, row_j, weights, labels=<cohort labels>)`` restricted to shared
    units. ``None`` on the diagonal, where the two share fewer than ``min_shared`` units, or
    where kappa is undefined.
``leave_one_out_agreement(data, level="nominal", value_domain=None)``
    Each rater's agreement with the rest of the cohort, alpha-style: ``1 − D_o(r) / D_e``.
    ``D_e`` is the cohort's expected disagreement (the denominator of alpha, from all
    pairable answers). ``D_o(r)`` averages, over the units ``r`` answered that have at
    least one other answer, the mean distance between ``r``'s value and the *other*
    answers to that unit: ``D_o(r) = (1/n_r) Σ_u Σ_{s≠r} δ²(x_ru, x_su) / (m_u − 1)``.
    These are exactly the per-value terms of alpha's observed disagreement, so the
    average of the raters' values weighted by ``n_r`` equals alpha. ``None`` for a rater
    with no pairable answer, or when ``D_e = 0``. Returns ``list[float | None]`` in rater
    order.
``unit_agreement(data, level="nominal", value_domain=None)``
    Per-unit (per-item) table, one dict per unit: ``answers`` (count), ``majority`` (the
    most frequent value; ties go to the first in domain order — sorted values, or
    ``value_domain`` order), ``majority_share``, ``observed_agreement`` (share of ordered
    pairs of answers that are identical, ``Σ_c n_uc(n_uc − 1) / (m_u(m_u − 1))``) and
    ``alpha``: ``1 − D_o(u) / D_e`` with ``D_o(u)`` the mean distance over the unit's pairs
    of answers and ``D_e`` the cohort's expected disagreement (the ``m_u``-weighted mean of
    ``D_o(u)`` is alpha's ``D_o``). Values are ``None`` where there are fewer than two
    answers (``majority``/``majority_share`` where there are none).
``gold_suspects(data, gold, scores, *, top_fraction=1/3, min_share=0.75, min_answers=3)``
    Items where the best raters agree among themselves but not with gold. The top raters
    are the first ``ceil(top_fraction × k)`` of the ``k`` raters with a score, by score
    descending (ties: lower index first; a ``None`` score never counts). Per unit:
    ``top_answers``, ``top_majority`` (ties: first in domain order), ``top_share`` and
    ``suspect`` — true when at least ``min_answers`` top raters answered, their majority
    share is ``≥ min_share``, the unit has gold and the majority differs from it.

Numeric data at the ordinal, interval or ratio level use the numbers' order and values;
string labels are allowed at the nominal level, and at the ordinal level when
``value_domain`` gives their order. In a numpy string array the string ``"nan"`` counts as
missing (``np.asarray`` turns NaN into it), as in the ``krippendorff`` package.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

LEVELS = ("nominal", "ordinal", "interval", "ratio")
WEIGHTS = (None, "linear", "quadratic")

# Up to this many distinct values the value-by-value (coincidence / distance) matrices are
# built densely; above it, closed forms that never build a V × V matrix take over.
DENSE_MAX_VALUES = 1024
# Dense unit × value count matrices are used up to this many cells.
_DENSE_MAX_CELLS = 50_000_000
# Rows of raters per block in the pairwise kappa matrix (bounds memory at O(block × raters)).
_PAIRWISE_BLOCK = 256


# --- Input ---------------------------------------------------------------------------------


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    return False


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real)


def _as_matrix(data: Any) -> np.ndarray:
    """``data`` as a 2-D array, raters × units: numeric dtype, string dtype or object."""
    if isinstance(data, np.ndarray):
        if data.ndim != 2:
            raise ValueError(
                f"data must be 2-D (raters × units); got an array with {data.ndim} dimension(s)."
            )
        if data.dtype.kind not in "biufUSO":
            raise ValueError(f"data has an unsupported dtype {data.dtype}.")
        return data
    if isinstance(data, str | bytes) or not isinstance(data, Iterable):
        raise ValueError("data must be a list of rows (raters × units) or a 2-D array.")
    rows = []
    for number, row in enumerate(data):
        if isinstance(row, str | bytes | dict) or not isinstance(row, Iterable):
            raise ValueError(
                f"data row {number} is not a sequence of answers; data must be raters × units."
            )
        rows.append(row if isinstance(row, np.ndarray | list | tuple) else list(row))
    lengths = sorted({len(row) for row in rows})
    if len(lengths) > 1:
        raise ValueError(
            f"ragged data: rows have {', '.join(map(str, lengths))} answers; every rater "
            "needs one entry per unit (None for a missing answer)."
        )
    units = lengths[0] if lengths else 0
    matrix = np.empty((len(rows), units), dtype=object)
    for number, row in enumerate(rows):
        matrix[number] = np.fromiter(row, dtype=object, count=units)
    return matrix


@dataclass(frozen=True, slots=True)
class _Coded:
    """Answers as codes: ``idx[r, u]`` indexes ``labels`` (-1 = missing)."""

    idx: np.ndarray  # raters × units, int64
    labels: list[Any]  # the value domain, in order (original labels; numbers as int/float)
    points: np.ndarray | None  # numeric value of each code (None for string labels)

    @property
    def size(self) -> int:
        return len(self.labels)

    @property
    def numeric_points(self) -> np.ndarray:
        """``points``, for the levels that need numbers (interval, ratio)."""
        if self.points is None:
            raise ValueError("this level of measurement needs numeric values.")
        return self.points


def _number_label(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _domain_list(value_domain: Any) -> list[Any]:
    if isinstance(value_domain, str | bytes) or not isinstance(value_domain, Iterable):
        raise ValueError("value_domain must be a sequence of values, in order.")
    domain = [v.item() if isinstance(v, np.generic) else v for v in value_domain]
    if any(_is_missing(v) for v in domain):
        raise ValueError("value_domain must not contain None or NaN.")
    try:
        distinct = len(set(domain))
    except TypeError as error:
        raise ValueError(f"value_domain values must be hashable: {error}") from None
    if distinct != len(domain):
        raise ValueError("value_domain lists a value more than once.")
    return domain


def _code(
    data: Any,
    *,
    numeric_required: bool = False,
    ordered: bool = False,
    value_domain: Any = None,
    what: str = "",
) -> _Coded:
    """Map every answer to a code in a value domain.

    ``numeric_required``: values (and the domain) must be numbers (interval, ratio).
    ``ordered``: the domain's order matters (ordinal, weighted kappa): string labels then
    need an explicit ``value_domain``.
    """
    matrix = _as_matrix(data)
    kind = matrix.dtype.kind
    numeric: np.ndarray | None = None  # float matrix with NaN for missing
    if kind in "biuf":
        numeric = matrix.astype(float, copy=False)
        missing = np.isnan(numeric)
    elif kind in "US":
        missing = matrix == ("nan" if kind == "U" else b"nan")
    else:
        flat = matrix.ravel()
        missing = np.fromiter(map(_is_missing, flat), dtype=bool, count=flat.size).reshape(
            matrix.shape
        )
        values = flat[~missing.ravel()]
        if all(map(_is_number, values)):
            numeric = np.full(matrix.shape, np.nan)
            numeric[~missing] = values.astype(float)
    answered = ~missing

    if numeric is None and numeric_required:
        sample = next(v for v in matrix[answered] if not _is_number(v))
        raise ValueError(f"{what} needs numeric values; got {sample!r}.")

    idx = np.full(matrix.shape, -1, dtype=np.int64)
    if value_domain is not None:
        domain = _domain_list(value_domain)
        if not domain:
            raise ValueError("value_domain must not be empty.")
        if numeric is not None and all(map(_is_number, domain)):
            points = np.asarray(domain, dtype=float)
            order = np.argsort(points, kind="stable")
            ordered_points = points[order]
            values = numeric[answered]
            position = np.clip(np.searchsorted(ordered_points, values), 0, len(domain) - 1)
            unknown = ordered_points[position] != values
            if unknown.any():
                raise ValueError(
                    f"value {_number_label(values[unknown][0])!r} is not in value_domain."
                )
            idx[answered] = order[position]
            return _Coded(idx, domain, points)
        if numeric_required:
            raise ValueError(f"{what} needs a numeric value_domain.")
        lookup = {label: code for code, label in enumerate(domain)}
        values = (
            numeric[answered].tolist()
            if numeric is not None and kind in "biuf"
            else matrix[answered].tolist()
        )
        try:
            codes = [lookup[v] for v in values]
        except KeyError as error:
            raise ValueError(f"value {error.args[0]!r} is not in value_domain.") from None
        except TypeError as error:
            raise ValueError(f"answers must be hashable labels: {error}") from None
        idx[answered] = np.asarray(codes, dtype=np.int64)
        return _Coded(idx, domain, None)

    if numeric is not None:
        values = numeric[answered]
        points = np.unique(values)
        idx[answered] = np.searchsorted(points, values)
        return _Coded(idx, [_number_label(v) for v in points.tolist()], points)

    if ordered:
        raise ValueError(
            f"{what} with non-numeric labels needs value_domain giving the labels' order."
        )
    if kind in "US":
        distinct_labels, inverse = np.unique(matrix[answered], return_inverse=True)
        idx[answered] = inverse.ravel()
        return _Coded(idx, distinct_labels.tolist(), None)
    values = matrix[answered].tolist()
    try:
        distinct = set(values)
    except TypeError as error:
        raise ValueError(f"answers must be hashable labels: {error}") from None
    try:
        labels = sorted(distinct)
    except TypeError:  # labels of mixed types: keep the order of first appearance
        labels = list(dict.fromkeys(values))
    lookup = {label: code for code, label in enumerate(labels)}
    idx[answered] = np.asarray([lookup[v] for v in values], dtype=np.int64)
    return _Coded(idx, labels, None)


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; use one of: {', '.join(LEVELS)}.")


def _code_for_level(data: Any, level: str, value_domain: Any) -> _Coded:
    _check_level(level)
    return _code(
        data,
        numeric_required=level in ("interval", "ratio"),
        ordered=level == "ordinal",
        value_domain=value_domain,
        what=f"level {level!r}",
    )


# --- Krippendorff's alpha -------------------------------------------------------------------


def _unit_counts(idx: np.ndarray, size: int) -> np.ndarray:
    """units × values matrix of answer counts."""
    units = idx.shape[1]
    answered = idx >= 0
    flat = (np.arange(units, dtype=np.int64)[None, :] * size + idx)[answered]
    return np.bincount(flat, minlength=units * size).reshape(units, size)


def _ratio_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    total = a + b
    difference = a - b
    out = np.zeros(np.broadcast(a, b).shape)
    np.divide(difference, total, out=out, where=total != 0)
    return out**2


def _distance_matrix(level: str, coded: _Coded, marginals: np.ndarray) -> np.ndarray:
    if level == "nominal":
        return 1.0 - np.eye(len(marginals))
    if level == "ordinal":
        ranks = _ordinal_points(marginals)
        ordinal: np.ndarray = (ranks[:, None] - ranks[None, :]) ** 2
        return ordinal
    points = coded.numeric_points
    if level == "interval":
        squared: np.ndarray = (points[:, None] - points[None, :]) ** 2
        return squared
    return _ratio_distance(points[:, None], points[None, :])


def _ordinal_points(marginals: np.ndarray) -> np.ndarray:
    """``P_c = Σ_{g<c} n_g + n_c/2``: the ordinal metric is ``(P_k − P_c)²``."""
    return np.cumsum(marginals) - marginals / 2.0


class _Disagreement:
    """Alpha's ingredients for one coded data set at one level.

    ``sums[r, u]`` is ``Σ_s δ²(x_ru, x_su)`` over every answer ``s`` to unit ``u`` (the
    rater's own term is 0); ``pairable[r, u]`` marks answers in units with ≥ 2 answers;
    ``marginals`` are the pairable value counts ``n_c``; ``expected`` is
    ``Σ_c Σ_k n_c n_k δ²_ck``.
    """

    def __init__(self, coded: _Coded, level: str):
        self.coded = coded
        self.level = level
        idx = coded.idx
        self.answered = idx >= 0
        self.per_unit = self.answered.sum(axis=0)
        self.pairable = self.answered & (self.per_unit >= 2)[None, :]
        self.marginals = np.bincount(idx[self.pairable], minlength=coded.size).astype(float)
        self.n = float(self.marginals.sum())
        self.dense = _is_dense(coded)
        self._sums: np.ndarray | None = None
        self._expected: float | None = None

    # Expected disagreement numerator Σ n_c n_k δ²_ck.
    @property
    def expected(self) -> float:
        if self._expected is None:
            self._expected = self._compute_expected()
        return self._expected

    def _compute_expected(self) -> float:
        n_c = self.marginals
        if self.n < 2:
            return 0.0
        if self.dense:
            distances = _distance_matrix(self.level, self.coded, n_c)
            return float(n_c @ distances @ n_c)
        if self.level == "nominal":
            return float(self.n**2 - (n_c**2).sum())
        if self.level in ("interval", "ordinal"):
            points = self._points()
            used = n_c > 0
            mean = (n_c[used] * points[used]).sum() / self.n
            return float(2.0 * self.n * (n_c[used] * (points[used] - mean) ** 2).sum())
        present = np.flatnonzero(n_c > 0)
        points, weights = self.coded.numeric_points[present], n_c[present]
        total = 0.0
        block = max(1, 4_000_000 // max(len(present), 1))
        for start in range(0, len(present), block):
            rows = slice(start, start + block)
            distances = _ratio_distance(points[rows, None], points[None, :])
            total += float(weights[rows] @ distances @ weights)
        return total

    def _points(self) -> np.ndarray:
        if self.level == "ordinal":
            return _ordinal_points(self.marginals)
        return self.coded.numeric_points

    # Per-answer sums of distances to the unit's answers.
    @property
    def sums(self) -> np.ndarray:
        if self._sums is None:
            self._sums = self._compute_sums()
        return self._sums

    def _compute_sums(self) -> np.ndarray:
        idx, answered = self.coded.idx, self.answered
        raters, units = idx.shape
        sums = np.zeros(idx.shape)
        if not answered.any():
            return sums
        if self.dense:
            counts = _unit_counts(idx, self.coded.size).astype(float)
            distances = _distance_matrix(self.level, self.coded, self.marginals)
            per_value = counts @ distances  # units × values
            columns = np.broadcast_to(np.arange(units)[None, :], idx.shape)
            sums[answered] = per_value[columns[answered], idx[answered]]
            return sums
        if self.level == "nominal":
            keys = (np.arange(units, dtype=np.int64)[None, :] * self.coded.size + idx)[answered]
            _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
            sums[answered] = self.per_unit[np.nonzero(answered)[1]] - counts[inverse.ravel()]
            return sums
        if self.level in ("interval", "ordinal"):
            points = self._points()
            values = np.where(answered, points[np.where(answered, idx, 0)], 0.0)
            count = np.maximum(self.per_unit, 1)
            mean = values.sum(axis=0) / count
            centred = np.where(answered, values - mean[None, :], 0.0)
            spread = (centred**2).sum(axis=0)
            sums[answered] = (self.per_unit[None, :] * centred**2 + spread[None, :])[answered]
            return sums
        values = np.where(answered, self.coded.numeric_points[np.where(answered, idx, 0)], np.nan)
        for rater in range(raters):
            distances = _ratio_distance(values[rater][None, :], values)
            sums[rater] = np.where(answered, distances, 0.0).sum(axis=0)
        sums[~answered] = 0.0
        return sums

    def observed(self) -> float:
        """``Σ_c Σ_k o_ck δ²_ck`` (= n · D_o) from the per-answer sums."""
        weights = np.zeros(self.per_unit.shape)
        pairable_units = self.per_unit >= 2
        weights[pairable_units] = 1.0 / (self.per_unit[pairable_units] - 1)
        return float((self.sums * weights[None, :])[self.pairable].sum())


def _alpha_from_counts(counts: np.ndarray, level: str, coded: _Coded) -> float | None:
    """The coincidence-matrix computation (Krippendorff 2011, section C).

    ``counts`` is units × values; ``o_ck = Σ_u (n_uc n_uk − δ_ck n_uc) / (m_u − 1)`` over the
    units with ``m_u ≥ 2``, ``alpha = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck``.
    """
    per_unit = counts.sum(axis=1)
    pairable = per_unit >= 2
    if not pairable.any():
        return None
    counts = counts[pairable].astype(float)
    weights = 1.0 / (per_unit[pairable] - 1.0)
    weighted = counts * weights[:, None]
    coincidences = weighted.T @ counts
    coincidences[np.diag_indices_from(coincidences)] -= weighted.sum(axis=0)
    marginals = counts.sum(axis=0)  # n_c, exact integers
    n = marginals.sum()
    distances = _distance_matrix(level, coded, marginals)
    expected = float(marginals @ distances @ marginals)
    if expected <= 0.0:
        return None
    observed = float((coincidences * distances).sum())
    return float(1.0 - (n - 1.0) * observed / expected)


# Numeric arrays with at most this many distinct values are counted by comparison.
_FEW_VALUES = 32


def _alpha_numeric_array(values: np.ndarray, points: np.ndarray, level: str) -> float | None:
    """Fast path for a numeric 2-D array with few distinct values: count by comparison."""
    if points.size == 0:
        return None
    counts = np.empty((values.shape[1], points.size), dtype=np.int64)
    for code, point in enumerate(points.tolist()):
        counts[:, code] = np.count_nonzero(values == point, axis=0)
    coded = _Coded(np.empty((0, 0), dtype=np.int64), [], points)
    return _alpha_from_counts(counts, level, coded)


def _is_dense(coded: _Coded) -> bool:
    units = coded.idx.shape[1]
    return coded.size <= DENSE_MAX_VALUES and units * coded.size <= _DENSE_MAX_CELLS


def krippendorff_alpha(data: Any, level: str = "nominal", value_domain: Any = None) -> float | None:
    """Krippendorff's alpha of ``data`` (raters × units; None/NaN missing) at ``level``.

    ``value_domain`` lists the possible values in order (needed for ordinal string labels;
    a value outside it is an error). Returns None when alpha is undefined: no unit has two
    answers, or the expected disagreement is zero (e.g. all answers in one category).
    """
    _check_level(level)
    if (
        value_domain is None
        and isinstance(data, np.ndarray)
        and data.ndim == 2
        and data.dtype.kind in "biuf"
        and data.size
    ):
        values = data.astype(float, copy=False)
        points = np.unique(values)  # sorted, NaN (missing) last
        points = points[~np.isnan(points)]
        if points.size <= _FEW_VALUES:
            return _alpha_numeric_array(values, points, level)
    coded = _code_for_level(data, level, value_domain)
    if coded.size == 0:
        return None
    if _is_dense(coded):
        return _alpha_from_counts(_unit_counts(coded.idx, coded.size), level, coded)
    disagreement = _Disagreement(coded, level)
    if disagreement.n < 2:
        return None
    expected = disagreement.expected
    if expected <= 0.0:
        return None
    return float(1.0 - (disagreement.n - 1.0) * disagreement.observed() / expected)


# --- Fleiss, Cohen, Gwet -------------------------------------------------------------------


def _sparse_counts(idx: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(unit, code, count) for each value present in a unit."""
    units = idx.shape[1]
    answered = idx >= 0
    keys = (np.arange(units, dtype=np.int64)[None, :] * max(size, 1) + idx)[answered]
    unique, counts = np.unique(keys, return_counts=True)
    return unique // max(size, 1), unique % max(size, 1), counts


def fleiss_kappa(data: Any) -> float | None:
    """Fleiss' kappa of complete ``data`` (raters × units, every rater answers every unit).

    Same result as statsmodels' ``fleiss_kappa(aggregate_raters(data.T)[0])``. None when
    undefined: fewer than two raters, no units, or all answers in one category.
    """
    coded = _code(data, what="fleiss_kappa")
    raters, units = coded.idx.shape
    missing = coded.idx < 0
    if missing.any():
        rater, unit = (int(i) for i in np.argwhere(missing)[0])
        raise ValueError(
            f"fleiss_kappa needs complete data, but rater {rater} has no answer for unit "
            f"{unit}; use krippendorff_alpha or gwet_ac1 when answers are missing."
        )
    if raters < 2 or units == 0 or coded.size < 2:
        return None
    unit_of, code_of, counts = _sparse_counts(coded.idx, coded.size)
    counts = counts.astype(float)
    total = float(raters * units)
    p_category = np.bincount(code_of, weights=counts, minlength=coded.size) / total
    squares = np.bincount(unit_of, weights=counts * counts, minlength=units)
    p_unit = (squares - raters) / (raters * (raters - 1.0))
    p_mean = p_unit.mean()
    p_expected = float((p_category * p_category).sum())
    if p_expected >= 1.0:
        return None
    return float((p_mean - p_expected) / (1.0 - p_expected))


def _sequence(values: Any, name: str) -> list[Any]:
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise ValueError(f"{name} must be a 1-D sequence of labels.")
        listed: list[Any] = values.tolist()
        return listed
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ValueError(f"{name} must be a sequence of labels.")
    return [v.item() if isinstance(v, np.generic) else v for v in values]


def _weight_matrix(weights: str | None, size: int) -> np.ndarray:
    ranks = np.arange(size, dtype=float)
    if weights is None:
        return 1.0 - np.eye(size)
    if weights == "linear":
        return np.abs(ranks[:, None] - ranks[None, :])
    return (ranks[:, None] - ranks[None, :]) ** 2


def _check_weights(weights: str | None) -> None:
    if weights not in WEIGHTS:
        raise ValueError(f"unknown weights {weights!r}; use None, 'linear' or 'quadratic'.")


def _sorted_labels(values: Iterable[Any], *, required: bool) -> list[Any]:
    distinct = set(values)
    try:
        return sorted(distinct)
    except TypeError:
        if required:
            raise ValueError(
                "labels of mixed types cannot be sorted; pass labels= in the order to use."
            ) from None
        return list(dict.fromkeys(values))


def cohen_kappa(
    a: Sequence[Any],
    b: Sequence[Any],
    weights: str | None = None,
    labels: Sequence[Any] | None = None,
) -> float | None:
    """Cohen's kappa between two raters' label sequences (same length, same units).

    ``weights``: None, "linear" or "quadratic"; the distance between two labels is the
    difference of their ranks in ``labels`` (default: sorted distinct labels of a and b),
    exactly as ``sklearn.metrics.cohen_kappa_score``. Pairs where either answer is missing
    are skipped; pairs with a label outside an explicit ``labels`` are ignored (as in
    scikit-learn). None when undefined (nothing to compare, or zero expected disagreement).
    """
    _check_weights(weights)
    first, second = _sequence(a, "a"), _sequence(b, "b")
    if len(first) != len(second):
        raise ValueError(
            f"a and b must have the same length (one answer per unit); got {len(first)} "
            f"and {len(second)}."
        )
    pairs = [
        (x, y)
        for x, y in zip(first, second, strict=True)
        if not _is_missing(x) and not _is_missing(y)
    ]
    try:
        if labels is None:
            domain = _sorted_labels([v for pair in pairs for v in pair], required=True)
        else:
            domain = _domain_list(labels)
            if not domain:
                raise ValueError("labels must not be empty.")
        lookup = {label: code for code, label in enumerate(domain)}
        codes = [(lookup[x], lookup[y]) for x, y in pairs if x in lookup and y in lookup]
    except TypeError as error:
        raise ValueError(f"answers must be hashable labels: {error}") from None
    if not codes:
        return None
    size = len(domain)
    coded = np.asarray(codes, dtype=np.int64)
    confusion = np.bincount(coded[:, 0] * size + coded[:, 1], minlength=size * size)
    confusion = confusion.reshape(size, size).astype(float)
    column_sums, row_sums = confusion.sum(axis=0), confusion.sum(axis=1)
    expected = np.outer(column_sums, row_sums) / column_sums.sum()
    weight = _weight_matrix(weights, size)
    denominator = float((weight * expected).sum())
    if denominator == 0.0:
        return None
    return float(1.0 - (weight * confusion).sum() / denominator)


def gwet_ac1(data: Any, *, categories: Sequence[Any] | None = None) -> float | None:
    """Gwet's AC1 of ``data`` (raters × units; missing answers allowed).

    Gwet, *Handbook of Inter-Rater Reliability*, 4th ed. (2014), chapter 4 (the irrCAC
    ``gwet.ac1.raw`` computation, unweighted): ``pa`` over the units with at least two
    answers, ``π_k`` averaged over the units with at least one, ``pe = Σ π_k(1−π_k)/(q−1)``
    and ``AC1 = (pa − pe)/(1 − pe)``. ``q`` is the number of categories observed, or of
    ``categories`` when given (then an answer outside them is an error). Unlike kappa, AC1
    stays high when one label dominates and raters agree (e.g. 95% "no error"). None when
    undefined: no unit with two answers, or fewer than two categories.
    """
    coded = _code(data, value_domain=categories, what="gwet_ac1")
    units = coded.idx.shape[1]
    per_unit = (coded.idx >= 0).sum(axis=0)
    rated, pairable = per_unit >= 1, per_unit >= 2
    if not pairable.any() or coded.size < 2:
        return None
    unit_of, code_of, counts = _sparse_counts(coded.idx, coded.size)
    counts = counts.astype(float)
    agreeing = np.bincount(unit_of, weights=counts * (counts - 1.0), minlength=units)
    r = per_unit[pairable].astype(float)
    p_agree = float((agreeing[pairable] / (r * (r - 1.0))).mean())
    shares = counts / per_unit[unit_of]
    pi = np.bincount(code_of, weights=shares, minlength=coded.size) / rated.sum()
    p_chance = float((pi * (1.0 - pi)).sum() / (coded.size - 1))
    if p_chance >= 1.0:
        return None
    return float((p_agree - p_chance) / (1.0 - p_chance))


# --- Cohort views ----------------------------------------------------------------------------


def pairwise_cohen_kappa(
    data: Any,
    weights: str | None = None,
    labels: Sequence[Any] | None = None,
    *,
    min_shared: int = 2,
) -> list[list[float | None]]:
    """Cohen's kappa between every two raters over the units both answered.

    Returns a raters × raters list of lists; entry ``[i][j]`` equals
    ``cohen_kappa(row_i, row_j, weights, labels=L)`` on their shared units, with ``L`` =
    ``labels`` or the sorted distinct labels of the whole cohort. None on the diagonal,
    where fewer than ``min_shared`` units are shared, or where kappa is undefined.
    """
    _check_weights(weights)
    coded = _code(
        data,
        ordered=weights is not None,
        value_domain=labels,
        what="weighted pairwise kappa",
    )
    idx = coded.idx
    raters, units = idx.shape
    size = coded.size
    result: list[list[float | None]] = [[None] * raters for _ in range(raters)]
    if raters < 2 or size == 0:
        return result
    answered = (idx >= 0).astype(float)
    onehot = np.zeros((raters, units, size))
    rows, columns = np.nonzero(idx >= 0)
    onehot[rows, columns, idx[rows, columns]] = 1.0
    weight = _weight_matrix(weights, size)
    flat = onehot.reshape(raters, units * size)
    weighted = (onehot @ weight).reshape(raters, units * size)  # weight is symmetric
    shared = answered @ answered.T
    kappa = np.full((raters, raters), np.nan)
    for start in range(0, raters, _PAIRWISE_BLOCK):
        block = slice(start, start + _PAIRWISE_BLOCK)
        observed = flat[block] @ weighted.T  # Σ w∘confusion
        # a[c, i, j]: units shared by i and j where i answered c; b[k, i, j]: where j answered k.
        a = np.einsum("iuc,ju->cij", onehot[block], answered, optimize=True)
        b = np.einsum("iu,juk->kij", answered[block], onehot, optimize=True)
        expected = np.einsum("cij,ck,kij->ij", a, weight, b, optimize=True)  # Σ w∘(row⊗col)
        n = shared[block]
        with np.errstate(divide="ignore", invalid="ignore"):
            value = 1.0 - n * observed / expected
        value[(expected == 0.0) | (n < min_shared)] = np.nan
        kappa[block] = value
    for i in range(raters):
        row = result[i]
        for j in np.flatnonzero(~np.isnan(kappa[i])).tolist():
            if j != i:
                row[j] = float(kappa[i, j])
    return result


def leave_one_out_agreement(
    data: Any, level: str = "nominal", value_domain: Any = None
) -> list[float | None]:
    """Each rater's agreement with the rest of the cohort: ``1 − D_o(r) / D_e``.

    ``D_o(r)`` is the mean, over the units ``r`` answered that have another answer, of the
    mean distance between ``r``'s value and the other answers; ``D_e`` is the cohort's
    expected disagreement (alpha's denominator). The ``n_r``-weighted mean of the results
    is alpha. None for a rater with no pairable answer or when ``D_e = 0``.
    """
    coded = _code_for_level(data, level, value_domain)
    raters = coded.idx.shape[0]
    if coded.size == 0:
        return [None] * raters
    disagreement = _Disagreement(coded, level)
    expected = disagreement.expected
    if disagreement.n < 2 or expected <= 0.0:
        return [None] * raters
    pairable = disagreement.pairable
    others = np.maximum(disagreement.per_unit - 1, 1).astype(float)
    mean_distance = np.where(pairable, disagreement.sums / others[None, :], 0.0)
    counts = pairable.sum(axis=1)
    d_expected = expected / (disagreement.n * (disagreement.n - 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        values = 1.0 - mean_distance.sum(axis=1) / counts / d_expected
    return [float(v) if c else None for v, c in zip(values.tolist(), counts.tolist(), strict=True)]


def _majorities(
    coded: _Coded, rows: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per unit: (answers, majority code or -1, majority count) over ``rows`` of raters."""
    idx = coded.idx if rows is None else coded.idx[rows]
    units = idx.shape[1]
    answers = (idx >= 0).sum(axis=0)
    majority = np.full(units, -1, dtype=np.int64)
    top = np.zeros(units, dtype=np.int64)
    if coded.size == 0 or not answers.any():
        return answers, majority, top, np.zeros(units)
    unit_of, code_of, counts = _sparse_counts(idx, coded.size)
    order = np.lexsort((code_of, -counts, unit_of))  # per unit: largest count, then first code
    unit_sorted = unit_of[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = unit_sorted[1:] != unit_sorted[:-1]
    majority[unit_sorted[first]] = code_of[order][first]
    top[unit_sorted[first]] = counts[order][first]
    same_pairs = np.bincount(unit_of, weights=counts * (counts - 1.0), minlength=units)
    return answers, majority, top, same_pairs


def unit_agreement(
    data: Any, level: str = "nominal", value_domain: Any = None
) -> list[dict[str, Any]]:
    """Per-unit agreement: one dict per unit (see the module docstring)."""
    coded = _code_for_level(data, level, value_domain)
    units = coded.idx.shape[1]
    answers, majority, top, same_pairs = _majorities(coded)
    alphas: list[float | None] = [None] * units
    if coded.size:
        disagreement = _Disagreement(coded, level)
        expected = disagreement.expected
        if disagreement.n >= 2 and expected > 0.0:
            d_expected = expected / (disagreement.n * (disagreement.n - 1.0))
            per_unit = disagreement.sums.sum(axis=0)
            for unit in np.flatnonzero(answers >= 2).tolist():
                m = float(answers[unit])
                alphas[unit] = float(1.0 - per_unit[unit] / (m * (m - 1.0)) / d_expected)
    table = []
    for unit in range(units):
        m = int(answers[unit])
        table.append(
            {
                "answers": m,
                "majority": coded.labels[majority[unit]] if m else None,
                "majority_share": float(top[unit] / m) if m else None,
                "observed_agreement": (
                    float(same_pairs[unit] / (m * (m - 1.0))) if m >= 2 else None
                ),
                "alpha": alphas[unit],
            }
        )
    return table


def gold_suspects(
    data: Any,
    gold: Sequence[Any],
    scores: Sequence[float | None],
    *,
    top_fraction: float = 1 / 3,
    min_share: float = 0.75,
    min_answers: int = 3,
) -> list[dict[str, Any]]:
    """Units where the top raters agree among themselves and their majority is not gold.

    ``gold``: one gold label per unit (None = no gold); ``scores``: one score per rater
    (e.g. accuracy; None = not ranked). Returns per unit ``{"top_answers", "top_majority",
    "top_share", "suspect"}`` (see the module docstring for the rule).
    """
    if not 0.0 < top_fraction <= 1.0:
        raise ValueError("top_fraction must be in (0, 1].")
    coded = _code(data, what="gold_suspects")
    raters, units = coded.idx.shape
    gold_list, score_list = _sequence(gold, "gold"), _sequence(scores, "scores")
    if len(gold_list) != units:
        raise ValueError(f"gold needs one entry per unit ({units}); got {len(gold_list)}.")
    if len(score_list) != raters:
        raise ValueError(f"scores needs one entry per rater ({raters}); got {len(score_list)}.")
    if any(not _is_missing(s) and not _is_number(s) for s in score_list):
        raise ValueError("scores must be numbers (or None).")
    ranked = [(-float(s), rater) for rater, s in enumerate(score_list) if not _is_missing(s)]
    ranked.sort()
    top_count = math.ceil(top_fraction * len(ranked)) if ranked else 0
    top_rows = np.asarray(sorted(rater for _, rater in ranked[:top_count]), dtype=np.int64)
    answers, majority, top, _ = _majorities(coded, top_rows)
    table = []
    for unit in range(units):
        m = int(answers[unit])
        label = coded.labels[majority[unit]] if m else None
        share = float(top[unit] / m) if m else None
        expected = gold_list[unit]
        suspect = bool(
            m >= min_answers
            and share is not None
            and share >= min_share
            and not _is_missing(expected)
            and label != expected
        )
        table.append(
            {"top_answers": m, "top_majority": label, "top_share": share, "suspect": suspect}
        )
    return table
