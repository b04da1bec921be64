"""Trainer quality per week, read from the audit batches (issue 15): one selector,
``trainer_weeks(role=… | application=…)``.

Computed on read, not stored: every measure is a projection of rows that already exist
(the batch's ``Audit``, its attempt's current ``ScoreReport``, the responses to the week's
overlap items), so there is nothing to keep in step when a batch is rescored or a review
finishes. The read is a fixed number of queries whatever the number of trainers (see
``trainer_weeks``).

Measures of a week (``MEASURES``), each ``None`` when the week has no value:

- ``accuracy``: the batch's ``accuracy`` component (only gold items carry a score);
- ``agreement``: the trainer's leave-one-out agreement (``agreement.leave_one_out_agreement``,
  nominal, whole answers coded by ``coding.answer_key``) with the other trainers of the role
  on that week's overlap items; the week's Krippendorff's alpha over all of them is
  ``RoleQuality.week_alpha``;
- ``edge_cases``: edge-case handling (``components.edge_case_handling``) on the gold;
- ``throughput``: items an hour ÷ the assessment's expected pace, capped at 1;
- ``review_alignment``: the mean final rubric-review score of the batch's written
  explanations (the ``rationale`` component), when a review has finished;
- ``turnaround_hours``: hours from the batch being issued to its submission.

A missed batch (or a week before the trainer's first batch) is a missing week: every
measure ``None``, never zero. An open batch has no values yet.

Each 90-day success metric kind maps to one measure (``METRIC_MEASURE``); a target in
percent is read as a rate (``metric_threshold``).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np

from assessments.models import Attempt, Audit, Response, ScoreReport
from assessments.results.display import agreement_text, hours_text, score_text
from assessments.scoring.agreement import krippendorff_alpha, leave_one_out_agreement
from assessments.scoring.coding import answer_key
from assessments.scoring.quality import HIGHER_IS_BETTER, turnaround_hours
from assessments.scoring.selectors import item_specs
from hiring.models import Application, Role, SuccessMetric

MEASURES = (
    "accuracy",
    "agreement",
    "edge_cases",
    "throughput",
    "review_alignment",
    "turnaround_hours",
)
MEASURE_LABELS = {
    "accuracy": "Accuracy vs gold",
    "agreement": "Agreement with peers",
    "edge_cases": "Edge-case handling",
    "throughput": "Throughput vs pace",
    "review_alignment": "Review-pass alignment",
    "turnaround_hours": "Turnaround (hours)",
}
# The score report component behind each measure read from it.
COMPONENT_OF = {
    "accuracy": "accuracy",
    "edge_cases": "edge_cases",
    "throughput": "throughput",
    "review_alignment": "rationale",
}
# hiring.SuccessMetric.Kind → the weekly measure it is judged on.
METRIC_MEASURE = {
    "consistency": "agreement",
    "error_identification": "edge_cases",
    "feedback_turnaround": "turnaround_hours",
    "review_alignment": "review_alignment",
    "accuracy": "accuracy",
    "throughput": "throughput",
}
MEASURE_HIGHER_IS_BETTER = {
    measure: HIGHER_IS_BETTER[kind] for kind, measure in METRIC_MEASURE.items()
}


def measure_text(measure: str, value: float | None) -> str:
    """A measure's value as every page after the hire shows it (the ``measure`` template
    filter): agreement in two decimals (``display.agreement_text``: alpha is no share),
    turnaround in hours, every other measure a share (``display.score_text``: "73%")."""
    if measure == "agreement":
        return agreement_text(value)
    if measure == "turnaround_hours":
        return hours_text(value)
    return score_text(value)


@dataclass(frozen=True)
class TrainerWeek:
    """One trainer's week: the batch's state (``none`` without a batch) and its measures."""

    week_starting: date
    state: str
    accuracy: float | None = None
    agreement: float | None = None
    edge_cases: float | None = None
    throughput: float | None = None
    review_alignment: float | None = None
    turnaround_hours: float | None = None

    def value(self, measure: str) -> float | None:
        value: float | None = getattr(self, measure)
        return value


@dataclass(frozen=True)
class MetricTarget:
    """A role's success metric as a threshold on its weekly measure."""

    kind: str
    label: str
    measure: str
    threshold: float | None  # in the measure's units; None when the units do not compare
    higher_is_better: bool
    target: Decimal
    unit: str


