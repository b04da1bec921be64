"""The dashboard's "needs your attention" panel: each member sees the work they may act on
(core.access), counted in their organisation only, with a link to where it is done, in a
fixed number of queries."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Contest, Payment
from hiring.models import Application
from rubrics.models import ReviewTask, Rubric
from tests.factories import ApplicationFactory
from tests.factories.assessments import AttemptFactory
from tests.factories.audits import drift_alert
from tests.factories.candidate_detail import scored_role
from tests.walk.world import build_world, markers_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def panel(client, world, member) -> dict[str, tuple[int, str]]:
    """{line: (count, link)} of the member's panel."""
    client.force_login(world.members[member])
    html = client.get(reverse("hiring:organization", args=[world.organization.slug])).content
    html = html.decode()
    lines = re.findall(
        r'data-attention="([\w-]+)">\s*<a href="([^"]+)">\s*'
        r'<strong class="attention__count" data-testid="attention-count">(\d+)</strong>',
        html,
    )
    return {key: (int(count), link) for key, link, count in lines}


def test_an_owner_sees_reviews_contests_payments_and_alerts_with_their_pages(client, world):
    slug = world.organization.slug

    lines = panel(client, world, "owner")

    assert lines == {
        "reviews": (1, f"/org/{slug}/reviews/"),
        "contests": (1, f"/org/{slug}/calibration/contests/"),
        "payments-to-approve": (1, f"/org/{slug}/calibration/payments/?state=pending"),
        "payments-to-export": (1, f"/org/{slug}/calibration/payments/?state=approved"),
        "alerts": (1, f"/org/{slug}/alerts/"),
    }


def test_a_recruiter_has_no_review_line_and_a_reviewer_only_theirs(client, world):
    assert set(panel(client, world, "recruiter")) == {
        "contests",
        "payments-to-approve",
        "payments-to-export",
        "alerts",
    }
    assert panel(client, world, "reviewer") == {
        "reviews": (1, f"/org/{world.organization.slug}/reviews/"),
    }


def test_a_review_the_reviewer_already_scored_does_not_wait_for_them(client, world):
    # The done task's reviewer scored it; move it back to waiting for a first review.
    ReviewTask.objects.filter(pk=world.done_task.pk).update(state=ReviewTask.State.PRIMARY)

    assert panel(client, world, "reviewer")["reviews"][0] == 1
    assert panel(client, world, "owner")["reviews"][0] == 2


def test_another_organisations_work_is_not_counted(client, world, other_org):
    elsewhere = scored_role(other_org, candidates=2, items=4)
    rubric = Rubric.objects.create(organization=other_org, name="Theirs")
    _more_of_everything(elsewhere, rubric=rubric, n=2)

    assert {key: count for key, (count, _) in panel(client, world, "owner").items()} == {
        "reviews": 1,
        "contests": 1,
        "payments-to-approve": 1,
        "payments-to-export": 1,
        "alerts": 1,
    }


def test_the_panel_names_nobody(client, world):
    client.force_login(world.members["owner"])
    html = client.get(reverse("hiring:organization", args=[world.organization.slug])).content
    attention = re.search(r'data-testid="attention">(.*?)</section>', html.decode(), re.S)

    assert attention is not None
    assert markers_in(attention.group(1)) == []
    assert "Hired Walker" not in attention.group(1)


def _more_of_everything(scored, *, rubric, n: int) -> None:
    """``n`` more open contests, pending payments, first reviews and open alerts in the
    organisation of ``scored`` (a ``ScoredRole``)."""
    organization = scored.role.organization
    attempt = scored.attempt_of(scored.applications[-1])
    responses = list(attempt.responses.order_by("pk"))
    for number in range(n):
        Contest.objects.create(attempt=attempt, item=responses[number].item, reason="Two fit.")
        paid = AttemptFactory(assessment=scored.cohort.assessment)
        Payment.objects.create(attempt=paid, amount=Decimal("10.00"), currency="USD")
        ReviewTask.objects.create(
            organization=organization,
            response=responses[number],
            source=ReviewTask.Source.RATIONALE,
            rubric=rubric,
            state=ReviewTask.State.PRIMARY,
        )
        drift_alert(application=ApplicationFactory(role=scored.role, stage=Application.Stage.HIRED))


def test_the_panel_takes_the_same_queries_however_much_waits(client, world):
    client.force_login(world.members["owner"])
    url = reverse("hiring:organization", args=[world.organization.slug])
    client.get(url)  # warm the session and caches

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _more_of_everything(world.scored, rubric=world.rubric, n=6)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(many) == len(few)
    counts = {key: count for key, (count, _) in panel(client, world, "owner").items()}
    assert counts == {
        "reviews": 7,
        "contests": 7,
        "payments-to-approve": 7,
        "payments-to-export": 1,
        "alerts": 7,
    }
    assert response.status_code == 200
