"""Chart geometry for server-side SVG. Pure: no Django, no JavaScript, no CDN.

``histogram`` bins scores in [0, 1] and lays the bars out in SVG user units; a template
draws the rectangles. Each bar is split into the attempts that passed every gate (drawn
at the bottom) and those that failed one (stacked on top), so the chart answers both
"how are scores spread" and "where do the failures sit".
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WIDTH = 560
HEIGHT = 240
MARGIN_LEFT = 40
MARGIN_RIGHT = 14
MARGIN_TOP = 26
MARGIN_BOTTOM = 34
BAR_GAP = 3


@dataclass(frozen=True, slots=True)
class Bar:
    lower: float
    upper: float
    count: int
    passed: int
    failed: int
    x: float
    width: float
    y: float  # top of the whole bar
    height: float
    passed_y: float  # the passed part sits at the bottom
    passed_height: float

    @property
    def label(self) -> str:
        return f"{self.lower:.1f}–{self.upper:.1f}"


@dataclass(frozen=True, slots=True)
class Tick:
    at: float  # x or y in user units
    label: str


@dataclass(frozen=True, slots=True)
class Marker:
    value: float
    x: float
    label: str
    anchor: str = "start"  # where the label's text hangs from the line: "start" or "end"


@dataclass(frozen=True, slots=True)
class Histogram:
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    bars: tuple[Bar, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    marker: Marker | None
    total: int  # values binned
    missing: int  # values that were None (not scored yet)
    max_count: int

    @property
    def plot_width(self) -> float:
        return self.right - self.left

    @property
    def plot_height(self) -> float:
        return self.bottom - self.top


def bin_index(value: float, *, bins: int = 10, lo: float = 0.0, hi: float = 1.0) -> int:
    """The bin a value falls in: ``[lo + k·w, lo + (k+1)·w)``, the top value in the last bin.

    Values outside ``[lo, hi]`` are clamped into the first or last bin. The position is
    rounded to 9 decimals first so that 0.3 lands in the 0.3–0.4 bin, not 0.2–0.3.
    """
    if bins < 1:
        raise ValueError("A histogram needs at least one bin.")
    if not hi > lo:
        raise ValueError("The histogram's upper bound must be above its lower bound.")
    position = math.floor(round((float(value) - lo) / (hi - lo) * bins, 9))
    return min(max(position, 0), bins - 1)


def bin_counts(
    values: Iterable[float | None], *, bins: int = 10, lo: float = 0.0, hi: float = 1.0
) -> list[int]:
    """How many values fall in each bin; ``None`` and NaN are skipped."""
    counts = [0] * bins
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        counts[bin_index(value, bins=bins, lo=lo, hi=hi)] += 1
    return counts


def _y_ticks(max_count: int) -> list[int]:
    """Whole-number ticks from 0 to the axis top, at most five of them."""
    step = max(1, math.ceil(max_count / 4))
    top = step * math.ceil(max_count / step) if max_count else 1
    return list(range(0, top + 1, step))


def histogram(
    values: Sequence[float | None],
    *,
    passed: Sequence[bool] | None = None,
    bins: int = 10,
    marker: float | None = None,
    marker_label: str = "",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Histogram:
    """Bars for ``values`` in [0, 1]; ``passed`` (same length) splits each bar in two.

    ``marker`` draws a vertical line at that value (a pass gate), labelled ``marker_label``.
    """
    if passed is not None and len(passed) != len(values):
        raise ValueError("``passed`` must give one flag per value.")
    flags = passed if passed is not None else [True] * len(values)
    counts, passes = [0] * bins, [0] * bins
    missing = 0
    for value, ok in zip(values, flags, strict=True):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            missing += 1
            continue
        index = bin_index(value, bins=bins)
        counts[index] += 1
        passes[index] += 1 if ok else 0

    left, top = float(MARGIN_LEFT), float(MARGIN_TOP)
    right, bottom = float(width - MARGIN_RIGHT), float(height - MARGIN_BOTTOM)
    plot_width, plot_height = right - left, bottom - top
    ticks = _y_ticks(max(counts))
    axis_top = ticks[-1]
    slot = plot_width / bins

    def y_of(count: float) -> float:
        return bottom - plot_height * count / axis_top

    bars = []
    for index, (count, passing) in enumerate(zip(counts, passes, strict=True)):
        bar_height = plot_height * count / axis_top
        passed_height = plot_height * passing / axis_top
        bars.append(
            Bar(
                lower=index / bins,
                upper=(index + 1) / bins,
                count=count,
                passed=passing,
                failed=count - passing,
                x=round(left + index * slot + BAR_GAP / 2, 2),
                width=round(slot - BAR_GAP, 2),
                y=round(bottom - bar_height, 2),
                height=round(bar_height, 2),
                passed_y=round(bottom - passed_height, 2),
                passed_height=round(passed_height, 2),
            )
        )
    x_ticks = tuple(
        Tick(at=round(left + plot_width * k / 5, 2), label=f"{k / 5:.1f}") for k in range(6)
    )
    y_ticks = tuple(Tick(at=round(y_of(t), 2), label=str(t)) for t in ticks)
    gate = None
    if marker is not None:
        clamped = min(max(float(marker), 0.0), 1.0)
        gate = Marker(
            value=float(marker),
            x=round(left + plot_width * clamped, 2),
            label=marker_label,
            anchor="end" if clamped > 0.6 else "start",
        )
    return Histogram(
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        bars=tuple(bars),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        marker=gate,
        total=sum(counts),
        missing=missing,
        max_count=max(counts),
    )
