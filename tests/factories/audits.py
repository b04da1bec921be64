"""A role with an audit plan and hired trainers (issue 15's weekly audits); hires with a
scored calibration attempt and weeks of scored audit batches (the 90-day report)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from assessments.audits.outcomes import OUTCOME_WEEKS
from assessments.audits.services import audit_plan_set
from assessments.models import (
    Assessment,
    Attempt,
    Audit,
    AuditPlan,
    Item,
    QualityAlert,
    ScoreReport,
)
from assessments.scoring.services import attempts_score, cohort_agreement_compute
from hiring.models import Application, Role, SuccessMetric
from tests.factories.assessments import (
    AssessmentFactory,
    AttemptFactory,
    GoldAnswerFactory,
    ItemFactory,
)
from tests.factories.cohorts import build_cohort
from tests.factories.hiring import ApplicationFactory, RoleFactory, SuccessMetricFactory


def audit_assessment(*, organization, gold: int = 10, work: int = 20) -> Assessment:
    """An audit assessment: ``gold`` items with a gold answer, then ``work`` items without
    (the same kind, options and markup)."""
    assessment = AssessmentFactory(organization=organization)
    for position in range(1, gold + work + 1):
        item = ItemFactory(assessment=assessment, position=position)
        if position <= gold:
            GoldAnswerFactory(item=item)
    return assessment


def audited_role(*, organization, trainers: int = 3, **plan) -> tuple[Role, AuditPlan]:
    role = RoleFactory(organization=organization)
    assessment = audit_assessment(organization=organization)
    for _ in range(trainers):
        ApplicationFactory(role=role, stage=Application.Stage.HIRED)
    return role, audit_plan_set(role=role, assessment=assessment, values=plan)


def gold_ids(assessment: Assessment) -> set[int]:
    return set(
        Item.objects.filter(assessment=assessment, gold__isnull=False).values_list("pk", flat=True)
    )


FIRST_WEEK = date(2026, 1, 5)


def scored_attempt(application, assessment, purpose, components, *, submitted_at=None):
    attempt = AttemptFactory(
        assessment=assessment,
        candidate=application.candidate,
        application=application,
        purpose=purpose,
        state=Attempt.State.SUBMITTED,
        submitted_at=submitted_at or timezone.now(),
    )
    ScoreReport.objects.create(
        attempt=attempt,
        scorer_version="1",
        gold_version=1,
        components=components,
        composite=components.get("accuracy"),
    )
    return attempt


def audit_week(application, assessment, week, *, accuracy=None, hours=24.0, missed=False):
    issued = datetime.combine(FIRST_WEEK + timedelta(weeks=week), datetime.min.time(), UTC)
    attempt = None
    if not missed:
        attempt = scored_attempt(
            application, assessment, Attempt.Purpose.AUDIT, {"accuracy": accuracy}
        )
    return Audit.objects.create(
        application=application,
        assessment=assessment,
        week_starting=issued.date(),
        state=Audit.State.MISSED if missed else Audit.State.SUBMITTED,
        attempt=attempt,
        issued_at=issued,
        due_at=issued + timedelta(days=5),
        submitted_at=None if missed else issued + timedelta(hours=hours),
        missed_at=issued + timedelta(days=5) if missed else None,
    )


def hire(role, calibration, weekly, *, hours=24.0):
    """A hired trainer with a calibration score and one audit week per value (None: missed)."""
    application = ApplicationFactory(role=role, stage=Application.Stage.HIRED)
    scored_attempt(application, role.assessment, Attempt.Purpose.CALIBRATION, calibration)
    audits = AssessmentFactory(organization=role.organization)
    for week, accuracy in enumerate(weekly):
        audit_week(
            application, audits, week, accuracy=accuracy, missed=accuracy is None, hours=hours
        )
    return application


def scored_hires(org, *, hires: int = 12):
    """Hires with real scored calibration attempts (default weights) whose 90-day
    accuracy follows their calibration accuracy, so the table suggests weights; a rescore
    leaves their components as they are."""
    calibration = build_cohort(organization=org, attempts=hires, items=10, seed=5)
    role = RoleFactory(organization=org, assessment=calibration.assessment)
    SuccessMetricFactory(role=role, kind=SuccessMetric.Kind.ACCURACY)
    audits = AssessmentFactory(organization=org)
    for attempt in calibration.attempts:
        application = ApplicationFactory(
            role=role, candidate=attempt.candidate, stage=Application.Stage.HIRED
        )
        attempt.application = application
        attempt.save(update_fields=["application"])
    attempts_score([attempt.pk for attempt in calibration.attempts])
    cohort_agreement_compute(assessment_id=calibration.assessment.pk)  # as the run does
    before = {
        report.attempt_id: report
        for report in ScoreReport.objects.filter(is_current=True, attempt__in=calibration.attempts)
    }
    for i, attempt in enumerate(calibration.attempts):
        accuracy = before[attempt.pk].components["accuracy"]
        for week in range(OUTCOME_WEEKS):
            audit_week(attempt.application, audits, week, accuracy=accuracy * 0.9 + 0.01 * (i % 2))
    return role, calibration


def drift_alert(*, application: Application, week: date | None = None) -> QualityAlert:
    """An open accuracy drift alert on a hired trainer, raised now for ``week`` (this one)."""
    week = week or timezone.now().date()
    return QualityAlert.objects.create(
        application=application,
        role=application.role,
        metric="accuracy",
        kind=QualityAlert.Kind.DRIFTING,
        chart="ewma",
        since_week=week,
        latest_week=week,
        values=[[week.isoformat(), 0.5]],
        raised_at=timezone.now(),
    )


def role_with_targets(organization, *, accuracy: str = "90", turnaround: str = "24") -> Role:
    """A role with two 90-day targets: accuracy at least ``accuracy`` %, feedback
    turnaround at most ``turnaround`` hours."""
    role = RoleFactory(
        organization=organization, assessment=AssessmentFactory(organization=organization)
    )
    SuccessMetricFactory(role=role, kind=SuccessMetric.Kind.ACCURACY, target=Decimal(accuracy))
    SuccessMetricFactory(
        role=role,
        kind=SuccessMetric.Kind.FEEDBACK_TURNAROUND,
        target=Decimal(turnaround),
        unit="hours",
        direction=SuccessMetric.Direction.AT_MOST,
    )
    return role
