"""A hiring manager writes a role from a template, in a real browser, and publishes it."""

import os
import re

import pytest
from playwright.sync_api import expect

from core.pseudonyms import pseudonym
from hiring.models import Membership, Role
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import (
    ApplicationFactory,
    CandidateProfileFactory,
    MembershipFactory,
    RoleFactory,
    UserFactory,
)
from tests.factories.accounts import PASSWORD
from tests.factories.roles import NoteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def snapshot(page, name: str) -> None:
    """Keeps a picture of this step when CALIBRATE_SCREENSHOTS=1, to look at."""
    if os.environ.get("CALIBRATE_SCREENSHOTS") == "1":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"role_journey_{name}.png", full_page=True)


@pytest.fixture
def manager(org):
    user = UserFactory(email="hana@lexicon.test", full_name="Hana Sato")
    MembershipFactory(user=user, organization=org, role=Membership.Role.HIRING_MANAGER)
    return user


def test_a_hiring_manager_writes_a_role_from_a_template_and_publishes_it(page, org, manager):
    sign_in(page, manager.email, PASSWORD)
    page.get_by_role("link", name="New role").click()

    expect(page.get_by_role("heading", name="What kind of role?")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="ML engineer")).to_contain_text(
        "rarely needs an ML engineer"
    )
    snapshot(page, "1_chooser")
    page.get_by_role("link", name="LLM evaluator").click()

    expect(page.get_by_role("heading", name="New role: LLM evaluator")).to_be_visible()
    page.get_by_label("Title").fill("LLM evaluator (contract reasoning)")
    warning = page.get_by_test_id("credential-warning")
    expect(warning).to_have_count(0)
    page.get_by_label("Task complexity").select_option("general")
    page.get_by_label("Credential asked").select_option("phd")
    expect(warning).to_contain_text("Asking for a PhD is more than general annotation needs.")
    snapshot(page, "2_form_with_warning")

    # Edit the first suggested metric and add one of our own.
    page.locator("[name='metrics-0-target']").fill("92")
    page.get_by_role("button", name="+ Add a metric").click()
    new_metric = page.locator("[data-list=metrics] > [data-row]").last
    new_metric.locator("select[name$='-kind']").select_option("accuracy")
    new_metric.locator("select[name$='-direction']").select_option("at_least")
    new_metric.locator("input[name$='-target']").fill("95")
    new_metric.locator("input[name$='-unit']").fill("%")
    new_metric.locator("textarea[name$='-measurement']").fill("Weekly audit batches against gold.")
    # Move the second responsibility to the top.
    responsibilities = page.locator("[data-list=responsibilities] > [data-row]")
    second = responsibilities.nth(1).locator("input[name$='-text']").input_value()
    responsibilities.nth(1).get_by_role("button", name="Move up").click()
    expect(responsibilities.first.locator("input[name$='-text']")).to_have_value(second)
    page.get_by_role("button", name="Save as draft").click()

    expect(page.get_by_role("heading", name="LLM evaluator (contract reasoning)")).to_be_visible()
    expect(page.get_by_test_id("role-status")).to_have_text("Draft")
    expect(page.get_by_test_id("responsibilities").locator("li").first).to_have_text(second)
    metrics = page.get_by_test_id("success-metrics")
    expect(metrics).to_contain_text("Error identification rate at least 92%")
    expect(metrics).to_contain_text("Accuracy vs gold at least 95%")
    expect(page.get_by_test_id("credential-warning")).to_be_visible()

    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_text("The role is now published.")).to_be_visible()
    expect(page.get_by_test_id("role-status")).to_have_text("Published")
    expect(page.get_by_test_id("assessment-pending")).to_be_visible()
    expect(page.get_by_test_id("role-status-line")).to_contain_text("Published by Hana Sato")
    snapshot(page, "3_role_page")
    role = Role.objects.get(title="LLM evaluator (contract reasoning)")
    assert (role.status, role.status_changed_by, role.credential) == ("published", manager, "phd")
    assert role.success_metrics.count() == 3


def test_a_recruiter_moves_an_application_and_leaves_a_note(page, org, recruiter):
    role = RoleFactory(organization=org, title="Clause reviewer")
    candidate = UserFactory(full_name="Priya Raman")
    CandidateProfileFactory(user=candidate)
    application = ApplicationFactory(
        role=role, candidate=candidate, knockout_answers={"Weekly hours available": "25"}
    )
    NoteFactory(application=application, author=recruiter, body="Strong on indemnities.")

    sign_in(page, recruiter.email, PASSWORD)
    page.goto(f"/org/{org.slug}/roles/{role.pk}/")
    # Blind mode (the default): the team knows the candidate by their pseudonym.
    expect(page.get_by_text("Priya Raman")).to_have_count(0)
    page.get_by_role("link", name=pseudonym(application.pk)).click()

    expect(page.get_by_role("heading", name=pseudonym(application.pk))).to_be_visible()
    page.get_by_label("Move to").select_option("shortlisted")
    page.get_by_label("Reason").fill("Top of the cohort")
    page.get_by_role("button", name="Move", exact=True).click()

    expect(page.get_by_test_id("application-stage")).to_have_text("Shortlisted")
    expect(page.get_by_test_id("stage-history")).to_contain_text("Top of the cohort")
    page.get_by_role("textbox", name="Note").fill("Book the interview for next week.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_test_id("notes").locator("li").first).to_contain_text(
        re.compile("Book the interview")
    )
    snapshot(page, "4_application_page")


def test_the_role_form_fits_a_phone_screen(page, org, manager):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, manager.email, PASSWORD)
    page.goto(f"/org/{org.slug}/roles/new/rlhf_specialist/")

    expect(page.get_by_role("heading", name="New role: RLHF specialist")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    if os.environ.get("CALIBRATE_SCREENSHOTS") == "1":
        section = page.locator("section", has=page.locator("#responsibilities-heading"))
        section.screenshot(path=ARTIFACTS / "role_journey_5_responsibilities_phone.png")
