"""The 90-day report of each hire of a role, their outcome, and how well calibration
predicted it.

A hire's first 90 days are their first ``OUTCOME_WEEKS`` (13) weeks from the week of
their first audit batch. Each of the role's success metrics is judged on its weekly
measure (``quality.METRIC_MEASURE``, read by ``quality.trainer_weeks``); its 90-day value
is the mean over the observed weeks (``scoring.quality.window_mean``: a missed week is
left out, never a zero). A role without success metrics is judged on accuracy vs gold.

The 90-day report (``ninety_day_reports``, ``ninety_day_report``) shows each metric's
target against that value, met or not in the metric's direction (``quality.meets_target``
on ``quality.metric_threshold``; not judged when the target's units do not compare), and
the weeks.

The outcome combines the metrics as ``validity.combined_outcome`` documents (z-scores
across the hires, turned so higher is better, averaged). Each calibration component of
the hire's current calibration score report (and the composite) is then set against it
with ``validity.validity_table``.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial

import numpy as np
from django.shortcuts import get_object_or_404

from assessments.audits.quality import (
    METRIC_MEASURE,
    MetricTarget,
    TrainerQuality,
    measure_text,
    trainer_weeks,
)
from assessments.models import Attempt, Audit, ScoreReport
from assessments.scoring import validity
from assessments.scoring.components import COMPONENTS
from assessments.scoring.quality import meets_target, window_mean
from assessments.scoring.selectors import weights_by_role
from core.charts import WeekChart, week_bars
from hiring.models import Application, Role, SuccessMetric

OUTCOME_WEEKS = 13
PREDICTORS = (*COMPONENTS, "composite")


@dataclass(frozen=True)
class RoleValidity:
    """The validity table of a role: one row per calibration component, in ``PREDICTORS``
    order, the hires it rests on and the composite weights (current and suggested)."""

    hires: int  # hired trainers of the role
    with_outcome: int  # of them, with a measured 90-day outcome
    metrics: tuple[str, ...]  # the success metric kinds the outcome combines
    rows: tuple[validity.Validity, ...]
    weights: dict[str, float]
    suggested: dict[str, float] | None
    min_hires: int


def calibration_scores(application_ids: list[int]) -> dict[int, dict[str, float | None]]:
    """Each hire's components and composite from their latest scored calibration attempt."""
    rows = (
        ScoreReport.objects.filter(
            is_current=True,
            attempt__application_id__in=application_ids,
            attempt__purpose=Attempt.Purpose.CALIBRATION,
        )
        .order_by("attempt__application_id", "attempt__submitted_at", "pk")
        .values_list("attempt__application_id", "components", "composite")
    )
    found: dict[int, dict[str, float | None]] = {}
    for application_id, components, composite in rows:  # later attempts overwrite
        found[application_id] = {**(components or {}), "composite": composite}
    return found


def first_days(trainer: TrainerQuality, measure: str) -> float:
    """The trainer's mean of ``measure`` over their first ``OUTCOME_WEEKS`` weeks, NaN when
    none was observed. The role's weeks before the trainer's first batch do not count."""
    started = [i for i, week in enumerate(trainer.weeks) if week.state != "none"]
    if not started:
        return float("nan")
    first = started[0]
    return float(window_mean(trainer.array(measure), first, first + OUTCOME_WEEKS))


def role_validity(*, role: Role, min_hires: int = validity.MIN_HIRES) -> RoleValidity:
    """How well each calibration component predicted the role's hires' 90-day outcome."""
    quality = trainer_weeks(role=role)
    metrics = [(metric.kind, metric.higher_is_better) for metric in quality.metrics] or [
        (SuccessMetric.Kind.ACCURACY.value, True)
    ]
    measured = {
        kind: [first_days(trainer, METRIC_MEASURE[kind]) for trainer in quality.trainers]
        for kind, _ in metrics
    }
    outcome = validity.combined_outcome(measured, dict(metrics))
    hired = [trainer.application_id for trainer in quality.trainers]
    scores = calibration_scores(hired)
    table = validity.validity_table(
        {name: [scores.get(pk, {}).get(name) for pk in hired] for name in PREDICTORS},
        outcome,
        min_hires=min_hires,
    )
    return RoleValidity(
        hires=len(hired),
        with_outcome=int((~np.isnan(outcome)).sum()),
        metrics=tuple(kind for kind, _ in metrics),
        rows=tuple(table[name] for name in PREDICTORS),
        weights=weights_by_role([role.pk])[role.pk],
        suggested=validity.suggested_weights(table),
        min_hires=min_hires,
    )


