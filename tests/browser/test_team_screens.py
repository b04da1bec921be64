"""Team pages on real screens, in Chromium: the shortlist's key columns fit a 1280 px
screen and its header stays in view as the list scrolls; the reviewer's Save is always
within reach.

CALIBRATE_SCREENSHOTS=1 keeps screenshots of each page at 375 and 1280 px in
/tmp/shots/screens/.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from rubrics.models import MAX_LEVEL, Review
from tests.browser.conftest import sign_in
from tests.browser.test_shortlist_journey import shortlist  # noqa: F401 (a fixture)
from tests.factories.accounts import PASSWORD
from tests.factories.rubrics import CriterionFactory, CriterionLevelFactory
from tests.walk.routes import filled_routes
from tests.walk.world import World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
SHOTS = Path("/tmp/shots/screens")


def shoot(page, name: str, *, full_page: bool = True) -> None:
    """A screenshot of the page at its current width, when asked for."""
    if os.environ.get("CALIBRATE_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        if full_page:
            page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=SHOTS / f"{width}-{name}.png", full_page=full_page)


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not rendered"
    return found


def test_the_shortlist_fits_1280_and_its_header_stays_in_view(page, org, recruiter, shortlist):  # noqa: F811
    page.set_viewport_size(DESKTOP)
    sign_in(page, recruiter.email, PASSWORD)
    page.goto(f"/org/{org.slug}/roles/{shortlist.pk}/shortlist/")
    table = page.get_by_test_id("shortlist-table")
    shoot(page, "shortlist")

    # Every column, Rate, Overlap and Stage included, is on the screen without scrolling.
    width = page.viewport_size["width"]
    headers = table.locator("thead th")
    labels = [h.inner_text().strip() for h in headers.all()]
    assert any(label.upper().startswith("RATE") for label in labels), labels
    for header in headers.all():
        edge = box(header)
        assert 0 <= edge["x"] <= edge["x"] + edge["width"] <= width, (
            f"{header.inner_text()!r} is off-screen at {width}px: {edge}"
        )
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width

    # Scrolled past the table's top, the header row is still at the top of the screen.
    last = table.locator("tbody tr").last
    last.scroll_into_view_if_needed()
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(100)
    head = box(table.locator("thead th").nth(1))
    assert 0 <= head["y"] < 120, f"the header scrolled away: {head}"
    assert box(table.locator("tbody tr").first)["y"] < 0  # the page did scroll
    shoot(page, "shortlist-scrolled", full_page=False)

    page.set_viewport_size(PHONE)
    page.reload()
    shoot(page, "shortlist")


LONG_EXAMPLE = (
    "The answer names the clause, quotes the operative words, and explains why the other "
    "reading fails, in two or three sentences a lawyer would accept without edits."
)


def tall_rubric(rubric, criteria: int = 8) -> None:
    """More criteria, each level with a long example: a rubric taller than any screen."""
    start = rubric.criteria.count() + 1
    for position in range(start, start + criteria):
        criterion = CriterionFactory(rubric=rubric, position=position, name=f"Criterion {position}")
        for score in range(MAX_LEVEL + 1):
            CriterionLevelFactory(
                criterion=criterion,
                score=score,
                descriptor=f"Criterion {position}: level {score}",
                example=LONG_EXAMPLE,
            )


def save_is_on_screen(page) -> None:
    save = page.get_by_role("button", name="Save review")
    edge = box(save)
    height = page.viewport_size["height"]
    assert 0 <= edge["y"] <= edge["y"] + edge["height"] <= height, f"Save is off-screen: {edge}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_the_reviewers_save_is_always_within_reach(page, viewport):
    def task(world):
        tall_rubric(world.task.rubric)
        return f"/org/{world.organization.slug}/reviews/tasks/{world.task.pk}/"

    world = open_as(page, viewport, "reviewer", task)
    shoot(page, "review-task")
    groups = page.get_by_role("radiogroup").all()
    assert len(groups) > 8
    # No inner scroll panel: the rubric scrolls with the page.
    scrollers = page.evaluate(
        """() => [...document.querySelectorAll("main *")].filter((e) =>
             ["auto", "scroll"].includes(getComputedStyle(e).overflowY)
             && e.scrollHeight > e.clientHeight).map((e) => e.className)"""
    )
    assert scrollers == []

    # Wherever the reviewer is in the rubric, Save is on the screen.
    for group in groups:
        group.locator("input[type=radio]").nth(2).check()
        save_is_on_screen(page)
    shoot(page, "review-task-scrolled", full_page=False)
    reviewing = page.url
    page.get_by_role("button", name="Save review").click()

    expect(page).not_to_have_url(reviewing)  # saved, on to the next answer
    review = Review.objects.get(reviewer=world.members["reviewer"], task=world.task)
    assert set(review.scores.values_list("level", flat=True)) == {2}


def open_as(page, viewport, member: str, path) -> World:
    """A fresh ``World``, and ``path(world)`` opened as its ``member`` at ``viewport``."""
    world = build_world()
    page.set_viewport_size(viewport)
    sign_in(page, world.members[member].email, PASSWORD)
    page.goto(path(world))
    return world


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_the_role_funnel_links_each_stage_to_its_list(page, viewport):
    open_as(
        page, viewport, "hiring_manager", lambda w: f"/org/{w.organization.slug}/roles/{w.role.pk}/"
    )
    funnel = page.get_by_test_id("funnel")
    expect(funnel.locator('[data-stage="scored"] [data-testid="now"]')).to_have_text("4")
    shoot(page, "role-funnel")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= viewport["width"]

    funnel.get_by_role("link", name="Hired").click()
    expect(page).to_have_url(re.compile(r"\?stage=hired"))
    expect(page.get_by_test_id("candidate")).to_have_count(2)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_the_dashboard_says_what_needs_attention_and_links_there(page, viewport):
    open_as(page, viewport, "owner", lambda w: f"/org/{w.organization.slug}/")
    attention = page.get_by_test_id("attention")
    expect(attention.locator("[data-attention]")).to_have_count(5)
    shoot(page, "dashboard")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= viewport["width"]

    attention.locator('[data-attention="payments-to-approve"] a').click()
    expect(page).to_have_url(re.compile(r"/calibration/payments/\?state=pending$"))


# The pages this work changed (scores in one reading, tables in their boxes), by route name.
CHANGED = (
    "hiring:organization",
    "hiring:role",
    "hiring:application",
    "hiring:compare",
    "shortlist:page",
    "results:index",
    "results:attempt",
    "reviews:queue",
    "reviews:task",
)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_the_changed_pages_fit_both_screens(page, viewport):
    world = build_world()
    urls = {f.route.name: f.url for f in filled_routes(world)[0]}
    page.set_viewport_size(viewport)
    sign_in(page, world.members["owner"].email, PASSWORD)
    for name in CHANGED:
        page.goto(urls[name])
        shoot(page, "page-" + name.replace(":", "-"))
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= viewport["width"], f"{name} is {width}px wide"
