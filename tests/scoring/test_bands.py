"""Percentile bands: mid-ranks, the cohort minimum, and the narrow band's own minimum."""

import pytest

from assessments.scoring.bands import BANDS, MIN_COHORT, MIN_PER_BAND, mid_rank, percentile_band


def cohort(size: int) -> list[float]:
    return [i / size for i in range(size)]


def test_every_band_holds_enough_of_the_cohort_to_name_nobody():
    assert MIN_COHORT == 20
    for band in BANDS:
        assert band.share * band.smallest_cohort() >= MIN_PER_BAND - 1e-9


@pytest.mark.parametrize(
    ("value", "scores", "expected"),
    [
        (0.5, [0.5], 0.5),  # alone: the middle
        (1.0, [0.0, 1.0], 0.75),
        (0.0, [0.0, 1.0], 0.25),
        (0.7, [0.7] * 10, 0.5),  # all tied: the middle
        (0.5, [0.1, 0.2, 0.5, 0.5, 0.9], 0.6),
    ],
)
def test_mid_rank(value, scores, expected):
    assert mid_rank(value, scores) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("position", "size", "expected"),
    [
        (19, 20, "top_25"),  # the best of 20: no top 10% band below a cohort of 50
        (15, 20, "top_25"),
        (14, 20, "top_50"),
        (10, 20, "top_50"),
        (9, 20, "bottom_50"),
        (5, 20, "bottom_50"),
        (4, 20, "bottom_25"),
        (0, 20, "bottom_25"),
        (49, 50, "top_10"),
        (45, 50, "top_10"),
        (44, 50, "top_25"),
        (37, 50, "top_25"),
        (36, 50, "top_50"),
    ],
)
def test_the_band_of_each_position(position, size, expected):
    scores = cohort(size)

    assert percentile_band(scores[position], scores).key == expected


def test_no_band_below_the_minimum_cohort_or_without_a_score():
    assert percentile_band(0.9, [*cohort(MIN_COHORT - 1), 0.9]) is not None
    assert percentile_band(0.9, [*cohort(MIN_COHORT - 2), 0.9]) is None
    assert percentile_band(None, cohort(100)) is None


def test_a_cohort_that_scored_alike_is_in_the_middle():
    assert percentile_band(1.0, [1.0] * 60).key == "top_50"
