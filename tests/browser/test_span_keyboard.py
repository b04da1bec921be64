"""Span marking by keyboard on the candidate's attempt screen (issue 16): Tab into the
text, move and select with the arrows, label with a number key; what happens is
announced in the widget's live region, and the answer is autosaved like a mouse mark."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessments.models import Response
from tests.browser.conftest import sign_in
from tests.factories.accounts import PASSWORD
from tests.factories.attempts import SPAN_TEXT, assessment_with_every_kind, invited_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/authoring")


def test_a_candidate_marks_spans_with_the_keyboard_only(page, candidate):
    candidate.set_password(PASSWORD)
    candidate.save()
    assessment = assessment_with_every_kind(kinds=("spans",), title="Contract extraction")
    application = invited_application(assessment=assessment, candidate=candidate)
    sign_in(page, candidate.email, PASSWORD)
    page.goto(f"/me/attempts/start/{application.pk}/")
    page.get_by_role("button", name="Start the task").click()
    expect(page.get_by_role("heading", name=re.compile("Item 1"))).to_be_visible()

    # Keys pressed before spans.js (deferred) has run would go nowhere.
    expect(page.locator("[data-spans][data-spans-ready]")).to_have_count(1)
    text = page.get_by_role("textbox", name="Text to mark")
    text.focus()
    expect(text).to_be_focused()
    hint = page.locator("[data-spans-hint]")
    page.keyboard.press("Home")
    expect(hint).to_have_text(f"Caret before “{SPAN_TEXT.split()[0]}”.")
    first_three = " ".join(SPAN_TEXT.split()[:3])
    for _ in range(3):
        page.keyboard.press("Control+Shift+ArrowRight")
    expect(hint).to_contain_text(f"Selected “{first_three}”. Press a number to label it: 1 ")
    page.keyboard.press("1")
    expect(hint).to_have_text(f"Marked “{first_three}” as PARTY. 1 passage marked.")
    expect(page.locator("#save-status")).to_contain_text("Saved ✓")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "candidate-spans-keyboard.png", full_page=True)

    response = Response.objects.get(attempt__candidate=candidate)
    assert response.answer == [{"start": 0, "end": len(first_three), "label": "PARTY"}]

    # Escape drops a selection; a number key then labels nothing and says why.
    page.keyboard.press("Shift+End")
    page.keyboard.press("Escape")
    page.keyboard.press("2")
    expect(hint).to_have_text("Select a passage in the text first, then press its label.")
