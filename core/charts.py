"""Chart geometry for server-side SVG, laid out here in SVG user units; templates draw the
shapes. Pure: no Django, no ORM, no JavaScript, no CDN.

- ``histogram`` (the results pages): scores in [0, 1] binned; each bar is split into the
  attempts that passed every gate (drawn at the bottom) and those that failed one (stacked
  on top), so the chart answers both "how are scores spread" and "where do the failures
  sit".
- ``component_strips`` (candidate detail and compare): each score component as a horizontal
  bar (the candidate's value) over the cohort's distribution of that component — a faint
  histogram of the cohort, its min–max whisker, the box from the lower to the upper
  quartile with the median, and a marker at the candidate's value, plus the component's
  pass gate.
- ``time_bars`` (candidate detail): the time spent on each item, in the order the candidate
  saw them, against the expected pace and the "too fast" floor.
- ``kind_bars`` (candidate detail): accuracy by item kind.
- ``interval_rows`` (validity table): each component's correlation with the 90-day outcome
  as a dot on a −1…1 axis with its confidence interval as a line, and a line at zero.
- ``week_bars`` (90-day report): a success metric's weekly values as bars toned by
  whether each week meets the target, with the target as a line; missed weeks a stub.

The cohort arrives binned (``CohortStats``: one grouped query counts each component's
values per twentieth of [0, 1]), so its quartiles are read from the bins by linear
interpolation: never more than one bin (0.05) from the exact ones. Minimum, maximum, mean
and the candidate's percentile rank are exact.
"""

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# A row as the selectors hand it over (a component, an item, a kind): keys per chart below.
Row = Mapping[str, Any]
ScoreText = Callable[[float | None], str]  # a score (0–1) in words


def _x(value: float, left: float, right: float) -> float:
    """Where ``value`` in [0, 1] (clamped) sits between ``left`` and ``right``."""
    return round(left + (right - left) * min(max(float(value), 0.0), 1.0), 2)


# --- Score histogram (results pages) ---------------------------------------------------------

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
        return f"{self.lower * 100:.0f}–{self.upper * 100:.0f}%"


