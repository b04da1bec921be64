"""The team's calibration pages: who may open them, and what the attempt pages show."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hiring.models import Membership
from tests.factories import (
    ApplicationFactory,
    AttemptFactory,
    GoldAnswerFactory,
    ItemFactory,
    MembershipFactory,
    ResponseFactory,
    RoleFactory,
    UserFactory,
)
from tests.factories.ops import ContestFactory, PaymentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org):
    """One of each object the pages are about, in ``org``."""
    role = RoleFactory(organization=org)
    payment = PaymentFactory(attempt__assessment__organization=org)
    attempt = payment.attempt
    role.assessment = attempt.assessment
    role.save()
    application = ApplicationFactory(role=role)
    contest = ContestFactory(attempt=attempt)
    return {
        "assessment": attempt.assessment,
        "attempt": attempt,
        "role": role,
        "application": application,
        "contest": contest,
        "payment": payment,
    }


def page_urls(slug, w):
    return {
        "index": reverse("calibration:index", args=[slug]),
        "attempts": reverse("calibration:attempts", args=[slug, w["assessment"].pk]),
        "attempt": reverse("calibration:attempt", args=[slug, w["attempt"].pk]),
        "accommodations": reverse("calibration:accommodations", args=[slug, w["assessment"].pk]),
        "role_invitations": reverse("calibration:role_invitations", args=[slug, w["role"].pk]),
        "contests": reverse("calibration:contests", args=[slug]),
        "payments": reverse("calibration:payments", args=[slug]),
    }


def post_urls(slug, w):
    return {
        "invite": reverse("calibration:invite", args=[slug, w["application"].pk]),
        "contest_resolve": reverse("calibration:contest_resolve", args=[slug, w["contest"].pk]),
        "payment_void": reverse("calibration:payment_void", args=[slug, w["payment"].pk]),
        "payments": reverse("calibration:payments", args=[slug]),
        "payout_csv": reverse("calibration:payout_csv", args=[slug]),
    }


PAGES = [
    "index",
    "attempts",
    "attempt",
    "accommodations",
    "role_invitations",
    "contests",
    "payments",
]
POSTS = ["invite", "contest_resolve", "payment_void", "payments", "payout_csv"]


@pytest.mark.parametrize("role", list(Membership.PIPELINE))
@pytest.mark.parametrize("page", PAGES)
def test_pipeline_members_open_every_page(client, org, world, role, page):
    client.force_login(MembershipFactory(organization=org, role=role).user)

    assert client.get(page_urls(org.slug, world)[page]).status_code == 200


@pytest.mark.parametrize("who", ["reviewer", "candidate", "other_org_member"])
@pytest.mark.parametrize("page", PAGES)
def test_everyone_else_gets_a_404(client, org, other_org, world, who, page):
    user = {
        "reviewer": lambda: MembershipFactory(organization=org, role="reviewer").user,
        "candidate": lambda: world["attempt"].candidate,
        "other_org_member": lambda: MembershipFactory(organization=other_org, role="owner").user,
    }[who]()
    client.force_login(user)

    assert client.get(page_urls(org.slug, world)[page]).status_code == 404


@pytest.mark.parametrize("who", ["reviewer", "other_org_member"])
@pytest.mark.parametrize("action", POSTS)
def test_everyone_else_cannot_act_either(client, org, other_org, world, who, action):
    user = (
        MembershipFactory(organization=org, role="reviewer").user
        if who == "reviewer"
        else MembershipFactory(organization=other_org, role="owner").user
    )
    client.force_login(user)

    response = client.post(
        post_urls(org.slug, world)[action],
        {
            "reason": "x",
            "outcome": "upheld",
            "resolution": "x",
            "action": "approve",
            "payments": [world["payment"].pk],
        },
    )

    assert response.status_code == 404
    world["payment"].refresh_from_db()
    world["contest"].refresh_from_db()
    assert (world["payment"].state, world["contest"].state) == ("pending", "open")


def test_another_organisations_objects_are_404_through_my_own_slug(
    client, org, other_org, recruiter
):
    theirs = PaymentFactory(attempt__assessment__organization=other_org)
    client.force_login(recruiter)

    assert (
        client.get(reverse("calibration:attempt", args=[org.slug, theirs.attempt_id])).status_code
        == 404
    )
    response = client.post(
        reverse("calibration:payment_void", args=[org.slug, theirs.pk]), {"reason": "x"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, org, world, page):
    response = client.get(page_urls(org.slug, world)[page])

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_invite_endpoint_takes_posts_only(client, org, world, recruiter):
    client.force_login(recruiter)

    assert client.get(post_urls(org.slug, world)["invite"]).status_code == 405


def test_the_attempt_list_shows_state_times_pay_and_signals(client, org, recruiter):
    started = timezone.now() - timedelta(minutes=20)
    running = AttemptFactory(
        assessment__organization=org,
        candidate=UserFactory(full_name="Running Candidate"),
        started_at=started,
        deadline=started + timedelta(minutes=45),
        extra_minutes=10,
    )
    ResponseFactory(attempt=running, integrity_events=[{"type": "paste"}, {"type": "focus_lost"}])
    PaymentFactory(
        attempt__assessment=running.assessment,
        attempt__candidate=UserFactory(full_name="Finished Candidate"),
        attempt__auto_submitted=True,
    )
    client.force_login(recruiter)

    page = client.get(
        reverse("calibration:attempts", args=[org.slug, running.assessment_id])
    ).content.decode()

    assert "Running Candidate" in page
    assert "Finished Candidate" in page
    assert "+10 min" in page
    assert "1 paste" in page
    assert "1 focus lost" in page
    assert "Pending" in page  # the finished attempt's payment
    assert ">auto<" in page
    assert "not verdicts" in page


def test_the_attempt_list_costs_the_same_queries_whatever_the_number_of_attempts(
    client, org, recruiter, django_assert_max_num_queries
):
    first = AttemptFactory(assessment__organization=org)
    for _ in range(5):
        ResponseFactory(attempt=AttemptFactory(assessment=first.assessment))
    client.force_login(recruiter)
    url = reverse("calibration:attempts", args=[org.slug, first.assessment_id])
    client.get(url)

    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_the_attempt_page_shows_answers_flags_rationales_and_timing_but_never_gold(
    client, org, recruiter
):
    attempt = AttemptFactory(assessment__organization=org)
    item = ItemFactory(assessment=attempt.assessment, prompt="Which clause type is clause 7?")
    GoldAnswerFactory(item=item, answer="termination", explanation="SECRET-GOLD-EXPLANATION")
    attempt.item_order = [item.pk]
    attempt.save()
    ResponseFactory(
        attempt=attempt,
        item=item,
        answer="indemnity",
        flagged_ambiguous=True,
        ambiguity_note="Could be read both ways",
        rationale="The supplier bears third-party loss.",
        hardest=True,
        time_spent_ms=83_000,
        revision_count=3,
        integrity_events=[{"type": "paste"}, {"type": "too_fast"}],
    )
    client.force_login(recruiter)

    page = client.get(reverse("calibration:attempt", args=[org.slug, attempt.pk])).content.decode()

    assert "Which clause type is clause 7?" in page
    assert "indemnity" in page
    assert "Flagged ambiguous" in page
    assert "Could be read both ways" in page
    assert "The supplier bears third-party loss." in page
    assert "1 min 23 s" in page
    assert "1 / 1" in page  # answered of drawn
    assert "1 too fast" in page
    assert "Signals to look at, not verdicts" in page
    assert "termination" not in page
    assert "SECRET-GOLD-EXPLANATION" not in page


def test_the_overview_counts_open_contests_and_payments_to_approve(client, org, world, recruiter):
    client.force_login(recruiter)

    response = client.get(reverse("calibration:index", args=[org.slug]))

    assert response.context["open_contests"] == 1
    assert response.context["pending_payments"] == 1
    assert world["assessment"].title in response.content.decode()
