"""The attempt screen on a phone (375 × 667): the item is on screen without scrolling past
the item numbers, and the countdown stays in view while the candidate scrolls."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessments.models import GoldAnswer, Item
from tests.browser.conftest import sign_in
from tests.factories.accounts import PASSWORD
from tests.factories.attempts import ITEMS, assessment_with_every_kind, invited_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}
SHOTS = Path(os.environ.get("CALIBRATE_SHOTS_DIR", "/tmp/shots/candidates"))


def shot(page, name: str) -> None:
    if os.environ.get("CALIBRATE_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"{name}.png")


def long_assessment(items: int = 30):
    """Every kind, then single-choice items up to ``items``: a long row of item numbers."""
    assessment = assessment_with_every_kind(title="Commercial contract review")
    prompt, content, options, answer = ITEMS["single_choice"]
    for position in range(len(ITEMS) + 1, items + 1):
        item = Item.objects.create(
            assessment=assessment,
            position=position,
            kind="single_choice",
            prompt=f"{prompt} ({position})",
            # The last item is long: the screen scrolls under the countdown.
            content={"text": content["text"] * (40 if position == items else 1)},
            options=options,
        )
        GoldAnswer.objects.create(item=item, answer=answer)
    return assessment


def test_on_a_phone_the_item_is_above_the_fold_and_the_countdown_sticks(page, candidate):
    candidate.set_password(PASSWORD)
    candidate.save()
    application = invited_application(assessment=long_assessment(), candidate=candidate)
    page.set_viewport_size(PHONE)
    sign_in(page, candidate.email, PASSWORD)
    page.goto(f"/me/attempts/start/{application.pk}/")
    page.get_by_role("button", name="Start the task").click()
    expect(page.get_by_role("heading", name=re.compile("Item 1"))).to_be_visible()

    # Above the fold: the prompt and the first choice, with no sideways scrolling.
    first_choice = page.get_by_label("Termination for convenience")
    prompt = page.locator(".item-body__prompt").first
    assert prompt.bounding_box()["y"] + prompt.bounding_box()["height"] <= PHONE["height"]
    box = first_choice.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    nav = page.locator(".item-nav")
    assert nav.bounding_box()["height"] < 60  # one row, not six
    expect(page.get_by_role("link", name="Review & submit")).to_be_visible()
    shot(page, "attempt_phone_top")

    # The countdown stays at the top of the screen while the page scrolls.
    page.goto(page.url.replace("/items/1/", "/items/30/"))
    expect(page.get_by_role("heading", name=re.compile("Item 30"))).to_be_visible()
    current = page.locator('.item-nav__link[aria-current="step"]')
    nav_box, current_box = nav.bounding_box(), current.bounding_box()
    assert nav_box["x"] <= current_box["x"] <= nav_box["x"] + nav_box["width"]  # scrolled to
    page.get_by_text("Flag this item as ambiguous").click()
    page.mouse.wheel(0, 2000)
    page.wait_for_function("window.scrollY > 100")
    countdown = page.locator("[data-countdown]")
    expect(countdown).to_be_in_viewport()
    assert 0 <= countdown.bounding_box()["y"] < 60
    expect(countdown.locator("[data-countdown-value]")).to_have_text(re.compile(r"^\d+:\d\d$"))
    expect(page.locator("[data-attempt-bar]")).to_have_class(re.compile("is-stuck"))
    shot(page, "attempt_phone_scrolled")


def test_the_feedback_page_shows_bands_next_steps_and_the_contest_route(page, candidate):
    from assessments.attempts.services import attempt_start
    from tests.assessments.test_feedback import peers, scored

    candidate.set_password(PASSWORD)
    candidate.save()
    assessment = assessment_with_every_kind(title="Commercial contract review")
    peers(assessment, 24)
    application = invited_application(assessment=assessment, candidate=candidate)
    attempt = scored(
        attempt_start(application=application, candidate=candidate), 0.9, agreement=0.1
    )
    sign_in(page, candidate.email, PASSWORD)

    page.goto(f"/me/attempts/{attempt.pk}/submitted/")
    page.get_by_role("link", name="See your feedback").click()
    expect(page.get_by_role("heading", name="Your feedback")).to_be_visible()
    overall = page.locator('[data-component="composite"]')
    expect(overall.locator(".tag")).to_have_text("Top 25%")
    expect(page.locator('[data-component="agreement"] .tag')).to_have_text("Bottom 25%")
    expect(page.locator('[data-component="rationale"] .tag')).to_have_text("Not scored yet")
    expect(page.get_by_text("Reviewers are still reading rationales")).to_be_visible()
    shot(page, "feedback_desktop")
    if os.environ.get("CALIBRATE_SCREENSHOTS") == "1":
        page.screenshot(path=SHOTS / "feedback_desktop_full.png", full_page=True)

    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if os.environ.get("CALIBRATE_SCREENSHOTS") == "1":
        page.screenshot(path=SHOTS / "feedback_phone_full.png", full_page=True)
    page.get_by_role("link", name="Contest an item").click()
    expect(page).to_have_url(re.compile(rf"/me/attempts/{attempt.pk}/contest/"))
