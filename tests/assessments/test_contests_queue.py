"""The team's queue of contested items: resolve as upheld or dismissed, with a note."""

import pytest
from django.urls import reverse

from assessments.models import Contest
from assessments.operations.contests import contest_resolve
from config.errors import ApplicationError
from tests.factories import ResponseFactory
from tests.factories.ops import ContestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest(org):
    contest = ContestFactory(attempt__assessment__organization=org)
    ResponseFactory(attempt=contest.attempt, item=contest.item, answer="limitation")
    return contest


@pytest.mark.parametrize("outcome", ["upheld", "dismissed"])
def test_resolving_records_outcome_note_who_and_when(contest, recruiter, outcome):
    contest_resolve(contest=contest, outcome=outcome, resolution=" Gold was wrong. ", by=recruiter)

    contest.refresh_from_db()
    assert contest.state == outcome
    assert contest.resolution == "Gold was wrong."
    assert contest.resolved_by == recruiter
    assert contest.resolved_at is not None


def test_a_resolved_contest_cannot_be_resolved_again(contest, recruiter, hiring_manager):
    contest_resolve(contest=contest, outcome="dismissed", resolution="Gold holds.", by=recruiter)

    with pytest.raises(ApplicationError, match="already dismissed"):
        contest_resolve(contest=contest, outcome="upheld", resolution="No!", by=hiring_manager)
    contest.refresh_from_db()
    assert (contest.state, contest.resolved_by) == ("dismissed", recruiter)


@pytest.mark.parametrize(
    ("outcome", "resolution", "field"),
    [("upheld", "", "resolution"), ("upheld", "   ", "resolution"), ("open", "x", "outcome")],
)
def test_bad_resolutions_are_refused(contest, recruiter, outcome, resolution, field):
    with pytest.raises(ApplicationError) as refusal:
        contest_resolve(contest=contest, outcome=outcome, resolution=resolution, by=recruiter)

    assert refusal.value.field == field
    assert Contest.objects.get(pk=contest.pk).state == Contest.State.OPEN


def test_the_queue_shows_open_contests_with_reason_and_answer(client, org, contest, recruiter):
    ContestFactory(reason="Another organisation's contest")
    client.force_login(recruiter)

    page = client.get(reverse("calibration:contests", args=[org.slug])).content.decode()

    assert contest.reason in page
    assert "limitation" in page  # the candidate's answer
    assert contest.item.prompt in page
    assert "Another organisation" not in page


def test_the_queue_resolves_and_says_what_is_missing(client, org, contest, recruiter):
    client.force_login(recruiter)
    url = reverse("calibration:contest_resolve", args=[org.slug, contest.pk])

    response = client.post(url, {"outcome": "upheld"})
    assert response.status_code == 400
    assert "Write a resolution note saying why." in response.content.decode()

    response = client.post(url, {"outcome": "upheld", "resolution": "Both fit."}, follow=True)
    assert "Contest upheld." in response.content.decode()
    assert Contest.objects.get(pk=contest.pk).state == Contest.State.UPHELD
    assert (
        client.get(reverse("calibration:contests", args=[org.slug]))
        .content.decode()
        .count('class="card contest"')
        == 0
    )
    resolved = client.get(reverse("calibration:contests", args=[org.slug]), {"state": "upheld"})
    assert "Both fit." in resolved.content.decode()
    assert (
        client.get(reverse("calibration:contests", args=[org.slug]), {"state": "x"}).status_code
        == 400
    )


def test_the_queue_costs_the_same_queries_whatever_the_number_of_contests(
    client, org, recruiter, django_assert_max_num_queries
):
    for _ in range(5):
        ContestFactory(attempt__assessment__organization=org)
    client.force_login(recruiter)
    url = reverse("calibration:contests", args=[org.slug])
    client.get(url)

    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count('class="card contest"') == 5


def test_authors_get_a_link_to_the_items_gold_and_recruiters_do_not(
    client, org, contest, hiring_manager, recruiter
):
    edit = reverse(
        "authoring:item_edit", args=[org.slug, contest.attempt.assessment_id, contest.item_id]
    )
    queue = reverse("calibration:contests", args=[org.slug])

    client.force_login(hiring_manager)
    assert edit in client.get(queue).content.decode()
    client.force_login(recruiter)
    assert edit not in client.get(queue).content.decode()
