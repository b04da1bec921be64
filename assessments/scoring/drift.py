"""Drift of a hired trainer's weekly metric against their own baseline: CUSUM and EWMA.

Everything takes a ``trainers × weeks`` float array (one series, 1-D, works too), NaN for a
week with no value (a missed batch). A missed week never counts as a zero: the charts
carry their statistic over it unchanged and raise no signal in it.

Baseline (``estimate_baseline``)
    The mean and standard deviation of the trainer's first ``weeks`` observed weekly
    values, with their calibration score counted as one more observation when given.
    Sigma is the sample standard deviation (ddof 1), never below ``sigma_floor`` (in the
    metric's units), so a perfect or single-value baseline does not make every later
    wobble a signal. No observation at all: mean NaN, and nothing is charted.

Tabular CUSUM (``cusum``; Montgomery, *Introduction to Statistical Quality Control*,
§9.1.2, Page 1954)
    ``C⁺ᵢ = max(0, xᵢ − (μ₀ + K) + C⁺ᵢ₋₁)``, ``C⁻ᵢ = max(0, (μ₀ − K) − xᵢ + C⁻ᵢ₋₁)``, with
    ``K = k·σ`` and the decision interval ``H = h·σ``; a signal when a sum exceeds ``H``.
    ``k = 0.5`` tunes the chart to a one-sigma shift; ``h = 5`` gives an in-control
    average run length of about 465 weeks (``h = 4``: about 168). The week a sum last left
    zero (``upper_start``/``lower_start``, Montgomery's ``N⁺``/``N⁻`` counters) estimates
    when the shift began. ``head_start`` (in sigmas; Lucas and Crosier's fast initial
    response, usually ``h/2``) starts both sums there instead of at zero; ``reset=True``
    restarts a sum at the head start after it signals, as after a corrected cause.

EWMA (``ewma``; Montgomery §9.2, NIST/SEMATECH e-Handbook §6.3.2.4)
    ``zᵢ = λxᵢ + (1 − λ)zᵢ₋₁``, ``z₀ = μ₀``; limits ``μ₀ ± Lσ√(λ/(2−λ)·(1 − (1−λ)^{2i}))``
    where ``i`` counts the observed weeks so far (the exact, time-varying limits), or the
    asymptotic ``μ₀ ± Lσ√(λ/(2−λ))`` with ``time_varying=False`` (as the e-Handbook).
    ``λ = 0.1, L = 2.7`` (the defaults) has about the CUSUM's in-control run length
    (Lucas and Saccucci 1990).

Threshold (``threshold_breach``)
    The rolling mean — of the last ``window`` observed weeks, ``THRESHOLD_WINDOW`` = 3 by
    default (``quality.trailing_observed_mean``; missed weeks skipped, no value until
    ``window`` weeks were observed) — falls short of the role's success-metric target:
    below it when higher is better, above it when lower is better (turnaround). So one bad
    week alone among good ones raises no breach; three in a row below the target do.
    The charts stay weekly.

``assess_drift_many`` (and ``assess_drift`` for one series) put them together: each
trainer's charts monitor the weeks after their own baseline weeks (a late hire's, or a
trainer's who missed their first batches, start later than the array's first column),
only the adverse direction counts (a trainer who improves is not drifting), and each
trainer gets one status at their latest observed week — ``below_threshold`` before
``drifting`` before ``ok`` (``insufficient_data`` without a baseline) — with the chart(s)
that signal and the week the trouble began.

A baseline from few weeks is itself uncertain, and the charts treat it as known: on
simulated stable trainers (20,000 with means in 0.75–0.95, weekly sd 0.03, 10% missed
weeks, calibration score counted; three seeds) 2.3–2.5% were ``drifting`` at week 52 with
``baseline_weeks=4`` and 0.6% with 8 (measured again after baselines became each
trainer's own first observed weeks). Raise
``baseline_weeks`` (or ``sigma_floor``) where fewer false alerts matter more than speed.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from assessments.scoring.quality import as_matrix, observed_rank, trailing_observed_mean

CUSUM_K = 0.5
CUSUM_H = 5.0
EWMA_LAMBDA = 0.1
EWMA_L = 2.7
BASELINE_WEEKS = 4
THRESHOLD_WINDOW = 3  # the threshold judges the mean of the last 3 observed weeks
SIGMA_FLOOR = 0.05  # suits rates in [0, 1]; pass one in the metric's units otherwise

OK = "ok"
BELOW_THRESHOLD = "below_threshold"
DRIFTING = "drifting"
INSUFFICIENT_DATA = "insufficient_data"


def _per_trainer(value: ArrayLike, trainers: int) -> np.ndarray:
    """One value per trainer from a scalar or a sequence of ``trainers`` values."""
    return np.broadcast_to(np.asarray(value, dtype=float), (trainers,)).copy()


def _shape(array: np.ndarray, single: bool) -> np.ndarray:
    return array[0] if single else array


@dataclass(frozen=True)
class Baseline:
    """Per trainer: baseline mean, sigma (floored) and the observations they rest on."""

    mean: np.ndarray
    sigma: np.ndarray
    observations: np.ndarray


def estimate_baseline(
    series: ArrayLike,
    *,
    weeks: int = BASELINE_WEEKS,
    calibration: ArrayLike | None = None,
    sigma_floor: float = SIGMA_FLOOR,
) -> Baseline:
    """Each trainer's baseline from their own first ``weeks`` observed weeks (a trainer
    hired late, or who missed their first batches, is judged on the weeks they did) and,
    when given, their calibration score (one per trainer, NaN for none). The fields are
    arrays with one value per trainer (length 1 for one series)."""
    if weeks < 0 or sigma_floor <= 0:
        raise ValueError("weeks must be ≥ 0 and sigma_floor > 0.")
    values, _ = as_matrix(series)
    part = np.where(observed_rank(values) <= weeks, values, np.nan)
    if calibration is not None:
        extra = _per_trainer(calibration, values.shape[0])[:, None]
        part = np.concatenate([extra, part], axis=1)
    observed = ~np.isnan(part)
    count = observed.sum(axis=1)
    filled = np.where(observed, part, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, filled.sum(axis=1) / np.maximum(count, 1), np.nan)
        squares = np.where(observed, (part - mean[:, None]) ** 2, 0.0).sum(axis=1)
        sd = np.where(count > 1, np.sqrt(squares / np.maximum(count - 1, 1)), 0.0)
    sigma = np.where(count > 0, np.maximum(sd, sigma_floor), np.nan)
    return Baseline(mean, sigma, count)


@dataclass(frozen=True)
class CusumChart:
    """A tabular CUSUM, one row per trainer and one column per week (1-D for one series).

    ``upper``/``lower`` are C⁺/C⁻ in the metric's units (NaN without a target);
    ``upper_run``/``lower_run`` count the observed weeks since the sum last was zero
    (Montgomery's N⁺/N⁻) and ``upper_start``/``lower_start`` give the week index it left
    zero (−1 while at zero); ``decision`` is H = h·σ per trainer; the signals are True in
    an observed week whose sum exceeds H.
    """

    upper: np.ndarray
    lower: np.ndarray
    upper_run: np.ndarray
    lower_run: np.ndarray
    upper_start: np.ndarray
    lower_start: np.ndarray
    decision: np.ndarray
    signal_up: np.ndarray
    signal_down: np.ndarray


def cusum(
    series: ArrayLike,
    target: ArrayLike,
    sigma: ArrayLike,
    *,
    k: float = CUSUM_K,
    h: float = CUSUM_H,
    head_start: float = 0.0,
    reset: bool = False,
) -> CusumChart:
    """Two-sided tabular CUSUM of each series about ``target`` (per trainer or one value)
    with reference value ``k`` and decision interval ``h`` in units of ``sigma``."""
    if k < 0 or h <= 0 or not 0 <= head_start < h:
        raise ValueError("Need k ≥ 0, h > 0 and 0 ≤ head_start < h.")
    values, single = as_matrix(series)
    trainers, weeks = values.shape
    mu = _per_trainer(target, trainers)
    sd = _per_trainer(sigma, trainers)
    if np.any(sd < 0):
        raise ValueError("sigma must not be negative.")
    reference, decision, start_at = k * sd, h * sd, head_start * sd
    out = {name: np.empty((trainers, weeks)) for name in ("upper", "lower")}
    runs = {name: np.zeros((trainers, weeks), dtype=np.int64) for name in ("up", "down")}
    starts = {name: np.full((trainers, weeks), -1, dtype=np.int64) for name in ("up", "down")}
    signals = {name: np.zeros((trainers, weeks), dtype=bool) for name in ("up", "down")}
    sums = {"up": start_at.copy(), "down": start_at.copy()}
    run = {side: np.zeros(trainers, dtype=np.int64) for side in sums}
    begun = {side: np.where(start_at > 0, 0, -1) for side in sums}
    for week in range(weeks):
        x = values[:, week]
        observed = ~np.isnan(x)
        steps = {"up": x - (mu + reference), "down": (mu - reference) - x}
        for side, step in steps.items():
            new = np.maximum(0.0, step + sums[side])
            total = np.where(observed, new, sums[side])
            positive = total > 0
            run[side] = np.where(observed, np.where(positive, run[side] + 1, 0), run[side])
            begun[side] = np.where(
                observed & positive & (begun[side] < 0),
                week,
                np.where(observed & ~positive, -1, begun[side]),
            )
            signal = observed & (total > decision)
            signals[side][:, week] = signal
            out["upper" if side == "up" else "lower"][:, week] = total
            runs[side][:, week] = run[side]
            starts[side][:, week] = begun[side]
            if reset and signal.any():
                total = np.where(signal, start_at, total)
                run[side] = np.where(signal, 0, run[side])
                begun[side] = np.where(signal, np.where(start_at > 0, week + 1, -1), begun[side])
            sums[side] = total
    return CusumChart(
        upper=_shape(out["upper"], single),
        lower=_shape(out["lower"], single),
        upper_run=_shape(runs["up"], single),
        lower_run=_shape(runs["down"], single),
        upper_start=_shape(starts["up"], single),
        lower_start=_shape(starts["down"], single),
        decision=decision[0] if single else decision,
        signal_up=_shape(signals["up"], single),
        signal_down=_shape(signals["down"], single),
    )


@dataclass(frozen=True)
class EwmaChart:
    """An EWMA chart: the statistic ``z``, its control limits and the signals, one row per
    trainer and one column per week (1-D for one series). In a missed week ``z`` and the
    limits carry over and no signal is raised."""

    z: np.ndarray
    upper_limit: np.ndarray
    lower_limit: np.ndarray
    signal_up: np.ndarray
    signal_down: np.ndarray


def ewma(
    series: ArrayLike,
    target: ArrayLike,
    sigma: ArrayLike,
    *,
    lam: float = EWMA_LAMBDA,
    L: float = EWMA_L,  # the literature's name for the limit width
    time_varying: bool = True,
) -> EwmaChart:
    """EWMA chart of each series started at ``target`` with weight ``lam`` and limits
    ``L`` sigmas of the statistic wide (time-varying unless ``time_varying=False``)."""
    if not 0 < lam <= 1 or L <= 0:
        raise ValueError("Need 0 < lam ≤ 1 and L > 0.")
    values, single = as_matrix(series)
    trainers, weeks = values.shape
    mu = _per_trainer(target, trainers)
    sd = _per_trainer(sigma, trainers)
    observed = ~np.isnan(values)
    z = np.empty((trainers, weeks))
    current = mu.copy()
    for week in range(weeks):
        x = values[:, week]
        current = np.where(observed[:, week], lam * x + (1 - lam) * current, current)
        z[:, week] = current
    factor = np.full((trainers, weeks), lam / (2 - lam))
    if time_varying:
        seen = np.cumsum(observed, axis=1)
        factor = factor * (1 - (1 - lam) ** (2 * seen))
    width = L * sd[:, None] * np.sqrt(factor)
    upper, lower = mu[:, None] + width, mu[:, None] - width
    return EwmaChart(
        z=_shape(z, single),
        upper_limit=_shape(upper, single),
        lower_limit=_shape(lower, single),
        signal_up=_shape(observed & (z > upper), single),
        signal_down=_shape(observed & (z < lower), single),
    )


def threshold_breach(
    series: ArrayLike,
    threshold: ArrayLike,
    *,
    higher_is_better: bool = True,
    window: int = THRESHOLD_WINDOW,
) -> np.ndarray:
    """True in each week whose rolling mean of the last ``window`` observed weeks is on the
    wrong side of ``threshold`` (per trainer or one value): below it when higher is
    better, above it when lower is better. A week without a rolling value (missed, or
    fewer than ``window`` observed weeks yet) is not a breach."""
    values, single = as_matrix(series)
    mean = trailing_observed_mean(values, window)
    return _shape(_beyond(mean, threshold, higher_is_better), single)


def _beyond(mean: np.ndarray, threshold: ArrayLike, higher_is_better: bool) -> np.ndarray:
    """Where a (trainers × weeks) rolling mean is on the wrong side of the threshold."""
    limit = _per_trainer(threshold, mean.shape[0])[:, None]
    with np.errstate(invalid="ignore"):
        breach = mean < limit if higher_is_better else mean > limit
    beyond: np.ndarray = breach & ~np.isnan(mean)
    return beyond


@dataclass(frozen=True)
class DriftAssessment:
    """One trainer's verdict at their latest observed week (week indices from 0)."""

    status: str  # OK, BELOW_THRESHOLD, DRIFTING or INSUFFICIENT_DATA
    below_threshold: bool
    drifting: bool
    chart: str | None  # "cusum", "ewma" or "cusum+ewma" while drifting
    since_week: int | None  # where the current breach (else drift) began
    latest_week: int | None
    latest_value: float | None
    baseline_mean: float | None
    baseline_sigma: float | None


@dataclass(frozen=True)
class DriftBatch:
    """``assess_drift_many``'s result: the baseline, both charts, the breach flags and the
    rolling means they judge
    (trainers × weeks; up to the end of a trainer's baseline weeks the charts sit at their
    start — C = 0, z = the baseline mean — and never signal), and per trainer
    the status, booleans, signalling chart, since week and latest week (−1 for none)."""

    baseline: Baseline
    cusum: CusumChart
    ewma: EwmaChart
    breach: np.ndarray
    rolling: np.ndarray  # the rolling mean the threshold judges (trainers × weeks)
    status: np.ndarray
    below_threshold: np.ndarray
    drifting: np.ndarray
    chart: np.ndarray
    since_week: np.ndarray
    latest_week: np.ndarray
    latest_value: np.ndarray

    def assessment(self, trainer: int) -> DriftAssessment:
        """The verdict of one trainer (a row index)."""

        def number(array: np.ndarray) -> float | None:
            value = float(array[trainer])
            return None if np.isnan(value) else value

        def index(array: np.ndarray) -> int | None:
            value = int(array[trainer])
            return None if value < 0 else value

        chart = str(self.chart[trainer])
        return DriftAssessment(
            status=str(self.status[trainer]),
            below_threshold=bool(self.below_threshold[trainer]),
            drifting=bool(self.drifting[trainer]),
            chart=chart or None,
            since_week=index(self.since_week),
            latest_week=index(self.latest_week),
            latest_value=number(self.latest_value),
            baseline_mean=number(self.baseline.mean),
            baseline_sigma=number(self.baseline.sigma),
        )


def _run_start(flags: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """Per row: the first week of the run of flagged observed weeks that ends at the last
    observed week (−1 when that week is not flagged)."""
    weeks = flags.shape[1]
    index = np.arange(weeks)
    last_break = np.where(observed & ~flags, index, -1).max(axis=1, initial=-1)
    after = observed & flags & (index > last_break[:, None])
    first = np.where(after, index, weeks).min(axis=1, initial=weeks)
    return np.where(first < weeks, first, -1)


def assess_drift_many(
    series: ArrayLike,
    *,
    threshold: ArrayLike = np.nan,
    higher_is_better: bool = True,
    calibration: ArrayLike | None = None,
    baseline_weeks: int = BASELINE_WEEKS,
    sigma_floor: float = SIGMA_FLOOR,
    threshold_window: int = THRESHOLD_WINDOW,
    k: float = CUSUM_K,
    h: float = CUSUM_H,
    lam: float = EWMA_LAMBDA,
    L: float = EWMA_L,  # the literature's name for the limit width
    reset: bool = False,
    start: ArrayLike = 0,
) -> DriftBatch:
    """Baseline, CUSUM, EWMA and threshold for every trainer of a ``trainers × weeks``
    array, and each one's status at their latest observed week.

    ``start`` (per trainer or one value) is the first week judged: earlier weeks are left
    out as if missed, so a trainer can start afresh (after a closed alert, with the
    recalibration's score as ``calibration``) while sharing the array with the others;
    week indices stay the array's.

    ``threshold`` is the success metric's target (per trainer or one value; NaN: none),
    judged on the mean of the last ``threshold_window`` observed weeks.
    Each trainer's charts monitor the weeks after their first ``baseline_weeks`` observed
    ones (the baseline's), not after the array's first columns. A CUSUM that signalled stays in
    signal while the shift lasts (``reset=True`` would restart it after each signal, so a
    lasting drift would blink); after a recalibration or a resolved alert, pass the weeks
    from then on (or their index as ``start``, with the new calibration score) to start a
    fresh baseline.
    """
    values, _ = as_matrix(series)
    trainers, weeks = values.shape
    first = np.broadcast_to(np.asarray(start, dtype=np.int64), (trainers,))
    if first.any():
        values = np.where(np.arange(weeks) >= first[:, None], values, np.nan)
    baseline = estimate_baseline(
        values, weeks=baseline_weeks, calibration=calibration, sigma_floor=sigma_floor
    )
    # Each row is monitored after its own baseline weeks: its first observed ones.
    monitored = np.where(observed_rank(values) > baseline_weeks, values, np.nan)
    cusum_chart = cusum(monitored, baseline.mean, baseline.sigma, k=k, h=h, reset=reset)
    ewma_chart = ewma(monitored, baseline.mean, baseline.sigma, lam=lam, L=L)
    observed = ~np.isnan(values)
    index = np.arange(weeks)
    latest = np.where(observed, index, -1).max(axis=1, initial=-1)
    rows = np.arange(trainers)
    at = np.maximum(latest, 0)

    def at_latest(array: np.ndarray) -> np.ndarray:
        """Each row's entry at its latest observed week (a zero-week array has none)."""
        return array[rows, at] if weeks else np.zeros(trainers, dtype=array.dtype)

    latest_value = np.where(latest >= 0, at_latest(values), np.nan)

    rolling = trailing_observed_mean(values, threshold_window)
    breach = _beyond(rolling, threshold, higher_is_better)
    breach_now = (latest >= 0) & at_latest(breach)
    breach_since = _run_start(breach, observed)

    cusum_flags = cusum_chart.signal_down if higher_is_better else cusum_chart.signal_up
    cusum_begun = cusum_chart.lower_start if higher_is_better else cusum_chart.upper_start
    ewma_flags = ewma_chart.signal_down if higher_is_better else ewma_chart.signal_up
    cusum_now = (latest >= 0) & at_latest(cusum_flags)
    ewma_now = (latest >= 0) & at_latest(ewma_flags)
    cusum_since = np.where(cusum_now, at_latest(cusum_begun), weeks)
    ewma_since = np.where(ewma_now, _run_start(ewma_flags, ~np.isnan(monitored)), weeks)
    drifting = cusum_now | ewma_now
    drift_since = np.minimum(cusum_since, ewma_since)
    chart = np.where(
        cusum_now & ewma_now,
        "cusum+ewma",
        np.where(cusum_now, "cusum", np.where(ewma_now, "ewma", "")),
    )
    has_baseline = ~np.isnan(baseline.mean)
    status = np.where(
        breach_now,
        BELOW_THRESHOLD,
        np.where(drifting, DRIFTING, np.where(has_baseline, OK, INSUFFICIENT_DATA)),
    )
    since = np.where(breach_now, breach_since, np.where(drifting, drift_since, -1))
    return DriftBatch(
        baseline=baseline,
        cusum=cusum_chart,
        ewma=ewma_chart,
        breach=breach,
        rolling=rolling,
        status=status,
        below_threshold=breach_now,
        drifting=drifting,
        chart=chart,
        since_week=since,
        latest_week=latest,
        latest_value=latest_value,
    )


def assess_drift(series: ArrayLike, **options: Any) -> DriftAssessment:
    """``assess_drift_many`` for one weekly series (1-D; NaN for missed weeks).
    ``calibration`` and ``threshold`` are then single numbers (or None/NaN)."""
    values = np.asarray(series, dtype=float)
    if values.ndim != 1:
        raise ValueError("assess_drift takes one series; use assess_drift_many for several.")
    if options.get("calibration") is not None:
        options["calibration"] = [options["calibration"]]
    if options.get("threshold") is None:
        options.pop("threshold", None)
    return assess_drift_many(values[None, :], **options).assessment(0)
