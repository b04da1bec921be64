"""``manage.py seed_demo`` builds a coherent demo and changes nothing when run again."""

import logging
from collections import Counter
from datetime import timedelta
from io import StringIO
from itertools import pairwise

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from assessments.attempts.submission import attempts_submit_overdue
from assessments.audits.outcomes import role_validity
from assessments.item_kinds import validate_answer, validate_gold, validate_item
from assessments.models import (
    Accommodation,
    Assessment,
    Attempt,
    Audit,
    CohortAgreement,
    Contest,
    Item,
    Payment,
    QualityAlert,
    Response,
    ScoreReport,
)
from candidates.models import CandidateProfile
from demo.build import DEMO_PASSWORD
from demo.management.commands.seed_demo import quiet_loggers
from demo.pipeline import PAID_STAGES
from demo.teams import ORGANIZATIONS, team_email
from hiring.models import Application, Membership, Organization, Role

pytestmark = pytest.mark.django_db

NAMED_ROLES = (
    "Contract review annotator (commercial law)",
    "Code review LLM evaluator (Python)",
    "Clinical NLP annotator (discharge summaries)",
    "RLHF preference ranker (health Q&A)",
    "Clinical LLM output reviewer (medication safety)",
    "RLHF preference rater (legal assistant)",
)
LARGE = ("Clinical-NLP error identification", "RLHF pairwise preference (legal assistant)")


CALIBRATION = Attempt.Purpose.CALIBRATION


def calibration_attempts():
    """The calibration tasks candidates took (not the hires' weekly audits or recalibration)."""
    return Attempt.objects.filter(purpose=CALIBRATION)


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def seeded_answers() -> list[tuple]:
    """What the seed decides about attempts and responses (times move with the clock)."""
    attempts = Attempt.objects.values_list(
        "candidate__email", "assessment__title", "state", "seed", "payment__state"
    )
    responses = Response.objects.values_list(
        "attempt__candidate__email",
        "item__assessment__title",
        "item__position",
        "answer",
        "flagged_ambiguous",
        "rationale",
        "time_spent_ms",
        "revision_count",
    )
    orders = [
        [positions[pk] for pk in attempt.item_order]
        for positions in [dict(Item.objects.values_list("pk", "position"))]
        # A trainer has many audit batches of one assessment: pk breaks the tie (PostgreSQL
        # returns ties in any order).
        for attempt in Attempt.objects.order_by("candidate__email", "assessment__title", "pk")
    ]
    return [*sorted(attempts), *sorted(map(repr, responses)), *map(tuple, orders)]


def fits(item: Item, answer) -> bool:
    """Whether ``answer`` has the shape an answer to ``item`` must have."""
    kind, options, content = item.kind, item.options, item.content
    if kind in {Item.Kind.SINGLE_CHOICE, Item.Kind.PAIRWISE}:
        return answer in options
    if kind == Item.Kind.MULTI_LABEL:
        return set(answer) <= set(options)
    if kind == Item.Kind.SPANS:
        return all(
            0 <= span["start"] < span["end"] <= len(content["text"]) and span["label"] in options
            for span in answer
        )
    if kind == Item.Kind.RANKING:
        return sorted(answer) == list(range(len(content["outputs"])))
    if kind == Item.Kind.RATING:
        scores = answer.values()
        return set(answer) == set(content["criteria"]) and all(
            1 <= score <= content["scale"] for score in scores
        )
    if kind == Item.Kind.NUMERIC:
        return isinstance(answer, int | float)
    if kind == Item.Kind.ERROR_IDENTIFICATION:
        return len(answer) == len(content["outputs"]) and all(
            entry["category"] in options if entry["has_error"] else entry["category"] is None
            for entry in answer
        )
    return isinstance(answer, str) and bool(answer)  # free text


