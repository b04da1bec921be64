"""The histogram's bins and bar geometry: pure, no database."""

import itertools

import pytest

from core.charts import bin_counts, bin_index, histogram


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.0, 0),
        (0.05, 0),
        (0.1, 1),
        (0.3, 3),  # 0.3 * 10 is 3.0000000000000004 in floating point: still bin 3
        (0.7, 7),
        (0.6999999, 6),
        (0.95, 9),
        (1.0, 9),  # the top value belongs to the last bin
        (-0.2, 0),  # clamped
        (1.5, 9),  # clamped
    ],
)
def test_bin_index(value, expected):
    assert bin_index(value) == expected


def test_bin_counts_skip_missing_values():
    values = [0.0, 0.1, 0.15, 0.5, 0.55, 0.59, 1.0, None, float("nan")]
    assert bin_counts(values) == [1, 2, 0, 0, 0, 3, 0, 0, 0, 1]


def test_bin_counts_with_other_bins_and_bounds():
    assert bin_counts([0, 1, 2, 3, 4], bins=2, lo=0, hi=4) == [2, 3]


@pytest.mark.parametrize("bins", [0, -1])
def test_bin_index_refuses_no_bins(bins):
    with pytest.raises(ValueError, match="at least one bin"):
        bin_index(0.5, bins=bins)


def test_histogram_splits_bars_into_passed_and_failed():
    chart = histogram([0.82, 0.85, 0.61, 0.3, None], passed=[True, True, False, False, False])
    assert len(chart.bars) == 10
    assert [bar.count for bar in chart.bars] == [0, 0, 0, 1, 0, 0, 1, 0, 2, 0]
    assert chart.total == 4
    assert chart.missing == 1
    assert chart.max_count == 2
    top = chart.bars[8]
    assert (top.passed, top.failed) == (2, 0)
    assert chart.bars[6].failed == 1
    assert chart.bars[6].passed == 0
    assert top.label == "80–90%"


def test_histogram_geometry_fits_the_plot():
    chart = histogram([0.05, 0.05, 0.15, 0.95], passed=[True, False, True, True])
    plot_height = chart.bottom - chart.top
    tallest = chart.bars[0]
    # The y axis tops out at a whole tick at or above the largest count.
    axis_top = int(chart.y_ticks[-1].label)
    assert axis_top >= chart.max_count
    assert tallest.height == pytest.approx(plot_height * 2 / axis_top, abs=0.01)
    assert tallest.y + tallest.height == pytest.approx(chart.bottom, abs=0.01)
    # The passed part sits at the bottom of the bar, half of it here.
    assert tallest.passed_height == pytest.approx(tallest.height / 2, abs=0.01)
    assert tallest.passed_y + tallest.passed_height == pytest.approx(chart.bottom, abs=0.01)
    # Bars are evenly spaced across the plot, inside it.
    xs = [bar.x for bar in chart.bars]
    steps = {round(b - a, 2) for a, b in itertools.pairwise(xs)}
    assert len(steps) == 1
    assert chart.bars[0].x >= chart.left
    assert chart.bars[-1].x + chart.bars[-1].width <= chart.right
    assert chart.bars[2].height == 0
    assert [t.label for t in chart.x_ticks] == ["0%", "20%", "40%", "60%", "80%", "100%"]


def test_histogram_marks_the_gate():
    chart = histogram([0.5], marker=0.7, marker_label="Accuracy gate ≥ 0.70")
    assert chart.marker is not None
    assert chart.marker.x == pytest.approx(chart.left + 0.7 * (chart.right - chart.left))
    assert chart.marker.label == "Accuracy gate ≥ 0.70"
    assert chart.marker.anchor == "end"  # near the right edge the label hangs to the left
    low = histogram([0.5], marker=0.2).marker
    assert low.anchor == "start"
    assert histogram([0.5]).marker is None


def test_histogram_of_nothing_is_flat():
    chart = histogram([])
    assert chart.total == 0
    assert all(bar.height == 0 for bar in chart.bars)
    assert [t.label for t in chart.y_ticks] == ["0", "1"]


def test_histogram_needs_one_flag_per_value():
    with pytest.raises(ValueError, match="one flag per value"):
        histogram([0.1, 0.2], passed=[True])
