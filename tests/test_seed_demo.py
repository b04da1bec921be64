"""``manage.py seed_demo`` builds a coherent demo and changes nothing when run again."""

from collections import Counter
from datetime import timedelta
from io import StringIO
from itertools import pairwise

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from assessments.models import Assessment, Attempt, Item, Payment, Response, ScoreReport
from candidates.models import CandidateProfile
from hiring.demo import DEMO_PASSWORD, ORGANIZATIONS, PAID_STAGES, team_email
from hiring.models import Application, Membership, Organization, Role

pytestmark = pytest.mark.django_db

NAMED_ROLES = (
    "Contract review annotator (commercial law)",
    "Code review LLM evaluator (Python)",
    "Clinical NLP annotator (discharge summaries)",
    "RLHF preference ranker (health Q&A)",
)


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
        for attempt in Attempt.objects.order_by("candidate__email", "assessment__title")
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
    return all(isinstance(text, str) and text for text in answer.values())  # free text


@pytest.fixture
def output() -> str:
    return seed()


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
    published = Role.objects.filter(status=Role.Status.PUBLISHED)
    assert [role.assessment_pending for role in published].count(True) == 1
    for role in published.exclude(assessment=None):
        assert role.assessment.organization_id == role.organization_id


def test_every_item_has_gold_that_fits_its_kind(output):
    assert Assessment.objects.filter(organization__slug="lexicon").exists()
    assert Assessment.objects.filter(organization__slug="meridian").exists()
    for assessment in Assessment.objects.all():
        items = list(assessment.items.select_related("gold"))
        assert len(items) >= 8, assessment
        assert 1 <= sum(item.gold.is_edge_case for item in items) <= 2, assessment
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


def test_candidates_have_complete_profiles(output):
    profiles = CandidateProfile.objects.all()
    assert profiles.count() == 24
    for profile in profiles:
        assert profile.has_consented, profile
        assert 1 <= profile.languages.count() <= 3, profile
        assert 1 <= profile.domains.count() <= 2, profile
        assert profile.education.exists(), profile
        assert profile.experience.count() == 1, profile
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


def test_demo_logins_work_with_the_password(output, client):
    for email in ("owner@lexicon.demo", "recruiter@meridian.demo"):
        assert client.login(email=email, password=DEMO_PASSWORD), email


def test_pipeline_covers_the_stages(output):
    stages = set(Application.objects.values_list("stage", flat=True))
    expected = {"applied", "invited", "in_progress", "submitted", "scored", "shortlisted"}
    assert stages >= expected | {"interview", "rejected", "hired"}
    assert Application.objects.filter(stage=Application.Stage.HIRED).count() == 1
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
        return Attempt.State.SUBMITTED
    if application.stage == Application.Stage.IN_PROGRESS:
        return Attempt.State.IN_PROGRESS
    return None


def test_every_application_that_reached_the_task_has_its_attempt(output):
    applications = Application.objects.exclude(role__assessment=None).prefetch_related(
        "stage_changes", "attempts"
    )
    expected = 0
    for application in applications:
        attempts = list(application.attempts.all())
        state = reached_the_task(application)
        assert [attempt.state for attempt in attempts] == ([state] if state else []), application
        expected += bool(state)
        for attempt in attempts:
            assert attempt.purpose == Attempt.Purpose.CALIBRATION
            assert attempt.candidate_id == application.candidate_id
            assert attempt.assessment_id == application.role.assessment_id
    assert Attempt.objects.count() == expected
    assert {Attempt.State.IN_PROGRESS, Attempt.State.SUBMITTED} <= set(
        Attempt.objects.values_list("state", flat=True)
    )
    assert not ScoreReport.objects.exists()


def test_attempts_show_their_own_items_in_a_seeded_order(output):
    assert not Response.objects.exclude(item__assessment=F("attempt__assessment")).exists()
    orders = set()
    for attempt in Attempt.objects.select_related("assessment"):
        item_ids = set(attempt.assessment.items.values_list("pk", flat=True))
        assert sorted(attempt.item_order) == sorted(item_ids), attempt
        assert set(attempt.responses.values_list("item_id", flat=True)) <= item_ids, attempt
        assert attempt.pay_amount == attempt.assessment.pay_amount, attempt
        assert attempt.pay_currency == attempt.assessment.pay_currency, attempt
        orders.add(tuple(attempt.item_order))
    assert len(orders) == Attempt.objects.count()


def test_answers_fit_their_items(output):
    responses = Response.objects.select_related("item")
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
            assert event["type"] in {"paste", "blur"}, response
            assert event["at"], response
    assert responses.filter(flagged_ambiguous=True).exists()
    assert responses.exclude(integrity_events=[]).exists()
    wrong = [r for r in responses.select_related("item__gold") if r.answer != r.item.gold.answer]
    assert 0 < len(wrong) < responses.count() / 3


def test_in_progress_attempts_have_time_left_and_half_the_answers(output):
    now = timezone.now()
    in_progress = Attempt.objects.filter(state=Attempt.State.IN_PROGRESS)
    assert in_progress.exists()
    for attempt in in_progress.select_related("assessment"):
        limit = timedelta(minutes=attempt.assessment.time_limit_minutes)
        assert attempt.started_at <= now < attempt.deadline, attempt
        assert attempt.deadline == attempt.started_at + limit, attempt
        assert attempt.submitted_at is None, attempt
        assert not Payment.objects.filter(attempt=attempt).exists(), attempt
        answered, items = attempt.responses.count(), attempt.assessment.items.count()
        assert 1 <= answered < items, attempt


def test_submitted_attempts_are_complete_and_paid_by_stage(output):
    submitted = Attempt.objects.filter(state=Attempt.State.SUBMITTED)
    assert submitted.exists()
    for attempt in submitted.select_related("assessment", "application"):
        assert attempt.started_at < attempt.submitted_at <= attempt.deadline, attempt
        assert attempt.started_at < timezone.now() - timedelta(days=1), attempt
        assert attempt.responses.count() == attempt.assessment.items.count(), attempt
        paid = attempt.application.stage in PAID_STAGES
        expected = Payment.State.PAID if paid else Payment.State.PENDING
        assert attempt.payment.state == expected, attempt
        assert attempt.payment.amount == attempt.assessment.pay_amount, attempt


def test_rationales_never_exceed_the_assessments_count(output):
    for attempt in Attempt.objects.select_related("assessment"):
        written = attempt.responses.exclude(rationale="")
        assert written.count() <= attempt.assessment.rationale_count, attempt
        if attempt.state == Attempt.State.SUBMITTED:
            assert written.count() == attempt.assessment.rationale_count, attempt
        for response in written:
            sentences = response.rationale.count(". ") + 1
            assert 2 <= sentences <= 4, response.rationale


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
