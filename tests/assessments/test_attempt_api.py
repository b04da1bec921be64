"""The candidate's attempt through the REST API."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import Accommodation, Attempt, Contest, Payment, Response
from tests.factories import UserFactory
from tests.factories.attempts import (
    answer_items,
    assessment_with_every_kind,
    invited_application,
)

pytestmark = pytest.mark.django_db

RATIONALE = "I weighed the notice period against the trigger: no breach is needed, so convenience."


@pytest.fixture
def api(candidate):
    client = APIClient()
    client.force_authenticate(candidate)
    return client


@pytest.fixture
def application(candidate):
    return invited_application(assessment=assessment_with_every_kind(), candidate=candidate)


@pytest.fixture
def attempt(api, application):
    api.post(reverse("api:my-attempt-start", args=[application.pk]))
    return Attempt.objects.get()


def item_of(attempt, kind):
    return next(i for i in attempt.assessment.items.all() if i.kind == kind)


def number_of(attempt, item):
    """The item's number in the attempt: how the API names it."""
    return attempt.item_order.index(item.pk) + 1


def response_url(attempt, number):
    return reverse("api:my-attempt-response", args=[attempt.pk, number])


def test_starting_through_the_api_creates_the_attempt_once(api, application):
    first = api.post(reverse("api:my-attempt-start", args=[application.pk]))
    second = api.post(reverse("api:my-attempt-start", args=[application.pk]))

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Attempt.objects.count() == 1
    body = first.json()
    assert body["state"] == "in_progress"
    assert 45 * 60 - 5 <= body["seconds_left"] <= 45 * 60
    assert [item["number"] for item in body["items"]] == list(range(1, 10))


def test_accommodations_extend_the_server_deadline(api, application, candidate):
    Accommodation.objects.create(
        assessment=application.role.assessment, candidate=candidate, extra_minutes=15, reason="ADHD"
    )

    api.post(reverse("api:my-attempt-start", args=[application.pk]))

    attempt = Attempt.objects.get()
    assert attempt.extra_minutes == 15
    assert attempt.deadline - attempt.started_at == timedelta(minutes=60)


def test_the_attempt_lists_items_in_order_with_content_options_and_my_answers(api, attempt):
    item = item_of(attempt, "pairwise")
    api.put(response_url(attempt, number_of(attempt, item)), {"answer": "A>>B"}, format="json")

    body = api.get(reverse("api:my-attempt", args=[attempt.pk])).json()

    assert [i["number"] for i in body["items"]] == list(range(1, len(attempt.item_order) + 1))
    pairwise = body["items"][number_of(attempt, item) - 1]
    assert pairwise["kind"] == "pairwise"
    assert pairwise["content"]["outputs"] == item.content["outputs"]
    assert pairwise["options"] == ["A>>B", "A>B", "tie", "B>A", "B>>A"]
    assert pairwise["response"]["answer"] == "A>>B"
    assert set(pairwise) == {
        "number", "kind", "prompt", "content", "options", "requires_rationale", "response"
    }  # fmt: skip


def test_saving_an_answer_normalises_it_and_counts_revisions(api, attempt):
    item = item_of(attempt, "numeric")
    url = response_url(attempt, number_of(attempt, item))

    first = api.put(url, {"answer": "27", "elapsed_ms": 30000}, format="json")
    second = api.put(url, {"answer": 26}, format="json")

    assert first.status_code == second.status_code == 200
    assert first.json()["answer"] == 27
    response = Response.objects.get(attempt=attempt, item=item)
    assert (response.answer, response.revision_count, response.time_spent_ms) == (26, 2, 30000)


def test_a_wrong_shape_is_a_400_on_the_answer_field_and_keeps_the_previous_answer(api, attempt):
    item = item_of(attempt, "spans")
    url = response_url(attempt, number_of(attempt, item))
    api.put(url, {"answer": [{"start": 0, "end": 20, "label": "PARTY"}]}, format="json")

    refused = api.put(url, {"answer": [{"start": 5, "end": 500, "label": "PARTY"}]}, format="json")

    assert refused.status_code == 400
    assert refused.json() == {
        "answer": ["Span 1 (5–500) is outside the text, which has 57 characters."]
    }
    assert Response.objects.get(attempt=attempt, item=item).answer == [
        {"start": 0, "end": 20, "label": "PARTY"}
    ]


def test_a_missing_answer_is_a_field_error(api, attempt):
    refused = api.put(response_url(attempt, 1), {}, format="json")

    assert refused.status_code == 400
    assert "answer" in refused.json()


