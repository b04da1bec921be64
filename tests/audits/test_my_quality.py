"""A hired trainer's own quality (/me/quality/ and /api/me/quality/): their weekly
measures and first 90 days against the role's targets — their own numbers only, never
another trainer's, never gold (the leak test, ``test_audit_gold_never_leaks``, fetches both
in every state of a batch)."""

import pytest
from django.urls import reverse

from tests.audits.test_audit_gold_never_leaks import leaks
from tests.audits.test_validity import client_of
from tests.factories import UserFactory
from tests.factories.assessments import AssessmentFactory
from tests.factories.audits import hire, role_with_targets
from tests.factories.hiring import RoleFactory

pytestmark = pytest.mark.django_db

MINE = [0.81, 0.85, None, 0.9]  # week 3 missed
PEER = [0.63, 0.64, 0.66, 0.67]


@pytest.fixture
def team(org, other_org):
    role = role_with_targets(org, accuracy="85", turnaround="36")
    me = hire(role, {"accuracy": 0.8}, MINE, hours=30.0)
    peer = hire(role, {"accuracy": 0.6}, PEER, hours=50.0)
    peer.candidate.full_name = "Ottoline Peerson"
    peer.candidate.save()
    elsewhere = RoleFactory(
        organization=other_org, assessment=AssessmentFactory(organization=other_org)
    )
    hire(elsewhere, {"accuracy": 0.7}, [0.71, 0.72])
    return me, peer


def test_the_trainer_sees_their_own_weeks_and_ninety_day_progress(team):
    me, peer = team

    page = client_of(me.candidate).get(reverse("candidates:quality"))

    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="my-targets"' in body
    assert 'data-testid="my-weeks"' in body
    assert me.role.title in body
    for value in ("81%", "85%", "90%", "30.0 h"):
        assert value in body
    assert "Missed" in body
    assert "Week 4 of your first 13: 3 batches submitted, 1 missed." in body
    assert "Accuracy on checked items" in body
    assert body.count('data-testid="week-chart"') == 2
    # 90 days so far: accuracy 85.3% ≥ 85% met; turnaround 30 h ≤ 36 h met.
    assert "2 of 2 targets met so far." in body
    for value in ("63%", "64%", "66%", "67%", "50.0 h", "71%", "72%"):
        assert value not in body  # the peer's, the other organisation's
    assert peer.candidate.full_name not in body
    assert peer.candidate.email not in body
    assert leaks(body) == []


def test_the_api_gives_the_trainer_their_own_numbers_only(team):
    me, peer = team

    data = client_of(me.candidate).get(reverse("api:my-quality")).json()

    (role,) = data
    assert role["application"] == me.pk
    assert role["role_title"] == me.role.title
    assert [week["accuracy"] for week in role["weeks"]] == [0.9, None, 0.85, 0.81]
    assert [week["state"] for week in role["weeks"]][1] == "missed"
    assert role["weeks"][0]["turnaround_hours"] == pytest.approx(30.0)
    assert (role["first_days_weeks"], role["submitted"], role["missed"]) == (4, 3, 1)
    targets = {target["kind"]: target for target in role["targets"]}
    assert targets["accuracy"]["measured"] == pytest.approx((0.81 + 0.85 + 0.9) / 3)
    assert targets["accuracy"]["met"] is True
    assert targets["accuracy"]["weekly"] == [0.81, 0.85, None, 0.9]
    assert targets["feedback_turnaround"]["name"] == "Turnaround (hours)"
    text = str(data)
    assert peer.candidate.email not in text
    assert "0.63" not in text
    assert "alpha" not in text
    assert leaks(text) == []


def test_someone_never_hired_sees_nothing_yet(team):
    client = client_of(UserFactory())

    assert client.get(reverse("api:my-quality")).json() == []
    assert "Once a team hires you" in client.get(reverse("candidates:quality")).content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    page = client.get(reverse("candidates:quality"))
    assert page.status_code == 302
    assert client.get(reverse("api:my-quality")).status_code in (401, 403)


def test_the_dashboard_links_a_trainer_to_their_quality(team):
    me, _ = team
    body = client_of(me.candidate).get(reverse("candidates:dashboard")).content.decode()
    assert reverse("candidates:quality") in body
