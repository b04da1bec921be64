"""Authoring in a real browser: assessment page, item editor, import preview, candidate
preview on the candidate's screen. Screenshots of each go to /tmp/shots/authoring/."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessments.models import Attempt, Response
from tests.browser.conftest import sign_in
from tests.factories import AssessmentFactory, GoldAnswerFactory, ItemFactory
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/authoring")
SAMPLE = Path(__file__).resolve().parents[2] / "static" / "samples" / "gold-set-sample.csv"


@pytest.fixture
def assessment(org):
    assessment = AssessmentFactory(
        organization=org,
        title="Commercial contract clause review",
        instructions="Review **short extracts**.\n\n- Flag ambiguous items.\n- Be brief.",
        pay_amount=40,
        pay_currency="GBP",
        pass_gates={"accuracy": 0.75},
    )
    GoldAnswerFactory(
        item=ItemFactory(assessment=assessment, position=1), explanation="Allocates loss."
    )
    return assessment


def test_an_author_imports_a_gold_set_edits_an_item_and_previews_as_a_candidate(
    page,
    hiring_manager,
    assessment,
):
    sign_in(page, hiring_manager.email, PASSWORD)
    base = f"/org/{assessment.organization.slug}/assessments/{assessment.pk}/"

    page.goto(base + "import/")
    page.get_by_label("File").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Preview import").click()
    expect(page.get_by_role("heading", name="Preview: 9 items ready")).to_be_visible()
    page.screenshot(path=_shot("import-preview"), full_page=True)
    page.get_by_role("button", name="Import 9 items").click()

    expect(page.get_by_text("Imported 9 items with gold.")).to_be_visible()
    expect(page.get_by_test_id("item-count")).to_have_text("10")
    page.screenshot(path=_shot("assessment-page"), full_page=True)

    page.locator("#items tbody tr").nth(3).get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", name="Gold")).to_be_visible()
    page.screenshot(path=_shot("item-editor"), full_page=True)

    # The preview is the candidate's screen: start, then one item per screen, with the clock.
    page.goto(base + "preview/")
    expect(page.locator("[data-preview-banner]")).to_contain_text("Nothing you do here is saved")
    page.screenshot(path=_shot("preview-start"), full_page=True)
    page.get_by_role("button", name="Start the preview").click()
    expect(page.get_by_role("heading", name="Item 1 of 10")).to_be_visible()
    clock = page.locator("[data-countdown-value]")
    expect(clock).to_have_text(re.compile(r"^(44|45):\d\d$"))
    first_tick = clock.text_content()
    expect(clock).not_to_have_text(first_tick)  # it runs
    expect(page.locator("[data-preview-banner]")).to_be_visible()
    assert "Allocates loss." not in page.content()
    page.screenshot(path=_shot("preview-item-1"), full_page=True)

    page.get_by_role("link", name="Next →").click()
    expect(page.get_by_role("heading", name="Item 2 of 10")).to_be_visible()
    page.get_by_role("navigation", name="Items").get_by_role("link", name="4").click()
    expect(page.get_by_role("heading", name="Item 4 of 10")).to_be_visible()
    page.get_by_text("Flag this item as ambiguous").click()
    page.get_by_label("This item is ambiguous").check()
    expect(page.get_by_text("Preview: answers are not saved")).to_be_visible()
    page.screenshot(path=_shot("preview-item-4"), full_page=True)
    page.get_by_role("navigation", name="Items").get_by_role("link", name="10").click()
    page.get_by_role("link", name="End the preview →").click()
    expect(page.get_by_test_id("item-count")).to_have_text("10")
    assert not Attempt.objects.exists()
    assert not Response.objects.exists()


def _shot(name: str) -> str:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return str(SHOTS / f"authoring-{name}.png")