@pytest.fixture(scope="module")
def output(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module (it takes seconds) inside a transaction rolled
    back at the module's end. Each test still runs in a savepoint of its own, so nothing a
    test changes reaches the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed()
        transaction.set_rollback(True)


def test_running_twice_changes_no_row_count_nor_any_seeded_answer():
    seed()
    first, answers = row_counts(), seeded_answers()
    assert first["assessments.Attempt"] > 0
    assert first["assessments.Response"] > 0
    seed()
    assert row_counts() == first
    assert seeded_answers() == answers


def test_two_organisations_each_with_every_membership_role(output):
    assert set(Organization.objects.values_list("slug", flat=True)) == {"lexicon", "meridian"}
    for organization in Organization.objects.all():
        roles = set(organization.memberships.values_list("role", flat=True))
        assert roles == set(Membership.Role.values), organization


def test_named_roles_have_metrics_and_ordered_responsibilities(output):
    for title in NAMED_ROLES:
        role = Role.objects.get(title=title)
        assert role.success_metrics.exists(), title
        positions = list(role.responsibilities.values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1)), title
        assert 3 <= len(positions) <= 5, title
        assert role.languages.exists(), title


def test_role_lifecycle_shows_draft_paused_and_assessment_pending(output):
    statuses = list(Role.objects.values_list("status", flat=True))
    assert statuses.count(Role.Status.PUBLISHED) > len(statuses) / 2
    assert Role.Status.DRAFT in statuses
    assert Role.Status.PAUSED in statuses
    assert Role.Status.CLOSED in statuses
    published = Role.objects.filter(status=Role.Status.PUBLISHED)
    assert [role.assessment_pending for role in published].count(True) == 1
    for role in published.exclude(assessment=None):
        assert role.assessment.organization_id == role.organization_id


def test_every_item_has_gold_that_fits_its_kind(output):
    assert Assessment.objects.filter(organization__slug="lexicon").exists()
    assert Assessment.objects.filter(organization__slug="meridian").exists()
    audit = Assessment.objects.filter(audit_plans__isnull=False)
    for assessment in Assessment.objects.exclude(title__in=LARGE).exclude(pk__in=audit):
        items = list(assessment.items.select_related("gold"))
        assert len(items) >= 8, assessment
        assert 1 <= sum(item.gold.is_edge_case for item in items) <= 2, assessment
    for assessment in audit:  # gold items and ordinary work, a third of them
        work = assessment.items.filter(gold__isnull=True).count()
        assert 0.25 < work / assessment.items.count() < 0.4, assessment
    for assessment in Assessment.objects.all():
        items = list(assessment.items.filter(gold__isnull=False).select_related("gold"))
        for item in items:
            answer = item.gold.answer
            if item.kind == Item.Kind.SINGLE_CHOICE:
                assert answer in item.options, item
            elif item.kind == Item.Kind.MULTI_LABEL:
                assert set(answer) <= set(item.options), item
            elif item.kind == Item.Kind.SPANS:
                text = item.content["text"]
                for span in answer:
                    assert 0 <= span["start"] < span["end"] <= len(text), item
                    assert span["label"] in item.options, item
            elif item.kind == Item.Kind.RANKING:
                assert sorted(answer) == list(range(len(item.content["outputs"]))), item
            elif item.kind == Item.Kind.ERROR_IDENTIFICATION:
                assert len(answer) == len(item.content["outputs"]), item
    kinds = set(Item.objects.values_list("kind", flat=True))
    assert kinds == set(Item.Kind.values)


def test_candidates_have_complete_profiles_but_two(output):
    profiles = CandidateProfile.objects.all()
    assert profiles.count() >= 100
    incomplete = profiles.filter(headline="")
    withdrawn = profiles.filter(consent_given_at=None)
    assert incomplete.count() == withdrawn.count() == 2
    for profile in incomplete:
        assert not profile.experience.exists()
        assert not profile.work_samples.exists()
        profile.full_clean()
    assert all(profile.consent_withdrawn_at for profile in withdrawn)
    for application in Application.objects.filter(candidate__candidate_profile__in=withdrawn):
        assert application.stage == Application.Stage.WITHDRAWN, application
    for profile in profiles.exclude(pk__in=[p.pk for p in [*incomplete, *withdrawn]]):
        assert profile.has_consented, profile
        assert profile.headline, profile
        assert profile.country, profile
        assert profile.hourly_rate, profile
        assert 1 <= profile.languages.count() <= 3, profile
        assert 1 <= profile.domains.count() <= 2, profile
        assert profile.education.exists(), profile
        assert profile.experience.count() == 1, profile
        assert all(e.what_trained and e.data and e.measurement for e in profile.experience.all())
        assert profile.work_samples.exists(), profile
        assert profile.tools, profile
        assert profile.modalities, profile
        profile.full_clean()


