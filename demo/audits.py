"""The demo's weeks after the hire, written through the product's own services.

For each crowd of hires (``demo.hires``): the role's audit plan (``audit_plan_set``), then
week by week, twelve weeks back from this one, what the beat and the trainers would have
done: the week's batches issued (``audit_batches_issue``, seeded), each trainer's answers
saved and submitted (``attempt_submit``) at their turnaround, unanswered batches recorded
as missed at their due date (``audits_close_overdue``), the batches scored
(``attempts_score``) and the week's alerts raised (``quality_alerts_raise``). The
recalibrated hire's alert is walked along its escalation path (``alert_step``): the
steps happen as the product stamps them, then their times are moved back to the weeks
they belong to, as ``demo.history`` does for the pipeline. This week's batch is issued
and left open.

A rerun issues nothing twice (one batch per trainer and week), leaves submitted and
missed batches as they are and takes no escalation step twice.
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from assessments.attempts.submission import attempt_submit
from assessments.audits.alerts import alert_step, quality_alerts_raise
from assessments.audits.services import (
    audit_batches_issue,
    audit_plan_set,
    audits_close_overdue,
    week_of,
)
from assessments.models import AlertStep, Assessment, Attempt, Audit, QualityAlert, Response
from assessments.scoring.services import attempts_score
from demo.hires import (
    RECAL_DIP,
    RECAL_RESOLVED,
    RECALIBRATED,
    WEEKS,
    CrowdPlan,
    HirePlan,
    WeekPlan,
    batch_answers,
)
from demo.simulation import simulate_attempt
from hiring.models import Application, Membership, Role

PLAN = {
    "batch_size": 30,
    "gold_share": 0.5,
    "overlap_count": 6,
    "gold_repeat_weeks": 2,
    "due_days": 5,
}
ISSUED_AT = time(7)  # the beat's Monday run, UTC
STEP_NOTES = {
    QualityAlert.State.ACKNOWLEDGED: (
        "Seen. Two weeks under target on negation and stopped-medication items; talking to "
        "them today."
    ),
    QualityAlert.State.RECALIBRATING: (
        "Assigning a fresh calibration task before they go back to full batches."
    ),
    QualityAlert.State.RESOLVED: (
        "Recalibration passed and three weeks back above target. Closing."
    ),
}
MISSED_WEEK = WeekPlan(0.8, 0.8, 0.8, 60)  # the few answers saved before a batch was left
RESPONSE_FIELDS = ("answer", "flagged_ambiguous", "ambiguity_note", "time_spent_ms")


def monday(current: date, week: int) -> datetime:
    """When the beat issued audited week ``week`` (0-based, ``WEEKS`` weeks back)."""
    return datetime.combine(current - timedelta(weeks=WEEKS - week), ISSUED_AT, UTC)


def write_answers(attempt: Attempt, answers: list[dict]) -> None:
    rows = [
        Response(attempt=attempt, item_id=item_id, **answer)
        for item_id, answer in zip(attempt.item_order, answers, strict=False)
    ]
    Response.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["attempt", "item"],
        update_fields=[*RESPONSE_FIELDS, "updated_at"],
    )


def answer_week(
    week: int, issued: datetime, hires: dict[int, HirePlan], specs: dict, seed: int
) -> list[int]:
    """Each hire's answers to the week's open batch, submitted at their turnaround; a
    missed one keeps the few answers saved before it was abandoned. Returns the attempts
    submitted."""
    submitted = []
    audits = Audit.objects.filter(
        application_id__in=list(hires),
        week_starting=issued.date(),
        state=Audit.State.ISSUED,
    ).select_related("attempt")
    for audit in audits.order_by("application_id"):
        hire, attempt = hires[audit.application_id], audit.attempt
        if attempt is None:
            continue
        rng = random.Random(f"{seed}:audit:{hire.email}:{week}")
        plan = hire.weeks[week]
        gold = set(audit.gold_items)
        answers = batch_answers(
            rng,
            [specs[pk] for pk in attempt.item_order],
            [pk in gold for pk in attempt.item_order],
            plan or MISSED_WEEK,
        )
        if plan is None:
            write_answers(attempt, answers[: rng.randint(0, 4)])
            continue
        write_answers(attempt, answers)
        at = issued + timedelta(hours=hire.turnaround_hours[week])
        attempt_submit(attempt_id=attempt.pk, now=min(at, audit.due_at - timedelta(hours=1)))
        submitted.append(attempt.pk)
    return submitted


def _backdate(alert: QualityAlert, action: str, at: datetime) -> None:
    AlertStep.objects.filter(alert=alert, action=action).update(at=at)
    if action == QualityAlert.State.RESOLVED:
        QualityAlert.objects.filter(pk=alert.pk).update(closed_at=at)


def recalibrate(
    hire: HirePlan, application: Application, calibration: dict, current: date, team, seed: int
) -> None:
    """The recalibrated hire's alert, acknowledged and recalibrated the Monday after its
    dip, the recalibration taken that week, and resolved in week ``RECAL_RESOLVED``."""
    alert = QualityAlert.objects.filter(application=application, metric="accuracy").first()
    if alert is None or alert.state != QualityAlert.State.OPEN:
        return
    manager = team[Membership.Role.HIRING_MANAGER]
    week = RECAL_DIP[-1]  # 0-based: the Monday after the dip's last week
    acted = monday(current, week) + timedelta(hours=3)
    for n, action in enumerate((QualityAlert.State.ACKNOWLEDGED, QualityAlert.State.RECALIBRATING)):
        alert = alert_step(alert=alert, action=action, by=manager, note=STEP_NOTES[action])
        _backdate(alert, action, acted + timedelta(minutes=20 * n))
    attempt = alert.recalibration
    assert attempt is not None
    started = acted + timedelta(days=1, hours=2)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=started, deadline=started + timedelta(days=7)
    )
    attempt.refresh_from_db()
    rng = random.Random(f"{seed}:recalibration:{hire.email}")
    assert application.role.assessment is not None
    items = dict(application.role.assessment.items.values_list("pk", "position"))
    order = [items[pk] for pk in attempt.item_order]
    responses = simulate_attempt(rng, calibration, order, skill=hire.recalibration_skill or 0.9)
    by_position = {position: pk for pk, position in items.items()}
    Response.objects.bulk_create(
        [
            Response(
                attempt=attempt,
                item_id=by_position[position],
                answer=response["answer"],
                flagged_ambiguous=response["flagged_ambiguous"],
                ambiguity_note=response["ambiguity_note"],
                rationale=response["rationale"],
                hardest=response["hardest"],
                time_spent_ms=response["time_spent_ms"],
            )
            for position, response in responses.items()
        ]
    )
    attempt_submit(attempt_id=attempt.pk, now=started + timedelta(hours=1, minutes=25))
    attempts_score([attempt.pk], schedule_agreement=False)


def resolve(application: Application, current: date, team) -> None:
    alert = QualityAlert.objects.filter(
        application=application, metric="accuracy", state=QualityAlert.State.RECALIBRATING
    ).first()
    if alert is None:
        return
    action = QualityAlert.State.RESOLVED
    owner = team[Membership.Role.OWNER]
    alert_step(alert=alert, action=action, by=owner, note=STEP_NOTES[action])
    _backdate(alert, action, monday(current, RECAL_RESOLVED) + timedelta(hours=2))


def build_audits(
    plans: list[CrowdPlan],
    roles: dict[str, Role],
    audit_assessments: dict[str, Assessment],
    audit_items: dict[str, tuple],
    teams: dict[str, dict],
    *,
    now: datetime,
    seed: int,
) -> None:
    current = week_of(now)
    hires: dict[int, HirePlan] = {}
    story: dict[str, tuple[HirePlan, Application]] = {}
    specs: dict[int, dict] = {}
    calibrations: dict[int, dict] = {}
    for plan in plans:
        role = roles[plan.crowd.role]
        assessment = audit_assessments[plan.crowd.role]
        audit_plan_set(role=role, assessment=assessment, values=PLAN)
        by_email = {hire.email: hire for hire in plan.hires}
        for application in Application.objects.filter(
            role=role, candidate__email__in=list(by_email)
        ).select_related("candidate", "role__assessment", "role__organization"):
            hire = by_email[application.candidate.email]
            hires[application.pk] = hire
            if hire.story:
                story[hire.story] = (hire, application)
        calibrations[role.pk] = plan.crowd.calibration
        items = audit_items[plan.crowd.role]
        for pk, position in assessment.items.values_list("pk", "position"):
            specs[pk] = items[position - 1]
    for week in range(WEEKS):
        issued = monday(current, week)
        audit_batches_issue(now=issued, seed=seed)
        submitted = answer_week(week, issued, hires, specs, seed)
        audits_close_overdue(now=issued + timedelta(days=PLAN["due_days"]))
        attempts_score(submitted, schedule_agreement=False)
        quality_alerts_raise(now=issued + timedelta(days=6))
        if RECALIBRATED in story and week == RECAL_DIP[-1] - 1:
            hire, application = story[RECALIBRATED]
            team = teams[application.role.organization.slug]
            recalibrate(hire, application, calibrations[application.role_id], current, team, seed)
        if RECALIBRATED in story and week == RECAL_RESOLVED - 1:
            application = story[RECALIBRATED][1]
            resolve(application, current, teams[application.role.organization.slug])
    audit_batches_issue(now=now, seed=seed)  # this week's, open
