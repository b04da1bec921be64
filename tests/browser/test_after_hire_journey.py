"""After the hire, in a real browser: a hiring manager reads the role's 90-day reports,
opens one hire's report with its weekly charts, and the validity table with its interval
chart — all under the Content-Security-Policy. CALIBRATE_SCREENSHOTS=1 keeps a screenshot
of each."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from hiring.models import Membership, SuccessMetric
from tests.browser.conftest import sign_in
from tests.factories import MembershipFactory
from tests.factories.accounts import PASSWORD
from tests.factories.assessments import AssessmentFactory
from tests.factories.audits import hire
from tests.factories.hiring import OrganizationFactory, RoleFactory, SuccessMetricFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cohort():
    org = OrganizationFactory(slug="after-hire")
    manager = MembershipFactory(organization=org, role=Membership.Role.HIRING_MANAGER).user
    role = RoleFactory(organization=org, assessment=AssessmentFactory(organization=org))
    SuccessMetricFactory(role=role, kind=SuccessMetric.Kind.ACCURACY, target=Decimal("85"))
    SuccessMetricFactory(
        role=role,
        kind=SuccessMetric.Kind.FEEDBACK_TURNAROUND,
        target=Decimal("36"),
        unit="hours",
        direction=SuccessMetric.Direction.AT_MOST,
    )
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
    page.screenshot(path="tests/browser/artifacts/validity_table.png", full_page=True)