def test_output_lists_demo_logins_and_password(output):
    for organization in ORGANIZATIONS:
        assert organization["name"] in output
        for membership_role in Membership.Role.values:
            email = team_email(organization["slug"], membership_role)
            assert email in output
            assert Membership.objects.get(user__email=email).role == membership_role
    assert DEMO_PASSWORD in output
    assert "Candidate (hired)" in output


@pytest.mark.django_db(transaction=True)
def test_seeding_prints_the_logins_table_and_no_task_logs(caplog, capfd):
    """Committed for real, so the scoring tasks queued on commit run (eagerly) as in
    ``make run``: their "Task … succeeded" lines must not bury the table."""
    with caplog.at_level(logging.INFO):
        output = seed()
    routine = [r for r in caplog.records if r.name.startswith(("celery", "kombu"))]
    assert routine == []
    assert "Task assessments.tasks" not in capfd.readouterr().err
    lines = output.splitlines()
    assert lines[0] == "Demo logins"
    assert any(line.startswith("Demo ready:") for line in lines[-2:])


def test_quiet_loggers_keeps_errors_and_restores_levels(caplog):
    trace = logging.getLogger("celery.app.trace")
    before = trace.level
    with caplog.at_level(logging.INFO), quiet_loggers():
        trace.info("Task demo.routine succeeded")
        trace.error("Task demo.broken raised")
    assert [r.getMessage() for r in caplog.records] == ["Task demo.broken raised"]
    assert trace.level == before


def test_demo_logins_work_with_the_password(output, client):
    for email in ("owner@lexicon.demo", "recruiter@meridian.demo"):
        assert client.login(email=email, password=DEMO_PASSWORD), email


def test_pipeline_covers_the_stages(output):
    stages = set(Application.objects.values_list("stage", flat=True))
    expected = {"applied", "invited", "in_progress", "scored", "shortlisted"}
    assert stages >= expected | {"interview", "rejected", "hired"}
    # Every submission is scored at once, so none waits at "submitted".
    assert "submitted" not in stages
    # Hires on roles without audits: one; the audited roles' hires are the after-hire demo.
    hired = Application.objects.filter(stage=Application.Stage.HIRED)
    assert hired.filter(role__audit_plan__isnull=True).count() == 1
    assert not Application.objects.exclude(role__status=Role.Status.PUBLISHED).exists()


def test_stage_histories_are_legal(output):
    for application in Application.objects.prefetch_related("stage_changes"):
        changes = list(application.stage_changes.all())
        assert changes[0].from_stage == "", application
        assert changes[0].to_stage == Application.Stage.APPLIED, application
        assert changes[-1].to_stage == application.stage, application
        for before, after in pairwise(changes):
            assert after.from_stage == before.to_stage, application
            allowed = Application.TRANSITIONS[Application.Stage(before.to_stage)]
            assert after.to_stage in allowed, application
            if after.to_stage == Application.Stage.REJECTED:
                assert after.reason, application


def reached_the_task(application: Application) -> str | None:
    """The attempt state an application's history calls for, if any."""
    reached = {change.to_stage for change in application.stage_changes.all()}
    if Application.Stage.SUBMITTED in reached:
        return Attempt.State.SCORED
    if application.stage == Application.Stage.IN_PROGRESS:
        return Attempt.State.IN_PROGRESS
    return None


def test_every_application_that_reached_the_task_has_its_attempt(output):
    applications = Application.objects.exclude(role__assessment=None).prefetch_related(
        "stage_changes", "attempts"
    )
    expected = 0
    for application in applications:
        attempts = [a for a in application.attempts.all() if a.purpose == CALIBRATION]
        state = reached_the_task(application)
        assert [attempt.state for attempt in attempts] == ([state] if state else []), application
        expected += bool(state)
        for attempt in attempts:
            assert attempt.purpose == Attempt.Purpose.CALIBRATION
            assert attempt.candidate_id == application.candidate_id
            assert attempt.assessment_id == application.role.assessment_id
    assert calibration_attempts().count() == expected
    assert {Attempt.State.IN_PROGRESS, Attempt.State.SCORED} <= set(
        calibration_attempts().values_list("state", flat=True)
    )


