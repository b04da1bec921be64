"""Signed-in people land on their work, in a real browser."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.build import DEMO_PASSWORD
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.usefixtures("demo")
def test_a_recruiter_signs_in_and_sees_their_organisations_roles(page):
    sign_in(page, "recruiter@lexicon.demo", DEMO_PASSWORD)

    expect(page).to_have_url(f"{page.url.split('/org/')[0]}/org/lexicon/")
    expect(page.get_by_role("heading", name="Lexicon Legal AI")).to_be_visible()
    roles = page.get_by_role("table").first
    expect(roles).to_contain_text("Contract review annotator (commercial law)")
    expect(roles).not_to_contain_text("Clinical NLP annotator")

    page.get_by_role("link", name="Contract review annotator (commercial law)").click()
    expect(page.get_by_role("heading", name="Pipeline")).to_be_visible()
    expect(page.locator("[data-stage=applied] strong")).not_to_have_text("")


@pytest.mark.usefixtures("demo")
def test_a_candidate_signs_in_and_sees_their_applications(page):
    sign_in(page, "gabriel.moreau@example.com", DEMO_PASSWORD)

    expect(page.get_by_role("heading", name="My applications")).to_be_visible()
    expect(page.get_by_text("Invited to assessment").first).to_be_visible()


def test_a_wrong_password_shows_a_message_in_the_page(page):
    sign_in(page, "nobody@example.com", "not-the-password")

    expect(
        page.get_by_text("The email address and/or password you specified are not correct.")
    ).to_be_visible()


@pytest.mark.usefixtures("demo")
def test_the_role_list_filters_in_place_without_a_reload(page):
    sign_in(page, "hiring@lexicon.demo", DEMO_PASSWORD)
    page.evaluate("window.__sameDocument = true")

    page.get_by_role("navigation", name="Filter roles by status").get_by_role(
        "link", name="Draft"
    ).click()

    expect(page).to_have_url(re.compile(r"\?status=draft$"))
    roles = page.locator("#roles table")
    expect(roles).to_contain_text("Legal red-teamer")
    expect(roles).not_to_contain_text("Contract review annotator")
    assert page.evaluate("window.__sameDocument") is True  # swapped by HTMX, not reloaded


@pytest.mark.parametrize("width", [375, 1280])
def test_the_landing_page_fits_the_screen_from_phone_to_desktop(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/")

    expect(page.get_by_role("heading", name="Hire AI trainers on evidence")).to_be_visible()
    expect(page.get_by_role("link", name="Create an account")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@pytest.mark.usefixtures("demo")
def test_the_role_pipeline_fits_a_phone_screen(page):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, "recruiter@meridian.demo", DEMO_PASSWORD)
    page.get_by_role("link", name="Clinical NLP annotator (discharge summaries)").click()

    expect(page.get_by_role("heading", name="Pipeline")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_a_new_candidate_signs_up_and_lands_on_their_dashboard(page):
    page.goto("/")
    page.get_by_role("link", name="Create an account").click()

    page.get_by_label("Full name").fill("Amara Okafor")
    page.get_by_label("Email").fill("amara@example.com")
    page.get_by_label("Password:", exact=True).fill("short")
    page.get_by_label("Password (again)").fill("short")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_text("This password is too short.")).to_be_visible()

    page.get_by_label("Password:", exact=True).fill("violet-harbour-71-quartz")
    page.get_by_label("Password (again)").fill("violet-harbour-71-quartz")
    page.get_by_role("button", name="Sign Up").click()

    expect(page.get_by_role("heading", name="Welcome, Amara")).to_be_visible()
    expect(page.get_by_text("You have not applied to a role yet.")).to_be_visible()
