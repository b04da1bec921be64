"""CUSUM and EWMA against published worked examples, then baselines, missed weeks,
thresholds and the combined verdict. Pure: no database."""

import numpy as np
import pytest

from assessments.scoring import drift, quality

# Montgomery, *Introduction to Statistical Quality Control* (6th ed., Wiley 2009), Table 9.1:
# 30 observations, the first 20 from N(10, 1), the last 10 from N(11, 1). The same data is
# printed, citing Montgomery p. 428, in the IMSL chart library's EWMA example.
MONTGOMERY = [
    9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.20, 10.34,
    9.03, 11.47, 10.51, 9.40, 10.08, 9.37, 10.62, 10.31, 8.52, 10.84,
    10.90, 9.33, 12.29, 11.50, 10.60, 11.08, 10.38, 11.62, 11.31, 10.52,
]  # fmt: skip

# Table 9.2 (Example 9.1: μ0 = 10, σ = 1, k = 0.5 so K = 0.5, h = 5 so H = 5): C⁺ᵢ, N⁺,
# C⁻ᵢ, N⁻ per sample. The data have two decimals and every step adds or clips two-decimal
# numbers, so these columns are exact; e.g. C⁺₄ = 11.66 − 10.5 = 1.16, C⁺₅ = 1.16 + 1.66 =
# 2.82, C⁺₆ = 2.82 − 0.32 = 2.50, C⁻₁ = 9.5 − 9.45 = 0.05, C⁻₂ = 0.05 + 1.51 = 1.56.
# Published and restated in the text: C⁺₂₉ = 5.28 > H with N⁺ = 7, the first signal; the
# shift is placed after sample 22 and the new mean estimated as 10 + 0.5 + 5.28/7 = 11.25.
CUSUM_UPPER = [
    0, 0, 0, 1.16, 2.82, 2.50, 0.04, 1.00, 0, 0,
    0, 0.97, 0.98, 0, 0, 0, 0.12, 0, 0, 0.34,
    0.74, 0, 1.79, 2.79, 2.89, 3.47, 3.35, 4.47, 5.28, 5.30,
]  # fmt: skip
CUSUM_UPPER_N = [
    0, 0, 0, 1, 2, 3, 4, 5, 0, 0, 0, 1, 2, 0, 0, 0, 1, 0, 0, 1,
    2, 0, 1, 2, 3, 4, 5, 6, 7, 8,
]  # fmt: skip
CUSUM_LOWER = [
    0.05, 1.56, 1.77, 0, 0, 0, 1.46, 0, 0.30, 0,
    0.47, 0, 0, 0.10, 0, 0.13, 0, 0, 0.98, 0,
    0, 0.17, 0, 0, 0, 0, 0, 0, 0, 0,
]  # fmt: skip
CUSUM_LOWER_N = [
    1, 2, 3, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0,
    0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
]  # fmt: skip


def test_cusum_reproduces_montgomery_table_9_2():
    chart = drift.cusum(MONTGOMERY, 10.0, 1.0, k=0.5, h=5.0)
    np.testing.assert_allclose(chart.upper, CUSUM_UPPER, atol=1e-9)
    np.testing.assert_allclose(chart.lower, CUSUM_LOWER, atol=1e-9)
    assert chart.upper_run.tolist() == CUSUM_UPPER_N
    assert chart.lower_run.tolist() == CUSUM_LOWER_N
    assert chart.decision == 5.0
    # The first signal is sample 29 (index 28); C⁻ never comes near H.
    assert np.flatnonzero(chart.signal_up).tolist() == [28, 29]
    assert not chart.signal_down.any()
    # N⁺ = 7 at sample 29: the sum left zero at sample 23 (index 22), after sample 22.
    assert chart.upper_run[28] == 7
    assert chart.upper_start[28] == 22
    shift = 10 + 0.5 + chart.upper[28] / chart.upper_run[28]
    assert round(shift, 2) == 11.25


