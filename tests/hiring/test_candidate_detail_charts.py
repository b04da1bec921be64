"""The candidate detail's chart geometry (pure: no database)."""

import random

import numpy as np
import pytest

from core.charts import (
    BINS,
    CohortStats,
    component_strips,
    kind_bars,
    seconds_label,
    time_bars,
)


def stats_of(values: list[float], candidate: float | None = None) -> CohortStats:
    """What the aggregate query returns, computed in Python."""
    bins = [0] * BINS
    for value in values:
        bins[min(int(value * BINS + 1e-9), BINS - 1)] += 1
    return CohortStats(
        n=len(values),
        low=min(values),
        high=max(values),
        mean=sum(values) / len(values),
        bins=tuple(bins),
        below=None if candidate is None else sum(v < candidate for v in values),
        at_or_below=None if candidate is None else sum(v <= candidate for v in values),
    )


@pytest.mark.parametrize("seed", range(6))
def test_quartiles_from_bins_are_within_one_bin_of_the_exact_ones(seed):
    rng = random.Random(seed)
    values = [min(1.0, max(0.0, rng.gauss(0.6, 0.18))) for _ in range(rng.randint(5, 400))]
    stats = stats_of(values)

    for q in (0.25, 0.5, 0.75):
        exact = float(np.quantile(values, q))
        assert abs(stats.quantile(q) - exact) <= 1 / BINS + 1e-9


def test_quantiles_stay_within_the_cohorts_range():
    stats = stats_of([0.61, 0.62, 0.63])

    assert stats.quantile(0) == pytest.approx(0.61)
    assert stats.quantile(1) == pytest.approx(0.63)
    assert 0.61 <= stats.median <= 0.63


def test_the_percentile_rank_counts_ties_half():
    stats = stats_of([0.1, 0.2, 0.3, 0.5, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], candidate=0.5)

    assert stats.percentile == 40.0  # 3 below, 2 tied: (3 + 1) / 10


def test_an_empty_cohort_has_no_figures():
    stats = CohortStats()

    assert (stats.q1, stats.median, stats.q3, stats.percentile) == (None, None, None, None)


def test_one_strip_per_component_with_bar_marker_box_and_gate():
    cohort = stats_of([0.2, 0.4, 0.6, 0.8], candidate=0.5)
    chart = component_strips(
        [
            {"name": "composite", "label": "Composite", "value": 0.5, "cohort": cohort},
            {"name": "accuracy", "label": "Accuracy", "value": 1.0, "cohort": cohort,
             "minimum": 0.7, "passed": True},
            {"name": "rationale", "label": "Rationale", "value": None, "cohort": CohortStats()},
        ]
    )  # fmt: skip

    plot = chart.right - chart.left
    composite, accuracy, rationale = chart.strips
    assert len(chart.strips) == 3
    assert composite.bar.width == pytest.approx(plot / 2, abs=0.01)
    assert accuracy.bar.width == pytest.approx(plot, abs=0.01)
    assert composite.marker_x == pytest.approx(chart.left + plot / 2, abs=0.01)
    assert accuracy.gate_x == pytest.approx(chart.left + 0.7 * plot, abs=0.01)
    assert composite.box.x < composite.median_x < composite.box.x + composite.box.width
    assert composite.whisker[:2] == (
        pytest.approx(chart.left + 0.2 * plot, abs=0.01),
        pytest.approx(chart.left + 0.8 * plot, abs=0.01),
    )
    assert len(composite.density) == 4  # one column per non-empty bin
    assert rationale.bar is None
    assert rationale.box is None
    assert chart.height > chart.axis_y


def test_time_bars_one_per_item_in_order_with_the_pace_line():
    rows = [
        {"number": 1, "item": 11, "kind_label": "Single choice", "time_ms": 60_000, "score": 1.0},
        {"number": 2, "item": 12, "kind_label": "Spans", "time_ms": 120_000, "score": 0.5},
        {"number": 3, "item": 13, "kind_label": "Numeric", "time_ms": 2_000, "score": 0.0},
        {"number": 4, "item": 14, "kind_label": "Free text", "time_ms": 90_000, "score": None},
    ]

    chart = time_bars(rows, expected_items_per_hour=40, too_fast_ms=18_000)

    assert [bar.item for bar in chart.bars] == [11, 12, 13, 14]
    assert [bar.tone for bar in chart.bars] == ["full", "part", "fast", "unscored"]
    assert chart.pace.seconds == 90
    # Heights are proportional to the time: 2 min is twice 1 min.
    assert chart.bars[1].height == pytest.approx(2 * chart.bars[0].height, abs=0.05)
    # The pace line sits at the height of a 90-second bar.
    assert chart.pace.y == pytest.approx(chart.bars[3].y, abs=0.01)
    assert chart.floor.seconds == 18
    assert chart.too_fast == 1
    assert [label for _, label in chart.x_labels] == ["1", "2", "3", "4"]


def test_one_forgotten_tab_does_not_flatten_the_other_bars():
    rows = [{"number": n, "item": n, "time_ms": 60_000, "score": 1.0} for n in range(1, 40)]
    rows.append({"number": 40, "item": 40, "time_ms": 3_600_000, "score": 1.0})

    chart = time_bars(rows, expected_items_per_hour=60)

    assert chart.clipped == 1
    assert chart.bars[-1].y == chart.top  # drawn to the axis top
    assert chart.bars[0].height > (chart.bottom - chart.top) / 5
    assert [label for _, label in chart.x_labels][:3] == ["1", "5", "10"]


def test_kind_bars_are_proportional_to_the_mean():
    chart = kind_bars(
        [
            {"kind": "single_choice", "label": "Single choice", "n": 6, "mean": 0.5},
            {"kind": "spans", "label": "Spans", "n": 1, "mean": 1.0},
        ]
    )

    half, full = chart.bars
    assert full.width == pytest.approx(chart.track_width)
    assert half.width == pytest.approx(chart.track_width / 2, abs=0.01)
    assert (half.mean, half.n, full.mean, full.n) == (0.5, 6, 1.0, 1)


@pytest.mark.parametrize(
    ("seconds", "label"), [(45, "45 s"), (60, "1 min"), (90, "1 min 30 s"), (605, "10 min 05 s")]
)
def test_seconds_read_as_people_say_them(seconds, label):
    assert seconds_label(seconds) == label
