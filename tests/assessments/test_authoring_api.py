"""Authoring through the REST API: the same services and refusals as the pages."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import Assessment, GoldChange, Item
from tests.factories import AssessmentFactory, GoldAnswerFactory, ItemFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "static" / "samples"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def api(hiring_manager):
    client = APIClient()
    client.force_authenticate(hiring_manager)
    return client


@pytest.fixture
def assessment(org):
    return AssessmentFactory(organization=org, title="Clause review")


def base(assessment) -> str:
    return f"/api/organizations/{assessment.organization.slug}/assessments/{assessment.pk}/"


def test_create_read_update_and_delete_an_assessment(api, org):
    created = api.post(
        "/api/organizations/lexicon/assessments/",
        {"title": "Span review", "time_limit_minutes": 30, "pass_gates": {"accuracy": 0.7}},
        format="json",
    )
    assert created.status_code == 201, created.data
    pk = created.data["id"]
    assert created.data["pass_gates"] == {"accuracy": 0.7}
    assert created.data["is_frozen"] is False

    listed = api.get("/api/organizations/lexicon/assessments/")
    assert [a["title"] for a in listed.data["results"]] == ["Span review"]

    patched = api.patch(
        f"/api/organizations/lexicon/assessments/{pk}/", {"pay_amount": "25.00"}, format="json"
    )
    assert patched.data["pay_amount"] == "25.00"
    assert patched.data["time_limit_minutes"] == 30  # untouched by a partial update

    bad = api.patch(
        f"/api/organizations/lexicon/assessments/{pk}/",
        {"pass_gates": {"accuracy": 2}},
        format="json",
    )
    assert bad.status_code == 400
    assert "pass_gates" in bad.data

    assert api.delete(f"/api/organizations/lexicon/assessments/{pk}/").status_code == 204
    assert not Assessment.objects.filter(pk=pk).exists()


def test_items_crud_with_nested_gold(api, assessment):
    created = api.post(
        base(assessment) + "items/",
        {
            "kind": "rating",
            "prompt": "Rate the answer",
            "content": {"output": "Never.", "criteria": ["accuracy"], "scale": 5},
            "gold": {"answer": {"accuracy": 2}, "explanation": "Overstated."},
        },
        format="json",
    )
    assert created.status_code == 201, created.data
    assert created.data["gold"]["answer"] == {"accuracy": 2}
    item_url = base(assessment) + f"items/{created.data['id']}/"

    bad = api.put(
        item_url,
        {"prompt": "Rate", "content": {"criteria": ["accuracy"], "scale": 5},
         "gold": {"answer": {"accuracy": 9}}},
        format="json",
    )  # fmt: skip
    assert bad.status_code == 400
    assert bad.data == {"answer": ["The rating for “accuracy” must be a whole number 1–5."]}

    updated = api.put(
        item_url,
        {"prompt": "Rate the answer", "content": {"output": "Never.", "criteria": ["accuracy"],
         "scale": 5}, "gold": {"answer": {"accuracy": 1}}, "change_summary": "Stricter."},
        format="json",
    )  # fmt: skip
    assert updated.status_code == 200, updated.data
    assert updated.data["gold"]["answer"] == {"accuracy": 1}
    assert GoldChange.objects.filter(assessment=assessment).first().summary == "Stricter."

    history = api.get(base(assessment) + "gold-history/")
    assert next(c["summary"] for c in history.data["results"]) == "Stricter."

    assert api.delete(item_url).status_code == 204
    assert not Item.objects.filter(assessment=assessment).exists()


def test_reorder_items(api, assessment):
    first = ItemFactory(assessment=assessment, position=1, prompt="First")
    second = ItemFactory(assessment=assessment, position=2, prompt="Second")

    response = api.post(
        base(assessment) + "items/reorder/", {"order": [second.pk, first.pk]}, format="json"
    )

    assert [i["prompt"] for i in response.data] == ["Second", "First"]
    bad = api.post(base(assessment) + "items/reorder/", {"order": [first.pk]}, format="json")
    assert bad.status_code == 400
    assert bad.data == {
        "order": ["List every item of this assessment exactly once, in the new order."]
    }


def test_a_frozen_assessment_answers_400_to_item_changes_and_allows_gold(api, assessment):
    item = GoldAnswerFactory(item=ItemFactory(assessment=assessment, position=1)).item
    Assessment.objects.filter(pk=assessment.pk).update(frozen_at=timezone.now())
    item_url = base(assessment) + f"items/{item.pk}/"
    body = {"prompt": item.prompt, "content": item.content, "options": item.options}

    changed = api.put(item_url, body | {"options": ["a", "b"], "gold": {"answer": "a"}},
                      format="json")  # fmt: skip
    added = api.post(
        base(assessment) + "items/", {**body, "kind": "single_choice", "prompt": "New",
                                      "gold": {"answer": "indemnity"}}, format="json",
    )  # fmt: skip
    deleted = api.delete(item_url)
    gold_only = api.put(item_url, body | {"gold": {"answer": "termination"}}, format="json")

    for refused in (changed, added, deleted):
        assert refused.status_code == 400
        assert refused.data["assessment"][0].startswith("Candidates have started")
    assert gold_only.status_code == 200
    assert gold_only.data["gold"]["answer"] == "termination"

    copy = api.post(base(assessment) + "new-version/")
    assert copy.status_code == 201
    assert (copy.data["version"], copy.data["previous"]) == (2, assessment.pk)
    assert copy.data["is_frozen"] is False


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_import_dry_run_previews_then_commit_writes(api, assessment):
    data = (SAMPLES / "gold-set-sample.jsonl").read_bytes()

    preview = api.post(
        base(assessment) + "import/?dry_run=1",
        {"file": upload("gold.jsonl", data)},
        format="multipart",
    )
    assert preview.status_code == 200
    assert preview.data["count"] == 9
    assert preview.data["edge_case_count"] == 1
    assert preview.data["counts_by_kind"]["spans"] == 1
    assert "answer" not in preview.data["first_rows"][0]
    assert not Item.objects.exists()

    done = api.post(
        base(assessment) + "import/", {"file": upload("gold.jsonl", data)}, format="multipart"
    )
    assert done.status_code == 201
    assert (done.data["imported"], done.data["gold_version"]) == (9, 2)
    assert Item.objects.filter(assessment=assessment).count() == 9

    exported = api.get(base(assessment) + "export/")
    assert exported.status_code == 200
    # The same items and gold; PostgreSQL's jsonb may order an object's keys differently.
    assert [json.loads(line) for line in exported.content.decode().splitlines()] == [
        json.loads(line) for line in data.decode().splitlines()
    ]


def test_a_bad_import_is_a_400_with_every_row_and_writes_nothing(api, assessment):
    response = api.post(
        base(assessment) + "import/",
        {"file": upload("bad.csv", (FIXTURES / "bad-rows.csv").read_bytes())},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.data["file"][0] == (
        "row 3, content: Not valid JSON: Expecting value: line 1 column 9 (char 8)."
    )
    assert [(r["row"], r["field"]) for r in response.data["rows"]] == [
        (3, "content"), (4, "kind"), (5, "answer"), (6, "answer"), (7, "tolerance"),
    ]  # fmt: skip
    assert not Item.objects.exists()
    assert not GoldChange.objects.exists()


def test_an_import_without_a_file_is_a_400(api, assessment):
    response = api.post(base(assessment) + "import/", {}, format="multipart")

    assert response.status_code == 400
    assert response.data == {"file": ["No file was submitted."]}