def test_every_scored_attempt_has_one_current_report_and_each_cohort_its_agreement(output):
    scored = Attempt.objects.filter(state=Attempt.State.SCORED)
    current = ScoreReport.objects.filter(is_current=True)
    assert sorted(current.values_list("attempt_id", flat=True)) == sorted(
        scored.values_list("pk", flat=True)
    )
    for title in LARGE:
        agreement = CohortAgreement.objects.filter(assessment__title=title).latest()
        assert agreement.attempt_count == scored.filter(assessment__title=title).count()
        assert agreement.krippendorff_alpha is not None
        assert any(row["low_agreement"] for row in agreement.per_item), title
    flagged = [
        row
        for agreement in CohortAgreement.objects.all()
        for row in agreement.per_item
        if row["gold_suspect"]
    ]
    assert flagged, "the demo's mis-keyed item shows as gold suspect"


def test_attempts_show_their_own_items_in_a_seeded_order(output):
    assert not Response.objects.exclude(item__assessment=F("attempt__assessment")).exists()
    orders = set()
    for attempt in calibration_attempts().select_related("assessment"):
        item_ids = set(attempt.assessment.items.values_list("pk", flat=True))
        drawn = attempt.assessment.items_per_attempt or len(item_ids)
        assert len(set(attempt.item_order)) == len(attempt.item_order) == drawn, attempt
        assert set(attempt.item_order) <= item_ids, attempt
        assert set(attempt.responses.values_list("item_id", flat=True)) <= item_ids, attempt
        assert attempt.pay_amount == attempt.assessment.pay_amount, attempt
        assert attempt.pay_currency == attempt.assessment.pay_currency, attempt
        orders.add(tuple(attempt.item_order))
    assert len(orders) == calibration_attempts().count()


def test_answers_fit_their_items(output):
    responses = (
        Response.objects.filter(attempt__purpose=CALIBRATION)
        .select_related("item")
        .exclude(item__assessment__title__in=LARGE)
    )
    single_choice = responses.filter(item__kind=Item.Kind.SINGLE_CHOICE)
    assert single_choice.exists()
    for response in single_choice:
        assert response.answer in response.item.options, response
    for response in responses:
        assert fits(response.item, response.answer), (response.item, response.answer)
        assert 20_000 <= response.time_spent_ms <= 240_000, response
        assert 0 <= response.revision_count <= 3, response
        assert response.flagged_ambiguous == bool(response.ambiguity_note), response
        for event in response.integrity_events:
            assert event["type"] in {"paste", "focus_lost"}, response
            assert event["at"], response
    assert responses.filter(flagged_ambiguous=True).exists()
    assert responses.exclude(integrity_events=[]).exists()
    wrong = [r for r in responses.select_related("item__gold") if r.answer != r.item.gold.answer]
    assert 0 < len(wrong) < responses.count() / 3


def test_in_progress_attempts_have_time_left_and_half_the_answers(output):
    now = timezone.now()
    in_progress = calibration_attempts().filter(state=Attempt.State.IN_PROGRESS)
    assert in_progress.exists()
    for attempt in in_progress.select_related("assessment"):
        limit = timedelta(minutes=attempt.assessment.time_limit_minutes)
        assert attempt.started_at <= now < attempt.deadline, attempt
        assert attempt.deadline == attempt.started_at + limit, attempt
        assert attempt.submitted_at is None, attempt
        assert not Payment.objects.filter(attempt=attempt).exists(), attempt
        answered, items = attempt.responses.count(), len(attempt.item_order)
        assert 1 <= answered < items, attempt


def test_submitted_attempts_are_complete_and_paid_by_stage(output):
    submitted = calibration_attempts().filter(state=Attempt.State.SCORED)
    assert submitted.exists()
    states = Counter()
    for attempt in submitted.select_related("assessment", "application", "payment"):
        assert attempt.started_at < attempt.submitted_at <= attempt.deadline, attempt
        assert attempt.started_at < timezone.now() - timedelta(hours=6), attempt
        assert attempt.responses.count() == len(attempt.item_order), attempt
        payment = attempt.payment
        states[payment.state] += 1
        if attempt.application.stage in PAID_STAGES:
            assert payment.state == Payment.State.PAID, attempt
        assert payment.amount == attempt.assessment.pay_amount, attempt
        if payment.state == Payment.State.PENDING:
            assert payment.approved_by is None, attempt
            assert payment.approved_at is None, attempt
        else:
            assert (
                payment.approved_by.memberships.get(
                    organization=attempt.assessment.organization
                ).role
                == Membership.Role.OWNER
            )
            assert attempt.submitted_at < payment.approved_at, attempt
        if payment.state == Payment.State.PAID:
            assert payment.approved_at <= payment.paid_at <= timezone.now(), attempt
        else:
            assert payment.paid_at is None, attempt
    assert set(states) == {Payment.State.PENDING, Payment.State.APPROVED, Payment.State.PAID}