def test_cusum_reset_restarts_after_a_signal_and_head_start_gives_fir():
    chart = drift.cusum(MONTGOMERY, 10.0, 1.0, k=0.5, h=5.0, reset=True)
    # After the signal at sample 29 the sum restarts at 0: C⁺₃₀ = max(0, 10.52 − 10.5).
    assert chart.upper[29] == pytest.approx(0.02)
    assert chart.upper_run[29] == 1
    assert chart.upper_start[29] == 29
    fir = drift.cusum(MONTGOMERY, 10.0, 1.0, k=0.5, h=5.0, head_start=2.5)
    # Lucas–Crosier head start H/2: C⁺₁ = max(0, 9.45 − 10.5 + 2.5), C⁻₁ = 9.5 − 9.45 + 2.5.
    assert fir.upper[0] == pytest.approx(1.45)
    assert fir.lower[0] == pytest.approx(2.55)
    assert fir.upper_start[0] == 0


# Montgomery Example 9.2: the same data, λ = 0.1, L = 2.7, μ0 = 10, σ = 1. Published:
# z₁ = 0.1(9.45) + 0.9(10) = 9.945, z₂ = 0.1(7.99) + 0.9(9.945) = 9.7495; limits at
# sample 1: 10 ± 2.7√(0.1/1.9 · (1 − 0.9²)) = 10 ± 0.27 → 9.73 and 10.27; at sample 2:
# 10 ± 2.7√(0.1/1.9 · (1 − 0.9⁴)) = 10 ± 0.3632 → 9.64 and 10.36 (the book's two decimals).
# Derived by the same recursion (not quoted): z₂₈ = 10.5731 inside UCL₂₈ = 10.6186, and
# z₂₉ = 0.1(11.31) + 0.9(10.5731) = 10.6468 above UCL₂₉ = 10.6187 — the first signal.
def test_ewma_reproduces_montgomery_example_9_2():
    chart = drift.ewma(MONTGOMERY, 10.0, 1.0, lam=0.1, L=2.7)
    assert chart.z[0] == pytest.approx(9.945, abs=1e-12)
    assert chart.z[1] == pytest.approx(9.7495, abs=1e-12)
    assert round(chart.upper_limit[0], 2) == 10.27
    assert round(chart.lower_limit[0], 2) == 9.73
    assert round(chart.upper_limit[1], 2) == 10.36
    assert round(chart.lower_limit[1], 2) == 9.64
    assert round(chart.z[27], 4) == 10.5731
    assert round(chart.upper_limit[27], 4) == 10.6186
    assert round(chart.z[28], 4) == 10.6468
    assert round(chart.upper_limit[28], 4) == 10.6187
    assert np.flatnonzero(chart.signal_up).tolist() == [28, 29]
    assert not chart.signal_down.any()
    # The limits approach the asymptotic 10 ± 2.7√(0.1/1.9) = 10 ± 0.6194.
    steady = drift.ewma(MONTGOMERY, 10.0, 1.0, lam=0.1, L=2.7, time_varying=False)
    assert steady.upper_limit[0] == pytest.approx(10 + 2.7 * np.sqrt(0.1 / 1.9))
    assert chart.upper_limit[-1] < steady.upper_limit[-1]


# NIST/SEMATECH e-Handbook of Statistical Methods, §6.3.2.4 (EWMA control charts),
# https://www.itl.nist.gov/div898/handbook/pmc/section3/pmc324.htm: EWMA₀ = 50, s = 2.0539,
# λ = 0.3, k = 3 and the asymptotic limits UCL = 50 + 3(0.4201)(2.0539) = 52.5884,
# LCL = 47.4115 (printed truncated; 47.41157 exactly); every EWMA is inside them.
NIST_DATA = [
    52.0, 47.0, 53.0, 49.3, 50.1, 47.0, 51.0, 50.1, 51.2, 50.5,
    49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1,
]  # fmt: skip
NIST_EWMA = [
    50.60, 49.52, 50.56, 50.18, 50.16, 49.21, 49.75, 49.85, 50.26, 50.33,
    50.11, 49.36, 49.52, 50.05, 49.38, 49.92, 50.73, 51.23, 51.94, 51.99,
]  # fmt: skip


