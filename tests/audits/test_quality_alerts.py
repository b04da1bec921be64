"""Quality alerts (assessments/audits/alerts.py): raised once per episode for a drifting
series and for a threshold breach, e-mailed to owners and hiring managers, walked along
the escalation path (each step recorded), a recalibration attempt assigned; pages, API,
badge and permissions."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from assessments.audits.alerts import alert_step, judge, quality_alerts_raise
from assessments.audits.quality import trainer_weeks
from assessments.audits.services import audit_batches_issue
from assessments.models import AlertStep, Attempt, Audit, QualityAlert, ScoreReport
from assessments.scoring import drift
from config.errors import ApplicationError
from hiring.models import Membership, SuccessMetric
from tests.factories.assessments import AssessmentFactory, GoldAnswerFactory, ItemFactory
from tests.factories.audits import audited_role
from tests.factories.hiring import MembershipFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 6, 1, 9, tzinfo=UTC)
STEADY = [0.9, 0.92, 0.88, 0.9, 0.91, 0.89, 0.9, 0.92, 0.9, 0.91]
DRIFTING = [0.9, 0.92, 0.88, 0.9, 0.91, 0.89, 0.8, 0.78, 0.76, 0.75]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def weeks_of_audits(role, series_by_trainer: list[list[float | None]], first: int = 0) -> list:
    """Issues one batch a week (from week ``first``) for as many weeks as the series are
    long; each trainer's batch is submitted and scored with that week's accuracy (None:
    missed)."""
    for week, _ in enumerate(series_by_trainer[0], start=first):
        now = MONDAY + timedelta(weeks=week)
        audit_batches_issue(now=now)
        batches = Audit.objects.filter(week_starting=now.date()).order_by("application_id")
        for audit, series in zip(batches, series_by_trainer, strict=True):
            value = series[week - first]
            if value is None:
                Audit.objects.filter(pk=audit.pk).update(
                    state=Audit.State.MISSED, missed_at=audit.due_at
                )
                continue
            Audit.objects.filter(pk=audit.pk).update(
                state=Audit.State.SUBMITTED, submitted_at=audit.issued_at + timedelta(hours=20)
            )
            ScoreReport.objects.create(
                attempt=audit.attempt,
                scorer_version="1",
                gold_version=1,
                components={"accuracy": value},
            )
    return list(role.applications.order_by("pk"))


@pytest.fixture
def drifting(org, owner, hiring_manager):
    role, _ = audited_role(organization=org, trainers=2, batch_size=4, overlap_count=0)
    calibration = AssessmentFactory(organization=org)
    for position in range(1, 4):
        GoldAnswerFactory(item=ItemFactory(assessment=calibration, position=position))
    role.assessment = calibration
    role.save(update_fields=["assessment"])
    steady, drifter = weeks_of_audits(role, [STEADY, DRIFTING])
    return role, steady, drifter


def test_a_drifting_series_raises_one_alert_e_mailed_to_owners_and_hiring_managers(
    drifting, owner, hiring_manager, django_capture_on_commit_callbacks
):
    role, _, drifter = drifting

    with django_capture_on_commit_callbacks(execute=True):
        raised = quality_alerts_raise(now=MONDAY + timedelta(weeks=10))

    assert raised == 1
    alert = QualityAlert.objects.get()
    assert alert.application == drifter
    assert alert.metric == "accuracy"
    assert alert.kind == QualityAlert.Kind.DRIFTING
    assert "cusum" in alert.chart or "ewma" in alert.chart
    assert alert.since_week == (MONDAY + timedelta(weeks=6)).date()
    assert alert.values[0] == [(MONDAY + timedelta(weeks=6)).date().isoformat(), 0.8]
    assert alert.state == QualityAlert.State.OPEN
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([owner.email, hiring_manager.email])
    assert "drifting" in mail.outbox[0].subject.lower()
    assert reverse("alerts:alert", args=[role.organization.slug, alert.pk]) in mail.outbox[0].body

    # The next runs (the beat, hourly) raise nothing new for the same episode.
    with django_capture_on_commit_callbacks(execute=True):
        assert quality_alerts_raise(now=MONDAY + timedelta(weeks=10, hours=1)) == 0
    assert QualityAlert.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_threshold_breach_over_three_weeks_raises_a_below_threshold_alert_once(org):
    role, _ = audited_role(organization=org, trainers=1, batch_size=4, overlap_count=0)
    SuccessMetric.objects.create(
        role=role,
        kind="accuracy",
        target=Decimal("85"),
        unit="%",
        direction="at_least",
        measurement="Weekly audits.",
    )
    # The threshold judges the mean of the last 3 observed weeks: one week at 0.8 among
    # weeks at 0.9 (mean 0.87) raises nothing, nor do two weeks at 0.84 (mean 0.86).
    weeks_of_audits(role, [[0.9, 0.9, 0.9, 0.8, 0.9, 0.9, 0.84, 0.84]])
    assert quality_alerts_raise(now=MONDAY + timedelta(weeks=8)) == 0

    weeks_of_audits(role, [[0.84]], first=8)  # the third week below: mean 0.84
    assert quality_alerts_raise(now=MONDAY + timedelta(weeks=9)) == 1
    assert quality_alerts_raise(now=MONDAY + timedelta(weeks=9)) == 0

    alert = QualityAlert.objects.get()
    assert alert.kind == QualityAlert.Kind.BELOW_THRESHOLD
    assert alert.threshold == pytest.approx(0.85)
    assert alert.since_week == (MONDAY + timedelta(weeks=8)).date()


def test_missed_weeks_are_not_read_as_a_drop(org):
    role, _ = audited_role(organization=org, trainers=1, batch_size=4, overlap_count=0)
    weeks_of_audits(role, [[0.9, 0.92, 0.88, 0.9, None, None, None, 0.91, None, 0.9]])

    assert quality_alerts_raise(now=MONDAY + timedelta(weeks=10)) == 0


def test_a_turnaround_target_is_breached_from_above(org):
    role, _ = audited_role(organization=org, trainers=1, batch_size=4, overlap_count=0)
    SuccessMetric.objects.create(
        role=role,
        kind="feedback_turnaround",
        target=Decimal("12"),
        unit="hours",
        direction="at_most",
        measurement="Hours from batch to submission.",
    )
    weeks_of_audits(role, [[0.9, 0.9, 0.9]])  # submitted 20 hours after issue

    quality_alerts_raise(now=MONDAY + timedelta(weeks=3))

    alert = QualityAlert.objects.get(metric="turnaround_hours")
    assert alert.kind == QualityAlert.Kind.BELOW_THRESHOLD
    assert alert.values[-1][1] == pytest.approx(20)


def test_the_escalation_path_records_each_step_and_a_recalibration_assigns_an_attempt(
    drifting, owner, django_capture_on_commit_callbacks
):
    role, _, drifter = drifting
    quality_alerts_raise(now=MONDAY + timedelta(weeks=10))
    alert = QualityAlert.objects.get()

    with pytest.raises(ApplicationError, match="can go on to: acknowledged"):
        alert_step(alert=alert, action=QualityAlert.State.RESOLVED, by=owner)
    alert_step(alert=alert, action="acknowledged", by=owner, note="Seen; talking to them.")
    with django_capture_on_commit_callbacks(execute=True):
        alert = alert_step(alert=alert, action="recalibrating", by=owner)

    attempt = alert.recalibration
    assert attempt.purpose == Attempt.Purpose.RECALIBRATION
    assert attempt.assessment == role.assessment
    assert attempt.candidate == drifter.candidate
    assert attempt.state == Attempt.State.IN_PROGRESS
    assert len(attempt.item_order) == 3
    assert mail.outbox[-1].to == [drifter.candidate.email]
    assert reverse("attempts:attempt", args=[attempt.pk]) in mail.outbox[-1].body

    alert = alert_step(alert=alert, action="resolved", by=owner, note="Back on track.")
    assert alert.closed_at is not None
    steps = list(AlertStep.objects.filter(alert=alert).values_list("action", "by", "note"))
    assert steps == [
        ("acknowledged", owner.pk, "Seen; talking to them."),
        ("recalibrating", owner.pk, ""),
        ("resolved", owner.pk, "Back on track."),
    ]
    # A closed alert starts the series afresh: the old episode raises nothing new.
    assert quality_alerts_raise(now=MONDAY + timedelta(weeks=10, hours=2)) == 0


def test_after_a_resolved_alert_board_timeline_and_api_say_what_the_beat_judged(drifting, owner):
    role, steady, drifter = drifting
    quality_alerts_raise(now=MONDAY + timedelta(weeks=10))
    alert = QualityAlert.objects.get()
    for action in ("acknowledged", "coaching", "resolved"):
        alert = alert_step(alert=alert, action=action, by=owner)
    # Six steady weeks after the coaching: the beat starts the series afresh and raises
    # nothing, though the whole series (the drop included) still drifts on the CUSUM.
    weeks_of_audits(role, [STEADY[:6], STEADY[:6]], first=10)
    assert quality_alerts_raise(now=MONDAY + timedelta(weeks=16)) == 0

    quality = trainer_weeks(role=role)
    (judged,) = judge(quality, list(QualityAlert.objects.filter(role=role)))
    beat = {t.application_id: str(judged.batch.status[i]) for i, t in enumerate(quality.trainers)}
    assert beat == {steady.pk: "ok", drifter.pk: "ok"}
    (trainer,) = [t for t in quality.trainers if t.application_id == drifter.pk]
    whole = drift.assess_drift(trainer.array("accuracy"))
    assert whole.status == drift.DRIFTING  # what the board used to show

    client = client_of(owner)
    slug = role.organization.slug
    board = client.get(reverse("audits:board", args=[slug, role.pk])).content.decode()
    assert "Drifting" not in board
    api_board = client.get(reverse("api:role-quality", args=[slug, role.pk])).json()
    cells = {row["application"]: row["cells"][0]["status"] for row in api_board["rows"]}
    assert cells == beat
    timeline = client.get(reverse("audits:timeline", args=[slug, role.pk, drifter.pk]))
    body = timeline.content.decode()
    chart = body[body.index('id="line-accuracy"') :]
    assert chart.split("</h2>", 1)[0].endswith('<span class="tag tag--ok">Within baseline</span>')
    assert "tag--warn" not in body  # the resolved alert is listed, no line drifts
    api = client.get(reverse("api:trainer-timeline", args=[slug, role.pk, drifter.pk])).json()
    line = next(line for line in api["lines"] if line["measure"] == "accuracy")
    assert line["status"] == beat[drifter.pk]
    assert line["upper_limit"][:10] == [None] * 10  # before the fresh start: no limits
    assert line["baseline"] == pytest.approx(sum(STEADY[:4]) / 4)


def test_recalibration_needs_a_calibration_assessment_on_the_role(org, owner):
    role, _ = audited_role(organization=org, trainers=1, batch_size=4, overlap_count=0)
    weeks_of_audits(role, [DRIFTING])
    quality_alerts_raise(now=MONDAY + timedelta(weeks=10))
    alert = alert_step(alert=QualityAlert.objects.get(), action="acknowledged", by=owner)

    with pytest.raises(ApplicationError, match="no calibration assessment"):
        alert_step(alert=alert, action="recalibrating", by=owner)
    assert not Attempt.objects.filter(purpose=Attempt.Purpose.RECALIBRATION).exists()
    assert AlertStep.objects.count() == 1


@pytest.fixture
def raised(drifting):
    quality_alerts_raise(now=MONDAY + timedelta(weeks=10))
    return QualityAlert.objects.get()


def test_the_owner_sees_the_badge_and_acknowledges_on_the_alert_page(raised, owner):
    client = client_of(owner)
    slug = raised.role.organization.slug

    page = client.get(reverse("hiring:organization", args=[slug])).content.decode()
    assert 'data-testid="alert-badge">1<' in page

    body = client.get(reverse("alerts:alert", args=[slug, raised.pk])).content.decode()
    assert "Drifting" in body
    assert 'value="acknowledged"' in body
    done = client.post(
        reverse("alerts:act", args=[slug, raised.pk]), {"action": "acknowledged", "note": "ok"}
    )
    assert done.status_code == 302
    refused = client.post(reverse("alerts:act", args=[slug, raised.pk]), {"action": "resolved"})
    assert refused.status_code == 400
    assert "can go on to" in refused.content.decode()

    listing = client.get(reverse("alerts:list", args=[slug])).content.decode()
    assert "Acknowledged" in listing
    page = client.get(reverse("hiring:organization", args=[slug])).content.decode()
    assert 'data-testid="alert-badge"' not in page


def test_an_alerts_state_reads_amber_while_open_and_green_once_resolved(raised, owner):
    client = client_of(owner)
    page = reverse("alerts:alert", args=[raised.role.organization.slug, raised.pk])
    assert (
        'class="tag tag--pending" data-testid="alert-state">Open<'
        in client.get(page).content.decode()
    )

    for action in ("acknowledged", "coaching", "resolved"):
        alert_step(alert=raised, action=action, by=owner)
    assert (
        'class="tag tag--ok" data-testid="alert-state">Resolved<'
        in client.get(page).content.decode()
    )


def test_recruiters_read_alerts_but_take_no_step(raised, recruiter):
    client = client_of(recruiter)
    slug = raised.role.organization.slug

    assert client.get(reverse("alerts:alert", args=[slug, raised.pk])).status_code == 200
    page = client.post(reverse("alerts:act", args=[slug, raised.pk]), {"action": "acknowledged"})
    assert page.status_code == 403
    api = client.post(
        reverse("api:alert-steps", args=[slug, raised.pk]),
        {"action": "acknowledged"},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert not AlertStep.objects.exists()


@pytest.mark.parametrize("who", ["other_recruiter", "reviewer", "trainer"])
def test_other_organisations_reviewers_and_the_trainer_get_404(raised, who, request):
    user = raised.application.candidate if who == "trainer" else request.getfixturevalue(who)
    client = client_of(user)
    slug = raised.role.organization.slug

    assert client.get(reverse("alerts:alert", args=[slug, raised.pk])).status_code == 404
    assert client.get(reverse("api:alert", args=[slug, raised.pk])).status_code == 404
    assert client.get(reverse("api:alerts", args=[slug])).status_code == 404


def test_another_organisations_alert_is_404_for_a_member_of_this_one(raised, other_org):
    other_owner = MembershipFactory(organization=other_org, role=Membership.Role.OWNER).user
    client = client_of(other_owner)

    url = reverse("api:alert", args=[other_org.slug, raised.pk])
    assert client.get(url).status_code == 404


def test_the_api_lists_alerts_and_takes_steps_with_field_errors(raised, hiring_manager):
    client = client_of(hiring_manager)
    slug = raised.role.organization.slug

    listed = client.get(reverse("api:alerts", args=[slug]) + "?open=1").json()
    assert [row["id"] for row in listed] == [raised.pk]
    assert listed[0]["kind"] == "drifting"
    assert listed[0]["trainer"]

    bad = client.post(
        reverse("api:alert-steps", args=[slug, raised.pk]),
        json.dumps({"action": "fly"}),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json() == {"action": ['"fly" is not a valid choice.']}
    out_of_order = client.post(
        reverse("api:alert-steps", args=[slug, raised.pk]),
        json.dumps({"action": "released"}),
        content_type="application/json",
    )
    assert out_of_order.status_code == 400
    assert "can go on to: acknowledged" in json.dumps(out_of_order.json())
    done = client.post(
        reverse("api:alert-steps", args=[slug, raised.pk]),
        json.dumps({"action": "acknowledged", "note": "On it."}),
        content_type="application/json",
    )
    assert done.status_code == 200
    assert done.json()["state"] == "acknowledged"
    assert done.json()["steps"][0]["by"] == hiring_manager.email
    assert done.json()["steps"][0]["note"] == "On it."
