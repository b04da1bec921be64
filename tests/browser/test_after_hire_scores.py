"""After the hire, in real Chromium: the quality board, an alert and a trainer's timeline
write accuracy as every team page writes a score ("75%"), and the audits page shows a
batch short of gold against the planned count with the plan's warning."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from assessments.audits.alerts import quality_alerts_raise
from assessments.models import QualityAlert
from hiring.models import Membership
from tests.audits.test_quality_alerts import DRIFTING, MONDAY, STEADY, weeks_of_audits
from tests.browser.conftest import sign_in
from tests.browser.test_quality_alert_journey import shot
from tests.factories.accounts import PASSWORD
from tests.factories.audits import audited_role
from tests.factories.hiring import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_team_reads_scores_one_way_and_sees_a_batch_short_of_gold(page, org):
    role, _ = audited_role(  # two gold a batch, ten gold items: short from the sixth week
        organization=org, trainers=2, batch_size=4, gold_share=0.5, overlap_count=0
    )
    _, drifter = weeks_of_audits(role, [STEADY, DRIFTING])
    quality_alerts_raise(now=MONDAY + timedelta(weeks=10))
    alert = QualityAlert.objects.get(application=drifter, metric="accuracy")
    manager = MembershipFactory(organization=org, role=Membership.Role.HIRING_MANAGER).user
    manager.set_password(PASSWORD)
    manager.save()
    sign_in(page, manager.email, PASSWORD)

    page.goto(f"/org/{org.slug}/roles/{role.pk}/audits/quality/")
    board = page.get_by_test_id("quality-board")
    expect(board).to_contain_text("75%")
    expect(board).not_to_contain_text("0.75")
    shot(page, "board")

    page.goto(f"/org/{org.slug}/alerts/{alert.pk}/")
    expect(page.get_by_test_id("alert-facts")).to_contain_text(re.compile(r"\(\d+%\)"))
    expect(page.locator("table")).to_contain_text("80%")
    shot(page, "alert")

    page.goto(f"/org/{org.slug}/roles/{role.pk}/audits/trainers/{drifter.pk}/")
    chart = page.get_by_test_id("control-accuracy")
    expect(chart).to_be_visible()
    expect(chart.locator("title").first).to_contain_text("baseline")
    expect(chart.locator("text.control__label").first).to_have_text("0%")
    shot(page, "timeline")

    page.goto(f"/org/{org.slug}/roles/{role.pk}/audits/")
    expect(page.get_by_test_id("gold-pool-short")).to_be_visible()
    expect(page.get_by_test_id("batch-gold").filter(has_text="Short").first).to_contain_text(
        "0 (2)"
    )
    shot(page, "audits_gold_short")
