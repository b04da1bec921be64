"""After the hire, in real Chromium: a trainer answers this week's audit batch (badly,
after weeks of steady work), the beat raises a drift alert, and the owner sees the badge,
opens the alert, acknowledges it and assigns a recalibration."""

import os
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from assessments.audits.alerts import quality_alerts_raise
from assessments.audits.services import audit_batches_issue
from assessments.models import AlertStep, Assessment, Attempt, Audit, QualityAlert
from hiring.models import Membership
from tests.audits.test_quality_alerts import STEADY, weeks_of_audits
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories.accounts import PASSWORD
from tests.factories.assessments import AssessmentFactory, GoldAnswerFactory, ItemFactory
from tests.factories.audits import audited_role
from tests.factories.hiring import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RATIONALE = (
    "The clause reads as a limit on what either party owes, not a promise to cover the "
    "other side's losses, so I chose it over indemnity."
)


def shot(page, name: str) -> None:
    if os.environ.get("CALIBRATE_SCREENSHOTS") == "1":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"quality_{name}.png", full_page=True)


def test_a_trainer_answers_a_batch_and_the_owner_escalates_the_drift_alert(page, org):
    role, _ = audited_role(
        organization=org, trainers=1, batch_size=4, gold_share=0.5, overlap_count=0
    )
    Assessment.objects.filter(audit_plans__role=role).update(rationale_count=1)
    calibration = AssessmentFactory(organization=org, title="Contract clauses calibration")
    for position in range(1, 4):
        GoldAnswerFactory(item=ItemFactory(assessment=calibration, position=position))
    role.assessment = calibration
    role.save(update_fields=["assessment"])
    (trainer_application,) = weeks_of_audits(role, [STEADY[:8]])
    trainer = trainer_application.candidate
    trainer.set_password(PASSWORD)
    trainer.save()
    owner = MembershipFactory(organization=org, role=Membership.Role.OWNER).user
    owner.set_password(PASSWORD)
    owner.save()

    # This week's batch, answered in the attempt screen: every answer wrong.
    assert audit_batches_issue() == 1
    audit = Audit.objects.get(state=Audit.State.ISSUED)
    sign_in(page, trainer.email, PASSWORD)
    page.goto("/me/")
    expect(page.get_by_text("Weekly audit batches")).to_be_visible()
    page.goto(f"/me/attempts/{audit.attempt_id}/")
    for number in range(1, 5):
        expect(page.get_by_role("heading", name=re.compile(f"Item {number}"))).to_be_visible()
        page.get_by_label("termination").check()
        expect(page.locator("#save-status")).to_contain_text("Saved ✓")
        if number < 4:
            page.get_by_role("link", name="Next →").click()
    # Due in days: a date in words, not a "120:00:00" timer.
    expect(page.get_by_test_id("due-date")).to_contain_text(re.compile(r"\(in \d+ days?\)"))
    expect(page.locator("[data-countdown]")).to_have_count(0)
    shot(page, "1_batch_item")
    page.get_by_role("link", name="Review & submit →").click()
    page.locator(".review-item").nth(0).get_by_label("One of my hardest decisions").check()
    page.get_by_label("Rationale for item 1").fill(RATIONALE)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Your answers are in")).to_be_visible()
    audit.refresh_from_db()
    assert audit.state == Audit.State.SUBMITTED
    page.context.clear_cookies()

    # The beat, after the week's scoring.
    assert quality_alerts_raise() == 1
    alert = QualityAlert.objects.get()
    assert alert.kind == QualityAlert.Kind.DRIFTING

    sign_in(page, owner.email, PASSWORD)
    page.goto(f"/org/{org.slug}/")
    expect(page.get_by_test_id("alert-badge")).to_have_text(re.compile("^1"))
    page.get_by_test_id("nav-alerts").click()
    expect(page.get_by_role("heading", name="Quality alerts")).to_be_visible()
    shot(page, "2_alerts")
    page.get_by_role("link", name=trainer.full_name).click()
    expect(page.get_by_test_id("alert-state")).to_have_text("Open")
    shot(page, "3_alert")
    page.get_by_label("Note").fill("Dropped to zero this week; talking to them tomorrow.")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_test_id("alert-state")).to_have_text("Acknowledged")
    expect(page.get_by_test_id("alert-badge")).to_have_count(0)
    page.get_by_role("button", name="Assign a recalibration").click()
    expect(page.get_by_test_id("alert-state")).to_have_text("Recalibrating")
    expect(page.get_by_test_id("recalibration")).to_contain_text("in progress")
    expect(page.get_by_test_id("alert-steps")).to_contain_text("talking to them tomorrow")
    shot(page, "4_recalibrating")

    page.goto(f"/org/{org.slug}/roles/{role.pk}/audits/trainers/{trainer_application.pk}/")
    expect(page.get_by_test_id("control-accuracy")).to_be_visible()
    expect(page.locator(".control__point--signal").first).to_be_visible()
    shot(page, "5_timeline")
    page.goto(f"/org/{org.slug}/roles/{role.pk}/audits/quality/")
    expect(page.get_by_test_id("quality-board")).to_contain_text("Drifting")
    shot(page, "6_board")

    steps = list(AlertStep.objects.order_by("at").values_list("action", "by"))
    assert steps == [("acknowledged", owner.pk), ("recalibrating", owner.pk)]
    recalibration = Attempt.objects.get(purpose=Attempt.Purpose.RECALIBRATION)
    assert recalibration.candidate == trainer
    assert recalibration.assessment == calibration
    assert recalibration.deadline > recalibration.started_at + timedelta(days=6)
