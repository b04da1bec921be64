"""One way to write a score after the hire: shares (accuracy, edge cases, review
alignment, throughput) as ``score_text`` ("90%"), agreement (alpha, which can be
negative) in two decimals, turnaround in hours, on the board, alerts, timelines, 90-day
reports and the alert e-mail alike."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse

from assessments.audits.alerts import quality_alerts_raise
from assessments.audits.outcomes import MetricOutcome
from assessments.audits.quality import measure_text
from assessments.models import QualityAlert
from assessments.results.display import agreement_text, hours_text, score_text
from tests.audits.test_quality_alerts import DRIFTING, MONDAY, STEADY, client_of, weeks_of_audits
from tests.factories.audits import audited_role


@pytest.mark.parametrize(
    ("measure", "value", "text"),
    [
        ("accuracy", 0.725, "73%"),
        ("edge_cases", 0.5, "50%"),
        ("review_alignment", 1.0, "100%"),
        ("throughput", 0.845, "85%"),
        ("agreement", 0.624, "0.62"),
        ("agreement", -0.153, "-0.15"),
        ("agreement", 0.0, "0.00"),
        ("turnaround_hours", 30, "30.0 h"),
        ("accuracy", None, "—"),
        ("agreement", None, "—"),
        ("turnaround_hours", None, "—"),
    ],
)
def test_each_measure_is_written_one_way(measure, value, text):
    assert measure_text(measure, value) == text
    rendered = Template("{% load scores %}{{ value|measure:name }}").render(
        Context({"value": value, "name": measure})
    )
    assert rendered == text


def test_agreement_is_a_statistic_in_two_decimals_not_a_percentage():
    assert agreement_text(0.8) == "0.80"
    assert agreement_text(float("nan")) == "—"
    assert Template("{% load scores %}{{ v|agreement }}").render(Context({"v": -0.2})) == "-0.20"
    assert hours_text(4.25) == "4.2 h"


def outcome(measure, measured, weekly):
    return MetricOutcome(
        kind="consistency",
        label="Annotation consistency score",
        measure=measure,
        target=Decimal("0.7"),
        unit="alpha",
        direction="at least",
        threshold=0.7,
        higher_is_better=True,
        measured=measured,
        met=measured >= 0.7,
        weekly=weekly,
    )


def test_the_ninety_day_report_writes_agreement_as_the_other_pages_do():
    metric = outcome("agreement", 0.734, (0.71, None, 0.76))

    chart = metric.chart()

    assert metric.measured_text == "0.73"
    assert [bar.label for bar in chart.bars] == ["Week 1: 0.71", "Week 2: missed", "Week 3: 0.76"]
    assert chart.target_label == "target 0.70"


@pytest.mark.django_db
def test_the_board_alert_timeline_and_email_write_accuracy_in_percent(
    org, owner, recruiter, django_capture_on_commit_callbacks
):
    role, _ = audited_role(organization=org, trainers=2, batch_size=4, overlap_count=0)
    _, drifter = weeks_of_audits(role, [STEADY, DRIFTING])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        quality_alerts_raise(now=MONDAY + timedelta(weeks=10))
    alert = QualityAlert.objects.get(application=drifter, metric="accuracy")
    client = client_of(recruiter)

    board = client.get(reverse("audits:board", args=[org.slug, role.pk])).content.decode()
    page = client.get(reverse("alerts:alert", args=[org.slug, alert.pk])).content.decode()
    timeline = client.get(
        reverse("audits:timeline", args=[org.slug, role.pk, drifter.pk])
    ).content.decode()

    assert f">{score_text(DRIFTING[-1])}" in board  # "75%", was "0.75"
    assert f">{score_text(STEADY[-1])}" in board
    assert "0.75" not in board
    assert f"({score_text(alert.baseline_mean)})" in page
    for _, value in alert.values:
        assert f">{score_text(value)}<" in page
    assert f": {score_text(DRIFTING[-1])}" in timeline
    assert f"baseline {score_text(alert.baseline_mean)}" in timeline
    (email,) = mail.outbox
    assert f"{score_text(DRIFTING[-2])}, {score_text(DRIFTING[-1])}." in email.body
