"""Chart geometry for the candidate detail and compare pages. Pure: no Django, no ORM.

Three server-side SVG charts, laid out here in SVG user units; templates draw the shapes.

- ``component_strips``: each score component as a horizontal bar (the candidate's value)
  over the cohort's distribution of that component — a faint histogram of the cohort, its
  min–max whisker, the box from the lower to the upper quartile with the median, and a
  marker at the candidate's value, plus the component's pass gate.
- ``time_bars``: the time spent on each item, in the order the candidate saw them, against
  the expected pace and the "too fast" floor.
- ``kind_bars``: accuracy by item kind.

The cohort arrives binned (``CohortStats``: one grouped query counts each component's
values per twentieth of [0, 1]), so its quartiles are read from the bins by linear
interpolation: never more than one bin (0.05) from the exact ones. Minimum, maximum, mean
and the candidate's percentile rank are exact.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# A row as the selectors hand it over (a component, an item, a kind): keys per chart below.
Row = Mapping[str, Any]

BINS = 20

# --- The cohort's distribution of one component ----------------------------------------------


@dataclass(frozen=True, slots=True)
class CohortStats:
    """How one component is spread over the role's scored cohort."""

    n: int = 0
    low: float | None = None
    high: float | None = None
    mean: float | None = None
    bins: tuple[int, ...] = ()
    below: int | None = None  # cohort values strictly below the candidate's
    at_or_below: int | None = None  # cohort values at most the candidate's

    def quantile(self, q: float) -> float | None:
        """The ``q`` quantile (0–1) interpolated within the bins, kept inside [low, high]."""
        if not self.n or not self.bins or self.low is None or self.high is None:
            return None
        if not 0 <= q <= 1:
            raise ValueError("A quantile is between 0 and 1.")
        width = 1 / len(self.bins)
        target = q * self.n
        seen = 0
        value = self.high
        for index, count in enumerate(self.bins):
            if count and seen + count >= target:
                value = index * width + width * max(0.0, target - seen) / count
                break
            seen += count
        return min(max(value, self.low), self.high)

    @property
    def q1(self) -> float | None:
        return self.quantile(0.25)

    @property
    def median(self) -> float | None:
        return self.quantile(0.5)

    @property
    def q3(self) -> float | None:
        return self.quantile(0.75)

    @property
    def percentile(self) -> float | None:
        """The candidate's percentile rank in the cohort (ties count half), 0–100."""
        if not self.n or self.below is None or self.at_or_below is None:
            return None
        ties = max(0, self.at_or_below - self.below)
        return round(100 * (self.below + ties / 2) / self.n, 1)


# --- Component bars against the cohort ---------------------------------------------------------

STRIP_WIDTH = 640
STRIP_LABEL = 128  # the component's name, left of the plot
STRIP_VALUE = 64  # the candidate's value, right of the plot
STRIP_ROW = 46
STRIP_TOP = 8
STRIP_AXIS = 24


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Strip:
    name: str
    label: str
    value: float | None
    cohort: CohortStats
    top: float  # the row's top
    text_y: float  # baseline of the row's label and value
    bar: Rect | None  # the candidate's bar, from 0 to their value
    density: tuple[Rect, ...]  # the cohort's histogram, one column per non-empty bin
    whisker: tuple[float, float, float] | None  # x1, x2, y: min to max
    box: Rect | None  # lower to upper quartile
    median_x: float | None
    median_y1: float
    median_y2: float
    marker_x: float | None  # the candidate's value on the cohort strip
    marker_y1: float
    marker_y2: float
    gate: float | None
    gate_x: float | None
    passed: bool | None

    @property
    def value_text(self) -> str:
        return "—" if self.value is None else f"{self.value:.2f}"


@dataclass(frozen=True, slots=True)
class StripChart:
    width: int
    height: int
    left: float
    right: float
    axis_y: float
    strips: tuple[Strip, ...]
    ticks: tuple[tuple[float, str], ...]  # (x, label)
    cohort_size: int = 0

    @property
    def value_x(self) -> float:
        return self.right + 8


def _x(value: float, left: float, right: float) -> float:
    return round(left + (right - left) * min(max(float(value), 0.0), 1.0), 2)