def test_rationales_never_exceed_the_assessments_count(output):
    for attempt in Attempt.objects.select_related("assessment"):
        written = attempt.responses.exclude(rationale="")
        assert written.count() <= attempt.assessment.rationale_count, attempt
        if attempt.state == Attempt.State.SCORED:
            assert written.count() == attempt.assessment.rationale_count, attempt
        for response in written:
            sentences = response.rationale.count(". ") + 1
            assert 2 <= sentences <= 4, response.rationale
        assert set(written) == set(attempt.responses.filter(hardest=True)), attempt


def test_item_exposure_counts_the_attempts_that_drew_the_item(output):
    drawn = Counter(
        pk
        for order in Attempt.objects.filter(purpose=Attempt.Purpose.CALIBRATION).values_list(
            "item_order", flat=True
        )
        for pk in order
    )
    for item in Item.objects.all():
        assert item.exposure_count == drawn[item.pk], item
    for assessment in Assessment.objects.filter(attempts__isnull=False).distinct():
        first_start = assessment.attempts.order_by("started_at").first().started_at
        assert assessment.frozen_at is not None, assessment
        assert assessment.frozen_at <= first_start, assessment


def naive_accuracy(responses) -> float:
    """Share of non-edge answers equal to gold or an accepted alternative."""

    def comparable(answer):
        if isinstance(answer, list) and answer and isinstance(answer[0], dict):
            if "has_error" in answer[0]:
                return [[entry["has_error"], entry["category"]] for entry in answer]
            return sorted((span["start"], span["end"], span["label"]) for span in answer)
        return answer

    scored = [r for r in responses if not r.item.gold.is_edge_case]
    hits = sum(
        comparable(r.answer)
        in [comparable(a) for a in (r.item.gold.answer, *r.item.gold.accepted_alternatives)]
        for r in scored
    )
    return hits / len(scored)


def test_large_assessments_have_gold_everywhere_and_about_a_tenth_edge_cases(output):
    for title in LARGE:
        assessment = Assessment.objects.get(title=title)
        items = list(assessment.items.select_related("gold"))
        assert len(items) >= 50, title
        assert len({item.kind for item in items}) >= 3, title
        assert len({repr(item.content) for item in items}) == len(items), title
        edge = sum(item.gold.is_edge_case for item in items)
        assert 0.05 <= edge / len(items) <= 0.2, (title, edge)
        for item in items:
            content, options = validate_item(item.kind, item.content, item.options)
            gold = item.gold
            validate_gold(item.kind, content, options, gold.answer, gold.accepted_alternatives)
            assert gold.explanation, item
        role = Role.objects.get(assessment=assessment)
        assert role.status == Role.Status.PUBLISHED
    pooled = Assessment.objects.get(title=LARGE[0])
    assert pooled.items_per_attempt < pooled.items.count()


def test_every_answer_is_valid_for_its_kind(output):
    for response in Response.objects.select_related("item").iterator():
        item = response.item
        validate_answer(item.kind, item.content, item.options, response.answer)


def test_large_assessments_have_a_cohort_whose_skill_shows(output):
    for title in LARGE:
        submitted = list(  # the cohort's, not the hires' of months ago
            calibration_attempts()
            .filter(assessment__title=title, state=Attempt.State.SCORED)
            .exclude(application__stage=Application.Stage.HIRED)
        )
        assert 20 <= len(submitted) <= 40, title
        accuracies = sorted(
            naive_accuracy(Response.objects.filter(attempt=attempt).select_related("item__gold"))
            for attempt in submitted
        )
        third = len(accuracies) // 3
        weak, strong = accuracies[:third], accuracies[-third:]
        assert sum(strong) / third > sum(weak) / third + 0.3, (title, accuracies)
        edge = Response.objects.filter(
            attempt__in=submitted, item__gold__is_edge_case=True, flagged_ambiguous=True
        )
        assert edge.exists(), title
        assert all(r.ambiguity_note for r in edge), title
        events = Counter(
            event["type"]
            for events in Response.objects.filter(attempt__in=submitted).values_list(
                "integrity_events", flat=True
            )
            for event in events
        )
        assert {"paste", "focus_lost", "too_fast"} <= set(events), title
        assert Response.objects.filter(attempt__in=submitted, revision_count__gt=0).exists()


