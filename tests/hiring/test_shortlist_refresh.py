"""The shortlist's read model follows scoring, agreement, reviews, profiles and roles."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from assessments.integrity import FOCUS_LOSS_FLAG
from assessments.models import Attempt, CohortAgreement, Response, ScoreReport
from assessments.scoring.services import attempts_score, cohort_agreement_run
from candidates.services import profile_update
from hiring.models import Application, ShortlistEntry
from hiring.roles.public_selectors import knockout_prefill, knockout_questions
from hiring.roles.services import role_update
from hiring.shortlist.services import shortlist_rebuild, shortlist_refresh
from rubrics.models import ReviewTask
from tests.factories import RoleFactory
from tests.factories.cohorts import build_cohort
from tests.factories.profiles import consented_profile
from tests.factories.rubrics import RubricFactory

pytestmark = pytest.mark.django_db


def cohort_with_role(org, *, attempts=8, items=10, tz="UTC"):
    cohort = build_cohort(organization=org, attempts=attempts, items=items, seed=11)
    role = RoleFactory(organization=org, assessment=cohort.assessment, tz_reference=tz)
    for attempt in cohort.attempts:
        attempt.application = Application.objects.create(
            role=role, candidate=attempt.candidate, stage=Application.Stage.SUBMITTED
        )
        attempt.save(update_fields=["application"])
    return cohort, role


def test_scoring_writes_one_entry_per_application_with_the_report(org):
    cohort, role = cohort_with_role(org)
    attempts_score([a.pk for a in cohort.attempts])

    entries = ShortlistEntry.objects.filter(role=role)
    assert entries.count() == len(cohort.attempts)
    for entry in entries:
        report = ScoreReport.objects.get(attempt=entry.attempt, is_current=True)
        assert entry.composite == report.composite
        assert entry.accuracy == report.components["accuracy"]
        assert entry.passed_all_gates is (not report.failed_gates)
        assert entry.failed_gates == report.failed_gates
        assert entry.application.stage == Application.Stage.SCORED


def test_integrity_signals_and_collusion_flag_an_entry(org):
    cohort, role = cohort_with_role(org)
    pasted, distracted, copier, clean = cohort.attempts[:4]
    Response.objects.filter(attempt=pasted).filter(
        pk=Response.objects.filter(attempt=pasted).values("pk")[:1]
    ).update(integrity_events=[{"type": "paste", "at": "2026-11-22T10:00:00Z"}])
    distracted.integrity_events = [{"type": "focus_lost"}] * FOCUS_LOSS_FLAG
    distracted.save(update_fields=["integrity_events"])
    attempts_score([a.pk for a in cohort.attempts], schedule_agreement=False)
    CohortAgreement.objects.create(
        assessment=cohort.assessment,
        gold_version=1,
        attempt_count=6,
        details={"collusion": [{"a": copier.pk, "b": clean.pk, "p_adjusted": 1e-6}]},
    )
    shortlist_refresh(a.application_id for a in cohort.attempts)

    entry = {e.attempt_id: e for e in ShortlistEntry.objects.filter(role=role)}
    assert entry[pasted.pk].paste_events == 1
    assert entry[pasted.pk].flagged
    assert entry[distracted.pk].focus_losses == FOCUS_LOSS_FLAG
    assert entry[distracted.pk].flagged
    assert entry[copier.pk].collusion
    assert entry[clean.pk].collusion
    assert not any(e.flagged for pk, e in entry.items() if pk not in {
        pasted.pk, distracted.pk, copier.pk, clean.pk
    })  # fmt: skip


def test_the_latest_agreement_run_decides_collusion(org):
    cohort, _role = cohort_with_role(org, attempts=6)
    attempts_score([a.pk for a in cohort.attempts], schedule_agreement=False)
    first, second = cohort.attempts[:2]
    for pairs in ([{"a": first.pk, "b": second.pk}], []):
        CohortAgreement.objects.create(
            assessment=cohort.assessment,
            gold_version=1,
            attempt_count=6,
            details={"collusion": pairs},
        )
    shortlist_refresh([first.application_id])
    assert not ShortlistEntry.objects.get(application_id=first.application_id).collusion


def test_a_cohort_agreement_run_refreshes_the_agreement_column(org):
    cohort, role = cohort_with_role(org, attempts=10)
    attempts_score([a.pk for a in cohort.attempts], schedule_agreement=False)
    assert not ShortlistEntry.objects.filter(role=role, agreement__isnull=False).exists()

    cohort_agreement_run(cohort.assessment.pk)

    entries = ShortlistEntry.objects.filter(role=role)
    assert entries.filter(agreement__isnull=False).count() == len(cohort.attempts)
    for entry in entries:
        report = ScoreReport.objects.get(attempt=entry.attempt, is_current=True)
        assert entry.agreement == report.components["agreement"]
        assert entry.composite == report.composite


def test_the_profile_and_the_role_feed_rate_and_overlap(org):
    cohort, role = cohort_with_role(org, attempts=3, tz="Europe/London")
    user = cohort.attempts[0].candidate
    consented_profile(user=user, time_zone="UTC", hourly_rate=Decimal("40"))
    attempts_score([a.pk for a in cohort.attempts], schedule_agreement=False)
    entry = ShortlistEntry.objects.get(attempt=cohort.attempts[0])
    assert entry.hourly_rate == Decimal("40.00")
    assert entry.tz_overlap_hours in (7, 8)  # London is on UTC in winter, BST in summer

    profile_update(user=user, values={"time_zone": "Asia/Tokyo", "hourly_rate": Decimal("55")})
    entry.refresh_from_db()
    assert entry.hourly_rate == Decimal("55.00")
    assert entry.tz_overlap_hours == 0

    fields = {name: getattr(role, name) for name in role.SPEC_FIELDS if name != "assessment"}
    role_update(
        role=role,
        fields={**fields, "tz_reference": "Asia/Seoul", "assessment": role.assessment},
        success_metrics=[
            {
                "kind": "accuracy",
                "target": Decimal("90"),
                "unit": "%",
                "direction": "at_least",
                "measurement": "Weekly audit against gold.",
            }
        ],
    )
    entry.refresh_from_db()
    assert entry.tz_overlap_hours == 8


def test_the_knockout_prefill_and_the_shortlist_give_one_overlap(org, monkeypatch):
    """Auckland against Los Angeles on 2026-12-01: 5 hours, on the apply form and the
    shortlist alike.

    In December Auckland keeps daylight time (NZDT, UTC+13) and Los Angeles standard time
    (PST, UTC-8): 21 hours apart. Auckland's 09:00-17:00 on 1 December is 20:00-04:00 UTC
    (30 Nov to 1 Dec); Los Angeles' 09:00-17:00 on 30 November is 17:00-01:00 UTC. They share
    20:00-01:00 UTC: Auckland's 09:00-14:00 on Tuesday is Los Angeles' 12:00-17:00 on Monday.
    The old prefill compared one calendar day's clocks only and said 0 hours."""
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    )
    cohort, role = cohort_with_role(org, attempts=3, tz="America/Los_Angeles")
    role.tz_overlap_hours = 4
    role.save(update_fields=["tz_overlap_hours"])
    user = cohort.attempts[0].candidate
    consented_profile(user=user, time_zone="Pacific/Auckland")
    attempts_score([a.pk for a in cohort.attempts], schedule_agreement=False)

    prefill = knockout_prefill(user=user, role=role, questions=knockout_questions(role))

    assert prefill["tz_overlap"] == 5
    assert ShortlistEntry.objects.get(attempt=cohort.attempts[0]).tz_overlap_hours == 5


