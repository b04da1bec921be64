"""The candidate's feedback after scoring: percentile bands against the cohort (only from
a cohort of 20), what the team looks at next, how to contest; never gold, never another
candidate's score, name or rank."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.attempts.services import attempt_start
from assessments.models import Attempt, Contest, ScoreReport
from assessments.scoring.bands import MIN_COHORT
from hiring.models import Application
from tests.assessments.test_gold_never_leaks import (
    assert_no_leak,
    candidate_urls,
    fetch_all,
    score_with_marked_gold,
)
from tests.factories import UserFactory
from tests.factories.attempts import assessment_with_every_kind, invited_application

pytestmark = pytest.mark.django_db

# Distinctive scores: a page or body showing any of them shows a score.
PEER_SCORE = 0.613579


def scored(attempt: Attempt, composite: float, **components) -> Attempt:
    components = {
        "accuracy": composite,
        "edge_cases": composite,
        "agreement": composite,
        "throughput": 1.0,
        "rationale": None,
        **components,
    }
    ScoreReport.objects.create(
        attempt=attempt,
        scorer_version="1",
        gold_version=1,
        components=components,
        composite=composite,
    )
    Attempt.objects.filter(pk=attempt.pk).update(
        state=Attempt.State.SCORED, submitted_at=timezone.now()
    )
    Application.objects.filter(pk=attempt.application_id).update(stage=Application.Stage.SCORED)
    attempt.refresh_from_db()
    return attempt


def peers(assessment, count: int) -> list[Attempt]:
    """``count`` other candidates scored on ``assessment``, with distinctive scores and
    names a page could leak."""
    attempts = []
    for n in range(count):
        user = UserFactory(email=f"peer{n}-secret@example.com", full_name=f"Peer Secretname {n}")
        application = invited_application(assessment=assessment, candidate=user)
        attempt = attempt_start(application=application, candidate=user)
        attempts.append(scored(attempt, PEER_SCORE - n / 1000))
    return attempts


@pytest.fixture
def assessment():
    return assessment_with_every_kind(title="Commercial contract review")


@pytest.fixture
def mine(assessment, candidate):
    application = invited_application(assessment=assessment, candidate=candidate)
    return attempt_start(application=application, candidate=candidate)


@pytest.fixture
def me(client, candidate):
    client.force_login(candidate)
    return client


def feedback_of(client, attempt):
    page = client.get(reverse("attempts:feedback", args=[attempt.pk]))
    api = client.get(reverse("api:my-attempt-feedback", args=[attempt.pk]))
    return page, api


def test_before_scoring_the_page_says_so_and_offers_the_contest_route(me, mine):
    Attempt.objects.filter(pk=mine.pk).update(
        state=Attempt.State.SUBMITTED, submitted_at=timezone.now()
    )

    page, api = feedback_of(me, mine)

    assert page.status_code == 200
    assert 'data-testid="not-scored"' in page.content.decode()
    assert api.json()["ready"] is False
    assert api.json()["components"] == []
    assert api.json()["contest"]["url"].endswith(reverse("attempts:contest", args=[mine.pk]))


def test_a_large_enough_cohort_gives_each_component_its_band(me, assessment, mine):
    peers(assessment, MIN_COHORT + 4)  # 25 with mine
    scored(mine, 0.99, agreement=0.0)

    page, api = feedback_of(me, mine)

    body = api.json()
    bands = {row["name"]: row["band"] for row in body["components"]}
    assert body["ready"] is True
    assert body["cohort_large_enough"] is True
    assert body["cohort_minimum"] == MIN_COHORT
    assert bands["composite"] == "top_25"  # the best of 25: no top-10% band below 50
    assert bands["accuracy"] == "top_25"
    assert bands["agreement"] == "bottom_25"
    assert bands["throughput"] == "top_50"  # everyone at 1.0: the middle
    assert bands["rationale"] is None  # not reviewed yet
    html = page.content.decode()
    assert "Top 25%" in html
    assert "Bottom 25%" in html
    assert "Reviewers are still reading rationales" in html
    assert body["next_steps"][0].startswith("Reviewers are still reading rationales")
    assert 'class="band-scale__cell is-mine">Top 25%' in html


def test_a_small_cohort_gets_no_bands_and_says_why(me, assessment, mine):
    peers(assessment, MIN_COHORT - 2)  # 19 with mine
    scored(mine, 0.99)

    page, api = feedback_of(me, mine)

    assert api.json()["cohort_large_enough"] is False
    assert all(row["band"] is None for row in api.json()["components"])
    html = page.content.decode()
    assert 'data-testid="cohort-small"' in html
    assert f"Fewer than {MIN_COHORT} candidates" in html
    assert "Top 25%" not in html


def test_no_peer_score_name_rank_or_count_reaches_the_candidate(me, assessment, mine):
    others = peers(assessment, MIN_COHORT + 6)  # 27 with mine
    scored(mine, 0.777123)
    Contest.objects.create(attempt=mine, item_id=mine.item_order[1], reason="x" * 50)

    page, api = feedback_of(me, mine)

    for body in (page.content.decode(), api.content.decode()):
        assert "Secretname" not in body
        assert "secret@example.com" not in body
        assert "0.777" not in body  # not even my own exact score
        assert "0.61" not in body
        assert "61.3" not in body
        assert "27 candidates" not in body  # the cohort's size
        assert not any(f"/attempts/{other.pk}/" in body for other in others)
    assert not re.search(r"\b27\b", api.content.decode())
    assert api.json()["contest"]["contests"] == [{"item": 2, "state": "open", "resolution": ""}]
    assert api.json()["contest"]["left"] == Contest.MAX_PER_ATTEMPT - 1


def test_gold_never_reaches_the_feedback(candidate):
    """The leak test's world (gold marked everywhere, in the score report's details too)
    through the feedback page and API, in every state of the attempt."""
    from tests.assessments.test_gold_never_leaks import world as gold_world

    world = gold_world.__wrapped__(candidate)
    attempt = attempt_start(application=world["application"], candidate=candidate)
    urls = [
        ("get", reverse("attempts:feedback", args=[attempt.pk]), None),
        ("api-get", reverse("api:my-attempt-feedback", args=[attempt.pk]), None),
    ]

    assert_no_leak(fetch_all(world["client"], urls))
    Attempt.objects.filter(pk=attempt.pk).update(
        state=Attempt.State.SUBMITTED, submitted_at=timezone.now()
    )
    assert_no_leak(fetch_all(world["client"], urls))
    score_with_marked_gold(attempt)
    bodies = fetch_all(world["client"], urls)
    assert_no_leak(bodies)
    assert json.loads(bodies[1][2])["ready"] is True
    assert all(url in {u for _, u, _ in candidate_urls(attempt)} for _, url, _ in urls)


def test_another_candidates_feedback_is_a_404_and_audits_have_none(client, mine):
    client.force_login(UserFactory())

    page, api = feedback_of(client, mine)

    assert (page.status_code, api.status_code) == (404, 404)


def test_in_progress_the_page_sends_the_candidate_back_to_the_attempt(me, mine):
    page = me.get(reverse("attempts:feedback", args=[mine.pk]))

    assert page.status_code == 302
    assert page["Location"] == reverse("attempts:attempt", args=[mine.pk])


def test_the_feedback_reads_a_fixed_number_of_queries(
    me, assessment, mine, django_assert_max_num_queries
):
    peers(assessment, 30)
    scored(mine, 0.5)

    with django_assert_max_num_queries(12):
        me.get(reverse("api:my-attempt-feedback", args=[mine.pk]))


def test_the_submitted_page_and_dashboard_link_to_the_feedback(me, assessment, mine):
    scored(mine, 0.5)

    submitted = me.get(reverse("attempts:submitted", args=[mine.pk])).content.decode()
    dashboard = me.get(reverse("candidates:dashboard")).content.decode()

    link = reverse("attempts:feedback", args=[mine.pk])
    assert f'href="{link}">See your feedback' in submitted
    assert f'href="{link}">Your feedback' in dashboard