def component_strips(
    rows: Sequence[Row],
    *,
    width: int = STRIP_WIDTH,
) -> StripChart:
    """One strip per row: ``{"name", "label", "value", "cohort": CohortStats,
    "minimum": gate or None, "passed": bool or None}`` in the order given."""
    left, right = float(STRIP_LABEL), float(width - STRIP_VALUE)
    strips = []
    for index, row in enumerate(rows):
        top = STRIP_TOP + index * STRIP_ROW
        value = row.get("value")
        cohort: CohortStats = row.get("cohort") or CohortStats()
        bar_y, bar_h = top + 4, 12.0
        band_y, band_h = top + 20, 16.0  # the cohort's strip under the bar
        bar = None
        if value is not None:
            bar = Rect(left, bar_y, round(_x(value, left, right) - left, 2), bar_h)
        density: list[Rect] = []
        if cohort.n and cohort.bins:
            tallest = max(cohort.bins) or 1
            slot = (right - left) / len(cohort.bins)
            for k, count in enumerate(cohort.bins):
                if not count:
                    continue
                height = round(band_h * count / tallest, 2)
                density.append(
                    Rect(round(left + k * slot, 2), round(band_y + band_h - height, 2),
                         round(slot, 2), height)
                )  # fmt: skip
        whisker = box = median_x = None
        if cohort.n and cohort.low is not None and cohort.high is not None:
            middle = band_y + band_h / 2
            whisker = (_x(cohort.low, left, right), _x(cohort.high, left, right), middle)
            q1, q3 = cohort.q1, cohort.q3
            if q1 is not None and q3 is not None:
                x1, x3 = _x(q1, left, right), _x(q3, left, right)
                box = Rect(x1, band_y + 3, round(max(x3 - x1, 1.0), 2), band_h - 6)
            if cohort.median is not None:
                median_x = _x(cohort.median, left, right)
        minimum = row.get("minimum")
        strips.append(
            Strip(
                name=row["name"],
                label=row["label"],
                value=value,
                cohort=cohort,
                top=top,
                text_y=top + 16,
                bar=bar,
                density=tuple(density),
                whisker=whisker,
                box=box,
                median_x=median_x,
                median_y1=band_y + 2,
                median_y2=band_y + band_h - 2,
                marker_x=None if value is None else _x(value, left, right),
                marker_y1=bar_y - 2,
                marker_y2=band_y + band_h + 2,
                gate=minimum,
                gate_x=None if minimum is None else _x(minimum, left, right),
                passed=row.get("passed"),
            )
        )
    axis_y = STRIP_TOP + len(strips) * STRIP_ROW
    ticks = tuple((_x(k / 4, left, right), f"{k / 4:g}") for k in range(5))
    return StripChart(
        width=width,
        height=int(axis_y + STRIP_AXIS),
        left=left,
        right=right,
        axis_y=axis_y,
        strips=tuple(strips),
        ticks=ticks,
        cohort_size=max((s.cohort.n for s in strips), default=0),
    )


# --- Time per item ----------------------------------------------------------------------------

TIME_WIDTH = 640
TIME_HEIGHT = 210
TIME_LEFT = 52
TIME_RIGHT = 12
TIME_TOP = 18
TIME_BOTTOM = 30
_STEPS = (5, 10, 15, 20, 30, 60, 90, 120, 180, 300, 600, 900, 1200, 1800, 3600)


