"""Reads for the team's quality pages of a role: the quality board (trainers × measures,
open alerts first) and one trainer's timeline (each measure's weekly values with the
baseline, EWMA control limits and the success metric's threshold, as chart geometry, and
the rolling mean the threshold judges beside each weekly value).

Both start from ``quality.trainer_weeks`` and take their verdicts from ``alerts.judge``,
the function the beat raises alerts with (its parameters, and the fresh start after a
resolved or released alert), so a page shows what the beat judged. The board is a fixed
number of queries whatever the number of trainers.
"""

from dataclasses import dataclass, field

import numpy as np
from django.shortcuts import get_object_or_404

from assessments.audits.alerts import judge, monitored, role_alerts
from assessments.audits.quality import (
    MEASURE_HIGHER_IS_BETTER,
    MEASURE_LABELS,
    MEASURES,
    TrainerQuality,
    trainer_weeks,
)
from assessments.models import QualityAlert
from assessments.scoring.drift import INSUFFICIENT_DATA, THRESHOLD_WINDOW
from assessments.scoring.quality import trailing_observed_mean
from core.charts import ControlChart, control_chart
from hiring.models import Application, Role

RATES = frozenset(MEASURES) - {"turnaround_hours"}
STATUS_LABELS = {
    "ok": "Within baseline",
    "below_threshold": "Below threshold",
    "drifting": "Drifting",
    "insufficient_data": "Not enough weeks yet",
}


@dataclass(frozen=True)
class BoardCell:
    value: float | None  # the latest observed week's value
    status: str  # drift.OK, BELOW_THRESHOLD, DRIFTING or INSUFFICIENT_DATA


@dataclass
class BoardRow:
    trainer: TrainerQuality
    cells: list[BoardCell]
    alerts: list[QualityAlert] = field(default_factory=list)
    missed: int = 0


@dataclass
class Board:
    role: Role
    measures: list[tuple[str, str]]  # (measure, label), monitored ones
    thresholds: list[float | None]
    rows: list[BoardRow]
    weeks: int


def _nan_none(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _limit_from(limit: np.ndarray, start: int) -> list[float | None]:
    """A control limit per week, none before a fresh start (after a closed alert)."""
    return [None if week < start else _nan_none(v) for week, v in enumerate(limit)]


def _latest_value(trainer: TrainerQuality, measure: str) -> float | None:
    """The trainer's latest observed value of the measure (judged or from before a restart)."""
    return next((v for v in reversed(trainer.series(measure)) if v is not None), None)


def quality_board(*, role: Role) -> Board:
    """Every hired trainer of the role with their latest value and status per monitored
    measure; trainers with open alerts first, then by name."""
    quality = trainer_weeks(role=role)
    alerts = role_alerts(role)
    open_alerts: dict[int, list[QualityAlert]] = {}
    for alert in sorted(alerts, key=lambda alert: alert.raised_at, reverse=True):
        if alert.closed_at is None:
            open_alerts.setdefault(alert.application_id, []).append(alert)
    rows = [
        BoardRow(
            trainer=trainer,
            cells=[],
            alerts=open_alerts.get(trainer.application_id, []),
            missed=sum(week.state == "missed" for week in trainer.weeks),
        )
        for trainer in quality.trainers
    ]
    judgements = judge(quality, alerts)
    for judged in judgements:
        for index, row in enumerate(rows):
            status = str(judged.batch.status[index]) if quality.weeks else INSUFFICIENT_DATA
            row.cells.append(BoardCell(_latest_value(row.trainer, judged.measure), status))
    rows.sort(key=lambda row: (not row.alerts, row.trainer.name.lower()))
    return Board(
        role=role,
        measures=[(judged.measure, MEASURE_LABELS[judged.measure]) for judged in judgements],
        thresholds=[_nan_none(judged.threshold) for judged in judgements],
        rows=rows,
        weeks=len(quality.weeks),
    )


@dataclass(frozen=True)
class TimelineLine:
    measure: str
    label: str
    status: str
    status_label: str
    threshold: float | None
    baseline: float | None
    upper: list[float | None]  # EWMA control limits per week
    lower: list[float | None]
    signals: list[bool]
    chart: ControlChart
    # Per week: the mean of the last THRESHOLD_WINDOW observed weeks, the value the
    # threshold judges (None in a missed week and before the window is full).
    rolling: list[float | None]
    weeks: list[tuple[str, float | None, float | None]]  # (label, weekly value, rolling)

    @property
    def latest(self) -> tuple[str, float | None, float | None] | None:
        """The latest week with a value: (label, weekly value, rolling mean)."""
        return next((week for week in reversed(self.weeks) if week[1] is not None), None)


@dataclass
class Timeline:
    role: Role
    application: Application
    trainer: TrainerQuality
    lines: list[TimelineLine]
    alerts: list[QualityAlert]
    window: int = THRESHOLD_WINDOW  # weeks in the rolling mean the threshold judges


def trainer_timeline(*, role: Role, application_id: int) -> Timeline:
    """One hired trainer of the role (404 otherwise) with a control chart per measure."""
    application = get_object_or_404(
        Application.objects.select_related("candidate"),
        role=role,
        pk=application_id,
        stage=Application.Stage.HIRED,
    )
    quality = trainer_weeks(application=application)
    trainer = quality.trainers[0]
    alerts = list(QualityAlert.objects.filter(application=application).order_by("-raised_at"))
    judged = {measure: (threshold, higher) for measure, threshold, higher in monitored(quality)}
    measures = [
        (measure, *judged.get(measure, (np.nan, MEASURE_HIGHER_IS_BETTER[measure])))
        for measure in MEASURES
        if quality.weeks and any(value is not None for value in trainer.series(measure))
    ]
    labels = [week.strftime("%-d %b") for week in quality.weeks]
    lines = []
    for judgement in judge(quality, alerts, measures):
        measure, threshold, batch = judgement.measure, judgement.threshold, judgement.batch
        start = int(judgement.start[0])
        ewma = batch.ewma
        adverse = ewma.signal_down if judgement.higher_is_better else ewma.signal_up
        signals = (adverse | batch.breach)[0]
        upper = _limit_from(ewma.upper_limit[0], start)
        lower = _limit_from(ewma.lower_limit[0], start)
        flags = [bool(v) for v in signals]
        # Before a fresh start the rolling mean is the series' own (the old episode's).
        before = trailing_observed_mean(trainer.array(measure)[:start], THRESHOLD_WINDOW)
        rolling = [_nan_none(v) for v in [*before, *batch.rolling[0][start:]]]
        baseline = _nan_none(batch.baseline.mean[0])
        chart = control_chart(
            trainer.series(measure),
            labels,
            center=baseline,
            upper=upper,
            lower=lower,
            threshold=_nan_none(threshold),
            signals=flags,
            missed_weeks=[week.state in ("missed", "none") for week in trainer.weeks],
            unit_interval=measure in RATES,
        )
        status = str(batch.status[0])
        lines.append(
            TimelineLine(
                measure=measure,
                label=MEASURE_LABELS[measure],
                status=status,
                status_label=STATUS_LABELS[status],
                threshold=_nan_none(threshold),
                baseline=baseline,
                upper=upper,
                lower=lower,
                signals=flags,
                chart=chart,
                rolling=rolling,
                weeks=list(zip(labels, trainer.series(measure), rolling, strict=True)),
            )
        )
    return Timeline(role=role, application=application, trainer=trainer, lines=lines, alerts=alerts)
