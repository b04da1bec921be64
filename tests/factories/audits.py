"""A role with an audit plan and hired trainers (issue 15's weekly audits); hires with a
scored calibration attempt and weeks of scored audit batches (the 90-day report)."""

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from assessments.audits.services import audit_plan_set
from assessments.models import Assessment, Attempt, Audit, AuditPlan, Item, ScoreReport
from hiring.models import Application, Role
from tests.factories.assessments import (
    AssessmentFactory,
    AttemptFactory,
    GoldAnswerFactory,
    ItemFactory,
)
from tests.factories.hiring import ApplicationFactory, RoleFactory


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
