"""A candidate takes a calibration task in real Chromium: start, answer, reload, flag, submit."""

import os
import re

import pytest
from playwright.sync_api import expect

from assessments.models import Attempt, Response
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories.accounts import PASSWORD
from tests.factories.attempts import assessment_with_every_kind, invited_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KINDS = ("single_choice", "spans", "pairwise", "rating", "error_identification", "ranking")
RATIONALE = (
    "The clause lets either party leave for any reason on notice, so no breach is needed; "
    "that is the mark of termination for convenience."
)


def shot(page, name: str) -> None:
    if os.environ.get("CALIBRATE_SCREENSHOTS") == "1":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"attempt_{name}.png", full_page=True)


def select_text(page, needle: str) -> None:
    found = page.evaluate(
        """(needle) => {
            const box = document.querySelector('[data-spans-text]');
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.textContent.indexOf(needle);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + needle.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    return true;
                }
            }
            return false;
        }""",
        needle,
    )
    assert found, needle


def saved(page, status="#save-status"):
    expect(page.locator(status)).to_contain_text("Saved ✓")


def test_a_candidate_takes_the_task_from_start_to_submission(page, candidate):
    candidate.set_password(PASSWORD)
    candidate.save()
    assessment = assessment_with_every_kind(kinds=KINDS, title="Commercial contract review")
    application = invited_application(assessment=assessment, candidate=candidate)
    sign_in(page, candidate.email, PASSWORD)

    page.goto(f"/me/attempts/start/{application.pk}/")
    expect(page.get_by_role("heading", name="Commercial contract review")).to_be_visible()
    expect(page.get_by_text("whatever the score")).to_be_visible()
    shot(page, "1_start")
    page.get_by_role("button", name="Start the task").click()

    # 1. Single choice
    expect(page.get_by_role("heading", name=re.compile("Item 1"))).to_be_visible()
    expect(page.locator("[data-countdown-value]")).to_have_text(re.compile(r"^4[45]:\d\d$"))
    page.get_by_label("Termination for cause").check()
    saved(page)
    shot(page, "2_single_choice")
    page.get_by_role("link", name="Next →").click()

    # 2. Spans: select with the mouse's selection, press a label
    expect(page.get_by_role("heading", name=re.compile("Item 2"))).to_be_visible()
    select_text(page, "Halden Logistics Ltd")
    page.get_by_role("button", name="PARTY").click()
    select_text(page, "3 March 2025")
    page.get_by_role("button", name="DATE").click()
    expect(page.locator("[data-spans-list] li")).to_have_count(2)
    saved(page)
    shot(page, "3_spans")
    page.get_by_role("link", name="Next →").click()

    # 3. Pairwise, flagged as ambiguous with a note
    expect(page.get_by_role("heading", name=re.compile("Item 3"))).to_be_visible()
    page.get_by_label("A is better").check()
    saved(page)
    page.get_by_text("Flag this item as ambiguous").click()
    page.get_by_label("This item is ambiguous").check()
    page.get_by_label("Why? (one or two lines)").fill("Both answers skip the safety caveat.")
    page.get_by_label("Why? (one or two lines)").blur()
    saved(page, "#flag-status")
    shot(page, "4_pairwise_flagged")

    # Reload mid-way: the answers and the flag are still there
    page.reload()
    expect(page.get_by_label("A is better")).to_be_checked()
    expect(page.get_by_label("This item is ambiguous")).to_be_checked()
    expect(page.locator(".item-nav__link.is-flagged")).to_have_text(re.compile("3"))
    page.locator(".item-nav__link").nth(1).click()
    expect(page.locator("[data-spans-list]")).to_contain_text("Halden Logistics Ltd")
    expect(page.locator("mark.span-mark")).to_have_count(2)
    page.locator(".item-nav__link").nth(3).click()

    # 4. Rating per criterion
    expect(page.get_by_role("heading", name=re.compile("Item 4"))).to_be_visible()
    page.get_by_label("Accuracy: 4 of 5").check()
    page.get_by_label("Clarity: 5 of 5").check()
    saved(page)
    shot(page, "5_rating")
    page.get_by_role("link", name="Next →").click()

    # 5. Error identification: a partial answer is refused with a message, then completed
    expect(page.get_by_role("heading", name=re.compile("Item 5"))).to_be_visible()
    verdicts = page.get_by_role("radiogroup")
    verdicts.nth(0).get_by_label("No").check()
    expect(page.locator("#save-status")).to_contain_text("Output 2: say whether it has an error")
    verdicts.nth(1).get_by_label("Yes").check()
    page.get_by_label("Error category for output 2").select_option("omitted_exception")
    saved(page)
    shot(page, "6_error_identification")
    page.get_by_role("link", name="Next →").click()

    # 6. Ranking
    page.get_by_label("Rank for output 1").select_option("2")
    page.get_by_label("Rank for output 2").select_option("3")
    page.get_by_label("Rank for output 3").select_option("1")
    saved(page)
    shot(page, "7_ranking")
    page.get_by_role("link", name="Review & submit →").click()

    # Review: pick the two hardest decisions, explain them, submit
    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()
    expect(page.get_by_text("6 of 6 answered · 1 flagged")).to_be_visible()
    rows = page.locator(".review-item")
    rows.nth(0).get_by_label("One of my hardest decisions").check()
    rows.nth(2).get_by_label("One of my hardest decisions").check()
    page.get_by_label("Rationale for item 1").fill(RATIONALE)
    page.get_by_label("Rationale for item 3").fill("Too short.")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("alert").get_by_text("Item 3: write at least 80")).to_be_visible()
    page.get_by_label("Rationale for item 3").fill(RATIONALE + " Both outputs are incomplete.")
    shot(page, "8_review")
    page.get_by_role("button", name="Submit my answers").click()

    expect(page.get_by_role("heading", name="Your answers are in")).to_be_visible()
    expect(page.get_by_text("40.00 GBP")).to_be_visible()
    shot(page, "9_submitted")

    attempt = Attempt.objects.get(candidate=candidate)
    assert attempt.state == Attempt.State.SCORED  # scored as soon as it was submitted
    assert attempt.score_reports.filter(is_current=True).count() == 1
    answers = {r.item.kind: r for r in Response.objects.filter(attempt=attempt)}
    assert answers["single_choice"].answer == "Termination for cause"
    assert answers["spans"].answer == [
        {"start": 0, "end": 20, "label": "PARTY"},
        {"start": 31, "end": 43, "label": "DATE"},
    ]
    assert answers["pairwise"].answer == "A>B"
    assert answers["pairwise"].flagged_ambiguous
    assert answers["rating"].answer == {"Accuracy": 4, "Clarity": 5}
    assert answers["ranking"].answer == [2, 0, 1]
    assert answers["error_identification"].answer[1]["category"] == "omitted_exception"
    assert {r.item.kind for r in answers.values() if r.hardest} == {"single_choice", "pairwise"}
    assert all(r.time_spent_ms > 0 for r in answers.values() if r.answer is not None)
