"""A hired trainer's quality over the weeks: the weekly matrix, rolling windows, turnaround.

The per-batch measures are the calibration scorers', applied to an audit batch (an attempt
with ``Purpose.AUDIT``), so they are not repeated here:

- accuracy vs gold: ``attempt.score_attempt`` (only gold items carry a score, so its
  ``accuracy`` component is the accuracy on the gold mixed into the batch);
- edge-case handling: ``components.edge_case_handling``;
- throughput vs the role's pace: ``components.throughput``;
- agreement with peers on overlap items: ``agreement.krippendorff_alpha`` and
  ``agreement.leave_one_out_agreement`` (one rater per trainer).

What is new after the hire is time: a value per trainer per week, weeks with no value
(a missed batch) kept as NaN — never as zero — and aggregated over rolling windows.
"""

from collections.abc import Iterable
from datetime import datetime

import numpy as np
from numpy.typing import ArrayLike

from assessments.scoring.components import METRIC_COMPONENTS

# Direction of each 90-day success metric kind (hiring.SuccessMetric.Kind): turnaround is
# measured in hours, so lower is better; every other kind is a rate or score.
HIGHER_IS_BETTER: dict[str, bool] = dict.fromkeys(METRIC_COMPONENTS, True) | {
    "feedback_turnaround": False
}


def turnaround_hours(issued_at: datetime, submitted_at: datetime | None) -> float | None:
    """Hours from a batch being issued to its submission; ``None`` while not submitted."""
    if submitted_at is None:
        return None
    hours = (submitted_at - issued_at).total_seconds() / 3600
    if hours < 0:
        raise ValueError("A batch cannot be submitted before it was issued.")
    return hours


def weekly_matrix(
    rows: Iterable[tuple[int, int, float | None]], trainers: int, weeks: int
) -> np.ndarray:
    """A ``trainers × weeks`` float array from ``(trainer_index, week_index, value)`` rows.

    Cells with no row, or a ``None`` value, are NaN (a missed week). A cell given twice is
    an error: the caller aggregates a week first.
    """
    matrix = np.full((trainers, weeks), np.nan)
    seen = np.zeros((trainers, weeks), dtype=bool)
    for trainer, week, value in rows:
        if not (0 <= trainer < trainers and 0 <= week < weeks):
            raise ValueError(f"Cell ({trainer}, {week}) is outside {trainers} × {weeks}.")
        if seen[trainer, week]:
            raise ValueError(f"Trainer {trainer} has two values for week {week}.")
        seen[trainer, week] = True
        if value is not None:
            matrix[trainer, week] = float(value)
    return matrix


def as_matrix(series: ArrayLike) -> tuple[np.ndarray, bool]:
    """A float ``trainers × weeks`` array from one series or several, and whether it was
    one series (so results can be given back 1-D)."""
    values = np.asarray(series, dtype=float)
    if values.ndim == 1:
        return values[None, :], True
    if values.ndim != 2:
        raise ValueError("Expected one series or a trainers × weeks array.")
    return values, False


def observed_rank(values: np.ndarray) -> np.ndarray:
    """Per cell of a trainers × weeks array: how many weeks of its row were observed up to
    and including it (a missed week repeats the count before it, so ``rank <= n &
    observed`` picks a row's first n observed weeks)."""
    return np.cumsum(~np.isnan(values), axis=1)


def trailing_observed_mean(series: ArrayLike, count: int) -> np.ndarray:
    """At each observed week, the mean of the last ``count`` observed values (that week and
    the observed ones before it), same shape as ``series``; NaN in a missed week and until
    ``count`` weeks were observed. Missed weeks are skipped, so they neither shorten the
    window nor count as zeros."""
    if count < 1:
        raise ValueError("count must be at least 1.")
    values, single = as_matrix(series)
    observed = ~np.isnan(values)
    rank = observed_rank(values)
    # sums[r, n]: the sum of row r's first n observed values.
    sums = np.zeros((values.shape[0], values.shape[1] + 1))
    rows, weeks = np.nonzero(observed)
    sums[rows, rank[rows, weeks]] = np.cumsum(np.where(observed, values, 0.0), axis=1)[rows, weeks]
    before = np.maximum(rank - count, 0)
    row_index = np.arange(values.shape[0])[:, None]
    total = sums[row_index, rank] - sums[row_index, before]
    mean = np.where(observed & (rank >= count), total / count, np.nan)
    return mean[0] if single else mean


def window_mean(series: ArrayLike, start: int = 0, stop: int | None = None) -> np.ndarray | float:
    """NaN-aware mean of each trainer's weeks ``[start, stop)`` (e.g. the first 13 weeks
    for the 90-day report); NaN for a trainer with no observed week in the window."""
    values, single = as_matrix(series)
    part = values[:, start:stop]
    observed = ~np.isnan(part)
    count = observed.sum(axis=1)
    total = np.where(observed, part, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return float(mean[0]) if single else mean


def meets_target(
    value: float | None, target: float, *, higher_is_better: bool = True
) -> bool | None:
    """Whether a measured value meets a success metric's target (``None`` when unmeasured)."""
    if value is None or np.isnan(value):
        return None
    return bool(value >= target) if higher_is_better else bool(value <= target)
