"""Gold never reaches a trainer in any state of a weekly audit batch (open, submitted,
scored, missed), in HTML or JSON; and nothing tells a gold item from a work item.

Extends ``tests/assessments/test_gold_never_leaks.py`` (its URL list and fetcher) to
audit attempts: every item kind carries marker gold, and each has a work twin with the
same prompt, content and options but no gold."""

import json
import re
from datetime import timedelta

import pytest
from django.middleware.csrf import CSRF_TOKEN_LENGTH
from django.test import Client
from django.urls import reverse

from assessments.attempts.submission import attempt_submit
from assessments.audits.services import audit_batches_issue, audit_plan_set, audits_close_overdue
from assessments.models import Attempt, Audit, GoldAnswer, Item
from hiring.models import Application
from tests.assessments.test_gold_never_leaks import (
    MARK,
    NUMERIC_GOLD,
    TOLERANCE,
    candidate_urls,
    fetch_all,
    score_with_marked_gold,
)
from tests.factories.attempts import ITEMS, assessment_with_every_kind
from tests.factories.hiring import ApplicationFactory, RoleFactory

pytestmark = pytest.mark.django_db

FIRST_ITEM_ID = 73_910_401
WORK_OFFSET = 40  # a work twin's id: its gold item's id + 40
ITEM_IDS = [FIRST_ITEM_ID + i for i in range(len(ITEMS))]
ITEM_IDS += [pk + WORK_OFFSET for pk in ITEM_IDS]


# The CSRF token on every page (the form field, htmx's header, the autosave's data-csrf):
# 64 random letters and digits (``django.middleware.csrf.CSRF_TOKEN_LENGTH``), which spell
# "gold" in some case about once in 15,000 tokens; a run of the batch test renders about
# 140 of them, so its word check failed about once in a hundred runs on a token, not a leak.
CSRF_TOKEN = re.compile(rf"(?<![A-Za-z0-9])[A-Za-z0-9]{{{CSRF_TOKEN_LENGTH}}}(?![A-Za-z0-9])")


def leaks(body: str) -> list[str]:
    found = [m.group(0) for m in re.finditer(rf"{MARK}[\w-]*", body)]
    found += [str(v) for v in (NUMERIC_GOLD, TOLERANCE) if str(v) in body]
    found += [f"item id {pk}" for pk in ITEM_IDS if re.search(rf"\b{pk}\b", body)]
    lowered = CSRF_TOKEN.sub("", body).lower()
    found += [word for word in ("gold", "overlap") if word in lowered]
    return found


def test_a_csrf_token_that_spells_gold_is_no_leak_but_the_word_is():
    token = "aB3" + "GoLd" + "x9" * 28 + "Q"
    assert len(token) == CSRF_TOKEN_LENGTH
    page = (
        f'<body hx-headers=\'{{"X-CSRFToken": "{token}"}}\'>'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        f'<div data-csrf="{token}"></div>'
    )
    assert leaks(page) == []
    assert leaks(page + "<p>Gold item</p>") == ["gold"]
    assert leaks(f'<input name="kind" value="{token}x">') == ["gold"]  # not a token


def assert_no_leak(bodies):
    assert {url: leaks(body) for url, _, body in bodies if leaks(body)} == {}


@pytest.fixture
def world(candidate):
    gold = {
        kind: {
            "accepted_alternatives": [f"{MARK}-alternative-{kind}"],
            "explanation": f"{MARK}-explanation-{kind}",
        }
        for kind in ITEMS
    }
    assessment = assessment_with_every_kind(
        gold=gold, rationale_count=1, first_item_id=FIRST_ITEM_ID, title="Weekly review"
    )
    GoldAnswer.objects.filter(item__assessment=assessment).update(answer=f"{MARK}-answer")
    GoldAnswer.objects.filter(item__assessment=assessment, item__kind="numeric").update(
        answer=NUMERIC_GOLD, tolerance=TOLERANCE
    )
    twins = {}
    for item in list(Item.objects.filter(assessment=assessment)):
        gold_pk = item.pk
        item.pk, item.position = gold_pk + WORK_OFFSET, item.position + WORK_OFFSET
        item._state.adding = True
        item.save()
        twins[gold_pk] = item.pk
    role = RoleFactory(organization=assessment.organization)
    ApplicationFactory(role=role, candidate=candidate, stage=Application.Stage.HIRED)
    audit_plan_set(
        role=role,
        assessment=assessment,
        values={"batch_size": 2 * len(ITEMS), "gold_share": 0.5, "overlap_count": 3},
    )
    audit_batches_issue()
    client = Client()
    client.force_login(candidate)
    return {"audit": Audit.objects.get(), "client": client, "twins": twins}


