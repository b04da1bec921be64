"""Reads of the weekly audits: the trainer's own batches, and the team's view of a role's
hired trainers and their batches.

The trainer's reads carry nothing that tells gold from work: no gold or overlap ids, no
gold count, no score (a batch's accuracy is the team's). The team's reads count gold items
and show accuracy against gold, never which items are gold nor their answers.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404

from assessments.audits.selection import gold_count, gold_needed
from assessments.models import AlertStep, Audit, AuditPlan, Item, QualityAlert, ScoreReport
from hiring.models import Application, Role


@dataclass(frozen=True, kw_only=True)
class Batch:
    """What the trainer and the team both know of a batch."""

    attempt_id: int | None
    week_starting: date
    issued_at: datetime
    due_at: datetime
    state: str
    state_label: str
    submitted_at: datetime | None
    missed_at: datetime | None
    item_count: int

    @property
    def is_open(self) -> bool:
        return self.state == Audit.State.ISSUED


@dataclass(frozen=True, kw_only=True)
class TrainerBatch(Batch):
    """One of the trainer's batches, as the trainer sees it."""

    role_title: str
    organization_name: str


def batches_of_trainer(*, user) -> list[TrainerBatch]:
    """The user's audit batches, open ones first (soonest due), then past ones (newest)."""
    rows = (
        Audit.objects.filter(application__candidate=user)
        .select_related("application__role__organization", "attempt")
        .only(
            "attempt_id",
            "week_starting",
            "issued_at",
            "due_at",
            "state",
            "submitted_at",
            "missed_at",
            "attempt__item_order",
            "application__role__title",
            "application__role__organization__name",
        )
    )
    batches = [
        TrainerBatch(
            attempt_id=audit.attempt_id,
            role_title=audit.application.role.title,
            organization_name=audit.application.role.organization.name,
            week_starting=audit.week_starting,
            issued_at=audit.issued_at,
            due_at=audit.due_at,
            state=audit.state,
            state_label=audit.get_state_display(),
            submitted_at=audit.submitted_at,
            missed_at=audit.missed_at,
            item_count=len(audit.attempt.item_order) if audit.attempt else 0,
        )
        for audit in rows
    ]
    open_ = sorted((b for b in batches if b.is_open), key=lambda b: b.due_at)
    past = sorted((b for b in batches if not b.is_open), key=lambda b: b.due_at, reverse=True)
    return open_ + past


@dataclass(frozen=True, kw_only=True)
class TeamBatch(Batch):
    """One batch of a hired trainer, as the team sees it."""

    id: int
    gold_count: int
    planned_gold_count: int  # the plan's share of the batch's items when it was issued
    accuracy: float | None  # against gold; submitted and scored batches only

    @property
    def gold_short(self) -> bool:
        """Fewer gold items than planned: the fresh gold pool had run out."""
        return self.gold_count < self.planned_gold_count


@dataclass
class HiredTrainer:
    application_id: int
    name: str
    email: str
    batches: list[TeamBatch] = field(default_factory=list)

    @property
    def submitted(self) -> int:
        return sum(batch.state == Audit.State.SUBMITTED for batch in self.batches)

    @property
    def missed(self) -> int:
        return sum(batch.state == Audit.State.MISSED for batch in self.batches)


@dataclass(frozen=True)
class GoldPool:
    """The plan's gold items against what its share and no-repeat window need."""

    size: int  # gold items in the audit assessment
    per_batch: int  # gold items a full batch holds
    needed: int  # fresh gold a trainer needs to get ``per_batch`` every week

    @property
    def short(self) -> bool:
        return self.size < self.needed


def plan_of(*, role: Role) -> AuditPlan | None:
    """The role's plan with its assessment and the number of its gold items
    (``gold_pool_size``, read by ``gold_pool_of``)."""
    return (
        AuditPlan.objects.select_related("assessment")
        .annotate(
            gold_pool_size=Count(
                "assessment__items", filter=Q(assessment__items__gold__isnull=False)
            )
        )
        .filter(role=role)
        .first()
    )


