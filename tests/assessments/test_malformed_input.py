"""Malformed input through the real endpoints: each case of issue 13 (items 5 and 6) gets a
400 that names the row or field and the problem, and nothing is written."""

import json
from html import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.item_kinds import NUMBER_LIMIT, NUMBER_TOO_LARGE
from assessments.models import Attempt, Item, Response
from assessments.scoring.agreement import krippendorff_alpha
from config import json_input
from tests.factories import AssessmentFactory
from tests.factories.attempts import assessment_with_every_kind, invited_application

pytestmark = pytest.mark.django_db

DEEP = "[" * 50_000 + "]" * 50_000
DEEP_33 = "[" * 33 + "]" * 33
HUGE = "1" * 401
NUL = "Contains a NUL character"
SURROGATE = "Contains a lone surrogate"
TOO_DEEP = f"Nested more than {json_input.MAX_DEPTH} levels deep."


# --- Gold import --------------------------------------------------------------------------


def choice_row(**fields) -> str:
    row = {"kind": "single_choice", "prompt": "Which?", "options": ["a", "b"], "answer": "a"}
    return json.dumps({**row, **fields})


def task(result: dict, **data) -> dict:
    return {
        "data": {"text": "Either party may terminate.", "options": ["a", "b"], **data},
        "annotations": [{"result": [result]}],
    }


def choices(**fields) -> dict:
    return {
        "from_name": "label",
        "to_name": "text",
        "type": "choices",
        "value": {"choices": ["a"]},
        **fields,
    }


IMPORTS = [
    (
        "deep nesting",
        "g.jsonl",
        '{"kind": "free_text", "prompt": "p", "answer": ' + DEEP + "}",
        (1, "answer", TOO_DEEP),
    ),
    (
        "deep content",
        "g.jsonl",
        choice_row(content={"text": json.loads(DEEP_33)}),
        (1, "content", TOO_DEEP),
    ),
    (
        "NaN",
        "g.jsonl",
        '{"kind": "numeric", "prompt": "n", "answer": NaN}',
        (1, "line", "NaN is not a number JSON allows"),
    ),
    (
        "1e400",
        "g.jsonl",
        '{"kind": "numeric", "prompt": "n", "answer": 1e400}',
        (1, "answer", "Not a finite number."),
    ),
    (
        "lone surrogate",
        "g.jsonl",
        '{"kind": "free_text", "prompt": "\\ud800", "answer": "x"}',
        (1, "prompt", SURROGATE),
    ),
    ("NUL escape", "g.jsonl", choice_row(prompt="a\u0000b"), (1, "prompt", NUL)),
    ("NUL in options", "g.jsonl", choice_row(options=["a\u0000", "b"]), (1, "options", NUL)),
    (
        "NUL in a CSV cell",
        "g.csv",
        "kind,prompt,options,answer\nsingle_choice,W\x00,a|b,a\n",
        (2, "prompt", NUL),
    ),
    (
        "401-digit gold",
        "g.jsonl",
        '{"kind": "numeric", "prompt": "n", "answer": ' + HUGE + "}",
        (1, "answer", NUMBER_TOO_LARGE),
    ),
    (
        "kind 5",
        "g.jsonl",
        choice_row(kind=5),
        (1, "kind", "Must be text (the item kind), not a number."),
    ),
    (
        'prompt ["a"]',
        "g.jsonl",
        choice_row(prompt=["a"]),
        (1, "prompt", "Must be text (the question the candidate reads), not a list."),
    ),
    (
        "unclosed quote",
        "g.csv",
        'kind,prompt,answer\nsingle_choice,"Which?,a\nnumeric,n,3\n',
        (2, "file", "A quoted cell opens here and is never closed"),
    ),
    (
        "annotations an int",
        "g.json",
        json.dumps([{"data": {"text": "t"}, "annotations": 5}]),
        (1, "annotations", "Must be a list of annotations."),
    ),
    (
        "result an int",
        "g.json",
        json.dumps([{"data": {"text": "t"}, "annotations": [{"result": 5}]}]),
        (1, "answer", "The annotation's “result” must be a list of results."),
    ),
    (
        "missing type",
        "g.json",
        json.dumps([task({"from_name": "l", "value": {"choices": ["a"]}})]),
        (1, "kind", "Result 1 has no “type”"),
    ),
    (
        "from_name a list",
        "g.json",
        json.dumps([task(choices(from_name=["x"]))]),
        (1, "kind", "Result 1: “from_name” must be text, not a list."),
    ),
    (
        "type a list",
        "g.json",
        json.dumps([task(choices(type=["choices"]))]),
        (1, "kind", "Result 1: “type” must be text, not a list."),
    ),
    (
        "labels an int",
        "g.json",
        json.dumps(
            [
                task(
                    {
                        "from_name": "l",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": 0, "end": 6, "labels": 5},
                    }
                )
            ]
        ),
        (1, "answer", "A span's “labels” must be a list, not a number."),
    ),
    (
        "textarea of ints",
        "g.json",
        json.dumps([task({"from_name": "a", "type": "textarea", "value": {"text": [1, 2]}})]),
        (1, "answer", "A textarea result's “text” must be a list of texts."),
    ),
    (
        "NUL in a task",
        "g.json",
        json.dumps([task(choices(), text="a\u0000")]),
        (1, "data", "at data.text: " + NUL),
    ),
]


