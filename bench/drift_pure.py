"""Pure drift and validity speed, no database.

- Drift: ``drift.assess_drift_many`` over 52 weeks × 5,000 trainers (weekly sd 0.03, 10%
  missed weeks, one trainer in twenty drifting down by 0.08 from week 26) — baseline,
  CUSUM, EWMA, threshold and every trainer's verdict; target under 1 second. Also the two
  charts alone.
- Validity: ``validity.validity_table`` for 500 hires × 6 components (Pearson, Spearman,
  Fisher-z intervals and a 2,000-resample bootstrap each) and ``suggested_weights``.
"""

import time

import numpy as np

from assessments.scoring import drift, validity

COMPONENTS = ("accuracy", "edge_cases", "agreement", "throughput", "rationale", "composite")


def weekly_series(
    trainers: int = 5_000, weeks: int = 52, seed: int = 17
) -> tuple[np.ndarray, np.ndarray]:
    """Weekly accuracy (trainers × weeks, NaN for missed weeks) and calibration scores."""
    rng = np.random.default_rng(seed)
    level = rng.uniform(0.78, 0.95, (trainers, 1))
    series = np.clip(level + rng.normal(0, 0.03, (trainers, weeks)), 0, 1)
    drifting = rng.random(trainers) < 0.05
    series[drifting, weeks // 2 :] -= 0.08
    series[rng.random(series.shape) < 0.1] = np.nan
    calibration = np.clip(level[:, 0] + rng.normal(0, 0.03, trainers), 0, 1)
    return series, calibration


def best_of(function, repeat: int = 5) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def run(trainers: int = 5_000, weeks: int = 52, hires: int = 500) -> None:
    series, calibration = weekly_series(trainers, weeks)
    batch = drift.assess_drift_many(series, threshold=0.7, calibration=calibration)
    assess = best_of(
        lambda: drift.assess_drift_many(series, threshold=0.7, calibration=calibration)
    )
    base = batch.baseline
    cusum = best_of(lambda: drift.cusum(series, base.mean, base.sigma))
    ewma = best_of(lambda: drift.ewma(series, base.mean, base.sigma))

    rng = np.random.default_rng(19)
    scores = rng.normal(size=(hires, len(COMPONENTS)))
    outcome = scores @ np.array([0.5, 0.2, 0.3, 0.0, 0.1, 0.6]) + rng.normal(size=hires)
    columns = {name: scores[:, i] for i, name in enumerate(COMPONENTS)}
    started = time.perf_counter()
    table = validity.validity_table(columns, outcome)
    weights = validity.suggested_weights(table)
    table_seconds = time.perf_counter() - started

    statuses = dict(zip(*np.unique(batch.status, return_counts=True), strict=True))
    print("Calibrate pure drift and validity benchmark (no database)")
    print(f"{'measurement':<58} {'result':>14} {'target':>10}")
    label = f"assess_drift_many: {weeks} weeks × {trainers:,} trainers"
    print(f"{label:<58} {assess * 1000:>11.1f} ms {'< 1000 ms':>10}")
    print(f"{'  CUSUM alone':<58} {cusum * 1000:>11.1f} ms")
    print(f"{'  EWMA alone':<58} {ewma * 1000:>11.1f} ms")
    print(f"{'  verdicts':<58} " + ", ".join(f"{k} {v:,}" for k, v in statuses.items()))
    label = f"validity_table: {hires} hires × {len(COMPONENTS)} components, 2,000 resamples"
    print(f"{label:<58} {table_seconds * 1000:>11.1f} ms")
    print(
        f"{'  suggested weights':<58} "
        + ", ".join(f"{k} {v:.2f}" for k, v in (weights or {}).items())
    )


if __name__ == "__main__":
    run()
