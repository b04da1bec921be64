"""Authoring in the browser's pages: settings, items, import with preview, export, preview."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, GoldAnswer, GoldChange, Item
from tests.assessments.conftest import url
from tests.factories import AssessmentFactory, GoldAnswerFactory, ItemFactory, RubricFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "static" / "samples"


@pytest.fixture
def assessment(org):
    return AssessmentFactory(organization=org, title="Clause review", instructions="**Read** it.")


def test_an_author_creates_an_assessment_with_gates_and_a_rubric(author, org):
    rubric = RubricFactory(organization=org)

    response = author.post(
        reverse("authoring:create", args=[org.slug]),
        {
            "title": "Contract extraction",
            "instructions": "Mark **every** party.",
            "rubric": rubric.pk,
            "time_limit_minutes": 40,
            "shuffle": "on",
            "expected_items_per_hour": "15",
            "pay_amount": "30.00",
            "pay_currency": "GBP",
            "rationale_count": 2,
            "gate_accuracy": "0.8",
            "gate_agreement": "",
        },
    )

    assessment = Assessment.objects.get(title="Contract extraction")
    assert response.status_code == 302
    assert response.url == url("detail", assessment)
    assert assessment.pass_gates == {"accuracy": 0.8}
    assert (assessment.rubric, assessment.pay_currency, assessment.rationale_count) == (
        rubric,
        "GBP",
        2,
    )
    page = author.get(response.url)
    assert b"<strong>every</strong>" in page.content  # Markdown, rendered safely


def test_a_bad_gate_is_answered_on_the_form(author, org):
    response = author.post(
        reverse("authoring:create", args=[org.slug]),
        {"title": "X", "time_limit_minutes": 40, "expected_items_per_hour": "15",
         "pay_amount": "0", "pay_currency": "USD", "rationale_count": 3, "gate_accuracy": "1.5"},
    )  # fmt: skip

    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 1." in response.content.decode()
    assert not Assessment.objects.filter(title="X").exists()


def test_an_author_adds_a_choice_item_with_options_one_per_line(author, assessment):
    response = author.post(
        url("item_create", assessment),
        {
            "kind": "single_choice",
            "prompt": "Which clause?",
            "text": "Either party may terminate on notice.",
            "options": "Termination for convenience\r\nTermination for cause\r\n",
            "answer": "Termination for convenience",
            "accepted_alternatives": "",
            "explanation": "No breach needed.",
            "is_edge_case": "on",
            "requires_rationale": "on",
        },
    )

    assert response.status_code == 302
    item = Item.objects.get(assessment=assessment)
    assert item.options == ["Termination for convenience", "Termination for cause"]
    assert item.requires_rationale
    assert (item.gold.answer, item.gold.is_edge_case) == ("Termination for convenience", True)
    assessment.refresh_from_db()
    assert assessment.gold_version == 2


def test_pairwise_and_ranking_items_use_friendly_fields(author, assessment):
    author.post(
        url("item_create", assessment),
        {"kind": "pairwise", "prompt": "Which is better?", "output_a": "Short.",
         "output_b": "Long.", "answer": "A>B", "accepted_alternatives": "A>>B"},
    )  # fmt: skip
    author.post(
        url("item_create", assessment),
        {"kind": "ranking", "prompt": "Rank them", "outputs": "one\r\n---\r\ntwo\r\n---\r\nthree",
         "answer": "[2, 0, 1]"},
    )  # fmt: skip

    pairwise, ranking = Item.objects.filter(assessment=assessment)
    assert pairwise.content == {"outputs": ["Short.", "Long."]}
    assert pairwise.gold.accepted_alternatives == ["A>>B"]
    assert ranking.content == {"outputs": ["one", "two", "three"]}
    assert ranking.gold.answer == [2, 0, 1]


def test_a_bad_answer_is_answered_on_its_field_and_nothing_is_saved(author, assessment):
    response = author.post(
        url("item_create", assessment),
        {"kind": "ranking", "prompt": "Rank them", "outputs": "one\n---\ntwo\n---\nthree",
         "answer": "[0, 0, 1]"},
    )  # fmt: skip

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "answer": ["Rank every one of the 3 outputs exactly once."]
    }
    assert not Item.objects.exists()

    response = author.post(
        url("item_create", assessment),
        {"kind": "spans", "prompt": "Mark", "text": "Halden Ltd", "options": "PARTY",
         "answer": "[{start: 0}]"},
    )  # fmt: skip
    assert response.context["form"].errors["answer"][0].startswith("Not valid JSON:")


def frozen_item(assessment):
    item = GoldAnswerFactory(item=ItemFactory(assessment=assessment, position=1)).item
    Assessment.objects.filter(pk=assessment.pk).update(frozen_at=timezone.now())
    return item


def test_on_a_frozen_assessment_only_the_gold_of_an_item_changes(author, assessment):
    item = frozen_item(assessment)

    response = author.post(
        url("item_edit", assessment, item.pk),
        {
            "prompt": "A new prompt",
            "options": "indemnity\nnew option",
            "answer": "limitation",
            "change_summary": "Contest upheld.",
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.prompt == "Which clause type is this?"
    assert item.options == ["indemnity", "limitation", "termination"]
    assert GoldAnswer.objects.get(item=item).answer == "limitation"
    change = GoldChange.objects.get()
    assert change.summary == "Contest upheld."
    page = author.get(url("detail", assessment)).content.decode()
    assert "Contest upheld." in page
    assert "Gold version 2" in page


def test_a_frozen_assessment_refuses_new_items_deletes_and_moves_with_a_message(author, assessment):
    item = frozen_item(assessment)

    for response in (
        author.get(url("item_create", assessment), follow=True),
        author.post(url("item_delete", assessment, item.pk), follow=True),
        author.post(url("item_move", assessment, item.pk), {"direction": "down"}, follow=True),
    ):
        assert "Candidates have started this assessment" in response.content.decode()
    assert Item.objects.filter(pk=item.pk).exists()


def test_make_a_new_version_from_the_page(author, assessment):
    frozen_item(assessment)

    response = author.post(url("new_version", assessment))

    copy = Assessment.objects.get(previous=assessment)
    assert response.url == url("detail", copy)
    assert copy.items.get().gold.answer == "indemnity"


def upload(name: str, data: bytes):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_import_shows_a_preview_then_writes_on_confirm(author, assessment):
    ItemFactory(assessment=assessment, position=1)
    data = (SAMPLES / "gold-set-sample.csv").read_bytes()

    preview = author.post(url("import", assessment), {"file": upload("gold.csv", data)})

    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Import 9 items" in html
    assert "edge case" in html
    assert Item.objects.filter(assessment=assessment).count() == 1  # nothing yet

    token = preview.context["token"]
    done = author.post(url("import_confirm", assessment), {"token": token})

    assert done.status_code == 302
    items = Item.objects.filter(assessment=assessment).order_by("position")
    assert [i.position for i in items] == list(range(1, 11))
    assert items[1].kind == "single_choice"
    assert items[9].kind == "free_text"
    change = GoldChange.objects.get(assessment=assessment)
    assert change.summary == "Imported 9 items with gold from gold.csv (items #2–#10)."
    # The same preview cannot be committed twice.
    again = author.post(url("import_confirm", assessment), {"token": token}, follow=True)
    assert "That preview has expired" in again.content.decode()
    assert Item.objects.filter(assessment=assessment).count() == 10


def test_a_file_with_a_bad_row_imports_nothing_and_lists_the_rows(author, assessment):
    data = (Path(__file__).parent / "fixtures" / "bad-rows.csv").read_bytes()

    response = author.post(url("import", assessment), {"file": upload("bad.csv", data)})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported: 5 problems" in html
    assert "<strong>Row 5</strong>, <code>answer</code>: Rank every one of the 4 outputs" in html
    assert not Item.objects.exists()
    assert not GoldChange.objects.exists()
    assert "gold_import" not in author.session


def test_a_label_studio_export_imports_through_the_page(author, assessment):
    data = (SAMPLES / "label-studio-sample.json").read_bytes()

    preview = author.post(url("import", assessment), {"file": upload("export.json", data)})
    assert "1 task skipped" in preview.content.decode()
    author.post(url("import_confirm", assessment), {"token": preview.context["token"]})

    assert Item.objects.filter(assessment=assessment).count() == 6


def test_export_downloads_jsonl_with_gold(author, assessment):
    GoldAnswerFactory(item=ItemFactory(assessment=assessment, position=1))

    response = author.get(url("export", assessment))

    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content.decode().splitlines()[0])["answer"] == "indemnity"
