"""The malformed-input probe: every case of issue 13 (items 4–6) posted through the real
HTTP endpoints, counting server errors. Each case must be refused with a 400 (or saved,
when it is valid), never answered with a 500.

Run with ``-s`` to see the count and the status of each case.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assessments.models import Attempt
from tests.factories import AssessmentFactory, RoleFactory
from tests.factories.attempts import assessment_with_every_kind, invited_application
from tests.factories.roles import role_payload
from tests.factories.shortlist import scored_application, shortlist_role

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000
HUGE = "1" * 401


def _jsonl(**record) -> str:
    return json.dumps(
        {
            "kind": "single_choice",
            "prompt": "Which?",
            "options": ["a", "b"],
            "answer": "a",
            **record,
        }
    )


def _task(result: dict | list, data: dict | None = None, **annotation) -> dict:
    return {
        "id": 1,
        "data": {"text": "Either party may terminate.", **(data or {})},
        "annotations": [{"result": result if isinstance(result, list) else [result], **annotation}],
    }


def _choices(**value) -> dict:
    return {
        "from_name": "label",
        "to_name": "text",
        "type": "choices",
        "value": {"choices": ["a"], **value},
    }


IMPORT_CASES = {
    # JSONL
    "jsonl deep nesting": ("g.jsonl", '{"kind": "single_choice", "content": ' + DEEP + "}"),
    "jsonl NaN answer": ("g.jsonl", '{"kind": "numeric", "prompt": "n", "answer": NaN}'),
    "jsonl Infinity tolerance": (
        "g.jsonl",
        '{"kind": "numeric", "prompt": "n", "answer": 1, "tolerance": Infinity}',
    ),
    "jsonl 1e400 answer": ("g.jsonl", '{"kind": "numeric", "prompt": "n", "answer": 1e400}'),
    "jsonl 401-digit answer": (
        "g.jsonl",
        '{"kind": "numeric", "prompt": "n", "answer": ' + HUGE + "}",
    ),
    "jsonl 401-digit string": ("g.jsonl", _jsonl(kind="numeric", options=[], answer=HUGE)),
    "jsonl lone surrogate prompt": (
        "g.jsonl",
        '{"kind": "free_text", "prompt": "\\ud800", "answer": "x"}',
    ),
    "jsonl surrogate in content": ("g.jsonl", _jsonl(content={"text": "a\ud800"})),
    "jsonl NUL escape prompt": ("g.jsonl", _jsonl(prompt="a\u0000b")),
    "jsonl NUL in options": ("g.jsonl", _jsonl(options=["a\u0000", "b"], answer="a\u0000")),
    "jsonl raw NUL byte": ("g.jsonl", _jsonl(explanation="x") + "\x00"),
    "jsonl NUL in key of content": ("g.jsonl", _jsonl(content={"t\u0000": "x"})),
    "jsonl kind 5": ("g.jsonl", _jsonl(kind=5)),
    "jsonl prompt list": ("g.jsonl", _jsonl(prompt=["a"])),
    "jsonl explanation list": ("g.jsonl", _jsonl(explanation=["a"])),
    "jsonl answer deep": (
        "g.jsonl",
        '{"kind": "free_text", "prompt": "p", "answer": ' + DEEP + "}",
    ),
    # CSV
    "csv unclosed quote": ("g.csv", 'kind,prompt,answer\nsingle_choice,"Which?,a\n'),
    "csv NUL in prompt": ("g.csv", "kind,prompt,options,answer\nsingle_choice,Wh\x00ich,a|b,a\n"),
    "csv deep content": (
        "g.csv",
        f'kind,prompt,content,options,answer\nsingle_choice,W,"{DEEP}",a|b,a\n',
    ),
    "csv NaN answer": ("g.csv", "kind,prompt,answer\nnumeric,How many,NaN\n"),
    "csv 401-digit answer": ("g.csv", f"kind,prompt,answer\nnumeric,How many,{HUGE}\n"),
    "csv tolerance 1e400": ("g.csv", "kind,prompt,answer,tolerance\nnumeric,How many,3,1e400\n"),
    "csv surrogate escape in content": (
        "g.csv",
        'kind,prompt,content,options,answer\nsingle_choice,W,"{""text"": ""\\ud800""}",a|b,a\n',
    ),
    # Label Studio
    "ls deep": ("g.json", DEEP),
    "ls annotations int": ("g.json", json.dumps([{"data": {"text": "t"}, "annotations": 5}])),
    "ls result int": (
        "g.json",
        json.dumps([{"data": {"text": "t"}, "annotations": [{"result": 5}]}]),
    ),
    "ls missing type": (
        "g.json",
        json.dumps([_task({"from_name": "label", "value": {"choices": ["a"]}})]),
    ),
    "ls type list": ("g.json", json.dumps([_task({**_choices(), "type": ["choices"]})])),
    "ls from_name list": ("g.json", json.dumps([_task({**_choices(), "from_name": ["x"]})])),
    "ls to_name list": ("g.json", json.dumps([_task({**_choices(), "to_name": ["x"]})])),
    "ls choices string": ("g.json", json.dumps([_task(_choices(choices="a"))])),
    "ls choices ints": ("g.json", json.dumps([_task(_choices(choices=[1, 2]))])),
    "ls options int": ("g.json", json.dumps([_task(_choices(), {"options": 5})])),
    "ls prompt list": ("g.json", json.dumps([_task(_choices(), {"prompt": ["a"]})])),
    "ls labels string": (
        "g.json",
        json.dumps(
            [
                _task(
                    {
                        "from_name": "l",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": 0, "end": 6, "labels": "Either"},
                    }
                )
            ]
        ),
    ),
    "ls labels int": (
        "g.json",
        json.dumps(
            [
                _task(
                    {
                        "from_name": "l",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": 0, "end": 6, "labels": 5},
                    }
                )
            ]
        ),
    ),
    "ls span text int": (
        "g.json",
        json.dumps(
            [
                _task(
                    {
                        "from_name": "l",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": 0, "end": 6, "labels": ["P"], "text": 5},
                    }
                )
            ]
        ),
    ),
    "ls rating list": (
        "g.json",
        json.dumps(
            [
                _task(
                    {
                        "from_name": "q",
                        "to_name": "text",
                        "type": "rating",
                        "value": {"rating": [3]},
                    }
                )
            ]
        ),
    ),
    "ls rating scale list": (
        "g.json",
        json.dumps(
            [
                _task(
                    {"from_name": "q", "to_name": "text", "type": "rating", "value": {"rating": 3}},
                    {"scale": [5]},
                )
            ]
        ),
    ),
    "ls number huge": (
        "g.json",
        '[{"data": {"text": "t"}, "annotations": [{"result": [{"from_name": "n", "type": '
        '"number", "value": {"number": ' + HUGE + "}}]}]}]",
    ),
    "ls textarea ints": (
        "g.json",
        json.dumps([_task({"from_name": "a", "type": "textarea", "value": {"text": [1, 2]}})]),
    ),
    "ls value list": (
        "g.json",
        json.dumps([_task({"from_name": "a", "type": "choices", "value": []})]),
    ),
    "ls NUL in text": ("g.json", json.dumps([_task(_choices(), {"text": "a\u0000"})])),
    "ls surrogate in prompt": ("g.json", json.dumps([_task(_choices(), {"prompt": "\ud800"})])),
    "ls edge_case list": ("g.json", json.dumps([_task(_choices(), {"edge_case": [1]})])),
    "ls annotation list of ints": (
        "g.json",
        json.dumps([{"data": {"text": "t"}, "annotations": [1, 2]}]),
    ),
    "ls data.text dict": ("g.json", json.dumps([_task(_choices(), {"text": {"a": 1}})])),
}


def _import_statuses(client, org) -> dict[str, list[int]]:
    """Each case through the API (dry run, then write) and the page (preview, then confirm),
    each on an assessment of its own."""
    statuses = {}
    for name, (filename, text) in IMPORT_CASES.items():
        data = text.encode("utf-8", "surrogatepass")
        got = []
        assessment = AssessmentFactory(organization=org)
        api = f"/api/organizations/{org.slug}/assessments/{assessment.pk}/import/"
        for dry_run in ("1", "0"):
            upload = SimpleUploadedFile(filename, data)
            got.append(client.post(f"{api}?dry_run={dry_run}", {"file": upload}).status_code)
        assessment = AssessmentFactory(organization=org)
        page = reverse("authoring:import", args=[org.slug, assessment.pk])
        confirm = reverse("authoring:import_confirm", args=[org.slug, assessment.pk])
        preview = client.post(page, {"file": SimpleUploadedFile(filename, data)})
        got.append(preview.status_code)
        if preview.status_code == 200:
            token = preview.context["token"]
            got.append(client.post(confirm, {"token": token}).status_code)
        statuses[f"import: {name}"] = got
    return statuses


def _autosave_statuses(client, attempt) -> dict[str, list[int]]:
    items = {item.kind: item for item in attempt.assessment.items.all()}
    order = list(attempt.item_order)

    def number(kind):
        return order.index(items[kind].pk) + 1

    def page_url(kind):
        return reverse("attempts:answer", args=[attempt.pk, number(kind)])

    def api_url(kind):
        return reverse("api:my-attempt-response", args=[attempt.pk, number(kind)])

    page_cases = {
        "spans deep": ("spans", {"spans": DEEP}),
        "events deep": ("single_choice", {"choice": "Force majeure", "events": DEEP}),
        "events NaN": ("single_choice", {"choice": "Force majeure", "events": "[NaN]"}),
        "rating superscript": ("rating", {"rating_0": "²", "rating_1": "3"}),
        "ranking superscript": ("ranking", {"rank_0": "²", "rank_1": "1", "rank_2": "3"}),
        "ranking huge": ("ranking", {"rank_0": HUGE, "rank_1": "1", "rank_2": "3"}),
        "free text NUL": ("free_text", {"text": "a\x00b"}),
        "explanation NUL": (
            "error_identification",
            {
                "has_error_0": "no",
                "has_error_1": "yes",
                "category_1": "omitted_exception",
                "explanation_1": "x\x00",
            },
        ),
        "numeric 401 digits": ("numeric", {"number": HUGE}),
        "numeric 300 digits": ("numeric", {"number": "9" * 300}),
        "numeric nan": ("numeric", {"number": "nan"}),
        "elapsed huge": ("single_choice", {"choice": "Force majeure", "elapsed_ms": HUGE}),
    }
    statuses = {}
    for name, (kind, data) in page_cases.items():
        statuses[f"autosave page: {name}"] = [client.post(page_url(kind), data).status_code]

    api_cases = {
        "body deep": ("free_text", DEEP),
        "answer deep": ("free_text", '{"answer": ' + DEEP + "}"),
        "events deep": ("single_choice", '{"answer": "Force majeure", "events": [' + DEEP + "]}"),
        "answer NaN": ("numeric", '{"answer": NaN}'),
        "answer 1e400": ("numeric", '{"answer": 1e400}'),
        "answer 401 digits": ("numeric", '{"answer": ' + HUGE + "}"),
        "answer 401-digit string": ("numeric", json.dumps({"answer": HUGE})),
        "free text NUL": ("free_text", json.dumps({"answer": "a\u0000b"})),
        "free text surrogate": ("free_text", '{"answer": "a\\ud800b"}'),
        "event surrogate": (
            "single_choice",
            '{"answer": "Force majeure", "events": [{"type": "\\udc00"}]}',
        ),
        "rating superscript": ("rating", json.dumps({"answer": {"Accuracy": "²", "Clarity": 3}})),
        "ranking strings": ("ranking", json.dumps({"answer": ["²", "1", "0"]})),
        "elapsed huge": (
            "single_choice",
            '{"answer": "Force majeure", "elapsed_ms": ' + HUGE + "}",
        ),
    }
    for name, (kind, body) in api_cases.items():
        response = client.put(
            api_url(kind), body.encode("utf-8", "surrogatepass"), content_type="application/json"
        )
        statuses[f"autosave api: {name}"] = [response.status_code]
    return statuses


def _profile_and_role_statuses(client, candidate, manager, org) -> dict[str, list[int]]:
    statuses = {}
    client.force_login(candidate)
    many = [{"language": f"Language {n}", "level": "B2"} for n in range(5000)]
    statuses["profile api: 5000 languages"] = [
        client.put(
            reverse("api:my-profile"), {"languages": many}, content_type="application/json"
        ).status_code
    ]
    long_names = [{"language": f"{n:02d}" + "x" * 38, "level": "native"} for n in range(30)]
    statuses["profile api: 30 long languages"] = [
        client.put(
            reverse("api:my-profile"), {"languages": long_names}, content_type="application/json"
        ).status_code
    ]
    statuses["profile api: NUL headline"] = [
        client.patch(
            reverse("api:my-profile"), {"headline": "a\u0000"}, content_type="application/json"
        ).status_code
    ]
    client.force_login(manager)
    role = RoleFactory(organization=org)
    superscripts = {
        "compare page": reverse("hiring:compare", args=[org.slug, role.pk]) + "?a=²&a=1",
        "compare api": reverse("api:role-compare", args=[org.slug, role.pk]) + "?a=²&a=1",
        "review queue": reverse("reviews:queue", args=[org.slug]) + "?after=²",
    }
    for name, url in superscripts.items():
        statuses[f"superscript digit: {name}"] = [client.get(url).status_code]
    scored = shortlist_role(org)
    applications = [scored_application(scored).pk for _ in range(2)]
    bulk = reverse("shortlist:bulk", args=[org.slug, scored.pk])
    for name, reason in {"NUL": "No\x00", "600 characters": "x" * 600}.items():
        data = {"action": "reject", "a": applications, "reason": reason}
        statuses[f"bulk reject page: reason {name}"] = [client.post(bulk, data).status_code]
        reveal = reverse("hiring:application-reveal", args=[org.slug, applications[0]])
        statuses[f"reveal page: reason {name}"] = [
            client.post(reveal, {"reason": reason}).status_code
        ]
    for name, overrides in {
        "1000 responsibilities": {"responsibilities": [{"text": f"R{n}"} for n in range(1000)]},
        "negative pay": {"pay_min": "-5.00"},
        "huge pay": {"pay_min": HUGE},
        "NUL title": {"title": "a\u0000"},
    }.items():
        body = role_payload(organization=org, **overrides)
        statuses[f"role api: {name}"] = [
            client.post(reverse("api:roles"), body, content_type="application/json").status_code
        ]
    return statuses


def test_no_malformed_input_is_answered_with_a_server_error(org, hiring_manager, candidate):
    client = Client(raise_request_exception=False)
    client.force_login(hiring_manager)
    statuses = _import_statuses(client, org)

    client.force_login(candidate)
    application = invited_application(
        assessment=assessment_with_every_kind(organization=org), candidate=candidate
    )
    client.post(reverse("attempts:start", args=[application.pk]))
    statuses |= _autosave_statuses(client, Attempt.objects.get(candidate=candidate))
    statuses |= _profile_and_role_statuses(client, candidate, hiring_manager, org)

    errors = {name: got for name, got in statuses.items() if 500 in got}
    for name, got in statuses.items():
        print(f"{'500' if 500 in got else 'ok '} {name}: {got}")
    print(
        f"{sum(got.count(500) for got in statuses.values())} server errors in {len(statuses)} cases"
    )
    assert not errors
