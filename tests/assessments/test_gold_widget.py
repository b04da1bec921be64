"""Gold set with the candidate's own widget on the item editor (issue 16).

The widget (assessments/attempt/_item_body.html, static/js/spans.js and gold.js) writes
the gold into the ``answer`` field as JSON, and the page posts its own fields alongside.
What is saved must be what the JSON path (the API) saves, and what the candidate's
widget would post as an answer (``answer_from_form``)."""

import json

import pytest
from django.http import QueryDict
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.attempts.posted_answers import answer_from_form
from assessments.item_kinds import validate_answer
from assessments.models import Assessment, GoldAnswer, Item
from tests.assessments.conftest import url
from tests.factories import AssessmentFactory, GoldAnswerFactory, ItemFactory

pytestmark = pytest.mark.django_db

TEXT = "Halden Logistics Ltd shall pay within 30 days."

# Per kind: the item's fields on the editor, the same item for the API, the fields the
# candidate's widget posts, and the JSON gold.js writes into "answer" from them.
CASES = {
    "spans": (
        {"prompt": "Mark the parties", "text": TEXT, "options": "PARTY\nTERM"},
        {"content": {"text": TEXT}, "options": ["PARTY", "TERM"]},
        {"spans": '[{"start":0,"end":20,"label":"PARTY"},{"start":33,"end":45,"label":"TERM"}]'},
        [{"start": 0, "end": 20, "label": "PARTY"}, {"start": 33, "end": 45, "label": "TERM"}],
    ),
    "ranking": (
        {"prompt": "Rank", "outputs": "one\n---\ntwo\n---\nthree"},
        {"content": {"outputs": ["one", "two", "three"]}, "options": []},
        {"rank_0": "2", "rank_1": "3", "rank_2": "1"},
        [2, 0, 1],
    ),
    "rating": (
        {"prompt": "Rate", "output": "Never.", "criteria": "accuracy\ntone", "scale": "5"},
        {"content": {"output": "Never.", "criteria": ["accuracy", "tone"], "scale": 5}},
        {"rating_0": "2", "rating_1": "4"},
        {"accuracy": 2, "tone": 4},
    ),
    "error_identification": (
        {"prompt": "Judge", "outputs": "fine\n---\nwrong", "options": "factual\nstyle"},
        {"content": {"outputs": ["fine", "wrong"]}, "options": ["factual", "style"]},
        {"has_error_0": "no", "category_0": "", "explanation_0": "",
         "has_error_1": "yes", "category_1": "factual", "explanation_1": "Wrong date."},
        [{"has_error": False, "category": None, "explanation": ""},
         {"has_error": True, "category": "factual", "explanation": "Wrong date."}],
    ),
}  # fmt: skip


@pytest.fixture
def assessment(org):
    return AssessmentFactory(organization=org, title="Clause review")


@pytest.mark.parametrize("kind", CASES)
def test_gold_from_the_widget_is_the_gold_of_the_json_path(kind, author, hiring_manager, org):
    fields, api_item, widget_fields, written = CASES[kind]
    by_page, by_api = AssessmentFactory(organization=org), AssessmentFactory(organization=org)

    response = author.post(
        url("item_create", by_page),
        {"kind": kind, **fields, **widget_fields, "answer": json.dumps(written)},
    )
    api = APIClient()
    api.force_authenticate(hiring_manager)
    created = api.post(
        f"/api/organizations/{org.slug}/assessments/{by_api.pk}/items/",
        {"kind": kind, "prompt": fields["prompt"], **api_item, "gold": {"answer": written}},
        format="json",
    )

    assert response.status_code == 302, response.context["form"].errors
    assert created.status_code == 201, created.data
    page_gold = GoldAnswer.objects.get(item__assessment=by_page)
    api_gold = GoldAnswer.objects.get(item__assessment=by_api)
    assert page_gold.answer == api_gold.answer
    # What gold.js wrote is what the candidate's widget posts as an answer.
    posted = QueryDict(mutable=True)
    posted.update(widget_fields)
    item = page_gold.item
    candidate_answer = answer_from_form(item, posted)
    assert validate_answer(kind, item.content, item.options, candidate_answer) == page_gold.answer


def test_the_item_editor_shows_the_gold_in_the_candidates_widget(author, assessment):
    item = ItemFactory(
        assessment=assessment, kind="ranking", options=[],
        content={"outputs": ["one", "two", "three"]},
    )  # fmt: skip
    GoldAnswerFactory(item=item, answer=[2, 0, 1])

    html = author.get(url("item_edit", assessment, item.pk)).content.decode()

    assert "data-gold-widget" in html
    assert 'data-kind="ranking"' in html
    # Output 3 (index 2) is ranked first: its select has rank 1 selected.
    select = html.split('name="rank_2"')[1].split("</select>")[0]
    assert '<option value="1" selected>' in select
    assert "js/gold.js" in html
    assert "js/spans.js" in html


def test_kinds_without_a_widget_keep_their_plain_fields(author, assessment):
    html = author.get(url("item_create", assessment) + "?kind=single_choice").content.decode()

    assert "data-gold-widget" not in html
    assert "gold.js" not in html


def test_the_widget_follows_the_item_fields_as_posted(author, assessment):
    fields, _, _, written = CASES["spans"]

    response = author.post(
        url("gold_widget", assessment), {"kind": "spans", **fields, "answer": json.dumps(written)}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "data-spans-text" in html
    assert "Halden Logistics Ltd" in html
    assert '"label": "TERM"' in html  # the gold, for the widget's script to show
    assert not Item.objects.exists()  # nothing is written


def test_the_widget_waits_for_a_complete_item_and_says_when_the_gold_no_longer_fits(
    author, assessment
):
    waiting = author.post(url("gold_widget", assessment), {"kind": "spans", "prompt": "Mark"})
    misfit = author.post(
        url("gold_widget", assessment),
        {"kind": "ranking", "prompt": "Rank", "outputs": "one\n---\ntwo", "answer": "[2, 0, 1]"},
    )

    assert "Span items need the “text” to mark." in waiting.content.decode()
    html = misfit.content.decode()
    assert "does not fit this item (Rank every one of the 2 outputs exactly once.)" in html
    assert 'name="rank_1"' in html


def test_the_widget_of_a_saved_frozen_item_uses_its_saved_fields(author, assessment):
    item = ItemFactory(
        assessment=assessment, kind="rating", options=[],
        content={"criteria": ["accuracy"], "scale": 4},
    )  # fmt: skip
    GoldAnswerFactory(item=item, answer={"accuracy": 3})
    Assessment.objects.filter(pk=assessment.pk).update(frozen_at=timezone.now())

    html = author.post(
        url("item_gold_widget", assessment, item.pk),
        {"criteria": "changed", "scale": "9", "answer": '{"accuracy": 1}'},
    ).content.decode()

    assert 'aria-label="accuracy: 1 of 4" checked' in html
    assert "changed" not in html


def test_the_widget_refuses_other_kinds_readers_and_other_organisations(
    client, author, assessment, recruiter, other_org
):
    assert author.post(url("gold_widget", assessment), {"kind": "numeric"}).status_code == 400
    assert author.post(url("gold_widget", assessment), {"kind": "essay"}).status_code == 400
    assert author.get(url("gold_widget", assessment)).status_code == 405
    elsewhere = AssessmentFactory(organization=other_org)
    assert author.post(url("gold_widget", elsewhere), {"kind": "spans"}).status_code == 404
    client.force_login(recruiter)
    assert client.post(url("gold_widget", assessment), {"kind": "spans"}).status_code == 403