@pytest.fixture
def author(client, hiring_manager):
    client.force_login(hiring_manager)
    return client


@pytest.mark.parametrize(
    ("filename", "text", "expected"),
    [case[1:] for case in IMPORTS],
    ids=[case[0] for case in IMPORTS],
)
def test_the_import_api_refuses_with_the_row_field_and_problem(
    author, org, filename, text, expected
):
    assessment = AssessmentFactory(organization=org)
    url = f"/api/organizations/{org.slug}/assessments/{assessment.pk}/import/"
    upload = SimpleUploadedFile(filename, text.encode("utf-8", "surrogatepass"))

    response = author.post(url, {"file": upload})

    assert response.status_code == 400
    row, field, message = expected
    assert any(
        (e["row"], e["field"]) == (row, field) and message in e["message"]
        for e in response.json()["rows"]
    ), response.json()["rows"]
    assert not Item.objects.filter(assessment=assessment).exists()


@pytest.mark.parametrize(
    ("filename", "text", "expected"),
    [case[1:] for case in IMPORTS],
    ids=[case[0] for case in IMPORTS],
)
def test_the_import_preview_refuses_what_the_write_would(author, org, filename, text, expected):
    assessment = AssessmentFactory(organization=org)
    url = reverse("authoring:import", args=[org.slug, assessment.pk])
    upload = SimpleUploadedFile(filename, text.encode("utf-8", "surrogatepass"))

    response = author.post(url, {"file": upload})

    assert response.status_code == 400
    assert escape(expected[2].split("“")[0]) in response.content.decode()
    assert not response.context["token"]
    assert not Item.objects.filter(assessment=assessment).exists()


# --- Authored gold ------------------------------------------------------------------------


def test_authored_numeric_gold_beyond_the_bound_is_refused_in_the_api(org, hiring_manager):
    api = APIClient()
    api.force_authenticate(hiring_manager)
    assessment = AssessmentFactory(organization=org)
    url = f"/api/organizations/{org.slug}/assessments/{assessment.pk}/items/"
    item = {"kind": "numeric", "prompt": "How many?", "gold": {"answer": HUGE}}

    response = api.post(url, item, format="json")

    assert response.status_code == 400
    assert NUMBER_TOO_LARGE in json.dumps(response.json(), ensure_ascii=False)
    assert not Item.objects.filter(assessment=assessment).exists()


# --- Autosave ------------------------------------------------------------------------------


@pytest.fixture
def attempt(client, candidate):
    application = invited_application(assessment=assessment_with_every_kind(), candidate=candidate)
    client.force_login(candidate)
    client.post(reverse("attempts:start", args=[application.pk]))
    return Attempt.objects.get(candidate=candidate)