def test_ewma_reproduces_the_nist_handbook_example():
    chart = drift.ewma(NIST_DATA, 50.0, 2.0539, lam=0.3, L=3.0, time_varying=False)
    np.testing.assert_allclose(chart.z, NIST_EWMA, atol=0.005)
    assert chart.upper_limit[0] == pytest.approx(52.5884, abs=5e-5)
    assert chart.lower_limit[0] == pytest.approx(47.4115, abs=1e-4)
    assert not (chart.signal_up | chart.signal_down).any()


def test_many_trainers_at_once_equal_each_alone():
    rng = np.random.default_rng(5)
    series = rng.normal(0.8, 0.05, (7, 20))
    series[rng.random(series.shape) < 0.2] = np.nan
    target, sigma = rng.uniform(0.7, 0.9, 7), rng.uniform(0.02, 0.08, 7)
    together = drift.cusum(series, target, sigma)
    smoothed = drift.ewma(series, target, sigma)
    for row in range(7):
        alone = drift.cusum(series[row], target[row], sigma[row])
        np.testing.assert_array_equal(together.lower[row], alone.lower)
        np.testing.assert_array_equal(together.lower_start[row], alone.lower_start)
        np.testing.assert_array_equal(
            smoothed.z[row], drift.ewma(series[row], target[row], sigma[row]).z
        )


def test_a_missed_week_is_skipped_not_counted_as_zero():
    observed = [9.0, 9.0, 9.0]
    missed = [9.0, np.nan, 9.0, 9.0]
    full = drift.cusum(observed, 10.0, 1.0)
    gap = drift.cusum(missed, 10.0, 1.0)
    # C⁻ grows by 0.5 per observed week; the missed week carries it over and raises nothing.
    assert gap.lower.tolist() == [0.5, 0.5, 1.0, 1.5]
    assert gap.lower[-1] == full.lower[-1]
    assert gap.lower_run.tolist() == [1, 1, 2, 3]
    smooth = drift.ewma(missed, 10.0, 1.0)
    alone = drift.ewma(observed, 10.0, 1.0)
    assert smooth.z[1] == smooth.z[0]
    assert smooth.z[-1] == pytest.approx(alone.z[-1])
    assert smooth.upper_limit[-1] == pytest.approx(alone.upper_limit[-1])
    assert not smooth.signal_down[1]
    # A zero would have been an enormous drop.
    assert not drift.cusum([9.0, 9.0, np.nan, np.nan], 10.0, 1.0).signal_down.any()


def test_baseline_mean_sigma_floor_and_calibration():
    series = np.array(
        [
            [0.9, 0.8, np.nan, 1.0, 0.1],  # 0.1, the 4th observed, is outside 3 weeks
            [1.0, 1.0, 1.0, 1.0, 1.0],  # perfect: sigma would be 0
            [np.nan] * 5,  # nothing yet
        ]
    )
    base = drift.estimate_baseline(series, weeks=3, sigma_floor=0.05)
    assert base.mean[0] == pytest.approx(0.9)
    assert base.sigma[0] == pytest.approx(0.1)  # sample sd of 0.9, 0.8, 1.0
    assert base.sigma[1] == 0.05
    assert np.isnan(base.mean[2])
    assert np.isnan(base.sigma[2])
    assert base.observations.tolist() == [3, 3, 0]
    with_calibration = drift.estimate_baseline(series, weeks=3, calibration=[0.6, np.nan, 0.7])
    assert with_calibration.mean[0] == pytest.approx(0.825)
    assert with_calibration.mean[2] == pytest.approx(0.7)
    assert with_calibration.sigma[2] == drift.SIGMA_FLOOR  # one value: the floor
    with pytest.raises(ValueError, match="sigma_floor"):
        drift.estimate_baseline(series, sigma_floor=0)