def test_a_number_outside_the_attempt_is_a_404(api, attempt):
    for number in (0, len(attempt.item_order) + 1):
        assert api.put(
            response_url(attempt, number), {"answer": "x"}, format="json"
        ).status_code == (404)
        flag = reverse("api:my-attempt-flag", args=[attempt.pk, number])
        assert api.put(flag, {"flagged": True}, format="json").status_code == 404
    assert not Response.objects.exists()


def test_another_candidates_attempt_is_a_404_on_every_endpoint(attempt):
    stranger = APIClient()
    stranger.force_authenticate(UserFactory())
    calls = [
        stranger.get(reverse("api:my-attempt", args=[attempt.pk])),
        stranger.put(response_url(attempt, 1), {"answer": "x"}, format="json"),
        stranger.put(
            reverse("api:my-attempt-flag", args=[attempt.pk, 1]),
            {"flagged": True},
            format="json",
        ),
        stranger.put(reverse("api:my-attempt-rationales", args=[attempt.pk]), {}, format="json"),
        stranger.post(reverse("api:my-attempt-submit", args=[attempt.pk]), {}, format="json"),
        stranger.get(reverse("api:my-attempt-contests", args=[attempt.pk])),
        stranger.post(reverse("api:my-attempt-start", args=[attempt.application_id])),
    ]

    assert [call.status_code for call in calls] == [404] * len(calls)
    assert not Response.objects.exists()


def test_anonymous_callers_are_refused(attempt):
    anonymous = APIClient()

    assert anonymous.get(reverse("api:my-attempt", args=[attempt.pk])).status_code in (401, 403)


def test_after_the_deadline_saves_are_a_409_and_the_attempt_is_submitted(api, attempt):
    item = item_of(attempt, "numeric")
    api.put(response_url(attempt, number_of(attempt, item)), {"answer": 27}, format="json")
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(hours=1), deadline=timezone.now()
    )

    late = api.put(response_url(attempt, number_of(attempt, item)), {"answer": 30}, format="json")

    assert late.status_code == 409
    assert "can no longer be changed" in late.json()["detail"]
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert Response.objects.get(attempt=attempt, item=item).answer == 27


def test_flagging_through_the_api(api, attempt):
    item_id = attempt.item_order[2]

    flagged = api.put(
        reverse("api:my-attempt-flag", args=[attempt.pk, 3]),
        {"flagged": True, "note": "Two readings are defensible."},
        format="json",
    )

    assert flagged.status_code == 200
    assert flagged.json()["flagged_ambiguous"] is True
    assert Response.objects.get(attempt=attempt, item_id=item_id).ambiguity_note == (
        "Two readings are defensible."
    )


def picks(attempt):
    return {"hardest": [1, 2], "rationales": {"1": RATIONALE, "2": RATIONALE}}


def test_submit_checks_rationales_with_field_errors(api, attempt):
    answer_items(attempt, [1, 2])

    refused = api.post(
        reverse("api:my-attempt-submit", args=[attempt.pk]),
        {"hardest": [1], "rationales": {"1": "short"}},
        format="json",
    )

    assert refused.status_code == 400
    assert refused.json() == {
        "hardest": ["Pick 2 of your hardest decisions (you picked 1)."],
        "rationale_1": [
            "Item 1: write at least 80 characters explaining your decision (5 so far)."
        ],
    }


def test_submitting_twice_is_one_submission_with_one_payment(api, attempt):
    url = reverse("api:my-attempt-submit", args=[attempt.pk])
    saved = api.put(
        reverse("api:my-attempt-rationales", args=[attempt.pk]), picks(attempt), format="json"
    )

    first = api.post(url, picks(attempt), format="json")
    second = api.post(url, picks(attempt), format="json")

    assert saved.status_code == 200
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first.json()["submitted_now"], second.json()["submitted_now"]) == (True, False)
    assert first.json()["submitted_at"] == second.json()["submitted_at"]
    assert first.json()["payment_state"] == "pending"
    assert Payment.objects.filter(attempt=attempt).count() == 1


def test_contests_through_the_api(api, attempt):
    api.post(reverse("api:my-attempt-submit", args=[attempt.pk]), picks(attempt), format="json")
    url = reverse("api:my-attempt-contests", args=[attempt.pk])
    reason = "The clause names a breach in its second sentence, so cause is also defensible here."

    short = api.post(url, {"item": 1, "reason": "no"}, format="json")
    created = [
        api.post(url, {"item": number, "reason": reason}, format="json") for number in (3, 1, 2, 4)
    ]

    assert short.status_code == 400
    assert "reason" in short.json()
    assert [c.status_code for c in created] == [201, 201, 201, 400]
    assert created[3].json() == {"item": ["You can contest at most 3 items per attempt."]}
    assert [c["item"] for c in api.get(url).json()] == [3, 1, 2]
    assert sorted(Contest.objects.values_list("item_id", flat=True)) == sorted(
        attempt.item_order[:3]
    )
