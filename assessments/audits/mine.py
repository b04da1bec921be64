"""The hired trainer's own view of their quality (issue 15): for each role they were hired
for, their weekly measures and their first-90-days progress against the role's success
metrics. Read from ``quality.trainer_weeks(application=…)`` and ``outcomes.hire_outcome``,
so the numbers are the ones the team sees for them.

What it leaves out, by design: gold (no item, no answer, not even the word — the
measures are named as a trainer reads them, ``TRAINER_LABELS``), other trainers (no
names, no numbers: the week's alpha over everyone's overlap answers is the team's, not
theirs; their own leave-one-out agreement is theirs) and the team's notes and alerts.
"""

from dataclasses import dataclass
from datetime import date

from assessments.audits.outcomes import OUTCOME_WEEKS, MetricOutcome, hire_outcome
from assessments.audits.quality import MEASURES, measure_text, trainer_weeks
from assessments.models import Audit
from core.charts import WeekChart
from hiring.models import Application

# The measures as a trainer reads them: what was checked, never how.
TRAINER_LABELS = {
    "accuracy": "Accuracy on checked items",
    "agreement": "Agreement with other trainers",
    "edge_cases": "Edge-case handling",
    "throughput": "Throughput vs the role's pace",
    "review_alignment": "Review alignment of your explanations",
    "turnaround_hours": "Turnaround (hours)",
}
STATE_LABELS = dict(Audit.State.choices)


@dataclass(frozen=True)
class MyWeek:
    week_starting: date
    state: str  # issued (open), submitted, missed
    state_label: str
    values: dict[str, float | None]  # measure → value (rates 0–1, turnaround in hours)

    def cells(self, measures: tuple[str, ...]) -> list[tuple[str, str]]:
        """(measure, value in words) for ``measures`` (``quality.measure_text``)."""
        return [(measure, measure_text(measure, self.values[measure])) for measure in measures]


@dataclass(frozen=True)
class MyTarget:
    """One success metric of the role against the trainer's first 90 days so far."""

    label: str
    outcome: MetricOutcome
    chart: WeekChart


@dataclass(frozen=True)
class MyQuality:
    application_id: int
    role_title: str
    organization_name: str
    weeks: tuple[MyWeek, ...]  # newest first, from the trainer's first batch
    measures: tuple[str, ...]  # the measures with a value in some week (accuracy always)
    first_days_weeks: int  # weeks of the first 90 days behind them (at most 13)
    submitted: int  # of those, batches submitted
    missed: int
    targets: tuple[MyTarget, ...]

    @property
    def labels(self) -> list[str]:
        return [TRAINER_LABELS[measure] for measure in self.measures]

    @property
    def rows(self) -> list[tuple[MyWeek, list[tuple[str, str]]]]:
        return [(week, week.cells(self.measures)) for week in self.weeks]

    @property
    def met(self) -> int:
        return sum(target.outcome.met is True for target in self.targets)


def _my_quality(application: Application) -> MyQuality:
    quality = trainer_weeks(application=application)
    trainer = quality.trainers[0]
    started = [week for week in trainer.weeks if week.state != "none"]
    report = hire_outcome(trainer, quality.metrics)
    targets = tuple(
        MyTarget(
            label=TRAINER_LABELS[metric.measure],
            outcome=metric,
            chart=metric.chart(),
        )
        for metric in report.metrics
    )
    measured = {
        measure for week in started for measure in MEASURES if week.value(measure) is not None
    }
    return MyQuality(
        application_id=application.pk,
        role_title=application.role.title,
        organization_name=application.role.organization.name,
        weeks=tuple(
            MyWeek(
                week_starting=week.week_starting,
                state=week.state,
                state_label=str(STATE_LABELS.get(week.state, week.state)),
                values={measure: week.value(measure) for measure in MEASURES},
            )
            for week in reversed(started)
        ),
        measures=tuple(m for m in MEASURES if m in measured or m == "accuracy"),
        first_days_weeks=min(len(started), OUTCOME_WEEKS),
        submitted=report.submitted,
        missed=report.missed,
        targets=targets,
    )


def my_quality(*, user) -> list[MyQuality]:
    """The user's quality in every role they are hired for, oldest hire first; only their
    own applications are read, so another trainer's numbers cannot be asked for."""
    hired = (
        Application.objects.filter(candidate=user, stage=Application.Stage.HIRED)
        .select_related("role__organization", "candidate")
        .order_by("created_at", "pk")
    )
    return [_my_quality(application) for application in hired]