def seconds_label(seconds: float) -> str:
    """``45 s``, ``2 min``, ``1 min 30 s``."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" if not rest else f"{minutes} min {rest:02d} s"


@dataclass(frozen=True, slots=True)
class TimeBar:
    number: int
    item: int
    label: str  # the tooltip
    seconds: float
    tone: str  # fast, full, part, none, unscored
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Line:
    y: float
    seconds: float
    label: str


@dataclass(frozen=True, slots=True)
class TimeChart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    bars: tuple[TimeBar, ...]
    y_ticks: tuple[tuple[float, str], ...]
    x_labels: tuple[tuple[float, str], ...]
    pace: Line | None
    floor: Line | None
    total_seconds: float = 0.0
    too_fast: int = 0
    clipped: int = 0  # bars taller than the axis, drawn to its top


def _tone(row: Row, floor_s: float | None) -> str:
    seconds = (row.get("time_ms") or 0) / 1000
    if "too fast" in (row.get("signals") or ()) or (floor_s and 0 < seconds < floor_s):
        return "fast"
    score = row.get("score")
    if score is None:
        return "unscored"
    if score >= 0.999:
        return "full"
    return "part" if score > 0 else "none"


def time_bars(
    rows: Sequence[Row],
    *,
    expected_items_per_hour: float | None,
    too_fast_ms: int | None = None,
    width: int = TIME_WIDTH,
    height: int = TIME_HEIGHT,
) -> TimeChart:
    """One bar per item row (``number``, ``item``, ``kind_label``, ``time_ms``, ``score``,
    ``signals``), in the order given, with the expected pace (seconds per item) as a line."""
    left, right = float(TIME_LEFT), float(width - TIME_RIGHT)
    top, bottom = float(TIME_TOP), float(height - TIME_BOTTOM)
    pace_s = 3600 / float(expected_items_per_hour) if expected_items_per_hour else None
    floor_s = too_fast_ms / 1000 if too_fast_ms else None
    seconds = [(row.get("time_ms") or 0) / 1000 for row in rows]
    # The axis reaches the slowest item or 1.5 × the pace, so the pace line always shows,
    # but one forgotten tab left open does not flatten every other bar: capped at 4 × pace.
    reach = max([*seconds, (pace_s or 0) * 1.5, 10.0])
    if pace_s:
        reach = min(reach, pace_s * 4)
    step = next((s for s in _STEPS if reach / s <= 4), _STEPS[-1])
    axis_top = step * math.ceil(reach / step)
    plot_h = bottom - top

    def y_of(value: float) -> float:
        return round(bottom - plot_h * min(value, axis_top) / axis_top, 2)

    n = len(rows)
    slot = (right - left) / n if n else 0
    gap = min(3.0, slot * 0.25)
    bars = []
    for index, (row, value) in enumerate(zip(rows, seconds, strict=True)):
        tone = _tone(row, floor_s)
        score = row.get("score")
        label = (
            f"Item {row.get('number')} ({row.get('kind_label', '')}): {seconds_label(value)}"
            + (f", score {score:.2f}" if score is not None else "")
            + (", too fast" if tone == "fast" else "")
        )
        y = y_of(value)
        bars.append(
            TimeBar(
                number=row.get("number", index + 1),
                item=row.get("item", 0),
                label=label,
                seconds=value,
                tone=tone,
                x=round(left + index * slot + gap / 2, 2),
                y=y,
                width=round(max(slot - gap, 1.0), 2),
                height=round(bottom - y, 2),
            )
        )
    every = 1 if n <= 20 else 5 if n <= 100 else 10
    x_labels = tuple(
        (round(bar.x + bar.width / 2, 2), str(bar.number))
        for bar in bars
        if bar.number == 1 or bar.number % every == 0
    )
    y_ticks = tuple(
        (y_of(k * step), seconds_label(k * step)) for k in range(int(axis_top // step) + 1)
    )
    return TimeChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        bars=tuple(bars),
        y_ticks=y_ticks,
        x_labels=x_labels,
        pace=Line(y_of(pace_s), pace_s, f"expected pace {seconds_label(pace_s)} per item")
        if pace_s and pace_s <= axis_top
        else None,
        floor=Line(y_of(floor_s), floor_s, f"too fast under {seconds_label(floor_s)}")
        if floor_s and floor_s <= axis_top
        else None,
        total_seconds=sum(seconds),
        too_fast=sum(1 for bar in bars if bar.tone == "fast"),
        clipped=sum(1 for value in seconds if value > axis_top),
    )


# --- Accuracy by item kind --------------------------------------------------------------------

KIND_WIDTH = 640
KIND_LABEL = 150
KIND_VALUE = 96
KIND_ROW = 26


@dataclass(frozen=True, slots=True)
class KindBar:
    kind: str
    label: str
    n: int
    mean: float | None
    y: float
    text_y: float
    width: float
    tone: str

    @property
    def value_text(self) -> str:
        mean = "—" if self.mean is None else f"{self.mean:.2f}"
        return f"{mean} · {self.n} item{'s' if self.n != 1 else ''}"


@dataclass(frozen=True, slots=True)
class KindChart:
    width: int
    height: int
    left: float
    right: float
    bars: tuple[KindBar, ...] = field(default_factory=tuple)

    @property
    def value_x(self) -> float:
        return self.right + 8

    @property
    def track_width(self) -> float:
        return round(self.right - self.left, 2)


def kind_bars(rows: Sequence[Row], *, width: int = KIND_WIDTH) -> KindChart:
    """One bar per kind row (``kind``, ``label``, ``n``, ``mean``), in the order given."""
    left, right = float(KIND_LABEL), float(width - KIND_VALUE)
    bars = []
    for index, row in enumerate(rows):
        mean = row.get("mean")
        y = 6 + index * KIND_ROW
        tone = (
            "none" if mean is None else "full" if mean >= 0.8 else "part" if mean > 0.5 else "low"
        )
        bars.append(
            KindBar(
                kind=row.get("kind", ""),
                label=row.get("label", ""),
                n=int(row.get("n") or 0),
                mean=mean,
                y=y,
                text_y=y + 13,
                width=0.0 if mean is None else round(_x(mean, left, right) - left, 2),
                tone=tone,
            )
        )
    return KindChart(
        width=width,
        height=int(12 + len(bars) * KIND_ROW),
        left=left,
        right=right,
        bars=tuple(bars),
    )