def test_the_baseline_is_each_trainers_own_first_observed_weeks():
    late = [np.nan] * 8 + [0.82, 0.83, 0.82, 0.83]  # hired when the role's week 8 began
    gaps = [0.9, np.nan, np.nan, 0.92, 0.88, np.nan, 0.9, 0.5]  # missed weeks 1, 2 and 5
    base = drift.estimate_baseline(np.array([late, gaps + [np.nan] * 4]), weeks=3)
    assert base.mean[0] == pytest.approx((0.82 + 0.83 + 0.82) / 3)
    assert base.mean[1] == pytest.approx(0.9)  # 0.9, 0.92, 0.88; 0.5 comes later
    assert base.observations.tolist() == [3, 3]


# A steady trainer at 0.82–0.83 whose calibration (0.92) flattered them a little.
WORK = [0.82, 0.83, 0.82, 0.83, 0.82, 0.83, 0.82, 0.83, 0.82, 0.83]


def test_a_late_hire_on_steady_work_is_not_drifting():
    from_the_start = drift.assess_drift(WORK + [np.nan] * 8, calibration=0.92)
    late = drift.assess_drift([np.nan] * 8 + WORK, calibration=0.92)
    assert from_the_start.status == drift.OK
    assert late.status == drift.OK
    assert late.baseline_mean == pytest.approx(from_the_start.baseline_mean)
    assert late.baseline_sigma == pytest.approx(from_the_start.baseline_sigma)
    batch = drift.assess_drift_many(
        np.array([WORK + [np.nan] * 8, [np.nan] * 8 + WORK]), calibration=[0.92, 0.92]
    )
    # The late hire's charts rest until their own baseline weeks are over (weeks 8–11).
    assert not batch.cusum.lower[1, : 8 + drift.BASELINE_WEEKS].any()
    assert batch.status.tolist() == [drift.OK, drift.OK]
    np.testing.assert_array_equal(batch.cusum.lower[0, :10], batch.cusum.lower[1, 8:])


def test_a_late_hire_who_really_drops_still_drifts():
    series = [np.nan] * 8 + STEADY[:6] + [0.82] * 6
    verdict = drift.assess_drift(series, threshold=0.7, calibration=0.9)
    assert verdict.status == drift.DRIFTING
    assert verdict.chart == "cusum+ewma"
    assert verdict.since_week == 8 + 6  # the first low week, in the array's weeks


def test_missed_first_weeks_push_the_baseline_later_not_empty():
    # Missed weeks 0–2, then steady work: the baseline is weeks 3–6 and nothing drifts.
    missed_first = [np.nan, np.nan, np.nan, *WORK]
    verdict = drift.assess_drift(missed_first, calibration=0.92)
    assert verdict.status == drift.OK
    assert verdict.baseline_mean == pytest.approx((0.92 + 0.82 + 0.83 + 0.82 + 0.83) / 5)
    # Scattered misses among the first weeks too: the first four observed weeks are used.
    scattered = [0.82, np.nan, 0.83, np.nan, 0.82, 0.83, 0.82, 0.83, 0.82, 0.83]
    assert drift.assess_drift(scattered, calibration=0.92).status == drift.OK
    # A real drop after such a start is still caught.
    dropped = [np.nan, np.nan, np.nan, *STEADY[:6], 0.8, 0.8, 0.8, 0.8]
    assert drift.assess_drift(dropped, calibration=0.9).status == drift.DRIFTING


