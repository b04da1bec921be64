"""The authors' preview is the candidate's attempt screen (issue 16): the start screen,
then one item per screen with the timer, the item bar and the flag, read without gold,
and nothing written."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.utils import timezone

from assessments.authoring import preview
from tests.assessments.conftest import url
from tests.factories import AssessmentFactory, GoldAnswerFactory, ItemFactory

pytestmark = pytest.mark.django_db

# One item of each kind with gold to find: answers, alternatives, explanations.
ITEMS = [
    ("single_choice", {"text": "The Supplier shall indemnify."}, ["indemnity", "limitation"],
     "limitation"),
    ("spans", {"text": "Halden Ltd pays."}, ["PARTY"],
     [{"start": 0, "end": 10, "label": "PARTY"}]),
    ("ranking", {"outputs": ["one", "two", "three"]}, [], [2, 0, 1]),
    ("rating", {"output": "Never.", "criteria": ["accuracy"], "scale": 5}, [], {"accuracy": 4}),
    ("numeric", {"text": "Notice period", "unit": "days"}, [], 4242),
    ("error_identification", {"outputs": ["fine"]}, ["factual"],
     [{"has_error": True, "category": "factual", "explanation": "SECRET-WHY"}]),
    ("free_text", {"text": "Summarise."}, [], {"reference": "SECRET-REFERENCE"}),
]  # fmt: skip


@pytest.fixture
def assessment(org):
    assessment = AssessmentFactory(
        organization=org, title="Clause review", instructions="**Read** it.",
        time_limit_minutes=30, pay_amount=40, pay_currency="GBP", items_per_attempt=5,
    )  # fmt: skip
    for position, (kind, content, options, answer) in enumerate(ITEMS, start=1):
        GoldAnswerFactory(
            item=ItemFactory(
                assessment=assessment, position=position, kind=kind, content=content,
                options=options, prompt=f"Prompt {position}",
            ),
            answer=answer, accepted_alternatives=[], explanation=f"SECRET-EXPLANATION-{position}",
            is_edge_case=position == 1,
        )  # fmt: skip
    return assessment


def counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model is not Session and model._meta.managed
    }


def test_the_preview_starts_like_an_attempt_and_walks_one_item_per_screen(author, assessment):
    start = author.get(url("preview", assessment))
    html = start.content.decode()
    assert start.templates[0].name == "assessments/attempt/start.html"
    assert "data-preview-banner" in html
    assert "<strong>Read</strong> it." in html
    assert "40.00 GBP" in html
    assert "5 drawn at random" in html  # what candidates get, said in the banner

    started = author.post(url("preview", assessment))
    assert started.status_code == 302
    assert started.url == url("preview_item", assessment, 1)

    first = author.get(started.url)
    html = first.content.decode()
    assert first.templates[0].name == "assessments/attempt/item.html"
    assert 'Item 1 <span class="meta">of 7</span>' in html
    assert "Prompt 1" in html
    assert "Prompt 2" not in html  # one item per screen
    assert "data-countdown" in html
    assert html.count('class="item-nav__link') == 7
    assert f'href="{url("preview_item", assessment, 2)}" rel="next"' in html
    assert "Flag this item as ambiguous" in html
    assert "Preview: answers are not saved" in html
    # Nothing is sent back: no autosave, flag or activity URL.
    assert "hx-post" not in html
    assert "data-answer-form" not in html
    assert 'data-activity-url=""' in html

    last = author.get(url("preview_item", assessment, 7)).content.decode()
    assert "End the preview" in last
    assert 'rel="next"' not in last


def test_the_preview_clock_runs_from_start_for_the_time_limit(author, assessment):
    author.post(url("preview", assessment))
    deadline = author.get(url("preview_item", assessment, 1)).context["attempt"].deadline
    assert abs(deadline - (timezone.now() + timedelta(minutes=30))) < timedelta(seconds=5)

    session = author.session
    clocks = session[preview.SESSION_KEY]
    clocks[str(assessment.pk)] -= 31 * 60
    session[preview.SESSION_KEY] = clocks
    session.save()

    response = author.get(url("preview_item", assessment, 1))
    assert response.status_code == 302
    assert response.url == url("preview", assessment)


def test_items_before_start_or_outside_the_assessment_are_not_shown(author, assessment):
    assert author.get(url("preview_item", assessment, 1)).url == url("preview", assessment)
    author.post(url("preview", assessment))
    assert author.get(url("preview_item", assessment, 8)).status_code == 404
    assert author.get(url("preview_item", assessment, 0)).status_code == 404


def test_no_page_of_the_preview_shows_gold(author, assessment):
    author.post(url("preview", assessment))
    pages = [author.get(url("preview", assessment)).content.decode()]
    pages += [
        author.get(url("preview_item", assessment, n)).content.decode()
        for n in range(1, len(ITEMS) + 1)
    ]

    for html in pages:
        for secret in ("SECRET-", "4242", "edge case", "Edge case"):
            assert secret not in html
        assert "checked" not in html
        assert "selected" not in html
    spans = pages[2]
    assert '<script type="application/json">""</script>' in spans  # no marked passages


def test_the_preview_writes_nothing(author, assessment):
    before = counts()

    author.get(url("preview", assessment))
    author.post(url("preview", assessment))
    for n in range(1, len(ITEMS) + 1):
        assert author.get(url("preview_item", assessment, n)).status_code == 200

    assert counts() == before


def test_the_preview_is_for_the_organisation_only(client, assessment, other_recruiter, recruiter):
    client.force_login(other_recruiter)
    assert client.get(url("preview", assessment)).status_code == 404
    assert client.post(url("preview", assessment)).status_code == 404
    assert client.get(url("preview_item", assessment, 1)).status_code == 404
    client.force_login(recruiter)  # reads assessments: may preview, still without gold
    client.post(url("preview", assessment))
    assert "SECRET-" not in client.get(url("preview_item", assessment, 1)).content.decode()
