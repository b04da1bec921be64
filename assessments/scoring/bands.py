"""Where one score sits in its cohort, said as a percentile band ("top 25%"), never as a
rank or another candidate's score (pure: no Django).

A band is only said when the cohort is large enough that it names nobody: every band holds
at least ``MIN_PER_BAND`` candidates' worth of the cohort, so quarter bands need a cohort
of ``MIN_COHORT`` (20) and the top-10% band one of ``MIN_PER_BAND / 0.10`` (50). Below
``MIN_COHORT`` no band is given at all.

The percentile is the mid-rank: the share of the cohort scoring below, plus half the share
scoring the same (the candidate included), so ties share one band and a cohort that all
scored alike sits in the middle.
"""

from collections.abc import Sequence
from dataclasses import dataclass

MIN_PER_BAND = 5
MIN_COHORT = 20
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    lower: float  # the band holds mid-ranks from `lower` (inclusive) …
    upper: float  # … to `upper` (exclusive, 1 inclusive)

    @property
    def share(self) -> float:
        return self.upper - self.lower

    def smallest_cohort(self) -> int:
        """The cohort that puts at least MIN_PER_BAND candidates' worth in this band."""
        return max(MIN_COHORT, round(MIN_PER_BAND / self.share))


# Best first; a narrower band is used only when the cohort is large enough for it.
BANDS = (
    Band("top_10", "Top 10%", 0.90, 1.0),
    Band("top_25", "Top 25%", 0.75, 1.0),
    Band("top_50", "Top 50%", 0.50, 0.75),
    Band("bottom_50", "Bottom 50%", 0.25, 0.50),
    Band("bottom_25", "Bottom 25%", 0.0, 0.25),
)
BAND_KEYS = tuple(band.key for band in BANDS)


def mid_rank(value: float, cohort: Sequence[float]) -> float:
    """The share of ``cohort`` below ``value`` plus half the share equal to it, in [0, 1]."""
    below = sum(1 for other in cohort if other < value - _TOLERANCE)
    same = sum(1 for other in cohort if abs(other - value) <= _TOLERANCE)
    return (below + same / 2) / len(cohort)


def percentile_band(value: float | None, cohort: Sequence[float]) -> Band | None:
    """The band of ``value`` in ``cohort`` (which includes it), or None when there is no
    value or the cohort is smaller than ``MIN_COHORT``."""
    if value is None or len(cohort) < MIN_COHORT:
        return None
    rank = mid_rank(value, cohort)
    for band in BANDS:
        if len(cohort) < band.smallest_cohort():
            continue
        if band.lower <= rank < band.upper or (band.upper == 1.0 and rank >= band.lower):
            return band
    return None  # pragma: no cover - the bands cover [0, 1]
