"""Reads for the team's quality pages of a role: the quality board (trainers × measures,
open alerts first) and one trainer's timeline (each measure's weekly values with the
baseline, EWMA control limits and the success metric's threshold, as chart geometry).

Both start from ``quality.trainer_weeks`` and chart with ``alerts.drift_of`` (the
parameters the alerts use), so a page shows what the beat judged. The board is a fixed
number of queries whatever the number of trainers.
"""

from dataclasses import dataclass, field

import numpy as np
from django.shortcuts import get_object_or_404

from assessments.audits.alerts import drift_of, monitored
from assessments.audits.quality import (
    MEASURE_HIGHER_IS_BETTER,
    MEASURE_LABELS,
    MEASURES,
    TrainerQuality,
    trainer_weeks,
)
from assessments.models import QualityAlert
from assessments.scoring.drift import INSUFFICIENT_DATA
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


def _open_alerts(role: Role) -> dict[int, list[QualityAlert]]:
    out: dict[int, list[QualityAlert]] = {}
    for alert in QualityAlert.objects.filter(role=role, closed_at__isnull=True).order_by(
        "-raised_at"
    ):
        out.setdefault(alert.application_id, []).append(alert)
    return out


def quality_board(*, role: Role) -> Board:
    """Every hired trainer of the role with their latest value and status per monitored
    measure; trainers with open alerts first, then by name."""
    quality = trainer_weeks(role=role)
    measures = monitored(quality)
    alerts = _open_alerts(role)
    rows = [
        BoardRow(
            trainer=trainer,
            cells=[],
            alerts=alerts.get(trainer.application_id, []),
            missed=sum(week.state == "missed" for week in trainer.weeks),
        )
        for trainer in quality.trainers
    ]
    for measure, threshold, higher in measures:
        if not rows or not quality.weeks:
            for row in rows:
                row.cells.append(BoardCell(None, INSUFFICIENT_DATA))
            continue
        batch = drift_of(quality.trainers, measure, threshold, higher)
        for index, row in enumerate(rows):
            verdict = batch.assessment(index)
            row.cells.append(BoardCell(verdict.latest_value, verdict.status))
    rows.sort(key=lambda row: (not row.alerts, row.trainer.name.lower()))
    return Board(
        role=role,
        measures=[(measure, MEASURE_LABELS[measure]) for measure, _, _ in measures],
        thresholds=[None if np.isnan(t) else t for _, t, _ in measures],
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


@dataclass
class Timeline:
    role: Role
    application: Application
    trainer: TrainerQuality
    lines: list[TimelineLine]
    alerts: list[QualityAlert]


def _nan_none(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


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
    judged = {measure: (threshold, higher) for measure, threshold, higher in monitored(quality)}
    labels = [week.strftime("%-d %b") for week in quality.weeks]
    lines = []
    for measure in MEASURES:
        threshold, higher = judged.get(measure, (np.nan, MEASURE_HIGHER_IS_BETTER[measure]))
        series = trainer.series(measure)
        if not quality.weeks or all(value is None for value in series):
            continue
        batch = drift_of([trainer], measure, threshold, higher)
        ewma = batch.ewma
        adverse = ewma.signal_down if higher else ewma.signal_up
        signals = (adverse | batch.breach)[0]
        upper = [_nan_none(v) for v in ewma.upper_limit[0]]
        lower = [_nan_none(v) for v in ewma.lower_limit[0]]
        flags = [bool(v) for v in signals]
        baseline = _nan_none(batch.baseline.mean[0])
        chart = control_chart(
            series,
            labels,
            center=baseline,
            upper=upper,
            lower=lower,
            threshold=_nan_none(threshold),
            signals=flags,
            missed_weeks=[week.state in ("missed", "none") for week in trainer.weeks],
            unit_interval=measure in RATES,
        )
        lines.append(
            TimelineLine(
                measure=measure,
                label=MEASURE_LABELS[measure],
                status=str(batch.status[0]),
                status_label=STATUS_LABELS[str(batch.status[0])],
                threshold=_nan_none(threshold),
                baseline=baseline,
                upper=upper,
                lower=lower,
                signals=flags,
                chart=chart,
            )
        )
    alerts = list(QualityAlert.objects.filter(application=application).order_by("-raised_at"))
    return Timeline(role=role, application=application, trainer=trainer, lines=lines, alerts=alerts)
