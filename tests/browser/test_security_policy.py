"""The Content-Security-Policy in a real browser: it is enforced (inline script, inline
style and eval are refused, and the watch in conftest.py sees it), and the key pages of
the demo render under it with their charts and bars drawn.

Every browser test fails on a violation (the ``page`` fixture); this file adds the pages
the journeys do not open, and keeps a screenshot of each in tests/browser/artifacts/.
"""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assessments.models import Attempt
from demo.build import DEMO_PASSWORD
from hiring.models import Application, ShortlistEntry
from tests.browser.conftest import ARTIFACTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def keep(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"csp-{name}.png", full_page=True)


def widths(page, selector: str) -> list[float]:
    return page.locator(selector).evaluate_all(
        "elements => elements.map(e => e.getBoundingClientRect().width)"
    )


def test_the_policy_refuses_inline_script_and_inline_style(page, csp_violations):
    """(Eval cannot be tried from here: Playwright's own evaluation is exempt from the
    page's policy. tests/test_security_headers.py checks the header allows none.)"""
    page.goto("/accounts/login/")

    outcome = page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__inlineRan = true";
            document.body.append(script);
            const box = document.createElement("div");
            box.setAttribute("style", "width: 123px");
            document.body.append(box);
            return {
                inline: window.__inlineRan === true,
                width: box.getBoundingClientRect().width === 123,
            };
        }"""
    )
    page.wait_for_timeout(300)  # violation events are dispatched asynchronously

    assert outcome == {"inline": False, "width": False}
    assert any("script-src" in v for v in csp_violations)
    assert any("style-src" in v for v in csp_violations)
    csp_violations.clear()  # seen: this test provoked them on purpose


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.usefixtures("demo")
def test_key_pages_render_under_the_policy(page):
    entry = (
        ShortlistEntry.objects.filter(role__organization__slug="lexicon", composite__isnull=False)
        .order_by("-composite")
        .first()
    )
    role, application = entry.role, entry.application
    other = (
        ShortlistEntry.objects.filter(role=role, composite__isnull=False)
        .exclude(pk=entry.pk)
        .first()
    )
    sign_in(page, "hiring@lexicon.demo", DEMO_PASSWORD)

    page.goto(f"/org/lexicon/roles/{role.pk}/shortlist/")
    expect(page.get_by_test_id("shortlist-table")).to_be_visible()
    assert max(widths(page, ".score-bar__fill")) > 0  # widths drawn from classes
    keep(page, "shortlist")

    page.goto(f"/org/lexicon/applications/{application.pk}/")
    expect(page.get_by_test_id("component-chart")).to_be_visible()
    assert page.get_by_test_id("component-chart").bounding_box()["width"] > 200
    keep(page, "candidate")

    page.goto(f"/org/lexicon/roles/{role.pk}/compare/?a={application.pk}&a={other.application_id}")
    assert min(widths(page, ".cmp-bar__fill")) > 0
    keep(page, "compare")

    page.goto(f"/org/lexicon/assessments/{role.assessment_id}/results/")
    expect(page.get_by_test_id("histogram")).to_be_visible()
    keep(page, "results")

    page.goto("/api/docs/")
    expect(page.get_by_text("Calibrate API").first).to_be_visible()
    keep(page, "api-docs")


@pytest.mark.usefixtures("demo")
def test_a_candidates_item_page_and_the_admin_sign_in_render_under_the_policy(page):
    application = Application.objects.filter(
        stage=Application.Stage.INVITED, role__assessment__isnull=False
    ).first()
    sign_in(page, application.candidate.email, DEMO_PASSWORD)

    page.goto(f"/me/attempts/start/{application.pk}/")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_text("0 of")).to_be_visible()
    attempt = Attempt.objects.get(application=application)
    for number in range(1, len(attempt.item_order) + 1):  # answer the first choice item
        page.goto(f"/me/attempts/{attempt.pk}/items/{number}/")
        choices = page.locator(
            ".item-body[data-kind=single_choice] input[type=radio],"
            " .item-body[data-kind=pairwise] input[type=radio]"
        )
        if choices.count():
            choices.first.check()
            expect(page.locator("#save-status")).to_contain_text("Saved")
            break
    page.reload()
    assert widths(page, ".progress__fill")[0] > 0  # one of N answered
    keep(page, "attempt-item")

    page.context.clear_cookies()
    page.goto("/admin/login/")
    expect(page.get_by_label("E-mail address")).to_be_visible()
    keep(page, "admin-login")