@dataclass(frozen=True)
class MetricOutcome:
    """One success metric of one hire over their first 90 days."""

    kind: str
    label: str
    measure: str
    target: Decimal
    unit: str
    direction: str  # "at least" / "at most"
    threshold: float | None  # the target in the measure's units
    higher_is_better: bool
    measured: float | None  # the mean over the observed weeks, in the measure's units
    met: bool | None  # None: unmeasured, or the target's units do not compare
    weekly: tuple[float | None, ...]  # the first 90 days' weeks, None for a missed one

    def chart(self) -> WeekChart:
        """The weeks as bars against the target (``core.charts.week_bars``), written as the
        measure is everywhere after the hire (``quality.measure_text``)."""
        return week_bars(
            self.weekly,
            target=self.threshold,
            higher_is_better=self.higher_is_better,
            text=partial(measure_text, self.measure),
        )

    @property
    def measured_text(self) -> str:
        return measure_text(self.measure, self.measured)


@dataclass(frozen=True)
class HireOutcome:
    application_id: int
    name: str
    email: str
    weeks: tuple[date, ...]  # the first 90 days' weeks (13 at most)
    submitted: int
    missed: int
    metrics: tuple[MetricOutcome, ...]

    @property
    def met(self) -> int:
        return sum(metric.met is True for metric in self.metrics)

    @property
    def judged(self) -> int:
        return sum(metric.met is not None for metric in self.metrics)


def hire_outcome(trainer: TrainerQuality, targets: list[MetricTarget]) -> HireOutcome:
    """One trainer's 90-day report from their weeks (``trainer_weeks``) and the targets."""
    started = [i for i, week in enumerate(trainer.weeks) if week.state != "none"]
    first = started[0] if started else len(trainer.weeks)
    weeks = trainer.weeks[first : first + OUTCOME_WEEKS]
    metrics = []
    for target in targets:
        weekly = tuple(week.value(target.measure) for week in weeks)
        measured = first_days(trainer, target.measure)
        value = None if np.isnan(measured) else measured
        metrics.append(
            MetricOutcome(
                kind=target.kind,
                label=target.label,
                measure=target.measure,
                target=target.target,
                unit=target.unit,
                direction="at least" if target.higher_is_better else "at most",
                threshold=target.threshold,
                higher_is_better=target.higher_is_better,
                measured=value,
                met=None
                if target.threshold is None
                else meets_target(
                    value, target.threshold, higher_is_better=target.higher_is_better
                ),
                weekly=weekly,
            )
        )
    return HireOutcome(
        application_id=trainer.application_id,
        name=trainer.name,
        email=trainer.email,
        weeks=tuple(week.week_starting for week in weeks),
        submitted=sum(week.state == Audit.State.SUBMITTED for week in weeks),
        missed=sum(week.state == Audit.State.MISSED for week in weeks),
        metrics=tuple(metrics),
    )


def ninety_day_reports(*, role: Role) -> list[HireOutcome]:
    """Every hire of the role with each success metric's target against their first 90
    days: the measured value, met or not (in the metric's direction), and the weeks."""
    quality = trainer_weeks(role=role)
    return [hire_outcome(trainer, quality.metrics) for trainer in quality.trainers]


def ninety_day_report(*, role: Role, application_id: int) -> HireOutcome:
    """One hire's 90-day report; 404 unless the application is a hire of the role."""
    application = get_object_or_404(
        Application.objects.select_related("candidate"),
        pk=application_id,
        role=role,
        stage=Application.Stage.HIRED,
    )
    quality = trainer_weeks(application=application)
    return hire_outcome(quality.trainers[0], quality.metrics)
