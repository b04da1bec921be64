"""Quality alerts of hired trainers (issue 15): raising them after each week's scoring,
and their escalation path.

Raising (``quality_alerts_raise``, the beat's ``assessments.tasks.quality_alerts_raise_task``)
For every role with an active audit plan, each monitored measure (``monitored``: the
measures of the role's success metrics, and accuracy vs gold always) of every hired
trainer goes through ``scoring.drift.assess_drift_many`` with its documented defaults —
baseline = the calibration score and the trainer's first ``BASELINE_WEEKS`` (4) observed
weeks, sigma floored at ``SIGMA_FLOORS`` (0.05 for rates, 4 hours for turnaround), tabular
CUSUM ``k = 0.5, h = 5``, EWMA ``λ = 0.1, L = 2.7`` — and the role's success-metric threshold
(``quality.metric_threshold``, direction-aware: "at most" targets such as turnaround are
breached from above), judged on the mean of the last ``THRESHOLD_WINDOW`` (3) observed
weeks, so one bad week alone raises no below-threshold alert. A trainer whose latest
week is ``below_threshold`` or ``drifting`` gets an alert, unless one is open for that
measure already: the open alert is updated (latest week, values, kind), so one episode
raises one alert and one e-mail. After an alert is closed (resolved or released) the
trainer's series for that measure starts afresh after its latest week, with a new
baseline (and the recalibration's score, when one was taken), so a new episode is a new
alert. ``judge`` gives these verdicts, the fresh start included; the quality board and
trainer timeline (``board.py``) and their API read them from it too.

Escalation (``alert_step``)
``open → acknowledged → coaching | recalibrating → resolved | released``; coaching may
still turn to a recalibration. Every step is an ``AlertStep`` (who, when, note). A
recalibration assigns the trainer a fresh attempt at the role's calibration assessment
(purpose RECALIBRATION, drawn as any attempt is: ``attempts.services.attempt_order``) and
e-mails them its link. Owners and hiring managers take the steps (``Access.may_author``).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.mail import message_queue
from assessments.attempts.ordering import new_attempt_seed
from assessments.attempts.services import attempt_order
from assessments.audits.quality import (
    COMPONENT_OF,
    MEASURE_LABELS,
    RoleQuality,
    trainer_weeks,
)
from assessments.models import AlertStep, Attempt, QualityAlert, ScoreReport
from assessments.scoring.drift import BELOW_THRESHOLD, DRIFTING, DriftBatch, assess_drift_many
from config.errors import ApplicationError
from hiring.models import Membership, Role

State = QualityAlert.State
SIGMA_FLOORS = {"turnaround_hours": 4.0}
SIGMA_FLOOR_RATE = 0.05
# The escalation path: from each state, the steps that may follow.
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    State.OPEN: (State.ACKNOWLEDGED,),
    State.ACKNOWLEDGED: (State.COACHING, State.RECALIBRATING),
    State.COACHING: (State.RECALIBRATING, State.RESOLVED, State.RELEASED),
    State.RECALIBRATING: (State.RESOLVED, State.RELEASED),
    State.RESOLVED: (),
    State.RELEASED: (),
}
CLOSING = (State.RESOLVED, State.RELEASED)
RECALIBRATION_DAYS = 7  # the recalibration attempt's deadline


def monitored(quality: RoleQuality) -> list[tuple[str, float, bool]]:
    """(measure, threshold — NaN for none, higher is better) for each monitored measure."""
    out: dict[str, tuple[str, float, bool]] = {
        "accuracy": ("accuracy", np.nan, True),
    }
    for metric in quality.metrics:
        threshold = np.nan if metric.threshold is None else metric.threshold
        out[metric.measure] = (metric.measure, threshold, metric.higher_is_better)
    return list(out.values())


def _nan(value: float | None) -> float:
    return np.nan if value is None else float(value)


def _team_emails(role: Role) -> list[str]:
    return list(
        Membership.objects.filter(
            organization_id=role.organization_id,
            role__in=[Membership.Role.OWNER, Membership.Role.HIRING_MANAGER],
        )
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(template: str, to: list[str], context: dict) -> None:
    if not to:
        return
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}.txt", context)
    message_queue(EmailMessage(subject, body, None, to))


def _restarts(
    alerts: Iterable[QualityAlert],
) -> dict[tuple[int, str], tuple[date, float | None]]:
    """Per (application, measure) with a closed alert among ``alerts``: the week after which
    the series starts afresh (the latest closed alert's), and the recalibration's score of
    that measure's component, if any (one query, only when a recalibration was assigned)."""
    closed = sorted(
        (alert for alert in alerts if alert.closed_at is not None),
        key=lambda alert: (alert.latest_week, alert.pk),
    )
    attempt_ids = [alert.recalibration_id for alert in closed if alert.recalibration_id]
    reports = (
        dict(
            ScoreReport.objects.filter(attempt_id__in=attempt_ids, is_current=True).values_list(
                "attempt_id", "components"
            )
        )
        if attempt_ids
        else {}
    )
    out: dict[tuple[int, str], tuple[date, float | None]] = {}
    for alert in closed:
        component = COMPONENT_OF.get(alert.metric)
        components = reports.get(alert.recalibration_id or 0) or {}
        score = components.get(component) if component else None
        out[(alert.application_id, alert.metric)] = (alert.latest_week, score)
    return out


@dataclass(frozen=True)
class Judgement:
    """One measure judged over ``RoleQuality.trainers`` the way the beat judges it: the
    batch has a row per trainer (in that order) and a column per role week; ``start`` is
    each trainer's first judged week (after their latest closed alert of the measure, 0
    when none)."""

    measure: str
    threshold: float
    higher_is_better: bool
    batch: DriftBatch
    start: np.ndarray


def judge(
    quality: RoleQuality,
    alerts: Iterable[QualityAlert],
    measures: list[tuple[str, float, bool]] | None = None,
) -> list[Judgement]:
    """The verdicts of every trainer of ``quality`` per measure (``monitored`` by default),
    as the beat raises alerts on them and every page and API answer shows them.

    ``scoring.drift.assess_drift_many`` over all the trainers at once, with the measure's
    sigma floor and each trainer's calibration score; a trainer with a closed (resolved
    or released) alert of the measure among ``alerts`` starts afresh the week after it,
    with the recalibration's score (if one was taken) as their calibration.
    """
    restarts = _restarts(alerts)
    out = []
    for measure, threshold, higher in monitored(quality) if measures is None else measures:
        start = np.zeros(len(quality.trainers), dtype=np.int64)
        calibration = []
        for index, trainer in enumerate(quality.trainers):
            restart = restarts.get((trainer.application_id, measure))
            if restart is None:
                calibration.append(_nan(trainer.calibration.get(measure)))
                continue
            after, score = restart
            start[index] = sum(week <= after for week in quality.weeks)
            calibration.append(_nan(score))
        weeks = len(quality.weeks)
        if quality.trainers:
            matrix = np.vstack([trainer.array(measure) for trainer in quality.trainers])
        else:
            matrix = np.empty((0, weeks))
        batch = assess_drift_many(
            matrix,
            threshold=threshold,
            higher_is_better=higher,
            calibration=calibration,
            sigma_floor=SIGMA_FLOORS.get(measure, SIGMA_FLOOR_RATE),
            start=start,
        )
        out.append(Judgement(measure, threshold, higher, batch, start))
    return out


def role_alerts(role: Role) -> list[QualityAlert]:
    """Every quality alert of the role, open and closed (``judge`` reads the closed)."""
    return list(QualityAlert.objects.filter(role=role))


def _role_alerts(role: Role, now: datetime) -> int:
    quality = trainer_weeks(role=role)
    if not quality.weeks or not quality.trainers:
        return 0
    alerts = role_alerts(role)
    open_alerts = {
        (alert.application_id, alert.metric): alert for alert in alerts if alert.closed_at is None
    }
    raised = 0
    for judged in judge(quality, alerts):
        measure, threshold = judged.measure, judged.threshold
        for index, trainer in enumerate(quality.trainers):
            verdict = judged.batch.assessment(index)
            if verdict.status not in (BELOW_THRESHOLD, DRIFTING) or verdict.since_week is None:
                continue
            assert verdict.latest_week is not None
            since, latest = verdict.since_week, verdict.latest_week
            fields = {
                "kind": verdict.status,
                "chart": "" if verdict.status == BELOW_THRESHOLD else (verdict.chart or ""),
                "since_week": quality.weeks[since],
                "latest_week": quality.weeks[latest],
                "threshold": None if np.isnan(threshold) else threshold,
                "baseline_mean": verdict.baseline_mean,
                "values": [
                    [week.isoformat(), value]
                    for week, value in zip(
                        quality.weeks[since : latest + 1],
                        trainer.series(measure)[since : latest + 1],
                        strict=True,
                    )
                ],
            }
            existing = open_alerts.get((trainer.application_id, measure))
            if existing is not None:
                QualityAlert.objects.filter(pk=existing.pk).update(**fields)
                continue
            alert = QualityAlert.objects.create(
                application_id=trainer.application_id,
                role=role,
                metric=measure,
                raised_at=now,
                **fields,
            )
            raised += 1
            _send(
                "quality_alert",
                _team_emails(role),
                {
                    "alert": alert,
                    "trainer": trainer,
                    "role": role,
                    "organization": role.organization,
                    "measure": MEASURE_LABELS[measure],
                    "url": _absolute(alert_path(alert)),
                },
            )
    return raised


def alert_path(alert: QualityAlert) -> str:
    return reverse("alerts:alert", args=[alert.role.organization.slug, alert.pk])


def quality_alerts_raise(*, now: datetime | None = None) -> int:
    """Raises the alerts of every role with an active audit plan; returns how many are
    new. Running it again raises none for the same episodes."""
    now = now or timezone.now()
    raised = 0
    for role in Role.objects.filter(audit_plan__is_active=True).select_related("organization"):
        with transaction.atomic():
            raised += _role_alerts(role, now)
    return raised


def _recalibration_assign(alert: QualityAlert, now: datetime) -> Attempt:
    application = alert.application
    assessment = alert.role.assessment
    if assessment is None:
        raise ApplicationError(
            f"“{alert.role.title}” has no calibration assessment to recalibrate on: "
            "attach one to the role first.",
            field="action",
        )
    seed = new_attempt_seed()
    order = attempt_order(assessment, seed=seed)
    if not order:
        raise ApplicationError("The role's calibration assessment has no items.", field="action")
    attempt = Attempt.objects.create(
        assessment=assessment,
        candidate_id=application.candidate_id,
        application=application,
        purpose=Attempt.Purpose.RECALIBRATION,
        started_at=now,
        deadline=now + timedelta(days=RECALIBRATION_DAYS),
        seed=seed,
        item_order=order,
        pay_amount=assessment.pay_amount,
        pay_currency=assessment.pay_currency,
    )
    _send(
        "recalibration",
        [application.candidate.email],
        {
            "candidate": application.candidate,
            "role": alert.role,
            "organization": alert.role.organization,
            "assessment": assessment,
            "deadline": attempt.deadline,
            "url": _absolute(reverse("attempts:attempt", args=[attempt.pk])),
        },
    )
    return attempt


@transaction.atomic
def alert_step(*, alert: QualityAlert, action: str, by, note: str = "") -> QualityAlert:
    """Takes one step of the alert's escalation path and records it; refuses a step the
    path does not allow from where the alert is (nothing is saved)."""
    alert = (
        QualityAlert.objects.select_for_update(of=("self",))
        .select_related("application__candidate", "role__assessment", "role__organization")
        .get(pk=alert.pk)
    )
    allowed = NEXT_STEPS[alert.state]
    if action not in allowed:
        names = ", ".join(str(State(step).label).lower() for step in allowed) or "nothing"
        raise ApplicationError(
            f"An alert that is “{alert.get_state_display()}” can go on to: {names}.",
            field="action",
        )
    note = (note or "").strip()
    if len(note) > 2000:
        raise ApplicationError("Keep the note under 2,000 characters.", field="note")
    now = timezone.now()
    if action == State.RECALIBRATING:
        alert.recalibration = _recalibration_assign(alert, now)
    alert.state = action
    if action in CLOSING:
        alert.closed_at = now
    alert.save(update_fields=["state", "closed_at", "recalibration"])
    AlertStep.objects.create(alert=alert, action=action, by=by, at=now, note=note)
    return alert
