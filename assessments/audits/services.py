"""Writes of the weekly audits of hired trainers: the plan, issuing batches, missed ones.

Each week (the beat, ``assessments.tasks.audit_batches_issue_task``) every hired trainer
of a role with an active ``AuditPlan`` gets one batch: an ``Audit`` with its ``Attempt``
(purpose AUDIT, deadline = the batch's due date), whose items ``selection.plan_batch``
draws from the plan's audit assessment. The trainer answers it in the candidates' attempt
screen. Submitting it (``attempt_submit``) records the batch as submitted; a batch still
open at its due date is submitted automatically with what was saved and recorded as
missed (``audits_close_overdue``), so a missed week is always on record.
"""

from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from assessments.attempts.ordering import new_attempt_seed
from assessments.attempts.submission import attempt_submit
from assessments.audits.selection import overlap_items, plan_batch
from assessments.models import Assessment, Attempt, Audit, AuditPlan, Item
from config.errors import ApplicationError
from hiring.models import Application, Role

PLAN_FIELDS = ("batch_size", "gold_share", "overlap_count", "gold_repeat_weeks", "due_days")
PLAN_LIMITS = {
    "batch_size": (1, 200),
    "overlap_count": (0, 200),
    "gold_repeat_weeks": (0, 52),
    "due_days": (1, 28),
}


def week_of(moment: datetime) -> date:
    """The Monday (UTC) of the week ``moment`` falls in: what ``week_starting`` holds."""
    day = moment.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


@transaction.atomic
def audit_plan_set(*, role: Role, assessment: Assessment, values: dict) -> AuditPlan:
    """Creates or updates the role's audit plan; refuses an assessment of another
    organisation, one without gold items, and settings out of range (nothing is saved)."""
    if assessment.organization_id != role.organization_id:
        raise ApplicationError("Choose an assessment of this organisation.", field="assessment")
    if not Item.objects.filter(assessment=assessment, gold__isnull=False).exists():
        raise ApplicationError(
            "This assessment has no gold items: audits need some to measure accuracy.",
            field="assessment",
        )
    cleaned: dict[str, object] = {}
    for name in PLAN_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name == "gold_share":
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise ApplicationError("The gold share is a number from 0 to 1.", field=name)
            cleaned[name] = float(value)
            continue
        low, high = PLAN_LIMITS[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ApplicationError(f"Use a whole number from {low} to {high}.", field=name)
        cleaned[name] = value
    if "is_active" in values:
        cleaned["is_active"] = bool(values["is_active"])
    plan, _ = AuditPlan.objects.update_or_create(
        role=role, defaults={"assessment": assessment, **cleaned}
    )
    return plan


def _seed(*parts: int) -> int:
    """A seed fixed by its parts (a role and a week): the same overlap for everyone."""
    value = 0x9E3779B97F4A7C15
    for part in parts:
        value = (value * 1_000_003 + part) % (1 << 62)
    return value


@transaction.atomic
def _issue_for_plan(plan: AuditPlan, week: date, now: datetime, seed: int | None) -> int:
    hired = list(
        Application.objects.filter(role_id=plan.role_id, stage=Application.Stage.HIRED)
        .exclude(audits__week_starting=week)
        .values_list("pk", "candidate_id")
    )
    if not hired:
        return 0
    gold: list[int] = []
    work: list[int] = []
    for pk, has_gold in Item.objects.filter(assessment_id=plan.assessment_id).values_list(
        "pk", "gold__id"
    ):
        (gold if has_gold is not None else work).append(pk)
    if not gold and not work:
        return 0
    recent: dict[int, set[int]] = {pk: set() for pk, _ in hired}
    since = week - timedelta(weeks=plan.gold_repeat_weeks)
    for application_id, order in Audit.objects.filter(
        application_id__in=recent, week_starting__gte=since, week_starting__lt=week
    ).values_list("application_id", "attempt__item_order"):
        recent[application_id].update(order or ())
    shared = overlap_items(
        work, count=plan.overlap_count, seed=_seed(plan.role_id, week.toordinal())
    )
    assessment = plan.assessment
    due = now + timedelta(days=plan.due_days)
    attempts, audits = [], []
    for application_id, candidate_id in hired:
        batch_seed = (
            new_attempt_seed() if seed is None else _seed(seed, application_id, week.toordinal())
        )
        batch = plan_batch(
            gold=gold,
            work=work,
            recent=recent[application_id],
            overlap=shared,
            size=plan.batch_size,
            gold_share=plan.gold_share,
            seed=batch_seed,
        )
        attempts.append(
            Attempt(
                assessment_id=plan.assessment_id,
                candidate_id=candidate_id,
                application_id=application_id,
                purpose=Attempt.Purpose.AUDIT,
                started_at=now,
                deadline=due,
                seed=batch_seed,
                item_order=batch.item_order,
                pay_currency=assessment.pay_currency,
            )
        )
        audits.append(
            Audit(
                application_id=application_id,
                assessment_id=plan.assessment_id,
                week_starting=week,
                issued_at=now,
                due_at=due,
                gold_share=plan.gold_share,
                gold_items=batch.gold,
                overlap_items=batch.overlap,
            )
        )
    Attempt.objects.bulk_create(attempts, batch_size=1_000)
    for audit, attempt in zip(audits, attempts, strict=True):
        audit.attempt_id = attempt.pk
    Audit.objects.bulk_create(audits, batch_size=1_000)
    if assessment.frozen_at is None:
        Assessment.objects.filter(pk=assessment.pk, frozen_at__isnull=True).update(frozen_at=now)
    return len(audits)


def audit_batches_issue(*, now: datetime | None = None, seed: int | None = None) -> int:
    """Issues this week's batch to every hired trainer of every role with an active plan
    who has none yet; returns how many it issued. Running it again that week issues
    nothing more (and the unique constraint per application and week holds regardless).

    Each batch draws with a random seed of its own; ``seed`` (the demo's) fixes them
    instead, by trainer and week, so the same world is drawn again."""
    now = now or timezone.now()
    week = week_of(now)
    plans = AuditPlan.objects.filter(is_active=True).select_related("assessment")
    return sum(_issue_for_plan(plan, week, now, seed) for plan in plans)


def audits_close_overdue(*, now: datetime | None = None) -> list[int]:
    """Records every batch still open at its due date as missed (its attempt submitted
    automatically with what was saved); returns the ids of the audits it closed."""
    now = now or timezone.now()
    closed = []
    overdue = Audit.objects.filter(state=Audit.State.ISSUED, due_at__lte=now).values_list(
        "pk", "attempt_id"
    )
    for pk, attempt_id in overdue:
        submitted = attempt_id is not None and attempt_submit(
            attempt_id=attempt_id, auto=True, now=now
        )
        changed = Audit.objects.filter(pk=pk, state=Audit.State.ISSUED).update(
            state=Audit.State.MISSED, missed_at=now
        )
        if submitted or changed:
            closed.append(pk)
    return closed