def test_threshold_is_direction_aware_and_can_use_a_rolling_window():
    accuracy = [0.9, 0.78, 0.9, np.nan, 0.7]
    weekly = drift.threshold_breach(accuracy, 0.8, window=1)
    assert weekly.tolist() == [False, True, False, False, True]
    rolled = drift.threshold_breach(accuracy, 0.8, window=2)  # means – .84 .84 – .8
    assert rolled.tolist() == [False, False, False, False, False]
    assert drift.threshold_breach(accuracy, 0.81, window=2).tolist()[-1]  # .9 and .7
    hours = [20, 30, 50, 40]
    lower_is_better = drift.threshold_breach(hours, 36, higher_is_better=False, window=1)
    assert lower_is_better.tolist() == [False, False, True, True]
    rolled_hours = drift.threshold_breach(hours, 36, higher_is_better=False)  # – – 33.3 40
    assert rolled_hours.tolist() == [False, False, False, True]


def test_the_threshold_judges_the_mean_of_the_last_three_observed_weeks():
    assert drift.THRESHOLD_WINDOW == 3
    rolling = quality.trailing_observed_mean([0.9, np.nan, 0.9, 0.6, 0.9, 0.6], 3)
    np.testing.assert_allclose(rolling, [np.nan, np.nan, np.nan, 0.8, 0.8, 0.7])
    # One bad week among good ones: below 0.8 that week, but not the 3-week mean.
    one_bad = [0.9, 0.9, 0.9, 0.9, 0.9, 0.72, 0.9, 0.9]
    verdicts = [drift.assess_drift(one_bad[: n + 1], threshold=0.8) for n in range(8)]
    assert not any(verdict.below_threshold for verdict in verdicts)
    # Three weeks just below: the third raises it, dated from the week the mean fell below.
    three = [0.9, 0.9, 0.9, 0.9, 0.9, 0.78, 0.78, 0.78]
    assert not drift.assess_drift(three[:7], threshold=0.8).below_threshold  # two weeks
    verdict = drift.assess_drift(three, threshold=0.8)
    assert verdict.status == drift.BELOW_THRESHOLD
    assert verdict.since_week == 7
    batch = drift.assess_drift_many(np.array([three, one_bad]), threshold=0.8)
    assert batch.rolling[0, 7] == pytest.approx(0.78)
    assert batch.rolling[1, 5] == pytest.approx((0.9 + 0.9 + 0.72) / 3)
    # A trainer's first weeks have no 3-week mean yet: no breach before the third.
    assert drift.assess_drift([0.5, 0.5], threshold=0.8).status != drift.BELOW_THRESHOLD
    assert drift.assess_drift([0.5, 0.5, 0.5], threshold=0.8).status == drift.BELOW_THRESHOLD


STEADY = [0.9, 0.92, 0.88, 0.9, 0.91, 0.89, 0.9, 0.9, 0.91, 0.89, 0.9, 0.9]


def test_assess_ok_for_a_steady_trainer():
    verdict = drift.assess_drift(STEADY, threshold=0.8, calibration=0.9)
    assert verdict.status == drift.OK
    assert not verdict.drifting
    assert not verdict.below_threshold
    assert verdict.chart is None
    assert verdict.since_week is None
    assert verdict.latest_week == 11
    assert verdict.latest_value == 0.9
    assert verdict.baseline_mean == pytest.approx(0.9)


def test_assess_drifting_down_from_week_7_says_which_chart_and_since_when():
    series = STEADY[:6] + [0.82] * 6  # weeks 0-5 at 0.9, then 0.82 (−1.6 sigma)
    verdict = drift.assess_drift(series, threshold=0.7, calibration=0.9)
    assert verdict.status == drift.DRIFTING
    assert verdict.drifting
    assert not verdict.below_threshold
    assert verdict.chart == "cusum+ewma"
    assert verdict.since_week == 6  # the CUSUM's sum left zero in the first low week
    # An improvement of the same size is not drift.
    better = drift.assess_drift(STEADY[:6] + [0.98] * 6, threshold=0.7, calibration=0.9)
    assert better.status == drift.OK