def trainer_urls(attempt: Attempt):
    own_quality = [
        ("get", reverse("candidates:quality"), None),
        ("api-get", reverse("api:my-quality"), None),
    ]
    return [("get", reverse("candidates:dashboard"), None), *own_quality, *candidate_urls(attempt)]


def test_no_gold_in_any_state_of_an_audit_batch(world):
    client, audit = world["client"], world["audit"]
    attempt = audit.attempt
    assert len(audit.gold_items) == len(ITEMS)  # every gold item is in the batch

    open_ = fetch_all(client, trainer_urls(attempt))
    assert any(status == 400 for _, status, _ in open_)
    assert_no_leak(open_)

    attempt_submit(attempt_id=attempt.pk)
    audit.refresh_from_db()
    assert audit.state == Audit.State.SUBMITTED
    assert_no_leak(fetch_all(client, trainer_urls(attempt)))

    score_with_marked_gold(attempt)
    assert_no_leak(fetch_all(client, trainer_urls(attempt)))


def test_no_gold_in_a_missed_batch(world):
    client, audit = world["client"], world["audit"]
    Attempt.objects.filter(pk=audit.attempt_id).update(
        started_at=audit.issued_at - timedelta(days=10)
    )
    Audit.objects.filter(pk=audit.pk).update(issued_at=audit.issued_at - timedelta(days=10))

    audits_close_overdue(now=audit.due_at)

    audit.refresh_from_db()
    assert audit.state == Audit.State.MISSED
    bodies = fetch_all(client, trainer_urls(audit.attempt))
    assert any(status == 409 for _, status, _ in bodies)
    assert_no_leak(bodies)


def item_body(html: str) -> str:
    match = re.search(r'<div class="item-body".*?<p class="attempt__status"', html, re.S)
    assert match, "the item body is on the page"
    return match.group(0)


def numbered_as_n(body: str, number: int) -> str:
    """The item body with its number (in ids and URLs) written N, and nothing else."""
    return re.sub(rf"((?<=[a-z]-)|(?<=/)|(?<=Item )){number}\b", "N", body)


def test_a_gold_item_looks_exactly_like_its_work_twin(world):
    client, audit = world["client"], world["audit"]
    attempt = audit.attempt
    number = {item_id: n for n, item_id in enumerate(attempt.item_order, start=1)}
    api = client.get(reverse("api:my-attempt", args=[attempt.pk])).json()
    shown = {item["number"]: item for item in api["items"]}

    compared = 0
    for gold_pk, work_pk in world["twins"].items():
        if gold_pk not in number or work_pk not in number:
            continue
        pages = []
        for pk in (gold_pk, work_pk):
            html = client.get(reverse("attempts:item", args=[attempt.pk, number[pk]])).content
            pages.append(numbered_as_n(item_body(html.decode()), number[pk]))
        assert pages[0] == pages[1]
        assert {k: v for k, v in shown[number[gold_pk]].items() if k != "number"} == {
            k: v for k, v in shown[number[work_pk]].items() if k != "number"
        }
        compared += 1
    assert compared >= 1
    assert set(shown[1]) == set(shown[len(shown)])  # same attributes on every item
    assert "gold" not in json.dumps(api).lower()


def test_the_order_of_a_batch_is_not_gold_first(world):
    audit = world["audit"]
    gold = set(audit.gold_items)
    positions = [n for n, pk in enumerate(audit.attempt.item_order) if pk in gold]

    assert positions != list(range(len(gold)))
    assert audit.attempt.item_order != sorted(audit.attempt.item_order)