def test_a_collusion_pair_shares_its_wrong_answers(output):
    """On the items both got wrong, one pair gave the same wrong answer nearly every time."""
    for title in LARGE:
        wrong = {}
        for attempt in Attempt.objects.filter(assessment__title=title, state=Attempt.State.SCORED):
            wrong[attempt.pk] = {
                r.item_id: repr(r.answer)
                for r in attempt.responses.select_related("item__gold")
                if r.answer != r.item.gold.answer
            }
        suspicious = []
        for a, b in ((a, b) for a in wrong for b in wrong if a < b):
            both = wrong[a].keys() & wrong[b].keys()
            same = sum(wrong[a][item] == wrong[b][item] for item in both)
            if same >= 8 and same >= 0.8 * len(both):
                suspicious.append((a, b, same, len(both)))
        assert len(suspicious) == 1, (title, suspicious)


def test_a_knockout_rejects_automatically_with_the_reason(output):
    knocked = Application.objects.exclude(knockout_reason="")
    assert knocked.count() >= 3
    for application in knocked.prefetch_related("stage_changes"):
        assert application.stage == Application.Stage.REJECTED
        changes = [(c.from_stage, c.to_stage) for c in application.stage_changes.all()]
        assert changes == [("", "applied"), ("applied", "rejected")], application
        last = application.stage_changes.last()
        assert last.reason == application.knockout_reason
        assert last.changed_by is None
    assert knocked.filter(knockout_reason__startswith="English at C1").exists()
    assert knocked.filter(knockout_reason__contains="hours a day of overlap").exists()
    for application in Application.objects.select_related("role"):
        answers = application.knockout_answers
        assert answers, application
        for language in application.role.languages.all():
            assert answers[f"language:{language.language}"], application
        assert isinstance(answers["tz_overlap"], int), application
        assert isinstance(answers["domain_years"], int), application


def test_accommodations_and_open_contests_sit_on_submitted_attempts(output):
    accommodations = Accommodation.objects.all()
    assert accommodations.count() >= 2
    for grant in accommodations:
        attempt = Attempt.objects.get(assessment=grant.assessment, candidate=grant.candidate)
        assert attempt.extra_minutes == grant.extra_minutes, grant
        assert grant.reason, grant
        limit = timedelta(minutes=grant.assessment.time_limit_minutes + grant.extra_minutes)
        assert attempt.deadline - attempt.started_at == limit, grant
    contests = Contest.objects.filter(state=Contest.State.OPEN)
    assert 1 <= contests.count() <= 4
    for contest in contests.select_related("attempt"):
        assert contest.attempt.state == Attempt.State.SCORED
        assert contest.item_id in contest.attempt.item_order


def test_pipeline_histories_span_past_weeks_in_step_with_the_attempts(output):
    now = timezone.now()
    applications = Application.objects.prefetch_related("stage_changes", "attempts")
    ages = set()
    for application in applications:
        moves = list(application.stage_changes.all())
        times = [move.created_at for move in moves]
        assert times == sorted(times), application
        assert (times[0], times[-1]) == (application.created_at, application.stage_changed_at)
        assert times[-1] < now, application
        ages.add((now - times[-1]).days)
        reached = {move.to_stage: move.created_at for move in moves}
        for attempt in application.attempts.all():
            if attempt.purpose != CALIBRATION:
                continue
            assert reached["in_progress"] == attempt.started_at, application
            assert reached["invited"] < attempt.started_at, application
            if attempt.submitted_at is not None and "submitted" in reached:
                assert reached["submitted"] == attempt.submitted_at, application
    assert len(ages) >= 5  # spread over days, not all "just now"


