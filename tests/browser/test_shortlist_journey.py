"""Issue 6 in a real browser: a recruiter works a blind shortlist — filters it, opens a
candidate, compares two, moves one to interview — and a reviewer scores a rationale blind.

The cohort is scored by the real services first (eager, in the test process), so the
shortlist, the review queue and the candidate pages read what the product wrote.
Run with CALIBRATE_SCREENSHOTS=1 to keep a screenshot of each test.
"""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Response
from assessments.scoring.services import attempts_score, cohort_agreement_compute
from core.pseudonyms import pseudonym
from hiring.models import Application, ShortlistEntry
from rubrics.models import Review, ReviewTask
from tests.browser.conftest import sign_in
from tests.factories import RoleFactory
from tests.factories.accounts import PASSWORD
from tests.factories.cohorts import build_cohort
from tests.factories.profiles import consented_profile
from tests.factories.rubrics import rubric_with_levels

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RATIONALE = "Output B invents a dosage the source never states, so it is the worse answer."


@pytest.fixture
def shortlist(org):
    """A role with eight scored candidates; the first three speak Spanish at C1."""
    cohort = build_cohort(organization=org, attempts=8, items=10, seed=21)
    cohort.assessment.rubric = rubric_with_levels(org)
    cohort.assessment.save(update_fields=["rubric"])
    role = RoleFactory(organization=org, assessment=cohort.assessment, title="Clinical rater")
    for n, attempt in enumerate(cohort.attempts):
        attempt.candidate.full_name = f"Visible Name {n}"
        attempt.candidate.save(update_fields=["full_name"])
        languages = (("English", "C2"), ("Spanish", "C1")) if n < 3 else (("English", "C2"),)
        consented_profile(user=attempt.candidate, languages=languages, time_zone="UTC")
        attempt.application = Application.objects.create(
            role=role, candidate=attempt.candidate, stage=Application.Stage.SUBMITTED
        )
        attempt.save(update_fields=["application"])
        Response.objects.filter(pk=attempt.responses.order_by("pk").first().pk).update(
            rationale=RATIONALE, hardest=True
        )
    attempts_score([a.pk for a in cohort.attempts], schedule_agreement=False)
    cohort_agreement_compute(assessment_id=cohort.assessment.pk)
    return role


def rows(page):
    return page.get_by_test_id("shortlist-table").locator("tbody tr")


def test_a_recruiter_filters_opens_compares_and_moves_a_candidate_to_interview(
    page, org, recruiter, shortlist
):
    role = shortlist
    ranked = list(
        ShortlistEntry.objects.filter(role=role)
        .order_by("-composite", "application_id")
        .values_list("application_id", flat=True)
    )
    sign_in(page, recruiter.email, PASSWORD)
    page.goto(f"/org/{org.slug}/roles/{role.pk}/")
    page.get_by_test_id("shortlist-link").click()

    # Blind by default: pseudonyms in composite order, no names.
    expect(rows(page)).to_have_count(8)
    expect(page.get_by_test_id("candidate").first).to_have_text(pseudonym(ranked[0]))
    expect(page.get_by_test_id("shortlist-results")).not_to_contain_text("Visible Name")

    # Filters narrow without a reload (HTMX) and the URL follows.
    page.get_by_label("Language").fill("Spanish")
    page.get_by_label("Language").press("Tab")
    expect(rows(page)).to_have_count(3)
    expect(page).to_have_url(re.compile(r"language=Spanish"))
    page.get_by_role("link", name="Clear").click()
    expect(rows(page)).to_have_count(8)

    # Open the top candidate: the breakdown, still blind.
    page.get_by_test_id("candidate").first.click()
    expect(page.get_by_role("heading", name=pseudonym(ranked[0]))).to_be_visible()
    expect(page.get_by_text("Score breakdown")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Visible Name")
    page.go_back()

    # Compare the top two.
    for application_id in ranked[:2]:
        page.locator(f'tr[data-application="{application_id}"] .shortlist-select').check()
    expect(page.get_by_test_id("selected-count")).to_contain_text("2")
    page.get_by_role("button", name="Compare selected").click()
    expect(page.get_by_role("heading", name="Compare candidates")).to_be_visible()
    for application_id in ranked[:2]:
        expect(page.get_by_role("link", name=pseudonym(application_id)).first).to_be_visible()

    # Shortlist the top candidate, then move them to interview: blind mode lifts for them.
    page.goto(f"/org/{org.slug}/roles/{role.pk}/shortlist/")
    for to_stage in ("shortlisted", "interview"):
        page.locator(f'tr[data-application="{ranked[0]}"] .shortlist-select').check()
        page.get_by_label("Move to").select_option(to_stage)
        page.get_by_role("button", name="Move", exact=True).click()
        expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text("Moved 1")
    assert Application.objects.get(pk=ranked[0]).stage == Application.Stage.INTERVIEW
    top = page.locator(f'tr[data-application="{ranked[0]}"]')
    expect(top.get_by_test_id("stage")).to_have_text("Interview")
    expect(top.get_by_test_id("candidate")).to_have_text(re.compile(r"Visible Name \d"))


def test_a_reviewer_scores_a_rationale_blind(page, org, reviewer, shortlist):
    task = ReviewTask.objects.filter(organization=org, source=ReviewTask.Source.RATIONALE).first()
    assert task is not None  # scoring put every rationale in the queue
    sign_in(page, reviewer.email, PASSWORD)
    page.goto(f"/org/{org.slug}/reviews/")
    page.get_by_test_id("review-next").click()

    expect(page.get_by_test_id("text-under-review")).to_contain_text("invents a dosage")
    reviewed_at = page.url
    body = page.locator("body")
    expect(body).not_to_contain_text("Visible Name")
    expect(body).not_to_contain_text("@example.com")
    for group in page.get_by_role("radiogroup").all():
        group.locator("input[type=radio]").nth(3).check()
    page.get_by_label("Comment (optional)").fill("Names the invented dosage precisely.")
    page.get_by_role("button", name="Save review").click()

    expect(page).not_to_have_url(reviewed_at)  # on to the next answer in the queue
    review = Review.objects.get(reviewer=reviewer)
    assert sorted(review.scores.values_list("level", flat=True)) == [3, 3, 3]
    assert review.comment == "Names the invented dosage precisely."