def test_refresh_is_idempotent_and_drops_entries_without_a_score(org):
    cohort, _role = cohort_with_role(org, attempts=4)
    attempts_score([a.pk for a in cohort.attempts], schedule_agreement=False)
    before = list(ShortlistEntry.objects.order_by("pk").values_list("pk", "composite"))
    assert shortlist_rebuild() == 4
    assert list(ShortlistEntry.objects.order_by("pk").values_list("pk", "composite")) == before

    gone = cohort.attempts[0]
    ScoreReport.objects.filter(attempt=gone).delete()
    shortlist_refresh([gone.application_id])
    assert not ShortlistEntry.objects.filter(application_id=gone.application_id).exists()
    assert ShortlistEntry.objects.count() == 3


def test_a_finished_review_enters_the_composite_once(org):
    cohort, _role = cohort_with_role(org, attempts=3)
    attempt = cohort.attempts[0]
    attempts_score([a.pk for a in cohort.attempts], schedule_agreement=False)
    first = ScoreReport.objects.get(attempt=attempt, is_current=True)
    assert "rationale" not in first.components

    response = Response.objects.filter(attempt=attempt).first()
    ReviewTask.objects.create(
        organization=org,
        response=response,
        source=ReviewTask.Source.RATIONALE,
        rubric=RubricFactory(organization=org),
        state=ReviewTask.State.DONE,
        final_score=0.75,
    )
    assert attempts_score([attempt.pk], schedule_agreement=False) == 1
    assert attempts_score([attempt.pk], schedule_agreement=False) == 0  # nothing new: idempotent

    report = ScoreReport.objects.get(attempt=attempt, is_current=True)
    assert report.components["rationale"] == 0.75
    assert report.composite != first.composite
    assert ScoreReport.objects.filter(attempt=attempt).count() == 2
    assert ShortlistEntry.objects.get(attempt=attempt).rationale == 0.75
    assert Attempt.objects.get(pk=attempt.pk).state == Attempt.State.SCORED