@dataclass
class TrainerQuality:
    application_id: int
    role_id: int
    name: str
    email: str
    calibration: dict[str, float | None]  # the calibration attempt's measures, if scored
    weeks: list[TrainerWeek] = field(default_factory=list)

    def series(self, measure: str) -> list[float | None]:
        return [week.value(measure) for week in self.weeks]

    def array(self, measure: str) -> np.ndarray:
        """The measure over the weeks as floats, NaN for a missing week."""
        return np.array([np.nan if v is None else v for v in self.series(measure)], dtype=float)


@dataclass
class RoleQuality:
    """``trainer_weeks``' answer: the role's weeks (oldest first), each week's alpha over
    the overlap items, the success metrics as thresholds and every trainer's weeks (one
    ``TrainerWeek`` per role week, in the same order)."""

    role_id: int
    weeks: list[date]
    week_alpha: list[float | None]
    metrics: list[MetricTarget]
    trainers: list[TrainerQuality]


def metric_threshold(kind: str, target: Decimal, unit: str) -> float | None:
    """A success metric's target in its measure's units: rates and scores are 0–1 (a target
    in % is divided by 100), turnaround is in hours (days × 24); throughput is judged as a
    share of the role's pace, so only a % target compares. ``None`` when it cannot."""
    value = float(target)
    unit = unit.strip().lower()
    measure = METRIC_MEASURE[kind]
    if measure == "turnaround_hours":
        if unit.startswith("day"):
            return value * 24
        return value if unit.startswith(("hour", "h")) else None
    if unit.startswith(("%", "percent")):
        return value / 100
    if measure == "throughput":
        return None
    return value if value <= 1 else None


def _metrics(role_ids: Iterable[int]) -> dict[int, list[MetricTarget]]:
    labels = dict(SuccessMetric.Kind.choices)
    out: dict[int, list[MetricTarget]] = defaultdict(list)
    for role_id, kind, target, unit, direction in SuccessMetric.objects.filter(
        role_id__in=list(role_ids)
    ).values_list("role_id", "kind", "target", "unit", "direction"):
        out[role_id].append(
            MetricTarget(
                kind=kind,
                label=str(labels[kind]),
                measure=METRIC_MEASURE[kind],
                threshold=metric_threshold(kind, target, unit),
                higher_is_better=direction == SuccessMetric.Direction.AT_LEAST,
                target=target,
                unit=unit,
            )
        )
    return out


def _week_agreement(
    assessment_ids: set[int], overlap_rows: list[tuple[int, date, int, int, object]]
) -> tuple[dict[tuple[int, date], float | None], dict[date, float | None]]:
    """Leave-one-out agreement per (application, week) and alpha per week, from
    ``(application, week, item, assessment, answer)`` rows of overlap items."""
    specs: dict[int, dict] = {pk: item_specs(pk) for pk in assessment_ids}
    by_week: dict[date, dict[int, dict[int, object]]] = defaultdict(lambda: defaultdict(dict))
    for application_id, week, item_id, assessment_id, answer in overlap_rows:
        spec = specs[assessment_id].get(item_id)
        if spec is None or answer is None:
            continue
        by_week[week][application_id][item_id] = answer_key(spec, answer)
    loo: dict[tuple[int, date], float | None] = {}
    alpha: dict[date, float | None] = {}
    for week, answers in by_week.items():
        raters = sorted(answers)
        items = sorted({item for row in answers.values() for item in row})
        codes: dict[tuple[int, object], int] = {}
        data = np.full((len(raters), len(items)), np.nan)
        for r, rater in enumerate(raters):
            for u, item in enumerate(items):
                if item in answers[rater]:
                    key = (item, answers[rater][item])
                    data[r, u] = codes.setdefault(key, len(codes))
        alpha[week] = krippendorff_alpha(data) if len(raters) > 1 else None
        values = leave_one_out_agreement(data) if len(raters) > 1 else [None] * len(raters)
        for rater, value in zip(raters, values, strict=True):
            loo[(rater, week)] = value
    return loo, alpha


def _measures(components: dict | None) -> dict[str, float | None]:
    components = components or {}
    return {measure: components.get(name) for measure, name in COMPONENT_OF.items()}


