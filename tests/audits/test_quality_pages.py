"""The team's quality board and trainer timeline (pages and API), and the control chart
geometry they draw."""

import math
from datetime import timedelta

import pytest
from django.urls import reverse

from assessments.audits.alerts import quality_alerts_raise
from assessments.results.display import score_text
from core.charts import control_chart
from tests.audits.test_quality_alerts import (
    DRIFTING,
    MONDAY,
    STEADY,
    client_of,
    weeks_of_audits,
)
from tests.factories.audits import audited_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(org):
    role, _ = audited_role(organization=org, trainers=3, batch_size=4, overlap_count=0)
    missing = [*STEADY[:4], None, *STEADY[5:]]
    applications = weeks_of_audits(role, [STEADY, DRIFTING, missing])
    quality_alerts_raise(now=MONDAY + timedelta(weeks=10))
    return role, applications


def test_the_board_puts_trainers_with_alerts_first(team, recruiter):
    role, (steady, drifter, _) = team
    page = client_of(recruiter).get(reverse("audits:board", args=[role.organization.slug, role.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert body.index(drifter.candidate.full_name) < body.index(steady.candidate.full_name)
    assert "Drifting" in body
    assert "Accuracy vs gold" in body


@pytest.mark.parametrize("trainers", [2, 8])
def test_the_board_query_count_does_not_grow_with_trainers(
    org, hiring_manager, trainers, django_assert_max_num_queries
):
    role, _ = audited_role(organization=org, trainers=trainers, batch_size=4, overlap_count=1)
    weeks_of_audits(role, [STEADY[:3]] * trainers)
    client = client_of(hiring_manager)
    url = reverse("audits:board", args=[org.slug, role.pk])
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(14):
        api = client.get(reverse("api:role-quality", args=[org.slug, role.pk]))
    assert len(api.json()["rows"]) == trainers


def test_the_timeline_charts_each_measure_with_limits_and_marks_a_missed_week(team, recruiter):
    role, (_, drifter, missing) = team
    client = client_of(recruiter)

    body = client.get(
        reverse("audits:timeline", args=[role.organization.slug, role.pk, drifter.pk])
    ).content.decode()
    assert 'data-testid="control-accuracy"' in body
    assert "control__point--signal" in body
    assert "control__limit" in body
    assert "style=" not in body.split("<main", 1)[-1]

    missed = client.get(
        reverse("audits:timeline", args=[role.organization.slug, role.pk, missing.pk])
    ).content.decode()
    assert "missed" in missed

    api = client.get(
        reverse("api:trainer-timeline", args=[role.organization.slug, role.pk, missing.pk])
    ).json()
    assert api["weeks"][4]["state"] == "missed"
    assert api["weeks"][4]["accuracy"] is None
    line = next(line for line in api["lines"] if line["measure"] == "accuracy")
    assert len(line["upper_limit"]) == 10
    assert line["baseline"] == pytest.approx(sum(STEADY[:4]) / 4)
    # Beside each weekly value, the 3-week mean the threshold judges (missed week 4 skipped).
    assert api["rolling_window"] == 3
    assert line["rolling"][:3] == [None, None, pytest.approx(sum(STEADY[:3]) / 3)]
    assert line["rolling"][4] is None
    assert line["rolling"][5] == pytest.approx((STEADY[2] + STEADY[3] + STEADY[5]) / 3)
    assert "3-week mean" in missed
    # Written as every after-hire page writes accuracy: a share ("91%").
    assert (
        f"3-week mean {score_text((STEADY[7] + STEADY[8] + STEADY[9]) / 3)}"
        in missed.split('data-testid="latest-accuracy"')[1][:120]
    )


def test_the_timeline_is_404_for_a_trainer_of_another_role_and_other_organisations(
    team, org, recruiter, other_recruiter
):
    role, (steady, _, _) = team
    other_role, _ = audited_role(organization=org, trainers=1)
    url = reverse("audits:timeline", args=[org.slug, other_role.pk, steady.pk])
    assert client_of(recruiter).get(url).status_code == 404
    for name in ("audits:timeline", "api:trainer-timeline"):
        url = reverse(name, args=[org.slug, role.pk, steady.pk])
        assert client_of(other_recruiter).get(url).status_code == 404
        assert client_of(steady.candidate).get(url).status_code == 404
    board = reverse("api:role-quality", args=[org.slug, role.pk])
    assert client_of(steady.candidate).get(board).status_code == 404


def test_control_chart_geometry_breaks_the_line_at_a_missed_week():
    chart = control_chart(
        [0.5, None, 1.0],
        ["a", "b", "c"],
        center=0.5,
        upper=[0.6, 0.6, 0.6],
        lower=[0.4, 0.4, 0.4],
        threshold=0.8,
        signals=[False, False, True],
    )
    assert len(chart.segments) == 2
    assert [tick.label for tick in chart.missed] == ["b"]
    assert chart.points[-1].signal
    assert chart.points[-1].y == chart.top  # 1.0 at the top of [0, 1]
    assert chart.center == pytest.approx((chart.top + chart.bottom) / 2)
    assert chart.threshold is not None
    assert chart.threshold < chart.center
    with pytest.raises(ValueError, match="One label per week"):
        control_chart([0.5], [])


def test_control_chart_leaves_room_for_the_last_weeks_label():
    # "30 Nov", centred on the last point, is about 40 units wide at the chart's font size.
    chart = control_chart([0.5] * 13, [f"{day} Nov" for day in range(18, 31)])
    assert chart.x_ticks[-1].label == "30 Nov"
    assert chart.width - chart.x_ticks[-1].at >= 20


def test_control_chart_of_a_negative_agreement_reaches_below_zero():
    chart = control_chart([0.6, -0.15, 0.4], ["a", "b", "c"], center=0.5)
    assert [tick.value for tick in chart.y_ticks] == [-0.25, 0.0, 0.25, 0.5, 0.75, 1.0]
    lowest = min(chart.points, key=lambda point: point.value)
    assert chart.top < lowest.y < chart.bottom  # drawn where it is, not clamped to 0
    zero = next(tick for tick in chart.y_ticks if tick.value == 0.0)
    assert lowest.y > zero.at
    # Never past -1, in halves below -0.5.
    floor = control_chart([-1.0, 0.2], ["a", "b"])
    assert [tick.value for tick in floor.y_ticks] == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert floor.points[0].y == floor.bottom
    halves = control_chart([-0.6, 0.2], ["a", "b"])
    assert [tick.value for tick in halves.y_ticks] == [-1.0, -0.5, 0.0, 0.5, 1.0]


def test_control_chart_marks_only_missed_weeks_not_weeks_without_the_measure():
    chart = control_chart([0.5, None, None], ["a", "b", "c"], missed_weeks=[False, False, True])
    assert [tick.label for tick in chart.missed] == ["c"]


def test_control_chart_of_hours_scales_to_its_largest_value():
    chart = control_chart([10.0, 20.0, math.nan], ["a", "b", "c"], unit_interval=False)
    assert chart.points[1].y > chart.top  # 20 h sits below the padded top
    assert chart.center is None
    assert chart.upper == ""
