"""Predictive validity: how well each calibration component predicted the 90-day outcome.

For one component across the hires of a role or assessment (one value per hire, ``None``
or NaN where unknown; only complete pairs count):

- Pearson's r with the Fisher-z interval ``tanh(atanh r ± z_{1−α/2}/√(n−3))`` — the one
  ``scipy.stats.pearsonr(...).confidence_interval()`` gives;
- Spearman's rho (Pearson on average ranks) with the Fisher-z interval using Bonett and
  Wright's (2000) standard error ``√((1 + ρ²/2)/(n−3))``;
- a percentile bootstrap interval for r (``resamples`` resamples of the hires, a seeded
  generator, resamples with a constant side left out);
- a verdict read off the Fisher interval of r: ``too_few`` below ``min_hires`` (default
  10); ``undefined`` when the component or the outcome does not vary (r is undefined, not
  a number); ``strong`` when the lower bound is above 0.3, ``moderate`` above 0.1,
  ``weak`` above 0 (Cohen's 0.1/0.3 conventions applied to what the data rule out);
  ``negative`` when the upper bound is below 0; else ``none`` (no evidence either way).

``suggested_weights`` turns the table into composite weights: each component's weight is
proportional to the lower bound of its Fisher interval where that bound is above zero (so
only components shown to predict get weight, and the surer the more), normalised to sum
to 1; ``None`` when no component clears zero (too few hires or no evidence). The
composite itself is never weighted. The outcome must be higher-is-better: negate a
lower-is-better one (hours of turnaround) first.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.stats import norm, rankdata

MIN_HIRES = 10
CONFIDENCE = 0.95
RESAMPLES = 2000
STRONG_LOWER = 0.3
MODERATE_LOWER = 0.1

TOO_FEW = "too_few"
UNDEFINED = "undefined"
STRONG = "strong"
MODERATE = "moderate"
WEAK = "weak"
NEGATIVE = "negative"
NONE = "none"

# One value per hire, in the order of the outcome; None or NaN where unknown.
Values = Sequence[float | None] | NDArray[np.floating[Any]]

VERDICT_TEXT = {
    TOO_FEW: "too few hires to tell",
    UNDEFINED: "cannot tell: the component or the outcome did not vary",
    STRONG: "strong evidence that it predicts the outcome",
    MODERATE: "moderate evidence that it predicts the outcome",
    WEAK: "weak evidence that it predicts the outcome",
    NEGATIVE: "evidence that it predicts the opposite of the outcome",
    NONE: "no evidence either way",
}


def complete_pairs(x: Values, y: Values) -> tuple[np.ndarray, np.ndarray]:
    """The pairs where both values are known (``None`` and NaN are missing)."""
    if len(x) != len(y):
        raise ValueError(f"Need one outcome per hire: {len(x)} values against {len(y)}.")
    a = np.array([np.nan if v is None else float(v) for v in x], dtype=float)
    b = np.array([np.nan if v is None else float(v) for v in y], dtype=float)
    keep = ~(np.isnan(a) | np.isnan(b))
    return a[keep], b[keep]


def _rows_pearson(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pearson's r of each row pair (last axis); NaN where a row is constant."""
    dx = x - x.mean(axis=-1, keepdims=True)
    dy = y - y.mean(axis=-1, keepdims=True)
    sxx = np.einsum("...i,...i->...", dx, dx)
    syy = np.einsum("...i,...i->...", dy, dy)
    sxy = np.einsum("...i,...i->...", dx, dy)
    constant = (np.ptp(x, axis=-1) == 0) | (np.ptp(y, axis=-1) == 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(constant, np.nan, sxy / np.sqrt(sxx * syy))
    return np.clip(r, -1.0, 1.0)


def pearson(x: Values, y: Values) -> float | None:
    """Pearson's r over the complete pairs; ``None`` with fewer than 2 or a constant side."""
    a, b = complete_pairs(x, y)
    if a.size < 2:
        return None
    r = float(_rows_pearson(a, b))
    return None if math.isnan(r) else r


def spearman(x: Values, y: Values) -> float | None:
    """Spearman's rho (Pearson on average ranks) over the complete pairs, or ``None``."""
    a, b = complete_pairs(x, y)
    if a.size < 2:
        return None
    r = float(_rows_pearson(rankdata(a), rankdata(b)))
    return None if math.isnan(r) else r


def _critical(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1.")
    return float(norm.ppf(0.5 + confidence / 2))


def fisher_ci(
    r: float | None, n: int, confidence: float = CONFIDENCE, *, rank: bool = False
) -> tuple[float, float] | None:
    """Fisher-z confidence interval of a correlation ``r`` from ``n`` pairs; with
    ``rank=True`` Bonett and Wright's standard error for Spearman's rho. ``None`` when
    ``r`` is undefined or ``n`` ≤ 3."""
    if r is None or n <= 3:
        return None
    se = math.sqrt((1 + r * r / 2 if rank else 1.0) / (n - 3))
    spread = _critical(confidence) * se
    with np.errstate(divide="ignore"):
        z = float(np.arctanh(r))
    return math.tanh(z - spread), math.tanh(z + spread)


def bootstrap_ci(
    x: Values,
    y: Values,
    *,
    confidence: float = CONFIDENCE,
    resamples: int = RESAMPLES,
    seed: int = 0,
    rank: bool = False,
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of Pearson's r (Spearman's with ``rank=True``):
    ``resamples`` resamples of the complete pairs with replacement from
    ``numpy.random.default_rng(seed)``; resamples with a constant side are left out.
    ``None`` below 4 pairs, when r is undefined or fewer than half the resamples count."""
    a, b = complete_pairs(x, y)
    n = a.size
    if n < 4 or resamples < 1 or math.isnan(float(_rows_pearson(a, b))):
        return None
    _critical(confidence)
    picks = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    xs, ys = a[picks], b[picks]
    if rank:
        xs, ys = rankdata(xs, axis=1), rankdata(ys, axis=1)
    values = _rows_pearson(xs, ys)
    values = values[~np.isnan(values)]
    if values.size * 2 < resamples:
        return None
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def verdict(r: float | None, n: int, ci: tuple[float, float] | None, min_hires: int) -> str:
    """The verdict for a correlation ``r`` with interval ``ci`` from ``n`` hires."""
    if n < min_hires:
        return TOO_FEW
    if r is None or ci is None:
        return UNDEFINED
    low, high = ci
    if low > STRONG_LOWER:
        return STRONG
    if low > MODERATE_LOWER:
        return MODERATE
    if low > 0:
        return WEAK
    if high < 0:
        return NEGATIVE
    return NONE


@dataclass(frozen=True)
class Validity:
    """One component's predictive validity. ``n`` is the number of hires (complete pairs)
    it rests on; correlations and intervals are ``None`` where undefined."""

    component: str
    n: int
    pearson: float | None
    pearson_ci: tuple[float, float] | None
    spearman: float | None
    spearman_ci: tuple[float, float] | None
    bootstrap_ci: tuple[float, float] | None
    verdict: str
    message: str


def _message(
    v: str,
    r: float | None,
    ci: tuple[float, float] | None,
    n: int,
    min_hires: int,
    confidence: float,
) -> str:
    text = VERDICT_TEXT[v]
    if v == TOO_FEW:
        return f"{text}: {n} of the {min_hires} hires needed"
    if r is None or ci is None:
        return f"{text} ({n} hires)"
    level = f"{confidence * 100:g}%"
    return f"r = {r:.2f} ({level} interval {ci[0]:.2f} to {ci[1]:.2f}, {n} hires): {text}"


def predictive_validity(
    component: str,
    scores: Values,
    outcome: Values,
    *,
    min_hires: int = MIN_HIRES,
    confidence: float = CONFIDENCE,
    resamples: int = RESAMPLES,
    seed: int = 0,
) -> Validity:
    """How well ``scores`` (one per hire, ``None`` where unknown) predicted ``outcome``."""
    a, b = complete_pairs(scores, outcome)
    n = int(a.size)
    r = pearson(a, b)
    rho = spearman(a, b)
    ci = fisher_ci(r, n, confidence)
    v = verdict(r, n, ci, min_hires)
    return Validity(
        component=component,
        n=n,
        pearson=r,
        pearson_ci=ci,
        spearman=rho,
        spearman_ci=fisher_ci(rho, n, confidence, rank=True),
        bootstrap_ci=bootstrap_ci(a, b, confidence=confidence, resamples=resamples, seed=seed),
        verdict=v,
        message=_message(v, r, ci, n, min_hires, confidence),
    )


def validity_table(
    components: Mapping[str, Values],
    outcome: Values,
    *,
    min_hires: int = MIN_HIRES,
    confidence: float = CONFIDENCE,
    resamples: int = RESAMPLES,
    seed: int = 0,
) -> dict[str, Validity]:
    """``predictive_validity`` of each component (name → one score per hire, in the order
    of ``outcome``); each uses the same ``seed``."""
    return {
        name: predictive_validity(
            name,
            scores,
            outcome,
            min_hires=min_hires,
            confidence=confidence,
            resamples=resamples,
            seed=seed,
        )
        for name, scores in components.items()
    }


def suggested_weights(
    table: Mapping[str, Validity], *, exclude: Sequence[str] = ("composite",)
) -> dict[str, float] | None:
    """Composite weights proportional to each component's Fisher lower bound where it is
    above zero, normalised to sum to 1; ``None`` when no component clears zero."""
    bounds = {
        name: row.pearson_ci[0]
        for name, row in table.items()
        if name not in exclude
        and row.verdict in (STRONG, MODERATE, WEAK)
        and row.pearson_ci is not None
    }
    total = math.fsum(bounds.values())
    if total <= 0:
        return None
    return {name: bound / total for name, bound in bounds.items()}


def combined_outcome(
    measured: Mapping[str, Values], higher_is_better: Mapping[str, bool]
) -> np.ndarray:
    """One 90-day outcome per hire from several measured success metrics (name → one
    value per hire, ``None``/NaN where unmeasured): each metric is standardised across
    the hires (z-score, sample sd), negated when lower is better, and the outcome is the
    mean of a hire's known z-scores — so metrics in hours and in rates weigh the same.
    A metric that does not vary (or is known for fewer than two hires) carries no
    information and is left out; NaN for a hire with no known metric."""
    lengths = {len(values) for values in measured.values()}
    if len(lengths) > 1:
        raise ValueError("Need one value per hire for every metric.")
    hires = lengths.pop() if lengths else 0
    columns = []
    for name, values in measured.items():
        column = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
        known = column[~np.isnan(column)]
        if known.size < 2 or np.ptp(known) == 0:
            continue
        z = (column - known.mean()) / known.std(ddof=1)
        columns.append(z if higher_is_better.get(name, True) else -z)
    if not columns:
        return np.full(hires, np.nan)
    stacked = np.vstack(columns)
    known_count = (~np.isnan(stacked)).sum(axis=0)
    total = np.where(np.isnan(stacked), 0.0, stacked).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(known_count > 0, total / np.maximum(known_count, 1), np.nan)
