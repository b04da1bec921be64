"""Weekly quality measures: the matrix, rolling windows, turnaround. Pure: no database."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from assessments.scoring import quality


def test_turnaround_hours():
    issued = datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert quality.turnaround_hours(issued, issued + timedelta(hours=30, minutes=30)) == 30.5
    assert quality.turnaround_hours(issued, None) is None
    with pytest.raises(ValueError, match="before it was issued"):
        quality.turnaround_hours(issued, issued - timedelta(minutes=1))


def test_weekly_matrix_keeps_missed_weeks_as_nan():
    matrix = quality.weekly_matrix([(0, 0, 0.9), (0, 2, 0.8), (1, 1, None)], 2, 3)
    np.testing.assert_array_equal(matrix, [[0.9, np.nan, 0.8], [np.nan, np.nan, np.nan]])
    with pytest.raises(ValueError, match="two values"):
        quality.weekly_matrix([(0, 0, 0.9), (0, 0, 0.8)], 1, 1)
    with pytest.raises(ValueError, match="outside"):
        quality.weekly_matrix([(2, 0, 0.9)], 2, 1)


def test_trailing_observed_mean_skips_missed_weeks_and_waits_for_a_full_window():
    series = np.array([[1.0, np.nan, 0.5, 0.0, np.nan, 0.25], [np.nan] * 6])
    rolled = quality.trailing_observed_mean(series, 2)
    np.testing.assert_allclose(rolled[0], [np.nan, np.nan, 0.75, 0.25, np.nan, 0.125])
    assert np.isnan(rolled[1]).all()
    np.testing.assert_allclose(quality.trailing_observed_mean([0.4, 0.6], 1), [0.4, 0.6])
    with pytest.raises(ValueError, match="at least 1"):
        quality.trailing_observed_mean(series, 0)


def test_window_mean_for_the_first_90_days():
    weeks = np.array([[0.8, np.nan, 0.9, 0.1], [np.nan] * 4])
    means = quality.window_mean(weeks, 0, 3)
    assert means[0] == pytest.approx(0.85)
    assert np.isnan(means[1])
    assert quality.window_mean([0.5, 0.7]) == pytest.approx(0.6)


def test_targets_are_met_in_each_metric_direction():
    assert quality.HIGHER_IS_BETTER["feedback_turnaround"] is False
    assert quality.HIGHER_IS_BETTER["accuracy"] is True
    assert quality.meets_target(0.92, 0.9) is True
    assert quality.meets_target(0.88, 0.9) is False
    assert quality.meets_target(20.0, 24.0, higher_is_better=False) is True
    assert quality.meets_target(None, 0.9) is None
    assert quality.meets_target(float("nan"), 0.9) is None
