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

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

import numpy as np
from django.shortcuts import get_object_or_404

from assessments.audits.quality import (
    METRIC_MEASURE,
    MetricTarget,
    RoleQuality,
    TrainerQuality,
    measure_text,
    trainer_weeks,
)
from assessments.models import Assessment, Attempt, Audit, ScoreReport
from assessments.scoring import validity
from assessments.scoring.components import COMPONENTS
from assessments.scoring.quality import meets_target, window_mean
from assessments.scoring.selectors import weights_by_role
from core.charts import WeekChart, week_bars
from hiring.models import Application, Role, SuccessMetric

OUTCOME_WEEKS = 13
PREDICTORS = (*COMPONENTS, "composite")


@dataclass(frozen=True, kw_only=True)
class ValidityTable:
    """A validity table over some hires: one row per calibration component, in
    ``PREDICTORS`` order, and the hires it rests on."""

    hires: int  # the hires it is about
    with_outcome: int  # of them, with a measured 90-day outcome
    metrics: tuple[str, ...]  # the success metric kinds the outcome combines
    rows: tuple[validity.Validity, ...]
    min_hires: int


@dataclass(frozen=True, kw_only=True)
class RoleValidity(ValidityTable):
    """The validity table of a role's hires, with its composite weights (current and
    suggested: weights are a role's to accept)."""

    weights: dict[str, float]
    suggested: dict[str, float] | None


@dataclass(frozen=True, kw_only=True)
class AssessmentValidity(ValidityTable):
    """The validity table of every hire whose calibration attempt was on one assessment,
    across the roles of its organisation that hired them (``roles``)."""

    roles: tuple[Role, ...]


def calibration_scores(
    application_ids: list[int], *, assessment: Assessment | None = None
) -> dict[int, dict[str, float | None]]:
    """Each hire's components and composite from their latest scored calibration attempt
    (on ``assessment`` when given)."""
    rows = ScoreReport.objects.filter(
        is_current=True,
        attempt__application_id__in=application_ids,
        attempt__purpose=Attempt.Purpose.CALIBRATION,
    )
    if assessment is not None:
        rows = rows.filter(attempt__assessment=assessment)
    found: dict[int, dict[str, float | None]] = {}
    for application_id, components, composite in rows.order_by(
        "attempt__application_id", "attempt__submitted_at", "pk"
    ).values_list("attempt__application_id", "components", "composite"):
        found[application_id] = {**(components or {}), "composite": composite}  # later win
    return found


def first_days(trainer: TrainerQuality, measure: str) -> float:
    """The trainer's mean of ``measure`` over their first ``OUTCOME_WEEKS`` weeks, NaN when
    none was observed. The role's weeks before the trainer's first batch do not count."""
    started = [i for i, week in enumerate(trainer.weeks) if week.state != "none"]
    if not started:
        return float("nan")
    first = started[0]
    return float(window_mean(trainer.array(measure), first, first + OUTCOME_WEEKS))


@dataclass
class _Outcomes:
    """Hires and their measured success metrics over the first 90 days, gathered role by
    role: ``measured`` holds one value per hire (NaN where the hire's role does not have
    the metric), keyed by the metric's kind and direction."""

    hired: list[int] = field(default_factory=list)
    measured: dict[tuple[str, bool], list[float]] = field(default_factory=dict)

    def add(self, quality: RoleQuality, only: Collection[int] | None = None) -> None:
        """The role's hires (those in ``only`` when given), judged on the role's success
        metrics (accuracy vs gold for a role without any)."""
        metrics = [(metric.kind, metric.higher_is_better) for metric in quality.metrics] or [
            (SuccessMetric.Kind.ACCURACY.value, True)
        ]
        trainers = [t for t in quality.trainers if only is None or t.application_id in only]
        before = len(self.hired)
        for key in metrics:
            self.measured.setdefault(key, [float("nan")] * before)
        for key, values in self.measured.items():
            if key in metrics:
                values.extend(first_days(t, METRIC_MEASURE[key[0]]) for t in trainers)
            else:
                values.extend([float("nan")] * len(trainers))
        self.hired.extend(t.application_id for t in trainers)

    def table(self, scores: dict[int, dict[str, float | None]], min_hires: int) -> dict[str, Any]:
        """The fields of a ``ValidityTable``: each calibration component (``scores``, per
        hire) against the combined outcome (``validity.combined_outcome``)."""
        keys = list(self.measured)
        outcome = validity.combined_outcome(
            {f"{kind}:{higher}": self.measured[kind, higher] for kind, higher in keys},
            {f"{kind}:{higher}": higher for kind, higher in keys},
        )
        table = validity.validity_table(
            {name: [scores.get(pk, {}).get(name) for pk in self.hired] for name in PREDICTORS},
            outcome,
            min_hires=min_hires,
        )
        return {
            "hires": len(self.hired),
            "with_outcome": int((~np.isnan(outcome)).sum()),
            "metrics": tuple(dict.fromkeys(kind for kind, _ in keys)),
            "rows": tuple(table[name] for name in PREDICTORS),
            "min_hires": min_hires,
        }


def role_validity(*, role: Role, min_hires: int = validity.MIN_HIRES) -> RoleValidity:
    """How well each calibration component predicted the role's hires' 90-day outcome."""
    outcomes = _Outcomes()
    outcomes.add(trainer_weeks(role=role))
    fields = outcomes.table(calibration_scores(outcomes.hired), min_hires)
    return RoleValidity(
        **fields,
        weights=weights_by_role([role.pk])[role.pk],
        suggested=validity.suggested_weights(dict(zip(PREDICTORS, fields["rows"], strict=True))),
    )


def assessment_validity(
    *, assessment: Assessment, min_hires: int = validity.MIN_HIRES
) -> AssessmentValidity:
    """How well each calibration component of ``assessment`` predicted the 90-day outcome
    of every hire whose calibration attempt was on it, whichever role of the organisation
    hired them. Each hire is judged on their own role's success metrics; a metric is
    standardised across the hires whose role has it (``validity.combined_outcome``), so
    roles with different targets combine. The calibration scores are those of the
    attempts on this assessment. One ``trainer_weeks`` read per role."""
    hires: dict[int, set[int]] = {}
    for application_id, role_id in (
        Attempt.objects.filter(
            assessment=assessment,
            purpose=Attempt.Purpose.CALIBRATION,
            application__stage=Application.Stage.HIRED,
            application__role__organization_id=assessment.organization_id,
        )
        .values_list("application_id", "application__role_id")
        .distinct()
    ):
        hires.setdefault(role_id, set()).add(application_id)
    roles = tuple(Role.objects.filter(pk__in=hires).order_by("title", "pk"))
    outcomes = _Outcomes()
    for role in roles:
        outcomes.add(trainer_weeks(role=role), only=hires[role.pk])
    fields = outcomes.table(calibration_scores(outcomes.hired, assessment=assessment), min_hires)
    return AssessmentValidity(**fields, roles=roles)


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