@dataclass(frozen=True, slots=True)
class Tick:
    at: float  # x or y in user units
    label: str
    value: float | None = None  # the axis value, for a template that writes it its own way


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
        Tick(at=round(left + plot_width * k / 5, 2), label=f"{k * 20}%") for k in range(6)
    )
    y_ticks = tuple(Tick(at=round(y_of(t), 2), label=str(t)) for t in ticks)
    gate = None
    if marker is not None:
        gate = Marker(
            value=float(marker),
            x=_x(marker, left, right),
            label=marker_label,
            anchor="end" if min(max(float(marker), 0.0), 1.0) > 0.6 else "start",
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


# --- Candidate detail and compare -----------------------------------------------------------

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


def _density(
    cohort: CohortStats, left: float, right: float, y: float, h: float
) -> tuple[Rect, ...]:
    """The cohort's histogram in the band at ``y`` of height ``h``: one column per
    non-empty bin, the tallest bin filling the band."""
    if not cohort.n or not cohort.bins:
        return ()
    tallest = max(cohort.bins) or 1
    slot = (right - left) / len(cohort.bins)
    columns = []
    for k, count in enumerate(cohort.bins):
        if count:
            height = round(h * count / tallest, 2)
            columns.append(Rect(round(left + k * slot, 2), round(y + h - height, 2),
                                round(slot, 2), height))  # fmt: skip
    return tuple(columns)


def _box_plot(
    cohort: CohortStats, left: float, right: float, y: float, h: float
) -> tuple[tuple[float, float, float] | None, Rect | None, float | None]:
    """(whisker, box, median x) of the cohort in the band at ``y`` of height ``h``."""
    if not cohort.n or cohort.low is None or cohort.high is None:
        return None, None, None
    whisker = (_x(cohort.low, left, right), _x(cohort.high, left, right), y + h / 2)
    box = None
    q1, q3 = cohort.q1, cohort.q3
    if q1 is not None and q3 is not None:
        x1, x3 = _x(q1, left, right), _x(q3, left, right)
        box = Rect(x1, y + 3, round(max(x3 - x1, 1.0), 2), h - 6)
    median = cohort.median
    return whisker, box, None if median is None else _x(median, left, right)


def _strip(row: Row, top: float, left: float, right: float) -> Strip:
    """One component's row: the candidate's bar over the cohort's band."""
    value = row.get("value")
    cohort: CohortStats = row.get("cohort") or CohortStats()
    bar_y, bar_h = top + 4, 12.0
    band_y, band_h = top + 20, 16.0  # the cohort's strip under the bar
    bar = None
    if value is not None:
        bar = Rect(left, bar_y, round(_x(value, left, right) - left, 2), bar_h)
    whisker, box, median_x = _box_plot(cohort, left, right, band_y, band_h)
    minimum = row.get("minimum")
    return Strip(
        name=row["name"],
        label=row["label"],
        value=value,
        cohort=cohort,
        top=top,
        text_y=top + 16,
        bar=bar,
        density=_density(cohort, left, right, band_y, band_h),
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


def component_strips(
    rows: Sequence[Row],
    *,
    width: int = STRIP_WIDTH,
) -> StripChart:
    """One strip per row: ``{"name", "label", "value", "cohort": CohortStats,
    "minimum": gate or None, "passed": bool or None}`` in the order given."""
    left, right = float(STRIP_LABEL), float(width - STRIP_VALUE)
    strips = tuple(
        _strip(row, STRIP_TOP + index * STRIP_ROW, left, right) for index, row in enumerate(rows)
    )
    axis_y = STRIP_TOP + len(strips) * STRIP_ROW
    ticks = tuple((_x(k / 4, left, right), f"{k * 25}%") for k in range(5))
    return StripChart(
        width=width,
        height=int(axis_y + STRIP_AXIS),
        left=left,
        right=right,
        axis_y=axis_y,
        strips=strips,
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


def _time_axis(seconds: Sequence[float], pace_s: float | None) -> tuple[int, int]:
    """(step, top) of the seconds axis. It reaches the slowest item or 1.5 × the pace, so
    the pace line always shows, but one forgotten tab left open does not flatten every other
    bar: capped at 4 × pace."""
    reach = max([*seconds, (pace_s or 0) * 1.5, 10.0])
    if pace_s:
        reach = min(reach, pace_s * 4)
    step = next((s for s in _STEPS if reach / s <= 4), _STEPS[-1])
    return step, step * math.ceil(reach / step)


def _time_label(row: Row, seconds: float, tone: str, score_text: ScoreText | None) -> str:
    """The bar's tooltip: item, kind, time, score and whether it was too fast."""
    score = row.get("score")
    return (
        f"Item {row.get('number')} ({row.get('kind_label', '')}): {seconds_label(seconds)}"
        + (f", score {score_text(score)}" if score is not None and score_text else "")
        + (", too fast" if tone == "fast" else "")
    )


def _x_labels(bars: Sequence[TimeBar]) -> tuple[tuple[float, str], ...]:
    """Item numbers under the bars: every one up to 20 items, then every 5th or 10th."""
    every = 1 if len(bars) <= 20 else 5 if len(bars) <= 100 else 10
    return tuple(
        (round(bar.x + bar.width / 2, 2), str(bar.number))
        for bar in bars
        if bar.number == 1 or bar.number % every == 0
    )


def _time_line(seconds: float | None, axis_top: int, y: float, label: str) -> Line | None:
    """A horizontal line at ``seconds`` if there is one and it fits under the axis top."""
    if not seconds or seconds > axis_top:
        return None
    return Line(y, seconds, label)


def time_bars(
    rows: Sequence[Row],
    *,
    expected_items_per_hour: float | None,
    too_fast_ms: int | None = None,
    width: int = TIME_WIDTH,
    height: int = TIME_HEIGHT,
    score_text: ScoreText | None = None,
) -> TimeChart:
    """One bar per item row (``number``, ``item``, ``kind_label``, ``time_ms``, ``score``,
    ``signals``), in the order given, with the expected pace (seconds per item) as a line.
    ``score_text`` says a row's score in the tooltips (the pages pass the one score reading,
    ``assessments.results.display.score_text``); without it the tooltips name no score."""
    left, right = float(TIME_LEFT), float(width - TIME_RIGHT)
    top, bottom = float(TIME_TOP), float(height - TIME_BOTTOM)
    pace_s = 3600 / float(expected_items_per_hour) if expected_items_per_hour else None
    floor_s = too_fast_ms / 1000 if too_fast_ms else None
    seconds = [(row.get("time_ms") or 0) / 1000 for row in rows]
    step, axis_top = _time_axis(seconds, pace_s)

    def y_of(value: float) -> float:
        return round(bottom - (bottom - top) * min(value, axis_top) / axis_top, 2)

    slot = (right - left) / len(rows) if rows else 0
    gap = min(3.0, slot * 0.25)
    bars = []
    for index, (row, value) in enumerate(zip(rows, seconds, strict=True)):
        tone = _tone(row, floor_s)
        y = y_of(value)
        bars.append(
            TimeBar(
                number=row.get("number", index + 1),
                item=row.get("item", 0),
                label=_time_label(row, value, tone, score_text),
                seconds=value,
                tone=tone,
                x=round(left + index * slot + gap / 2, 2),
                y=y,
                width=round(max(slot - gap, 1.0), 2),
                height=round(bottom - y, 2),
            )
        )
    y_ticks = tuple(
        (y_of(k * step), seconds_label(k * step)) for k in range(int(axis_top // step) + 1)
    )
    pace_label = f"expected pace {seconds_label(pace_s)} per item" if pace_s else ""
    floor_label = f"too fast under {seconds_label(floor_s)}" if floor_s else ""
    return TimeChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        bars=tuple(bars),
        y_ticks=y_ticks,
        x_labels=_x_labels(bars),
        pace=_time_line(pace_s, axis_top, y_of(pace_s or 0), pace_label),
        floor=_time_line(floor_s, axis_top, y_of(floor_s or 0), floor_label),
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


# --- Correlation intervals (validity table) ----------------------------------------------

INTERVAL_WIDTH = 640
INTERVAL_LABEL = 128
INTERVAL_VALUE = 150
INTERVAL_ROW = 28
INTERVAL_TOP = 8
INTERVAL_AXIS = 24


@dataclass(frozen=True, slots=True)
class IntervalRow:
    name: str
    label: str
    y: float  # the row's centre line
    text_y: float
    dot_x: float | None  # r; None where undefined
    low_x: float | None  # the interval; None where undefined
    high_x: float | None
    value_text: str


@dataclass(frozen=True, slots=True)
class IntervalChart:
    width: int
    height: int
    left: float
    right: float
    zero_x: float
    axis_y: float
    rows: tuple[IntervalRow, ...]
    ticks: tuple[tuple[float, str], ...]

    @property
    def value_x(self) -> float:
        return self.right + 10


def _r_x(value: float, left: float, right: float) -> float:
    """Where a correlation in [−1, 1] sits between ``left`` and ``right``."""
    return _x((float(value) + 1) / 2, left, right)


def interval_rows(rows: Sequence[Row], *, width: int = INTERVAL_WIDTH) -> IntervalChart:
    """Rows with ``name``, ``label``, ``r`` (or None) and ``ci`` (a (low, high) pair or
    None): one line each, dot at r, the interval as a line, on a −1…1 axis."""
    left, right = float(INTERVAL_LABEL), float(width - INTERVAL_VALUE)
    drawn = []
    for i, row in enumerate(rows):
        y = INTERVAL_TOP + i * INTERVAL_ROW + INTERVAL_ROW / 2
        r, ci = row.get("r"), row.get("ci")
        drawn.append(
            IntervalRow(
                name=str(row["name"]),
                label=str(row["label"]),
                y=y,
                text_y=y + 4,
                dot_x=None if r is None else _r_x(r, left, right),
                low_x=None if ci is None else _r_x(ci[0], left, right),
                high_x=None if ci is None else _r_x(ci[1], left, right),
                value_text=(
                    "—"
                    if r is None
                    else f"{r:.2f}" + ("" if ci is None else f" [{ci[0]:.2f}, {ci[1]:.2f}]")
                ),
            )
        )
    axis_y = INTERVAL_TOP + len(drawn) * INTERVAL_ROW
    ticks = tuple((_r_x(v, left, right), f"{v:g}") for v in (-1, -0.5, 0, 0.5, 1))
    return IntervalChart(
        width=width,
        height=int(axis_y + INTERVAL_AXIS),
        left=left,
        right=right,
        zero_x=_r_x(0, left, right),
        axis_y=axis_y,
        rows=tuple(drawn),
        ticks=ticks,
    )


# --- Weekly values against a target (90-day report) -------------------------------------

WEEK_WIDTH = 560
WEEK_HEIGHT = 150
WEEK_LEFT = 44
WEEK_RIGHT = 10
WEEK_TOP = 12
WEEK_BOTTOM = 26
WEEK_GAP = 4


@dataclass(frozen=True, slots=True)
class WeekBar:
    number: int  # 1-based week of the hire
    label: str  # the tooltip
    met: bool | None  # None for a missed week
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class WeekChart:
    width: int
    height: int
    left: float
    right: float
    axis_y: float
    bars: tuple[WeekBar, ...]
    target_y: float | None
    target_label: str
    y_ticks: tuple[tuple[float, str], ...]


def _number_label(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) < 10 else f"{value:.0f}"


def week_bars(
    values: Sequence[float | None],
    *,
    target: float | None,
    higher_is_better: bool = True,
    text: Callable[[float], str] = _number_label,
    width: int = WEEK_WIDTH,
) -> WeekChart:
    """One bar per week from 0 to the week's value (``None``: a missed week, a short grey
    stub), toned by whether it meets ``target`` in the metric's direction, and the target
    as a line. Values, the target and the axis are written by ``text`` (the measure's
    own format: "95%", "0.62", "30.0 h")."""
    known = [v for v in values if v is not None]
    top = max([*known, target or 0.0, 1e-9]) * 1.1
    if top <= 1.1 and all(0 <= v <= 1 for v in known) and (target is None or target <= 1):
        top = 1.0
    left, right = float(WEEK_LEFT), float(width - WEEK_RIGHT)
    axis_y = float(WEEK_HEIGHT - WEEK_BOTTOM)
    plot = axis_y - WEEK_TOP
    slot = (right - left) / max(len(values), 1)
    bars = []
    for i, value in enumerate(values):
        shown = "missed" if value is None else text(value)
        if value is None or target is None:
            met = None
        else:
            met = value >= target if higher_is_better else value <= target
        height = 3.0 if value is None else round(plot * min(max(value, 0.0), top) / top, 2)
        bars.append(
            WeekBar(
                number=i + 1,
                label=f"Week {i + 1}: {shown}",
                met=met,
                x=round(left + i * slot + WEEK_GAP / 2, 2),
                y=round(axis_y - height, 2),
                width=round(max(slot - WEEK_GAP, 1.0), 2),
                height=height,
            )
        )
    target_y = None if target is None else round(axis_y - plot * min(target, top) / top, 2)
    ticks = tuple((round(axis_y - plot * f, 2), text(top * f)) for f in (0.0, 0.5, 1.0))
    return WeekChart(
        width=width,
        height=WEEK_HEIGHT,
        left=left,
        right=right,
        axis_y=axis_y,
        bars=tuple(bars),
        target_y=target_y,
        target_label="" if target is None else f"target {text(target)}",
        y_ticks=ticks,
    )


# --- Control chart (trainer timeline) ----------------------------------------------------------

CONTROL_WIDTH = 560
CONTROL_HEIGHT = 200


@dataclass(frozen=True, slots=True)
class ControlPoint:
    x: float
    y: float
    value: float
    label: str  # the week
    signal: bool  # outside the control limits (or past the threshold) in the adverse direction


@dataclass(frozen=True, slots=True)
class ControlChart:
    """A weekly series with its baseline (centre line), control limits and threshold, laid
    out as polylines; a missed week breaks the series' line and is listed in ``missed``."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    points: tuple[ControlPoint, ...]
    segments: tuple[str, ...]  # the series' polylines, split at missed weeks
    missed: tuple[Tick, ...]  # x of each missed week
    upper: str  # polyline of the upper control limit ("" without)
    lower: str
    center: float | None  # y of the baseline
    threshold: float | None  # y of the success metric's target
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]


def _finite(values: Iterable[float | None]) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(v)]


def control_chart(
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    center: float | None = None,
    upper: Sequence[float | None] = (),
    lower: Sequence[float | None] = (),
    threshold: float | None = None,
    signals: Sequence[bool] = (),
    missed_weeks: Sequence[bool] | None = None,
    unit_interval: bool = True,
    width: int = CONTROL_WIDTH,
    height: int = CONTROL_HEIGHT,
) -> ControlChart:
    """Geometry of one measure's weekly series (None or NaN: a missed week) with its
    baseline, limits per week and threshold. A gap is marked missed (×) unless
    ``missed_weeks`` says the week had a batch that just lacks this measure. Rates
    (``unit_interval``) use the axis [0, 1], reaching below 0 for a negative value (an
    agreement); other measures (hours) run from 0 to a little over their largest value."""
    if len(labels) != len(values):
        raise ValueError("One label per week.")
    # The right margin holds half of the last week's label ("30 Nov"), centred on its point.
    left, right, top, bottom = 40.0, float(width - 24), 14.0, float(height - 30)
    everything = _finite([*values, *upper, *lower, center, threshold])
    # Agreement (Krippendorff's alpha) can fall below zero: a rate's axis then reaches down
    # to the next quarter under the lowest value (half, below -0.5), never past -1.
    lowest = min(everything, default=0.0)
    tick_step = 0.25 if lowest >= -0.5 else 0.5
    if unit_interval:
        lo, hi = max(-1.0, min(0.0, math.floor(lowest / tick_step) * tick_step)), 1.0
    else:
        lo, hi = 0.0, max(everything, default=1.0) * 1.1 or 1.0

    def y(value: float) -> float:
        share = (min(max(value, lo), hi) - lo) / (hi - lo)
        return round(bottom - (bottom - top) * share, 2)

    count = len(values)
    step = (right - left) / max(count - 1, 1)

    def x(index: int) -> float:
        return round(left + step * index if count > 1 else (left + right) / 2, 2)

    points: list[ControlPoint] = []
    missed: list[Tick] = []
    segments: list[str] = []
    current: list[str] = []
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        if value is None or not math.isfinite(value):
            if missed_weeks is None or missed_weeks[index]:
                missed.append(Tick(x(index), label))
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        flagged = bool(signals[index]) if index < len(signals) else False
        points.append(ControlPoint(x(index), y(value), float(value), label, flagged))
        current.append(f"{x(index)},{y(value)}")
    if current:
        segments.append(" ".join(current))

    def limit(line: Sequence[float | None]) -> str:
        return " ".join(
            f"{x(i)},{y(v)}" for i, v in enumerate(line) if v is not None and math.isfinite(v)
        )

    if lo < 0:  # every step from lo to 1, so 0 and 1 are ticks
        ticks = [lo + tick_step * i for i in range(round((hi - lo) / tick_step) + 1)]
    else:
        ticks = [lo + (hi - lo) * share for share in (0, 0.25, 0.5, 0.75, 1)]
    every = max(1, math.ceil(count / 8))
    return ControlChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        points=tuple(points),
        segments=tuple(segments),
        missed=tuple(missed),
        upper=limit(upper),
        lower=limit(lower),
        center=None if center is None or not math.isfinite(center) else y(center),
        threshold=None if threshold is None or not math.isfinite(threshold) else y(threshold),
        y_ticks=tuple(Tick(y(t), _number_label(t), t) for t in ticks),
        x_ticks=tuple(Tick(x(i), labels[i]) for i in range(0, count, every)),
    )
