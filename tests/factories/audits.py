"""A role with an audit plan and hired trainers (issue 15's weekly audits)."""

from assessments.audits.services import audit_plan_set
from assessments.models import Assessment, AuditPlan, Item
from hiring.models import Application, Role
from tests.factories.assessments import AssessmentFactory, GoldAnswerFactory, ItemFactory
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
