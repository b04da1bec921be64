"""Authoring in a real browser: assessment page, item editor, import preview, candidate
preview. Run with CALIBRATE_SCREENSHOTS=1 to keep a screenshot of each."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.factories import AssessmentFactory, GoldAnswerFactory, ItemFactory
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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

    page.goto(base + "preview/")
    expect(page.get_by_text("Preview as a candidate")).to_be_visible()
    assert "Allocates loss." not in page.content()
    page.screenshot(path=_shot("candidate-preview"), full_page=True)


def _shot(name: str) -> str:
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return str(ARTIFACTS / f"authoring-{name}.png")
