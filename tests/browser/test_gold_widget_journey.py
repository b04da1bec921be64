"""Gold without JSON, in a real browser (issue 16): an author sets span gold with the mouse
and with the keyboard, ranking, rating and error-identification gold with the candidate's
widgets, saves,
reopens the item and finds the gold in the widget. Screenshots go to /tmp/shots/authoring/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessments.models import GoldAnswer
from tests.browser.conftest import sign_in
from tests.factories import AssessmentFactory
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/authoring")
TEXT = "Halden Logistics Ltd shall pay Brightwater Foods plc within 30 days of invoice."


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def drag_over(page, needle: str) -> None:
    """Select ``needle`` in the gold widget's text with a real mouse drag."""
    box = page.evaluate(
        """(needle) => {
            const text = document.querySelector('[data-gold-widget] [data-spans-text]');
            const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.textContent.indexOf(needle);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + needle.length);
                const rects = range.getClientRects();
                const first = rects[0], last = rects[rects.length - 1];
                return {x1: first.left + 1, y1: first.top + first.height / 2,
                        x2: last.right - 1, y2: last.top + last.height / 2};
            }
            return null;
        }""",
        needle,
    )
    assert box, needle
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()


@pytest.fixture
def assessment(org):
    return AssessmentFactory(organization=org, title="Contract extraction")


def new_item(page, assessment, kind: str) -> None:
    page.goto(
        f"/org/{assessment.organization.slug}/assessments/{assessment.pk}/items/new/?kind={kind}"
    )


def save_and_reopen(page, position: int) -> None:
    page.get_by_role("button", name="Add item").click()
    expect(page.get_by_text("Item added.")).to_be_visible()
    page.locator("#items tbody tr").nth(position - 1).get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", name=f"Item #{position}")).to_be_visible()


def test_an_author_sets_span_gold_by_mouse_and_by_keyboard(page, hiring_manager, assessment):
    sign_in(page, hiring_manager.email, PASSWORD)
    new_item(page, assessment, "spans")
    widget = page.locator("[data-gold-widget]")
    expect(widget).to_contain_text("Span items need the “text” to mark.")
    expect(page.get_by_label("Gold answer")).to_be_hidden()  # JSON is the option, not the way

    page.get_by_label("Prompt").fill("Mark the parties and the payment term.")
    page.get_by_label("Text", exact=True).fill(TEXT)
    page.get_by_label("Span labels").fill("PARTY\nTERM")
    page.get_by_label("Span labels").blur()
    text = widget.locator("[data-spans-text]")
    expect(text).to_have_text(TEXT)

    # The mouse: drag over a party, press its label.
    drag_over(page, "Halden Logistics Ltd")
    widget.get_by_role("button", name="PARTY").click()
    expect(widget.locator("[data-spans-list] li")).to_have_count(1)

    # The keyboard: into the text, to "within", select three words, press 2 for TERM.
    text.focus()
    page.keyboard.press("End")
    for _ in range(5):
        page.keyboard.press("Control+ArrowLeft")
    for _ in range(4):
        page.keyboard.press("Control+Shift+ArrowRight")
    hint = widget.locator("[data-spans-hint]")
    expect(hint).to_have_text(
        "Selected “within 30 days of”. Press a number to label it: 1 PARTY, 2 TERM."
    )
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Shift+ArrowLeft")
    expect(hint).to_contain_text("Selected “within 30 days”.")
    page.keyboard.press("2")
    expect(hint).to_have_text("Marked “within 30 days” as TERM. 2 passages marked.")
    shot(page, "gold-spans-marked")

    page.get_by_label("Edit the gold as JSON").check()
    expect(page.get_by_label("Gold answer")).to_have_value(
        '[{"start":0,"end":20,"label":"PARTY"},{"start":53,"end":67,"label":"TERM"}]'
    )
    save_and_reopen(page, 1)

    assert GoldAnswer.objects.get().answer == [
        {"start": 0, "end": 20, "label": "PARTY"},
        {"start": 53, "end": 67, "label": "TERM"},
    ]
    listed = page.locator("[data-gold-widget] [data-spans-list] li")
    expect(listed).to_have_count(2)
    expect(listed.nth(0)).to_contain_text("Halden Logistics Ltd")
    expect(listed.nth(1)).to_contain_text("within 30 days")
    shot(page, "gold-spans-reopened")

    # Removing a passage with the keyboard is announced, and saved.
    page.get_by_role("button", name="Remove TERM within 30 days").press("Enter")
    expect(hint).to_have_text("Removed TERM “within 30 days”. 1 passage marked.")
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_text("Item #1 saved.")).to_be_visible()
    assert GoldAnswer.objects.get().answer == [{"start": 0, "end": 20, "label": "PARTY"}]


