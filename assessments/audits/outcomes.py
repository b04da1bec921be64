"""The 90-day outcome of each hire of a role, and how well calibration predicted it.

A hire's first 90 days are their first ``OUTCOME_WEEKS`` (13) weeks from the week of
their first audit batch. Each of the role's success metrics is judged on its weekly
measure (``quality.METRIC_MEASURE``, read by ``quality.trainer_weeks``); its 90-day value
is the mean over the observed weeks (``scoring.quality.window_mean``: a missed week is
left out, never a zero). A role without success metrics is judged on accuracy vs gold.

The outcome combines the metrics as ``validity.combined_outcome`` documents (z-scores
across the hires, turned so higher is better, averaged). Each calibration component of
the hire's current calibration score report (and the composite) is then set against it
with ``validity.validity_table``.
"""

from dataclasses import dataclass

import numpy as np

from assessments.audits.quality import METRIC_MEASURE, TrainerQuality, trainer_weeks
from assessments.models import Attempt, ScoreReport
from assessments.scoring import validity
from assessments.scoring.components import COMPONENTS
from assessments.scoring.quality import window_mean
from assessments.scoring.selectors import weights_by_role
from hiring.models import Role, SuccessMetric

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