def number_of(attempt, kind: str) -> int:
    item = attempt.assessment.items.get(kind=kind)
    return attempt.item_order.index(item.pk) + 1


PAGE_CASES = [
    ("spans", {"spans": DEEP}, TOO_DEEP),
    ("single_choice", {"choice": "Force majeure", "events": DEEP}, "events"),
    ("rating", {"rating_0": "²", "rating_1": "3"}, "must be a whole number 1–5"),
    ("ranking", {"rank_0": "²", "rank_1": "1", "rank_2": "3"}, "a rank from 1 to 3"),
    ("free_text", {"text": "Fine\x00"}, NUL),
    ("numeric", {"number": HUGE}, NUMBER_TOO_LARGE),
    ("numeric", {"number": "9" * 300}, NUMBER_TOO_LARGE),
    ("numeric", {"number": "0.1234567890123456"}, "at most 15 significant digits"),
]


@pytest.mark.parametrize(("kind", "data", "message"), PAGE_CASES)
def test_the_autosave_page_refuses_with_a_message_and_saves_nothing(
    client, attempt, kind, data, message
):
    url = reverse("attempts:answer", args=[attempt.pk, number_of(attempt, kind)])

    response = client.post(url, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Response.objects.filter(attempt=attempt).exists()


def test_a_number_within_the_bound_is_saved(client, attempt):
    url = reverse("attempts:answer", args=[attempt.pk, number_of(attempt, "numeric")])

    assert client.post(url, {"number": "-1000000000000"}).status_code == 200
    assert Response.objects.get(attempt=attempt).answer == -NUMBER_LIMIT


API_CASES = [
    ("free_text", DEEP, "non_field_errors", TOO_DEEP),
    ("free_text", '{"answer": ' + DEEP + "}", "answer", TOO_DEEP),
    ("single_choice", '{"answer": "Force majeure", "events": ' + DEEP + "}", "events", TOO_DEEP),
    ("numeric", '{"answer": NaN}', "non_field_errors", "NaN is not a number JSON allows"),
    ("numeric", '{"answer": ' + HUGE + "}", "answer", NUMBER_TOO_LARGE),
    ("free_text", json.dumps({"answer": "a\u0000b"}), "answer", NUL),
    ("free_text", '{"answer": "a\\ud800b"}', "answer", SURROGATE),
    ("rating", json.dumps({"answer": {"Accuracy": "²", "Clarity": 3}}), "answer", "1–5"),
]


@pytest.mark.parametrize(("kind", "body", "field", "message"), API_CASES)
def test_the_autosave_api_refuses_with_a_field_error(client, attempt, kind, body, field, message):
    url = reverse("api:my-attempt-response", args=[attempt.pk, number_of(attempt, kind)])

    response = client.put(
        url, body.encode("utf-8", "surrogatepass"), content_type="application/json"
    )

    assert response.status_code == 400
    assert any(message in m for m in response.json()[field]), response.json()
    assert not Response.objects.filter(attempt=attempt).exists()


def test_a_nul_in_a_flag_note_is_refused_on_the_page(client, attempt):
    url = reverse("attempts:flag", args=[attempt.pk, 1])

    response = client.post(url, {"flagged": "on", "ambiguity_note": "Two readings\x00"})

    assert response.status_code == 400
    assert NUL in response.content.decode()


# --- Agreement within the bound -------------------------------------------------------------


def test_agreement_over_answers_at_the_bound_is_a_number():
    """The 401-digit answer overflowed agreement; anything the bound lets in does not."""
    answers = [[NUMBER_LIMIT, -NUMBER_LIMIT, 3.5], [NUMBER_LIMIT, 1, 3.5]]

    assert -1 <= krippendorff_alpha(answers, level="interval") <= 1
    with pytest.raises(OverflowError):
        krippendorff_alpha([[10**400, 1, 3], [10**400, 2, 3]], level="interval")