def gold_pool_of(plan: AuditPlan) -> GoldPool:
    """Whether the plan's gold pool honours its share and no-repeat window; when it is
    short, batches hold fewer gold items than planned (``selection.plan_batch``)."""
    size = getattr(plan, "gold_pool_size", None)
    if size is None:
        size = Item.objects.filter(assessment_id=plan.assessment_id, gold__isnull=False).count()
    return GoldPool(
        size=size,
        per_batch=gold_count(plan.batch_size, plan.gold_share),
        needed=gold_needed(
            size=plan.batch_size, share=plan.gold_share, repeat_weeks=plan.gold_repeat_weeks
        ),
    )


def hired_trainers(*, role: Role) -> list[HiredTrainer]:
    """Every hired trainer of the role with their batches, newest week first. Three
    queries whatever the number of trainers. Blind mode ends at the hire: the team knows
    their trainers by name."""
    trainers = {
        pk: HiredTrainer(application_id=pk, name=full_name or email, email=email)
        for pk, full_name, email in Application.objects.filter(
            role=role, stage=Application.Stage.HIRED
        )
        .order_by("candidate__full_name", "candidate__email", "pk")
        .values_list("pk", "candidate__full_name", "candidate__email")
    }
    audits = list(
        Audit.objects.filter(application_id__in=trainers)
        .order_by("-week_starting")
        .values_list(
            "pk",
            "application_id",
            "week_starting",
            "issued_at",
            "due_at",
            "state",
            "submitted_at",
            "missed_at",
            "attempt__item_order",
            "gold_items",
            "gold_share",
            "attempt_id",
        )
    )
    accuracy = {
        attempt_id: (components or {}).get("accuracy")
        for attempt_id, components in ScoreReport.objects.filter(
            attempt_id__in=[row[-1] for row in audits if row[-1]], is_current=True
        ).values_list("attempt_id", "components")
    }
    labels = dict(Audit.State.choices)
    for (
        pk,
        application_id,
        week,
        issued,
        due,
        state,
        submitted,
        missed,
        order,
        gold,
        share,
        attempt,
    ) in audits:
        trainers[application_id].batches.append(
            TeamBatch(
                id=pk,
                week_starting=week,
                issued_at=issued,
                due_at=due,
                state=state,
                state_label=str(labels[state]),
                submitted_at=submitted,
                missed_at=missed,
                item_count=len(order or ()),
                gold_count=len(gold or ()),
                planned_gold_count=gold_count(len(order or ()), share),
                accuracy=accuracy.get(attempt) if state == Audit.State.SUBMITTED else None,
                attempt_id=attempt,
            )
        )
    return list(trainers.values())


def alerts_of(*, organization, open_only: bool = False, role: Role | None = None) -> list:
    """The organisation's quality alerts (of one role when given), open ones first, then
    newest; each with its trainer, role and steps loaded (three queries)."""
    rows = QualityAlert.objects.filter(role__organization=organization)
    if role is not None:
        rows = rows.filter(role=role)
    if open_only:
        rows = rows.filter(closed_at__isnull=True)
    alerts = list(
        rows.select_related("application__candidate", "role", "recalibration")
        .prefetch_related(Prefetch("steps", AlertStep.objects.select_related("by")))
        .order_by(F("closed_at").desc(nulls_first=True), "-raised_at", "-pk")
    )
    return alerts


def alert_get(*, organization, pk: int) -> QualityAlert:
    """One alert of the organisation (404 for another organisation's)."""
    return get_object_or_404(
        QualityAlert.objects.select_related(
            "application__candidate", "role__organization", "recalibration"
        ).prefetch_related(Prefetch("steps", AlertStep.objects.select_related("by"))),
        role__organization=organization,
        pk=pk,
    )


def unacknowledged_alert_count(*, organization) -> int:
    """Alerts nobody has acknowledged yet: the navigation's badge."""
    return QualityAlert.objects.filter(
        role__organization=organization, state=QualityAlert.State.OPEN
    ).count()
