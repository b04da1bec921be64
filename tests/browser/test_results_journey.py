"""The team watches a scoring run complete in a real browser, then reads the results.

The run's chunks are scored by the real service from the test (standing in for the
worker) while the page polls for progress over HTMX. Run with CALIBRATE_SCREENSHOTS=1 to
keep a screenshot.
"""

import pytest
from playwright.sync_api import expect

from assessments.models import ScoringJob
from assessments.scoring.services import attempts_score, cohort_agreement_compute
from hiring.models import Membership
from tests.browser.conftest import sign_in
from tests.factories import MembershipFactory
from tests.factories.accounts import PASSWORD
from tests.factories.cohorts import build_cohort

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_progress_bar_follows_a_run_to_the_end_and_the_cohort_table_fills(page, org):
    owner = MembershipFactory(organization=org, role=Membership.Role.OWNER).user
    cohort = build_cohort(organization=org, attempts=12, items=10, seed=5)
    attempt_ids = [attempt.pk for attempt in cohort.attempts]
    job = ScoringJob.objects.create(
        assessment=cohort.assessment, kind=ScoringJob.Kind.SCORE_ATTEMPT, total_count=12
    )

    sign_in(page, owner.email, PASSWORD)
    page.goto(f"/org/{org.slug}/assessments/{cohort.assessment.pk}/results/")
    progress = page.get_by_role("progressbar", name="Score attempts progress")
    expect(progress).to_have_attribute("aria-valuenow", "0")
    expect(page.get_by_test_id("cohort-table")).to_contain_text("not scored")

    attempts_score(attempt_ids[:6], job_id=job.pk, schedule_agreement=False)
    expect(progress).to_have_attribute("aria-valuenow", "50")  # the panel polled
    expect(page.get_by_test_id("job-count").first).to_contain_text("6 of 12")

    attempts_score(attempt_ids[6:], job_id=job.pk, schedule_agreement=False)
    cohort_agreement_compute(assessment_id=cohort.assessment.pk)
    done = page.get_by_role("status").filter(has_text="Scoring finished")
    expect(done).to_be_visible()

    done.get_by_role("link", name="Show the updated results").click()
    table = page.get_by_test_id("cohort-table")
    expect(table.locator("tbody tr")).to_have_count(12)
    expect(table).not_to_contain_text("not scored")
    expect(page.get_by_test_id("agreement-figures")).to_contain_text("Krippendorff")
    expect(page.get_by_test_id("item-agreement").locator("tbody tr")).to_have_count(10)
