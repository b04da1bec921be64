"""Issue 16 in a real browser: a visitor creates a team (signing up as its owner), invites
a recruiter by e-mail, the recruiter follows the link, signs up and joins, then works the
team's shortlist; the members page reads at phone width without sideways scrolling.

Run with CALIBRATE_SCREENSHOTS=1 to keep a screenshot of each step (in
tests/browser/artifacts/, or the folder CALIBRATE_SHOTS names).
"""

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from assessments.scoring.services import attempts_score
from hiring.models import Application, Membership, Organization, ShortlistEntry, TeamEvent
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import RoleFactory
from tests.factories.accounts import PASSWORD
from tests.factories.cohorts import build_cohort
from tests.factories.profiles import consented_profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STRONG = "violet-harbour-71-quartz"


def snap(page, name: str) -> None:
    if os.environ.get("CALIBRATE_SCREENSHOTS") == "1":
        folder = Path(os.environ.get("CALIBRATE_SHOTS", ARTIFACTS))
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / f"team-{name}.png", full_page=True)


def scored_role(organization: Organization):
    """A role of the new team with six scored candidates (the team's first shortlist)."""
    cohort = build_cohort(organization=organization, attempts=6, items=8, seed=16)
    role = RoleFactory(
        organization=organization, assessment=cohort.assessment, title="Contract rater"
    )
    for attempt in cohort.attempts:
        consented_profile(user=attempt.candidate, time_zone="UTC")
        attempt.application = Application.objects.create(
            role=role, candidate=attempt.candidate, stage=Application.Stage.SUBMITTED
        )
        attempt.save(update_fields=["application"])
    attempts_score([a.pk for a in cohort.attempts], schedule_agreement=False)
    return role


# How far the page, or any table's scroll box, reaches past its width (px).
SIDEWAYS = """Math.max(
  document.documentElement.scrollWidth - document.documentElement.clientWidth,
  ...[...document.querySelectorAll('.table-wrap')].map((box) => box.scrollWidth - box.clientWidth)
)"""


def at_phone_width(page, name: str) -> None:
    """The page at 375 px scrolls nothing sideways, not even a table inside its box."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    overflow = page.evaluate(SIDEWAYS)
    snap(page, name)
    assert overflow <= 0, f"{page.url} scrolls {overflow}px sideways at 375 px"
    page.set_viewport_size({"width": 1280, "height": 860})


def test_a_team_signs_up_invites_a_recruiter_who_joins_and_works_the_shortlist(page):
    page.on("dialog", lambda dialog: dialog.accept())

    # A visitor creates the team; the address is suggested from the name.
    page.goto("/")
    page.get_by_test_id("create-team").click()
    page.get_by_label("Organisation name").fill("Acme Legal AI")
    expect(page.get_by_label("Team address")).to_have_value("acme-legal-ai")
    page.get_by_label("Full name").fill("Ada Owner")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password", exact=True).fill(STRONG)
    page.get_by_label("Password (again)").fill(STRONG)
    snap(page, "1-create")
    page.get_by_role("button", name="Create the team").click()

    expect(page.get_by_role("heading", name="Team", exact=True)).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("Acme Legal AI is ready")
    organization = Organization.objects.get(slug="acme-legal-ai")
    assert Membership.objects.get(organization=organization).role == "owner"
    role = scored_role(organization)

    # The owner invites a recruiter.
    page.get_by_label("E-mail address").fill("rae@example.com")
    page.get_by_label("Role", exact=True).select_option("recruiter")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_test_id("pending-invitations")).to_contain_text("rae@example.com")
    expect(page.get_by_test_id("team-record")).to_contain_text(
        "Ada Owner <ada@example.com> invited rae@example.com"
    )
    snap(page, "2-invited")
    at_phone_width(page, "2-invited-375")

    invitation = next(m for m in mail.outbox if m.to == ["rae@example.com"])
    link = re.search(r"https?://\S+/teams/invitations/\S+/", invitation.body).group(0)
    page.get_by_role("button", name="Sign out").click()

    # The recruiter follows the link, signs up with the invited address and joins.
    page.goto("/teams/" + link.split("/teams/", 1)[1])  # the path: the test server's port differs
    expect(page.get_by_role("heading", name="Join Acme Legal AI")).to_be_visible()
    expect(page.get_by_test_id("invitation")).to_contain_text("as a recruiter")
    page.get_by_label("Full name").fill("Rae Recruiter")
    expect(page.get_by_label("Email")).to_have_value("rae@example.com")
    page.get_by_label("Password", exact=True).fill(STRONG)
    page.get_by_label("Password (again)").fill(STRONG)
    snap(page, "3-accept")
    page.get_by_role("button", name="Create account and join").click()
    expect(page.locator(".messages")).to_contain_text("Welcome to Acme Legal AI")
    assert Membership.objects.get(user__email="rae@example.com").role == "recruiter"

    # …and works the shortlist: blind, ranked, and a move to "shortlisted".
    top = (
        ShortlistEntry.objects.filter(role=role)
        .order_by("-composite", "application_id")
        .values_list("application_id", flat=True)
        .first()
    )
    page.goto(f"/org/{organization.slug}/roles/{role.pk}/")
    page.get_by_test_id("shortlist-link").click()
    rows = page.get_by_test_id("shortlist-table").locator("tbody tr")
    expect(rows).to_have_count(6)
    page.locator(f'tr[data-application="{top}"] .shortlist-select').check()
    page.get_by_label("Move to").select_option("shortlisted")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Moved 1")
    assert Application.objects.get(pk=top).stage == Application.Stage.SHORTLISTED
    snap(page, "4-shortlist")

    # The team page shows the recruiter's arrival, read-only for them.
    page.get_by_test_id("nav-team").click()
    expect(page.get_by_test_id("team-record")).to_contain_text(
        "Rae Recruiter <rae@example.com> accepted the invitation"
    )
    expect(page.get_by_test_id("invite-form")).to_have_count(0)
    assert list(
        TeamEvent.objects.filter(organization=organization)
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["created", "invited", "accepted"]

    # At phone width nothing on the members page scrolls sideways.
    at_phone_width(page, "5-members-375")


def test_a_member_creates_a_token_sees_its_key_once_uses_it_and_revokes_it(page, recruiter):
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, recruiter.email, PASSWORD)
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("ATS sync")
    page.get_by_role("button", name="Create token").click()

    key = page.get_by_test_id("token-key").input_value()
    assert key.startswith("cal_")
    snap(page, "6-token-created")
    # An integration without the browser's session: the key alone.
    me = Client().get("/api/me/", headers={"Authorization": f"Bearer {key}"})
    assert me.status_code == 200
    assert me.json()["user"]["email"] == recruiter.email

    page.goto("/me/tokens/")
    expect(page.get_by_test_id("new-token")).to_have_count(0)  # shown once
    expect(page.get_by_test_id("token-table")).to_contain_text("ATS sync")
    expect(page.locator("body")).not_to_contain_text(key)
    page.get_by_role("button", name="Revoke ATS sync").click()
    expect(page.get_by_test_id("token-table")).to_contain_text("Revoked")
    snap(page, "7-token-revoked")
    refused = Client().get("/api/me/", headers={"Authorization": f"Bearer {key}"})
    assert refused.status_code == 401
    assert 'error="invalid_token"' in refused.headers["WWW-Authenticate"]