def test_every_assessment_has_a_rubric_and_reviewed_answers_some_by_two_tiers(output):
    from rubrics.models import Review, ReviewTask

    calibration = Assessment.objects.filter(audit_plans__isnull=True)
    assert not calibration.filter(rubric__isnull=True).exists()
    tiers = Counter(Review.objects.values_list("tier", flat=True))
    assert tiers["primary"] > 50
    assert tiers["senior"] > 0
    assert tiers["adjudication"] > 0
    states = Counter(ReviewTask.objects.values_list("state", flat=True))
    assert states["done"] > 0
    assert states["primary"] > 0  # the queue has work waiting
    reviewed = ReviewTask.objects.filter(state="done").values("response__attempt_id")
    rationale_reports = ScoreReport.objects.filter(
        is_current=True, attempt_id__in=reviewed, components__has_key="rationale"
    )
    assert rationale_reports.count() == reviewed.distinct().count()


def test_the_shortlist_has_every_scored_candidate_and_one_revealed_identity(output):
    from core.blind import identity_of
    from hiring.models import IdentityReveal, ShortlistEntry

    scored = calibration_attempts().filter(state=Attempt.State.SCORED, application__isnull=False)
    assert ShortlistEntry.objects.count() == scored.count()
    assert Role.objects.filter(blind_mode=True).count() == Role.objects.count()
    reveal = IdentityReveal.objects.select_related("application__role").get()
    identity = identity_of(reveal.application)
    assert identity.visible
    assert identity.why.startswith("revealed: ")


def inconsistencies() -> dict[str, list]:
    """Every way calibration attempts, reports, payments and application stages can
    disagree (weekly audit batches are not paid per batch)."""
    attempts = calibration_attempts()
    current = ScoreReport.objects.filter(is_current=True).values("attempt_id")
    in_progress = attempts.filter(state=Attempt.State.IN_PROGRESS)
    done = attempts.exclude(state=Attempt.State.IN_PROGRESS)
    found = {
        "more than one current report": attempts.filter(
            pk__in=ScoreReport.objects.filter(is_current=True)
            .values("attempt_id")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .values("attempt_id")
        ),
        "in progress with a current report": in_progress.filter(pk__in=current),
        "in progress with a payment": in_progress.exclude(payment=None),
        "submitted without its payment": done.filter(payment=None),
        "scored without a current report": attempts.filter(state=Attempt.State.SCORED).exclude(
            pk__in=current
        ),
        "submitted and reported but not marked scored": attempts.filter(
            state=Attempt.State.SUBMITTED, pk__in=current
        ),
        "scored application without a scored attempt": Application.objects.filter(
            stage=Application.Stage.SCORED
        ).exclude(attempts__state=Attempt.State.SCORED),
        "application in progress without its attempt in progress": Application.objects.filter(
            stage=Application.Stage.IN_PROGRESS
        ).exclude(attempts__state=Attempt.State.IN_PROGRESS),
        "attempt in progress behind an application that moved on": in_progress.exclude(
            application__stage=Application.Stage.IN_PROGRESS
        ),
    }
    return {name: list(rows.values_list("pk", flat=True)) for name, rows in found.items()}


def test_the_seeded_world_is_consistent(output):
    assert all(rows == [] for rows in inconsistencies().values()), inconsistencies()


def test_a_rerun_after_the_beat_submitted_the_attempts_in_progress_keeps_them_submitted(
    output, django_capture_on_commit_callbacks
):
    """The beat auto-submits the demo's attempts in progress once their deadline passes; a
    rerun must not rewind them to in progress under their report, without their payment,
    behind a "scored" application."""
    in_progress = sorted(
        calibration_attempts().filter(state=Attempt.State.IN_PROGRESS).values_list("pk", flat=True)
    )
    assert in_progress
    with django_capture_on_commit_callbacks(execute=True):  # scoring, as a worker would
        submitted = attempts_submit_overdue(now=timezone.now() + timedelta(days=1))
    assert sorted(submitted) == in_progress
    before = row_counts()

    seed()

    assert all(rows == [] for rows in inconsistencies().values()), inconsistencies()
    kept = Attempt.objects.filter(pk__in=in_progress)
    assert set(kept.values_list("state", "auto_submitted")) == {(Attempt.State.SCORED, True)}
    assert (
        Application.objects.filter(attempts__in=kept)
        .exclude(stage=Application.Stage.SCORED)
        .count()
        == 0
    )
    after = row_counts()
    for model in ("assessments.Attempt", "assessments.Payment", "hiring.Application"):
        assert after[model] == before[model], model