def test_assess_below_threshold_wins_and_is_dated_from_the_breach():
    series = [*STEADY[:8], 0.75, 0.74, np.nan, 0.72, 0.7]  # 3-week means .85 .797 – .737 .72
    verdict = drift.assess_drift(series, threshold=0.8, calibration=0.9)
    assert verdict.status == drift.BELOW_THRESHOLD
    assert verdict.below_threshold
    assert verdict.drifting
    assert verdict.since_week == 9  # the missed week 10 does not break the run
    assert verdict.latest_week == 12


def test_assess_lower_is_better_metric_drifts_up():
    hours = [20.0, 22.0, 18.0, 20.0, 21.0, 19.0, 30.0, 31.0, 29.0, 30.0]
    verdict = drift.assess_drift(hours, threshold=48, higher_is_better=False, sigma_floor=1.0)
    assert verdict.status == drift.DRIFTING
    assert verdict.since_week == 6
    assert drift.assess_drift(hours, threshold=24, higher_is_better=False).status == (
        drift.BELOW_THRESHOLD
    )


def test_assess_recovered_after_a_fresh_baseline_and_insufficient_without_data():
    drop = STEADY[:6] + [0.8] * 4
    assert drift.assess_drift(drop, calibration=0.9).status == drift.DRIFTING
    # After recalibration (score 0.9) the weeks from then on start a fresh baseline.
    after = drift.assess_drift([0.9, 0.91, 0.89, 0.9, 0.9, 0.9], calibration=0.9)
    assert after.status == drift.OK
    nothing = drift.assess_drift([np.nan] * 6)
    assert nothing.status == drift.INSUFFICIENT_DATA
    assert nothing.latest_week is None


def test_assess_many_matches_one_at_a_time():
    rng = np.random.default_rng(9)
    series = rng.normal(0.85, 0.04, (40, 16))
    series[5:15, 8:] -= 0.15  # ten trainers drift down from week 8
    series[rng.random(series.shape) < 0.1] = np.nan
    batch = drift.assess_drift_many(series, threshold=0.6, calibration=np.full(40, 0.85))
    assert batch.cusum.lower.shape == (40, 16)
    weeks = drift.BASELINE_WEEKS  # the charts start after the baseline weeks
    assert (batch.cusum.lower[:, :weeks] == 0).all()
    assert (batch.ewma.z[:, :weeks] == batch.baseline.mean[:, None]).all()
    assert not (batch.cusum.signal_down[:, :weeks] | batch.ewma.signal_down[:, :weeks]).any()
    assert batch.drifting[5:15].sum() >= 8
    for row in range(40):
        alone = drift.assess_drift(series[row], threshold=0.6, calibration=0.85)
        assert batch.assessment(row) == alone


def test_a_fresh_start_judges_a_row_as_if_its_earlier_weeks_were_cut_off():
    low = STEADY[:6] + [0.8] * 10  # still low at week 16: drifting when judged whole
    series = np.array([low, low])
    whole = drift.assess_drift_many(series, calibration=[0.9, 0.9])
    assert whole.status.tolist() == [drift.DRIFTING, drift.DRIFTING]
    batch = drift.assess_drift_many(series, calibration=[0.9, 0.8], start=[0, 10])
    assert batch.status.tolist() == [drift.DRIFTING, drift.OK]
    drop = low
    cut = drift.assess_drift(drop[10:], calibration=0.8)
    fresh = batch.assessment(1)
    assert fresh.baseline_mean == cut.baseline_mean
    assert fresh.latest_week == 10 + cut.latest_week  # indices stay the array's
    assert not batch.cusum.lower[1, :10].any()


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError, match="h > 0"):
        drift.cusum(MONTGOMERY, 10, 1, h=0)
    with pytest.raises(ValueError, match="head_start < h"):
        drift.cusum(MONTGOMERY, 10, 1, head_start=5)
    with pytest.raises(ValueError, match="lam"):
        drift.ewma(MONTGOMERY, 10, 1, lam=0)
    with pytest.raises(ValueError, match="negative"):
        drift.cusum(MONTGOMERY, 10, -1)
    with pytest.raises(ValueError, match="one series"):
        drift.assess_drift([[0.9]])
