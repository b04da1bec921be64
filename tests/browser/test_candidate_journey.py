"""A new candidate, in real Chromium: signs up, fills the profile with consent, browses
roles, applies with knock-out answers and finds the application in "My applications"."""

import os
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from hiring.models import Application, Role, RoleLanguage
from tests.browser.conftest import ARTIFACTS
from tests.factories import (
    OrganizationFactory,
    ResponsibilityFactory,
    RoleFactory,
    SuccessMetricFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def snap(page, name: str) -> None:
    if os.environ.get("CALIBRATE_SCREENSHOTS") == "1":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"journey-{name}.png", full_page=True)


@pytest.fixture
def roles(db):
    lexicon = OrganizationFactory(name="Lexicon Legal AI", slug="lexicon")
    meridian = OrganizationFactory(name="Meridian Health AI", slug="meridian")
    role = RoleFactory(
        organization=lexicon,
        title="Contract review annotator",
        sub_domain="Commercial contracts",
        description="Label **indemnity** and limitation clauses in supply agreements.",
        task_complexity=Role.Complexity.SPECIALISED,
        weekly_hours=20,
        tz_overlap_hours=3,
        tz_reference="Europe/London",
        pay_min=Decimal("32"),
        pay_max=Decimal("48"),
    )
    RoleLanguage.objects.create(role=role, language="English", min_level="C1")
    ResponsibilityFactory(role=role, position=1, text="Label clauses against the guideline")
    ResponsibilityFactory(role=role, position=2, text="Flag ambiguous clauses with a note")
    SuccessMetricFactory(role=role)
    RoleFactory(
        organization=meridian,
        title="Clinical NLP annotator",
        domain="medicine",
        role_type=Role.RoleType.DOMAIN_EXPERT,
        pay_min=Decimal("60"),
        pay_max=Decimal("85"),
    )
    RoleFactory(organization=lexicon, title="Secret draft role", status=Role.Status.DRAFT)
    return role


def sign_up(page, name: str, email: str, password: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(password)
    page.get_by_label("Password (again)").fill(password)
    page.get_by_role("button", name="Sign Up").click()


def fill_profile(page) -> None:
    page.get_by_label("Headline").fill("Paralegal turned contract-review annotator")
    page.get_by_label("Country").select_option("GB")
    page.get_by_label("Time zone").select_option("Europe/London")

    languages = page.locator("#languages")
    languages.get_by_label("Language").fill("English")
    languages.get_by_label("CEFR level").select_option("native")
    languages.get_by_role("button", name="+ Add another").click()  # the formset's JavaScript
    languages.get_by_label("Language").nth(1).fill("French")
    languages.get_by_label("CEFR level").nth(1).select_option("B2")

    domains = page.locator("#domains")
    domains.get_by_label("Domain").select_option("law")
    domains.get_by_label("Years of experience").fill("6")

    education = page.locator("#education")
    education.get_by_label("Level").select_option("master")
    education.get_by_label("Field of study").fill("Law")
    education.get_by_label("Institution").fill("UCL")

    experience = page.locator("#experience")
    experience.get_by_label("What did you train or evaluate?").fill("NDA clause classifier")
    experience.get_by_label("On what data?").fill("4,000 NDAs")
    experience.get_by_label("How did you measure improvement?").fill(
        "Macro-F1 rose from 0.71 to 0.84 on a held-out set"
    )

    page.get_by_label("Annotation tools used").fill("Label Studio, Prodigy")
    page.get_by_label("Text", exact=True).check()
    page.get_by_label("Expected hourly rate").fill("40")
    page.get_by_label("Currency").select_option("GBP")
    page.get_by_label("Hours per week available").fill("20")

    samples = page.locator("#work_samples")
    samples.get_by_label("Title").fill("Public annotation guideline")
    samples.get_by_label("Link").fill("https://example.com/guideline")

    page.get_by_label(re.compile("I consent to Calibrate")).check()


def test_a_candidate_signs_up_completes_the_profile_applies_and_follows_it(page, roles):
    sign_up(page, "Amara Okafor", "amara@example.com", "violet-harbour-71-quartz")
    expect(page.get_by_role("heading", name="Welcome, Amara")).to_be_visible()
    expect(page.get_by_text("Consent to data processing")).to_be_visible()

    page.get_by_role("link", name="Complete your profile").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    fill_profile(page)
    page.locator("#work_samples").get_by_label("Link").fill("ftp://example.com/guideline")
    snap(page, "1-profile-form")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Give a link that starts with http:// or https://.")).to_be_visible()
    expect(page.get_by_text("Nothing was saved")).to_be_visible()
    snap(page, "2-profile-error")

    page.locator("#work_samples").get_by_label("Link").fill("https://example.com/guideline")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.locator("#languages").get_by_label("Language").nth(1)).to_have_value("French")

    page.goto("/roles/")
    expect(page.get_by_role("heading", name="Roles hiring AI trainers")).to_be_visible()
    results = page.locator("#role-results")
    expect(results).to_contain_text("Clinical NLP annotator")
    expect(results).not_to_contain_text("Secret draft role")
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Domain").select_option("law")  # HTMX swaps the results in place
    expect(page).to_have_url(re.compile(r"domain=law"))
    expect(results).not_to_contain_text("Clinical NLP annotator")
    assert page.evaluate("window.__sameDocument") is True
    snap(page, "3-role-list")

    results.get_by_role("link", name="Contract review annotator").click()
    expect(page.get_by_role("heading", name="Contract review annotator")).to_be_visible()
    expect(page.locator(".prose strong")).to_have_text("indemnity")
    snap(page, "4-role-page")

    page.get_by_role("link", name="Apply", exact=True).click()
    expect(page.get_by_label("What is your level of English?")).to_have_value("native")
    expect(page.get_by_label("How many years of experience do you have in Law?")).to_have_value("6")
    page.get_by_label(re.compile("How many hours of your working day")).fill("5")
    snap(page, "5-apply-form")
    page.get_by_role("button", name="Send application").click()

    expect(page.get_by_role("heading", name="My applications")).to_be_visible()
    expect(page.get_by_text("You applied to Contract review annotator.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Contract review annotator")
    expect(row).to_contain_text("Applied")
    expect(row).to_contain_text("The team is reviewing your application.")
    snap(page, "6-my-applications")
    page.get_by_role("link", name="My applications").first.click()  # the dashboard
    expect(page.get_by_role("heading", name="Welcome, Amara")).to_be_visible()
    expect(page.locator("#applications-heading + .table-wrap")).to_contain_text("Applied")
    snap(page, "7-dashboard")
    application = Application.objects.get(candidate__email="amara@example.com")
    assert application.knockout_answers == {
        "language:English": "native",
        "tz_overlap": 5,
        "domain_years": 6,
    }


def test_the_role_list_works_without_javascript_and_on_a_phone(chromium, live_server, roles):
    context = chromium.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 375, "height": 800}
    )
    page = context.new_page()
    try:
        page.goto("/roles/")
        page.get_by_label("Domain").select_option("medicine")
        page.get_by_role("button", name="Show roles").click()

        expect(page).to_have_url(re.compile(r"domain=medicine"))
        expect(page.locator("#role-results")).to_contain_text("Clinical NLP annotator")
        expect(page.locator("#role-results")).not_to_contain_text("Contract review annotator")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        snap(page, "8-role-list-phone-no-js")
    finally:
        context.close()