AUDITED_ROLES = {
    "lexicon": "RLHF preference rater (legal assistant)",
    "meridian": "Clinical LLM output reviewer (medication safety)",
}


def test_hires_at_both_organisations_have_twelve_audited_weeks_and_this_weeks_batch(output):
    for slug, title in AUDITED_ROLES.items():
        role = Role.objects.get(title=title, organization__slug=slug)
        assert role.audit_plan.is_active
        assert role.audit_plan.assessment.title.startswith("Weekly audit")
        hires = role.applications.filter(stage=Application.Stage.HIRED)
        assert hires.count() >= 12
        for application in hires:
            weeks = list(
                application.audits.order_by("week_starting").values_list("week_starting", "state")
            )
            assert len(weeks) == 13, application
            assert [state for _week, state in weeks[:12]].count("issued") == 0, application
            assert weeks[-1][1] == "issued", application  # this week's, open
            assert all(b - a == timedelta(weeks=1) for (a, _), (b, _) in pairwise(weeks))


def test_audit_batches_mix_gold_into_work_and_are_scored(output):
    for audit in Audit.objects.filter(state=Audit.State.SUBMITTED).select_related("attempt")[:60]:
        order = set(audit.attempt.item_order)
        assert set(audit.gold_items) < order, audit
        assert set(audit.overlap_items) <= order - set(audit.gold_items), audit
        assert audit.attempt.responses.count() == len(order), audit
        assert ScoreReport.objects.filter(attempt=audit.attempt, is_current=True).exists()


def test_missed_batches_are_recorded_with_what_was_saved(output):
    missed = Audit.objects.filter(state=Audit.State.MISSED)
    assert missed.count() >= 5
    for audit in missed:
        assert audit.missed_at == audit.due_at
        assert audit.attempt.state != Attempt.State.IN_PROGRESS
        assert audit.attempt.auto_submitted


def test_a_trainer_drifts_down_from_week_seven_and_the_drift_alert_is_open(output):
    role = Role.objects.get(title=AUDITED_ROLES["lexicon"])
    alert = QualityAlert.objects.get(role=role, metric="accuracy", kind="drifting")
    assert alert.state == QualityAlert.State.OPEN
    first = alert.application.audits.order_by("week_starting").first().week_starting
    week = (alert.since_week - first).days // 7 + 1
    assert 6 <= week <= 7, alert.since_week
    values = [value for _week, value in alert.values if value is not None]
    assert values[-1] < 0.85 < max(values)


def test_a_recalibrated_trainer_walked_the_escalation_path_and_recovered(output):
    role = Role.objects.get(title=AUDITED_ROLES["meridian"])
    alert = QualityAlert.objects.get(role=role, state=QualityAlert.State.RESOLVED)
    steps = list(alert.steps.values_list("action", "by__email"))
    assert steps == [
        ("acknowledged", "hiring@meridian.demo"),
        ("recalibrating", "hiring@meridian.demo"),
        ("resolved", "owner@meridian.demo"),
    ]
    times = list(alert.steps.values_list("at", flat=True))
    assert alert.raised_at < times[0] < times[1] < times[2] == alert.closed_at
    recalibration = alert.recalibration
    assert recalibration.purpose == Attempt.Purpose.RECALIBRATION
    assert times[1] < recalibration.started_at < recalibration.submitted_at < times[2]
    report = ScoreReport.objects.get(attempt=recalibration, is_current=True)
    assert report.components["accuracy"] >= 0.85
    later = alert.application.audits.filter(
        week_starting__gt=alert.latest_week, state=Audit.State.SUBMITTED
    )
    assert later.count() >= 4
    assert not QualityAlert.objects.filter(
        application=alert.application, closed_at__isnull=True
    ).exists()


def test_the_validity_tables_say_how_sure_they_are(output):
    for title in AUDITED_ROLES.values():
        table = role_validity(role=Role.objects.get(title=title))
        assert table.with_outcome >= table.min_hires
        composite = table.rows[-1]
        assert composite.component == "composite"
        assert composite.pearson_ci is not None
        assert composite.verdict not in ("too_few", "undefined")
        assert "too few" not in composite.message
