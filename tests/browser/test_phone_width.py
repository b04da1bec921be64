"""Team pages on a phone: every team page, walked from the URLconf (``tests/walk``) over an
organisation with one of everything, fits a 375 px wide screen — the document never
scrolls sideways. Wide tables scroll inside their own box; the page around them does not.

CALIBRATE_SCREENSHOTS=1 keeps a screenshot of each page (375 px) in /tmp/shots/screens/.
"""

import os
import re
from pathlib import Path

import pytest
from django.test import Client

from tests.browser.conftest import sign_in
from tests.factories.accounts import PASSWORD
from tests.walk.routes import filled_routes
from tests.walk.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
SHOTS = Path("/tmp/shots/screens")

# What sticks out past the right edge, for the failure message.
OVERFLOW = """
() => {
  const width = window.innerWidth;
  const scroll = document.scrollingElement.scrollWidth;
  if (scroll <= width) return null;
  // Whether a scroll box clips the element: an absolutely positioned element escapes every
  // box up to its containing block (its nearest positioned ancestor).
  const clipped = (element) => {
    let escaping = getComputedStyle(element).position === "absolute";
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (escaping && style.position === "static") continue;
      escaping = false;
      if (style.overflowX !== "visible") return true;
    }
    return false;
  };
  const culprits = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (!box.width || box.right <= width + 1 || clipped(element)) continue;
    const parent = element.parentElement;
    const outer = parent !== document.body && parent.getBoundingClientRect().right > width + 1;
    if (outer && !clipped(parent)) continue;  // the outermost one names it
    const name = [element.tagName.toLowerCase(), ...element.classList].join(".");
    culprits.push(`${name} (right ${Math.round(box.right)})`);
  }
  return `${scroll}px wide: ${culprits.slice(0, 4).join(", ")}`;
}
"""


def team_pages(world, user) -> list[tuple[str, str]]:
    """(route name, URL) of every team page ``user`` may open: the ``org/`` routes that
    answer their GET with an HTML page."""
    client = Client()
    client.force_login(user)
    filled, _ = filled_routes(world)
    pages = []
    for route in filled:
        if not route.route.pattern.startswith("org/"):
            continue
        response = client.get(route.url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            pages.append((route.route.name, route.url))
    return pages


def overflowing_pages(page, pages) -> list[str]:
    found = []
    for name, url in pages:
        page.goto(url)
        problem = page.evaluate(OVERFLOW)
        if problem:
            found.append(f"{name} {url}: {problem}")
        if os.environ.get("CALIBRATE_SCREENSHOTS") == "1":
            SHOTS.mkdir(parents=True, exist_ok=True)
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            page.screenshot(path=SHOTS / f"375-{slug}.png", full_page=True)
    return found


# The owner opens every team page but the reviewer's own; the reviewer opens those.
@pytest.mark.parametrize(("member", "at_least"), [("owner", 35), ("reviewer", 5)])
def test_no_team_page_scrolls_sideways_at_phone_width(page, member, at_least):
    world = build_world()
    pages = team_pages(world, world.members[member])
    assert len(pages) >= at_least  # the walk found the member's pages
    page.set_viewport_size(PHONE)
    sign_in(page, world.members[member].email, PASSWORD)

    overflowing = overflowing_pages(page, pages)

    assert not overflowing, "pages wider than a 375 px phone:\n" + "\n".join(overflowing)
