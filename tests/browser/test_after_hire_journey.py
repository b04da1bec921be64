"""After the hire, in a real browser: a hiring manager reads the role's 90-day reports,
opens one hire's report with its weekly charts, and the validity table with its interval
chart; the owner accepts the suggested composite weights and follows the rescore run —
all under the Content-Security-Policy. CALIBRATE_SCREENSHOTS=1 keeps a screenshot
of each."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hiring.models import Membership
from tests.browser.conftest import sign_in
from tests.factories import MembershipFactory
from tests.factories.accounts import PASSWORD
from tests.factories.audits import hire, role_with_targets, scored_hires
from tests.factories.hiring import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).parent / "artifacts"


@pytest.fixture
def cohort():
    org = OrganizationFactory(slug="after-hire")
    manager = MembershipFactory(organization=org, role=Membership.Role.HIRING_MANAGER).user
    role = role_with_targets(org, accuracy="85", turnaround="36")
    hires = []
    for i in range(14):
        calibration = 0.55 + 0.03 * i
        weekly = [min(1.0, calibration + 0.1 + (0.04 if w % 3 else -0.05)) for w in range(13)]
        if i % 4 == 0:
            weekly[6] = None  # a missed week
        application = hire(
            role,
            {"accuracy": calibration, "throughput": 0.6 + 0.02 * (i % 5)},
            weekly,
            hours=20.0 + 2 * (i % 6),
        )
        application.candidate.full_name = f"Trainer {i + 1:02d}"
        application.candidate.save()
        hires.append(application)
    return org, role, manager, hires


def test_a_hiring_manager_reads_the_ninety_day_reports_and_the_validity_table(page, cohort):
    org, role, manager, _ = cohort
    sign_in(page, manager.email, PASSWORD)

    page.goto(f"/org/{org.slug}/roles/{role.pk}/audits/")
    page.get_by_test_id("ninety-days-link").click()
    team = page.get_by_test_id("ninety-days-team")
    expect(team).to_contain_text("Trainer 01")
    expect(team).to_contain_text("Not met")
    page.screenshot(path="tests/browser/artifacts/ninety_day_team.png", full_page=True)

    page.get_by_role("link", name="Trainer 14").click()
    expect(page.get_by_role("heading", name="90-day report")).to_be_visible()
    expect(page.get_by_test_id("week-chart")).to_have_count(2)
    expect(page.get_by_test_id("ninety-days-hire")).to_contain_text("Met")
    page.screenshot(path="tests/browser/artifacts/ninety_day_report.png", full_page=True)

    page.goto(f"/org/{org.slug}/roles/{role.pk}/audits/validity/")
    table = page.get_by_test_id("validity-table")
    expect(table).to_contain_text("14")
    expect(table).to_contain_text("evidence that it predicts the outcome")
    expect(page.get_by_test_id("validity-chart")).to_be_visible()
    expect(page.get_by_test_id("weights-table")).to_contain_text("Suggested weight")
    expect(page.get_by_test_id("weights-form")).to_have_count(0)  # only the owner decides
    page.screenshot(path="tests/browser/artifacts/validity_table.png", full_page=True)

    # The same question across every hire calibrated on the role's assessment.
    page.goto(f"/org/{org.slug}/assessments/{role.assessment_id}/results/")
    page.get_by_test_id("assessment-validity-link").click()
    expect(page.get_by_role("heading", name="Predictive validity")).to_be_visible()
    expect(page.get_by_test_id("validity-table")).to_contain_text("14")
    expect(page.get_by_test_id("validity-roles")).to_contain_text(role.title)
    expect(page.get_by_test_id("validity-chart")).to_be_visible()
    expect(page.get_by_test_id("weights-table")).to_have_count(0)  # weights are a role's
    page.screenshot(path="tests/browser/artifacts/assessment_validity.png", full_page=True)


def test_the_owner_accepts_the_suggested_weights_and_a_rescore_starts(page):
    org = OrganizationFactory(slug="weights")
    owner = MembershipFactory(organization=org, role=Membership.Role.OWNER).user
    role, _ = scored_hires(org, hires=14)
    sign_in(page, owner.email, PASSWORD)

    page.goto(f"/org/{org.slug}/roles/{role.pk}/audits/validity/")
    weights = page.get_by_test_id("weights-table")
    expect(weights).to_contain_text("Current weight")
    expect(weights).to_contain_text("Suggested weight")
    expect(page.get_by_test_id("weights-in-force")).to_contain_text("the default weights")
    form = page.get_by_test_id("weights-form")
    form.get_by_role("button", name="Accept the suggested weights").click()
    expect(page.get_by_test_id("weights-form")).to_contain_text("Tick the box to confirm")
    page.screenshot(path=str(SHOTS / "weights_unconfirmed.png"), full_page=True)

    page.get_by_label("Rescore the role's calibration attempts").check()
    page.get_by_role("button", name="Accept the suggested weights").click()

    expect(page.get_by_text("A rescore of 14 calibration attempts started")).to_be_visible()
    expect(page.get_by_test_id("weights-in-force")).to_contain_text(f"{owner.email} accepted")
    decisions = page.get_by_test_id("weight-decisions")
    expect(decisions).to_contain_text("Accepted the suggested weights")
    expect(page.get_by_role("button", name="Revert to the default weights")).to_be_visible()
    page.screenshot(path=str(SHOTS / "weights_accepted.png"), full_page=True)

    decisions.get_by_test_id("rescore-run").click()
    expect(page).to_have_url(
        re.compile(rf"/org/{org.slug}/assessments/{role.assessment_id}/results/#scoring-jobs$")
    )
    expect(page.locator("#scoring-jobs")).to_contain_text("Rescore with new composite weights")
    expect(page.locator("#scoring-jobs")).to_contain_text("14 of 14")
    page.screenshot(path=str(SHOTS / "weights_rescore_run.png"), full_page=True)


def test_a_trainer_reads_their_own_quality(page, cohort):
    _, role, _, hires = cohort
    trainer = hires[-1].candidate
    sign_in(page, trainer.email, PASSWORD)

    page.goto("/me/")
    page.get_by_test_id("my-quality-link").click()
    expect(page.get_by_role("heading", name="My quality")).to_be_visible()
    mine = page.get_by_test_id("my-quality")
    expect(mine).to_contain_text(role.title)
    expect(page.get_by_test_id("my-targets")).to_contain_text("Accuracy on checked items")
    expect(page.get_by_test_id("week-chart")).to_have_count(2)
    expect(mine).not_to_contain_text("Trainer 01")  # no peer
    page.screenshot(path=str(SHOTS / "my_quality.png"), full_page=True)