def trainer_weeks(
    *, role: Role | None = None, application: Application | None = None
) -> RoleQuality:
    """Every hired trainer of ``role`` (or the one ``application``, with its role's weeks and
    peers for agreement) with one ``TrainerWeek`` per week the role has batches for.

    Seven queries plus one per audit assessment (its items, for coding overlap answers),
    whatever the number of trainers or weeks: trainers, metrics, batches, score reports,
    calibration reports, overlap responses.
    """
    if role is not None and application is None:
        role_id = role.pk
    elif application is not None and role is None:
        role_id = application.role_id
    else:
        raise ValueError("Pass a role or an application.")
    trainers_qs = Application.objects.filter(role_id=role_id, stage=Application.Stage.HIRED)
    trainers = {
        pk: TrainerQuality(
            application_id=pk, role_id=role_id, name=name or email, email=email, calibration={}
        )
        for pk, name, email in trainers_qs.order_by(
            "candidate__full_name", "candidate__email", "pk"
        ).values_list("pk", "candidate__full_name", "candidate__email")
    }
    if application is not None and application.pk not in trainers:
        trainers[application.pk] = TrainerQuality(
            application_id=application.pk,
            role_id=role_id,
            name=application.candidate.full_name or application.candidate.email,
            email=application.candidate.email,
            calibration={},
        )
    metrics = _metrics([role_id])[role_id]
    trainer_audits = Audit.objects.filter(application_id__in=list(trainers))
    # The submitted batches' attempts as a subquery: the reports and overlap answers are
    # read by a join, not by a list of every attempt id (a statement the size of the data).
    submitted_attempts = trainer_audits.filter(
        state=Audit.State.SUBMITTED, attempt__isnull=False
    ).values("attempt_id")
    audits = list(
        trainer_audits.order_by("week_starting", "pk").values_list(
            "application_id",
            "week_starting",
            "state",
            "issued_at",
            "submitted_at",
            "attempt_id",
            "assessment_id",
            "overlap_items",
        )
    )
    attempt_ids = [row[5] for row in audits if row[5] is not None and row[2] == "submitted"]
    components = dict(
        ScoreReport.objects.filter(attempt_id__in=submitted_attempts, is_current=True).values_list(
            "attempt_id", "components"
        )
    )
    for application_id, report in ScoreReport.objects.filter(
        is_current=True,
        attempt__application_id__in=list(trainers),
        attempt__purpose=Attempt.Purpose.CALIBRATION,
    ).values_list("attempt__application_id", "components"):
        trainers[application_id].calibration = _measures(report)
    submitted_ids = set(attempt_ids)
    overlap_by_attempt = {
        row[5]: (row[0], row[1], row[6], set(row[7] or ()))
        for row in audits
        if row[5] in submitted_ids
    }
    overlap_ids = set().union(*(entry[3] for entry in overlap_by_attempt.values()))
    overlap_rows = [
        (application_id, week, item_id, assessment_id, answer)
        for attempt_id, item_id, answer in Response.objects.filter(
            attempt_id__in=submitted_attempts, item_id__in=list(overlap_ids)
        )
        .order_by()
        .values_list("attempt_id", "item_id", "answer")
        for application_id, week, assessment_id, overlap in [overlap_by_attempt[attempt_id]]
        if item_id in overlap
    ]
    loo, alpha = _week_agreement({row[3] for row in overlap_rows}, overlap_rows)

    weeks = sorted({row[1] for row in audits})
    cells: dict[tuple[int, date], TrainerWeek] = {}
    for application_id, week, state, issued, submitted, attempt_id, _, _ in audits:
        if state != Audit.State.SUBMITTED:
            cells[(application_id, week)] = TrainerWeek(week_starting=week, state=state)
            continue
        cells[(application_id, week)] = TrainerWeek(
            week_starting=week,
            state=state,
            agreement=loo.get((application_id, week)),
            turnaround_hours=turnaround_hours(issued, submitted),
            **_measures(components.get(attempt_id)),
        )
    for trainer in trainers.values():
        trainer.weeks = [
            cells.get((trainer.application_id, week), TrainerWeek(week_starting=week, state="none"))
            for week in weeks
        ]
    chosen = list(trainers.values())
    if application is not None:
        chosen = [trainers[application.pk]]
    return RoleQuality(
        role_id=role_id,
        weeks=weeks,
        week_alpha=[alpha.get(week) for week in weeks],
        metrics=metrics,
        trainers=chosen,
    )
