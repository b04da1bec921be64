"""Gold answers, accepted alternatives, explanations and edge-case markers never reach a
candidate: not in any page, API body or error message, in any state of the attempt.

Nor do items' database ids: they follow authoring order (edge cases are often written
last), so a candidate knows an item only by its number in the attempt."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.attempts.services import attempt_start
from assessments.models import Attempt, GoldAnswer, Item, ScoreReport
from tests.factories.attempts import ITEMS, assessment_with_every_kind, invited_application

pytestmark = pytest.mark.django_db

MARK = "GOLDLEAK"
NUMERIC_GOLD = 918273645
TOLERANCE = 0.7071
FIRST_ITEM_ID = 48_151_601  # ids no page shows by chance; the edge-case twin's is the highest
TWIN_IDS = (FIRST_ITEM_ID + 20, FIRST_ITEM_ID + 19)  # (edge case, ordinary)
ITEM_IDS = [*range(FIRST_ITEM_ID, FIRST_ITEM_ID + len(ITEMS)), *TWIN_IDS]


def leaks(body: str) -> list[str]:
    found = [m.group(0) for m in re.finditer(rf"{MARK}[\w-]*", body)]
    if str(NUMERIC_GOLD) in body:
        found.append(str(NUMERIC_GOLD))
    if str(TOLERANCE) in body:
        found.append(str(TOLERANCE))
    found += [f"item id {pk}" for pk in ITEM_IDS if re.search(rf"\b{pk}\b", body)]
    return found


@pytest.fixture
def world(candidate):
    """Every kind with marker gold, plus two twin items that differ only in the edge flag."""
    gold = {
        kind: {
            "accepted_alternatives": [f"{MARK}-alternative-{kind}"],
            "explanation": f"{MARK}-explanation-{kind}",
        }
        for kind in ITEMS
    }
    assessment = assessment_with_every_kind(
        gold=gold, rationale_count=1, first_item_id=FIRST_ITEM_ID
    )
    GoldAnswer.objects.filter(item__assessment=assessment).update(answer=f"{MARK}-answer")
    GoldAnswer.objects.filter(item__assessment=assessment, item__kind="numeric").update(
        answer=NUMERIC_GOLD, tolerance=TOLERANCE
    )
    prompt, content, options, _ = ITEMS["single_choice"]
    twins = []
    for pk, position, edge in ((TWIN_IDS[0], 20, True), (TWIN_IDS[1], 21, False)):
        item = Item.objects.create(
            pk=pk,
            assessment=assessment,
            position=position,
            kind="single_choice",
            prompt=prompt,
            content=content,
            options=options,
        )
        GoldAnswer.objects.create(
            item=item,
            answer=f"{MARK}-twin-answer",
            is_edge_case=edge,
            explanation=f"{MARK}-twin-explanation",
        )
        twins.append(item)
    application = invited_application(assessment=assessment, candidate=candidate)
    client = Client()
    client.force_login(candidate)
    return {"assessment": assessment, "application": application, "client": client, "twins": twins}


def candidate_urls(attempt: Attempt) -> list[tuple[str, str, dict | None]]:
    """(method, url, data) of every candidate-facing page and endpoint for this attempt."""
    pk = attempt.pk
    urls = [("get", reverse("candidates:dashboard"), None)]
    urls.append(("get", reverse("attempts:start", args=[attempt.application_id]), None))
    urls.append(("get", reverse("attempts:attempt", args=[pk]), None))
    for number in range(1, len(attempt.item_order) + 1):
        urls += [
            ("get", reverse("attempts:item", args=[pk, number]), None),
            ("post", reverse("attempts:answer", args=[pk, number]), {"choice": "nonsense"}),
            ("post", reverse("attempts:answer", args=[pk, number]), {"spans": "{broken"}),
            ("post", reverse("attempts:flag", args=[pk, number]), {"flagged": "on"}),
            ("get", reverse("attempts:contest", args=[pk]) + f"?item={number}", None),
            ("api-put", reverse("api:my-attempt-response", args=[pk, number]), {"answer": 1}),
            ("api-put", reverse("api:my-attempt-response", args=[pk, number]), {"answer": "?"}),
            ("api-put", reverse("api:my-attempt-flag", args=[pk, number]), {"flagged": True}),
            ("post", reverse("attempts:activity", args=[pk]), {"item": number}),
        ]
    urls += [
        ("get", reverse("attempts:review", args=[pk]), None),
        ("post", reverse("attempts:review", args=[pk]), {"action": "submit"}),
        ("post", reverse("attempts:review", args=[pk]), {"action": "save", "hardest": ["1"]}),
        ("post", reverse("attempts:review", args=[pk]), {"action": "submit", "rationale_2": "?"}),
        ("get", reverse("attempts:submitted", args=[pk]), None),
        ("get", reverse("attempts:feedback", args=[pk]), None),
        ("api-get", reverse("api:my-attempt-feedback", args=[pk]), None),
        ("get", reverse("attempts:contest", args=[pk]), None),
        ("post", reverse("attempts:contest", args=[pk]), {"item": 1, "reason": "short"}),
        ("api-get", reverse("api:my-attempt", args=[pk]), None),
        ("api-put", reverse("api:my-attempt-rationales", args=[pk]), {"hardest": [0]}),
        ("api-put", reverse("api:my-attempt-rationales", args=[pk]), {"rationales": {"1": 5}}),
        ("api-post", reverse("api:my-attempt-submit", args=[pk]), {"hardest": [1]}),
        ("api-get", reverse("api:my-attempt-contests", args=[pk]), None),
        ("api-post", reverse("api:my-attempt-contests", args=[pk]), {"item": 1, "reason": "x"}),
        (
            "api-post",
            reverse("api:my-attempt-contests", args=[pk]),
            {"item": 2, "reason": "y" * 50},
        ),
        ("api-post", reverse("api:my-attempt-start", args=[attempt.application_id]), None),
    ]
    return urls


def fetch_all(client: Client, urls) -> list[tuple[str, int, str]]:
    bodies = []
    for method, url, data in urls:
        if method == "get":
            response = client.get(url, follow=True)
        elif method == "api-get":
            response = client.get(url)
        elif method == "post":
            response = client.post(url, data or {}, follow=True)
        else:
            verb = method.removeprefix("api-")
            response = getattr(client, verb)(
                url, json.dumps(data or {}), content_type="application/json"
            )
        assert response.status_code < 500, (url, response.status_code)
        bodies.append((url, response.status_code, response.content.decode()))
    return bodies


def assert_no_leak(bodies):
    leaked = {url: leaks(body) for url, _, body in bodies if leaks(body)}
    assert leaked == {}


def test_no_gold_before_the_start_on_the_start_page_and_dashboard(world):
    client, application = world["client"], world["application"]

    bodies = fetch_all(
        client,
        [
            ("get", reverse("attempts:start", args=[application.pk]), None),
            ("get", reverse("candidates:dashboard"), None),
        ],
    )

    assert bodies[0][1] == 200
    assert_no_leak(bodies)


def test_no_gold_in_any_state_of_the_attempt(world, candidate):
    client = world["client"]
    attempt = attempt_start(application=world["application"], candidate=candidate)

    in_progress = fetch_all(client, candidate_urls(attempt))
    assert any(status == 400 for _, status, _ in in_progress)  # the bad answers were refused
    assert_no_leak(in_progress)

    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(hours=2), deadline=timezone.now()
    )
    after_deadline = fetch_all(client, candidate_urls(attempt))
    assert any(status == 409 for _, status, _ in after_deadline)
    assert_no_leak(after_deadline)
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED

    assert_no_leak(fetch_all(client, candidate_urls(attempt)))  # submitted

    score_with_marked_gold(attempt)
    assert_no_leak(fetch_all(client, candidate_urls(attempt)))


def score_with_marked_gold(attempt: Attempt) -> None:
    """A current report whose details name marked gold, and the attempt scored."""
    ScoreReport.objects.create(
        attempt=attempt,
        scorer_version="1",
        gold_version=1,
        components={"accuracy": 0.5},
        details={"per_item": [{"gold": f"{MARK}-in-score-details"}]},
        composite=0.5,
    )
    Attempt.objects.filter(pk=attempt.pk).update(state=Attempt.State.SCORED)
    attempt.refresh_from_db()


def item_body(html: str) -> str:
    match = re.search(r'<div class="item-body".*?<p class="attempt__status"', html, re.S)
    assert match, "the item body is on the page"
    return match.group(0)


def test_an_edge_case_item_looks_exactly_like_its_ordinary_twin(world, candidate):
    client = world["client"]
    edge, ordinary = world["twins"]
    attempt = attempt_start(application=world["application"], candidate=candidate)
    number = {item_id: n for n, item_id in enumerate(attempt.item_order, start=1)}

    pages = {}
    for twin in (edge, ordinary):
        html = client.get(reverse("attempts:item", args=[attempt.pk, number[twin.pk]])).content
        pages[twin] = re.sub(rf"\b{number[twin.pk]}\b", "N", item_body(html.decode()))
    assert pages[edge] == pages[ordinary]

    api = client.get(reverse("api:my-attempt", args=[attempt.pk])).json()
    shown = {i["number"]: i for i in api["items"]}
    assert {k: v for k, v in shown[number[edge.pk]].items() if k != "number"} == {
        k: v for k, v in shown[number[ordinary.pk]].items() if k != "number"
    }
    assert "edge" not in json.dumps(api).lower()


def test_item_ids_address_nothing_in_the_candidates_api(world, candidate):
    """The API takes numbers: an item's id is no way to reach it (nor to test a guess)."""
    client = world["client"]
    attempt = attempt_start(application=world["application"], candidate=candidate)
    save = reverse("api:my-attempt-response", args=[attempt.pk, attempt.item_order[0]])

    refused = client.put(save, json.dumps({"answer": 1}), content_type="application/json")

    assert refused.status_code == 404
    assert leaks(refused.content.decode()) == []