def test_an_author_sets_ranking_rating_and_error_gold_by_widget(page, hiring_manager, assessment):
    sign_in(page, hiring_manager.email, PASSWORD)

    new_item(page, assessment, "ranking")
    page.get_by_label("Prompt").fill("Rank the three summaries, best first.")
    page.get_by_label("Model outputs").fill("Short.\n---\nAccurate and complete.\n---\nWrong.")
    page.get_by_label("Model outputs").blur()
    widget = page.locator("[data-gold-widget]")
    widget.get_by_label("Rank for output 2").select_option("1")
    widget.get_by_label("Rank for output 1").select_option("2")
    widget.get_by_label("Rank for output 3").select_option("3")
    shot(page, "gold-ranking")
    save_and_reopen(page, 1)
    assert GoldAnswer.objects.get(item__kind="ranking").answer == [1, 0, 2]
    expect(widget.get_by_label("Rank for output 2")).to_have_value("1")
    expect(widget.get_by_label("Rank for output 3")).to_have_value("3")

    new_item(page, assessment, "rating")
    page.get_by_label("Prompt").fill("Rate the answer.")
    page.get_by_label("Model output").fill("The notice period is 30 days.")
    page.get_by_label("Criteria").fill("accuracy\ncompleteness")
    page.get_by_label("Scale").fill("4")
    page.get_by_label("Scale").blur()
    expect(widget.get_by_label("completeness: 4 of 4")).to_be_visible()
    widget.get_by_label("accuracy: 4 of 4").check()
    widget.get_by_label("completeness: 2 of 4").check()
    shot(page, "gold-rating")
    save_and_reopen(page, 2)
    assert GoldAnswer.objects.get(item__kind="rating").answer == {
        "accuracy": 4,
        "completeness": 2,
    }
    expect(widget.get_by_label("accuracy: 4 of 4")).to_be_checked()
    expect(widget.get_by_label("completeness: 2 of 4")).to_be_checked()

    new_item(page, assessment, "error_identification")
    page.get_by_label("Prompt").fill("Does either summary get a fact wrong?")
    page.get_by_label("Model outputs").fill("Notice is 30 days.\n---\nNotice is 90 days.")
    page.get_by_label("Error categories").fill("factual error\nomission")
    page.get_by_label("Error categories").blur()
    first, second = widget.locator("fieldset.errid").nth(0), widget.locator("fieldset.errid").nth(1)
    first.get_by_label("No").check()
    second.get_by_label("Yes").check()
    second.get_by_label("Error category for output 2").select_option("factual error")
    second.get_by_label("Explanation for output 2 (optional)").fill("The clause says 30.")
    shot(page, "gold-error-identification")
    save_and_reopen(page, 3)
    assert GoldAnswer.objects.get(item__kind="error_identification").answer == [
        {"has_error": False, "category": None, "explanation": ""},
        {"has_error": True, "category": "factual error", "explanation": "The clause says 30."},
    ]
    expect(second.get_by_label("Yes")).to_be_checked()
    expect(second.get_by_label("Error category for output 2")).to_have_value("factual error")

    # An incomplete ranking is refused with the server's message, shown with the JSON.
    page.goto(f"/org/{assessment.organization.slug}/assessments/{assessment.pk}/#items")
    page.locator("#items tbody tr").nth(0).get_by_role("link", name="Edit").click()
    widget.get_by_label("Rank for output 3").select_option("")
    page.get_by_role("button", name="Save item").click()
    expect(
        page.get_by_text("Rank every one of the 3 outputs exactly once.", exact=True)
    ).to_be_visible()
    expect(page.get_by_label("Edit the gold as JSON")).to_be_checked()
    shot(page, "gold-ranking-refused")
