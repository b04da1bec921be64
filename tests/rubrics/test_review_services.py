"""Blind two-tier review: tasks entering the queue, the primary → senior → adjudication
flow, refusals with their messages, the senior share, reviewer agreement and the summary
the candidate page shows."""

from decimal import Decimal

import pytest

from assessments.attempts import submission as assessment_services
from assessments.models import Attempt, ScoreReport
from assessments.scoring.services import attempts_score
from config.errors import ApplicationError
from hiring.models import Membership
from rubrics.models import CriterionScore, Review, ReviewTask, Rubric
from rubrics.review import selectors as review_selectors
from rubrics.review.services import (
    ReviewScoresError,
    review_submit,
    review_tasks_create,
    review_tasks_create_for_assessment,
    senior_share_set,
)
from tests.factories.reviews import (
    CLARITY,
    EXPLANATION,
    FREE_TEXT,
    RATIONALE,
    member,
    reviewed_assessment,
    rubric_with_levels,
    submitted_attempt,
    tasks_for,
)

pytestmark = pytest.mark.django_db

Tier = Review.Tier
State = ReviewTask.State


@pytest.fixture
def assessment(org):
    return reviewed_assessment(organization=org)


@pytest.fixture
def senior(org):
    return member(org, senior=True)


@pytest.fixture
def second_senior(org):
    return member(org, senior=True)


def criteria_of(task):
    """(clarity id, root-cause id) of the task's rubric."""
    return tuple(task.rubric.criteria.order_by("position").values_list("id", flat=True))


def levels(task, clarity, root_cause):
    first, second = criteria_of(task)
    return {first: clarity, second: root_cause}


def one_task(org, assessment, *, sampled: bool, source="rationale"):
    attempt = submitted_attempt(assessment=assessment)
    task = next(t for t in tasks_for(attempt) if t.source == source)
    ReviewTask.objects.filter(pk=task.pk).update(senior_sampled=sampled)
    task.refresh_from_db()
    return task


# --- Tasks entering the queue ---------------------------------------------------------------


def test_each_written_answer_of_a_submitted_attempt_becomes_one_task(assessment):
    attempt = submitted_attempt(assessment=assessment)

    assert review_tasks_create([attempt.pk]) == 3
    tasks = {t.source: t for t in ReviewTask.objects.filter(response__attempt=attempt)}
    assert set(tasks) == {"rationale", "error_explanation", "free_text"}
    assert tasks["rationale"].response.item.kind == "single_choice"
    assert tasks["free_text"].response.item.kind == "free_text"
    assert {t.rubric_id for t in tasks.values()} == {assessment.rubric_id}
    assert {t.organization_id for t in tasks.values()} == {assessment.organization_id}
    assert {t.state for t in tasks.values()} == {State.PRIMARY}


def test_task_creation_is_idempotent(assessment):
    attempt = submitted_attempt(assessment=assessment)
    assert review_tasks_create([attempt.pk]) == 3

    assert review_tasks_create([attempt.pk, attempt.pk]) == 0
    assert review_tasks_create_for_assessment(assessment.pk) == 0
    assert ReviewTask.objects.filter(response__attempt=attempt).count() == 3


def test_nothing_to_review_makes_no_task(org, assessment):
    in_progress = submitted_attempt(assessment=assessment)
    Attempt.objects.filter(pk=in_progress.pk).update(state=Attempt.State.IN_PROGRESS)
    blank = submitted_attempt(
        assessment=assessment,
        rationale="   ",
        answers={
            "error_identification": [
                {"has_error": False, "category": None, "explanation": ""},
                {"has_error": True, "category": "omitted_exception", "explanation": "  "},
            ],
            "free_text": None,
        },
    )
    no_rubric = submitted_attempt(
        assessment=reviewed_assessment(
            organization=org,
            rubric=rubric_with_levels(organization=org, name="Detached"),
            kinds=("free_text",),
        )
    )
    no_rubric.assessment.rubric = None
    no_rubric.assessment.save(update_fields=["rubric"])

    assert review_tasks_create([in_progress.pk, blank.pk, no_rubric.pk]) == 0
    assert not ReviewTask.objects.exists()


def test_task_creation_costs_the_same_queries_for_many_attempts(
    assessment, django_assert_max_num_queries
):
    attempts = [submitted_attempt(assessment=assessment) for _ in range(12)]

    with django_assert_max_num_queries(4):
        assert review_tasks_create([a.pk for a in attempts]) == 36


@pytest.mark.parametrize(("share", "expected"), [(Decimal("0"), 0), (Decimal("1"), 6)])
def test_the_senior_draw_follows_the_organisations_share(org, assessment, share, expected):
    org.senior_review_share = share
    org.save()
    attempts = [submitted_attempt(assessment=assessment) for _ in range(2)]

    review_tasks_create([a.pk for a in attempts])

    assert ReviewTask.objects.filter(senior_sampled=True).count() == expected


def test_attaching_a_rubric_later_fills_the_queue_and_moves_unreviewed_tasks(org, assessment):
    old_rubric = assessment.rubric
    first = submitted_attempt(assessment=assessment)
    review_tasks_create([first.pk])
    second = submitted_attempt(assessment=assessment)  # submitted, not in the queue yet
    new_rubric = rubric_with_levels(organization=org, name="Written reasoning v2")
    assessment.rubric = new_rubric
    assessment.save(update_fields=["rubric"])

    assert review_tasks_create_for_assessment(assessment.pk) == 3

    assert ReviewTask.objects.filter(response__attempt=second).count() == 3
    assert not ReviewTask.objects.filter(rubric=old_rubric).exists()
    assert ReviewTask.objects.filter(rubric=new_rubric).count() == 6


# --- The two-tier flow ------------------------------------------------------------------------


def test_primary_review_of_an_unsampled_task_is_done(
    org, assessment, reviewer, django_capture_on_commit_callbacks
):
    task = one_task(org, assessment, sampled=False)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review = review_submit(
            task_id=task.pk,
            reviewer=reviewer,
            tier="primary",
            levels=levels(task, 2, 3),
            comment="  Clear, but skips the notice period.  ",
        )

    task.refresh_from_db()
    assert review.tier == Tier.PRIMARY
    assert review.comment == "Clear, but skips the notice period."
    assert review.task.state == State.DONE
    assert task.state == State.DONE
    assert task.finished_at is not None
    clarity, root_cause = criteria_of(task)
    assert task.final_levels == {str(clarity): 2, str(root_cause): 3}
    assert task.final_score == pytest.approx((1 * 2 / 4 + 3 * 3 / 4) / 4)
    assert dict(review.scores.values_list("criterion_id", "level")) == {clarity: 2, root_cause: 3}
    assert Rubric.objects.get(pk=task.rubric_id).is_frozen
    assert len(callbacks) == 1  # the attempt goes to scoring once the review commits


def test_primary_then_senior_within_one_level_is_done_with_the_senior_levels(
    org, assessment, reviewer, senior
):
    task = one_task(org, assessment, sampled=True)

    first = review_submit(
        task_id=task.pk, reviewer=reviewer, tier="primary", levels=levels(task, 2, 3)
    )
    assert first.task.state == State.SENIOR
    assert first.task.final_score is None

    second = review_submit(
        task_id=task.pk, reviewer=senior, tier="senior", levels=levels(task, 3, 2)
    )

    task.refresh_from_db()
    assert second.task.state == State.DONE == task.state
    clarity, root_cause = criteria_of(task)
    assert task.final_levels == {str(clarity): 3, str(root_cause): 2}
    assert task.final_score == pytest.approx((1 * 3 / 4 + 3 * 2 / 4) / 4)


def test_a_split_of_more_than_one_level_goes_to_adjudication_whose_levels_stand(
    org, assessment, reviewer, senior, second_senior
):
    task = one_task(org, assessment, sampled=True)
    review_submit(task_id=task.pk, reviewer=reviewer, tier="primary", levels=levels(task, 4, 3))

    split = review_submit(
        task_id=task.pk, reviewer=senior, tier="senior", levels=levels(task, 1, 3)
    )
    assert split.task.state == State.ADJUDICATION
    assert split.task.final_score is None

    final = review_submit(
        task_id=task.pk, reviewer=second_senior, tier="adjudication", levels=levels(task, 2, 4)
    )

    task.refresh_from_db()
    assert final.task.state == State.DONE == task.state
    clarity, root_cause = criteria_of(task)
    assert task.final_levels == {str(clarity): 2, str(root_cause): 4}
    assert task.final_score == pytest.approx((1 * 2 / 4 + 3 * 4 / 4) / 4)
    assert list(Review.objects.filter(task=task).order_by("id").values_list("tier", flat=True)) == [
        "primary",
        "senior",
        "adjudication",
    ]


def test_an_owner_may_re_score_without_the_senior_flag(org, assessment, reviewer):
    owner = member(org, Membership.Role.OWNER)
    task = one_task(org, assessment, sampled=True)
    review_submit(task_id=task.pk, reviewer=reviewer, tier="primary", levels=levels(task, 2, 2))

    review = review_submit(
        task_id=task.pk, reviewer=owner, tier="senior", levels=levels(task, 2, 2)
    )

    assert review.task.state == State.DONE


def test_the_done_hook_scores_the_attempt(
    org, assessment, reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    task = one_task(org, assessment, sampled=False)
    attempt_id = task.response.attempt_id
    queued = []
    monkeypatch.setattr(assessment_services, "attempt_scoring_enqueue", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        review_submit(task_id=task.pk, reviewer=reviewer, tier="primary", levels=levels(task, 1, 1))

    assert queued == [attempt_id]


def test_a_finished_review_flows_into_the_composite_idempotently(
    org, assessment, reviewer, django_capture_on_commit_callbacks
):
    """Eager Celery: the done hook scores the attempt and its current report gets the
    rationale component, the mean of its finished tasks' scores; scoring again changes
    nothing until another review finishes."""
    attempt = submitted_attempt(assessment=assessment)
    tasks = {t.source: t for t in tasks_for(attempt)}
    ReviewTask.objects.update(senior_sampled=False)

    with django_capture_on_commit_callbacks(execute=True):
        review_submit(
            task_id=tasks["rationale"].pk,
            reviewer=reviewer,
            tier="primary",
            levels=levels(tasks["rationale"], 4, 4),
        )

    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SCORED
    report = ScoreReport.objects.get(attempt=attempt, is_current=True)
    assert report.components["rationale"] == pytest.approx(1.0)

    assert attempts_score([attempt.pk]) == 0  # rescoring is idempotent
    assert ScoreReport.objects.filter(attempt=attempt).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        review_submit(
            task_id=tasks["free_text"].pk,
            reviewer=reviewer,
            tier="primary",
            levels=levels(tasks["free_text"], 0, 2),
        )

    report = ScoreReport.objects.get(attempt=attempt, is_current=True)
    assert report.components["rationale"] == pytest.approx((1.0 + (3 * 2 / 4) / 4) / 2)
    assert ScoreReport.objects.filter(attempt=attempt).count() == 2


# --- Refusals --------------------------------------------------------------------------------


def refusal(**kwargs) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        review_submit(**kwargs)
    return caught.value


def test_a_tier_the_task_is_not_waiting_for_is_refused(org, assessment, reviewer, senior):
    task = one_task(org, assessment, sampled=True)

    error = refusal(task_id=task.pk, reviewer=senior, tier="senior", levels=levels(task, 2, 2))
    assert error.field == "tier"
    assert error.message == (
        "This answer is not waiting for a senior re-score: it is awaiting review."
    )
    error = refusal(task_id=task.pk, reviewer=reviewer, tier="final", levels=levels(task, 2, 2))
    assert "“final” is not a review tier" in error.message
    assert not Review.objects.exists()


def test_who_may_do_which_tier(org, assessment, reviewer, recruiter, senior, other_recruiter):
    task = one_task(org, assessment, sampled=True)
    error = refusal(task_id=task.pk, reviewer=recruiter, tier="primary", levels=levels(task, 2, 2))
    assert error.message == "Only reviewers, hiring managers and owners review answers."
    error = refusal(
        task_id=task.pk, reviewer=other_recruiter, tier="primary", levels=levels(task, 2, 2)
    )
    assert error.message == "Only members of this organisation review its answers."

    review_submit(task_id=task.pk, reviewer=reviewer, tier="primary", levels=levels(task, 2, 2))
    plain = member(org)
    error = refusal(task_id=task.pk, reviewer=plain, tier="senior", levels=levels(task, 2, 2))
    assert error.message == "Only senior reviewers (and owners) re-score and adjudicate answers."


def test_a_senior_does_not_re_score_their_own_review_nor_adjudicate_it(
    org, assessment, senior, second_senior
):
    task = one_task(org, assessment, sampled=True)
    review_submit(task_id=task.pk, reviewer=senior, tier="primary", levels=levels(task, 4, 4))

    error = refusal(task_id=task.pk, reviewer=senior, tier="senior", levels=levels(task, 0, 0))
    assert error.message == (
        "You gave this answer its first review; another senior reviewer re-scores it."
    )

    review_submit(task_id=task.pk, reviewer=second_senior, tier="senior", levels=levels(task, 0, 0))
    for person in (senior, second_senior):
        error = refusal(
            task_id=task.pk, reviewer=person, tier="adjudication", levels=levels(task, 2, 2)
        )
        assert error.message == (
            "You scored this answer already; someone who has not seen it adjudicates."
        )
    assert ReviewTask.objects.get(pk=task.pk).state == State.ADJUDICATION


def test_a_finished_task_takes_no_more_reviews(org, assessment, reviewer):
    task = one_task(org, assessment, sampled=False)
    review_submit(task_id=task.pk, reviewer=reviewer, tier="primary", levels=levels(task, 2, 2))

    error = refusal(
        task_id=task.pk, reviewer=member(org), tier="primary", levels=levels(task, 2, 2)
    )
    assert error.message == "This answer's review is finished; nothing is left to score."


def test_bad_levels_are_refused_with_a_message_per_criterion(org, assessment, reviewer):
    task = one_task(org, assessment, sampled=False)
    clarity, root_cause = criteria_of(task)

    with pytest.raises(ReviewScoresError) as caught:
        review_submit(task_id=task.pk, reviewer=reviewer, tier="primary", levels={clarity: 7})

    error = caught.value
    assert error.message == f"Level 7 for “{CLARITY}” is outside the scale 0–4."
    assert error.as_dict() == {
        "scores": [
            f"Level 7 for “{CLARITY}” is outside the scale 0–4.",
            "Score every criterion: “Names the root cause” has no level.",
        ]
    }
    foreign = rubric_with_levels(organization=org, name="Other").criteria.first()
    with pytest.raises(ReviewScoresError) as caught:
        review_submit(
            task_id=task.pk,
            reviewer=reviewer,
            tier="primary",
            levels={clarity: 1, root_cause: 1, foreign.pk: 2},
        )
    assert caught.value.problems == {
        f"criterion_{foreign.pk}": f"Criterion {foreign.pk} is not part of this rubric."
    }
    assert not Review.objects.exists()
    assert not CriterionScore.objects.exists()
    assert ReviewTask.objects.get(pk=task.pk).state == State.PRIMARY
    assert not Rubric.objects.get(pk=task.rubric_id).is_frozen


def test_one_reviewer_may_score_both_texts_of_one_answer(org, assessment, reviewer):
    """A free-text answer that is also a hardest decision has a rationale too: two tasks,
    each reviewed once per tier — by the same person if the queue gives them both."""
    attempt = submitted_attempt(assessment=assessment)
    free = attempt.responses.get(item__kind="free_text")
    free.rationale = "I kept it to two sentences as asked."
    free.save()
    tasks = [t for t in tasks_for(attempt) if t.response_id == free.pk]
    assert {t.source for t in tasks} == {"rationale", "free_text"}
    ReviewTask.objects.filter(pk__in=[t.pk for t in tasks]).update(senior_sampled=False)

    for task in tasks:
        review_submit(task_id=task.pk, reviewer=reviewer, tier="primary", levels=levels(task, 1, 1))

    assert Review.objects.filter(response=free, reviewer=reviewer, tier="primary").count() == 2
    assert not ReviewTask.objects.filter(response=free).exclude(state=State.DONE).exists()


# --- The senior share -----------------------------------------------------------------------


def test_owners_and_hiring_managers_set_the_share_and_pending_tasks_are_drawn_again(
    org, assessment, hiring_manager, reviewer
):
    org.senior_review_share = Decimal("0")
    org.save()
    attempts = [submitted_attempt(assessment=assessment) for _ in range(3)]
    review_tasks_create([a.pk for a in attempts])
    reviewed = ReviewTask.objects.first()
    review_submit(
        task_id=reviewed.pk, reviewer=reviewer, tier="primary", levels=levels(reviewed, 2, 2)
    )

    senior_share_set(organization=org, share="1", by=hiring_manager)

    org.refresh_from_db()
    assert org.senior_review_share == Decimal("1.00")
    assert not ReviewTask.objects.filter(state=State.PRIMARY, senior_sampled=False).exists()
    reviewed.refresh_from_db()
    assert reviewed.state == State.DONE
    assert not reviewed.senior_sampled

    senior_share_set(organization=org, share=Decimal("0.254"), by=hiring_manager)
    org.refresh_from_db()
    assert org.senior_review_share == Decimal("0.25")


@pytest.mark.parametrize("share", ["1.5", "-0.1", "lots", "NaN", None])
def test_a_share_outside_zero_to_one_is_refused(org, hiring_manager, share):
    with pytest.raises(ApplicationError, match="fraction from 0 to 1") as caught:
        senior_share_set(organization=org, share=share, by=hiring_manager)
    assert caught.value.field == "senior_review_share"


def test_only_owners_and_hiring_managers_set_the_share(org, reviewer, recruiter):
    senior = member(org, senior=True)
    for person in (reviewer, recruiter, senior):
        with pytest.raises(ApplicationError, match="Only owners and hiring managers"):
            senior_share_set(organization=org, share="0.5", by=person)
    org.refresh_from_db()
    assert org.senior_review_share == Decimal("0.20")


# --- Reviewer agreement -------------------------------------------------------------------------


def test_a_drifting_reviewer_is_visible(org, assessment, senior):
    steady, drifting = member(org, full_name="Steady Reviewer"), member(org, full_name="Drift Ing")
    plan = [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)]
    for person, reverse in ((steady, False), (drifting, True)):
        for clarity, _ in plan:
            task = one_task(org, assessment, sampled=True)
            mine = 4 - clarity if reverse else clarity
            review_submit(
                task_id=task.pk, reviewer=person, tier="primary", levels=levels(task, mine, 2)
            )
            review_submit(
                task_id=task.pk, reviewer=senior, tier="senior", levels=levels(task, clarity, 2)
            )

    rows = review_selectors.reviewer_agreement_rows(organization=org)

    assert [row["name"] for row in rows] == ["Drift Ing", "Steady Reviewer"]
    drift, steady_row = rows
    assert drift["drifting"]
    assert not steady_row["drifting"]
    assert drift["n"] == steady_row["n"] == 5
    by_name = {c["name"]: c for c in drift["criteria"]}
    assert by_name[CLARITY]["kappa"] == pytest.approx(-1.0)
    assert by_name[CLARITY]["n"] == 5
    assert by_name[CLARITY]["drifting"]
    assert by_name["Names the root cause"]["kappa"] is None  # always 2 on both sides
    assert {c["name"]: c["kappa"] for c in steady_row["criteria"]}[CLARITY] == pytest.approx(1.0)
    mine = review_selectors.reviewer_agreement_rows(organization=org, reviewer_ids=[steady.pk])
    assert [row["reviewer_id"] for row in mine] == [steady.pk]


# --- The summary for the candidate's page ------------------------------------------------------


def test_attempt_review_summaries_in_item_order(
    org, assessment, reviewer, django_assert_max_num_queries
):
    attempt = submitted_attempt(assessment=assessment)
    tasks = {t.source: t for t in tasks_for(attempt)}
    ReviewTask.objects.update(senior_sampled=False)
    review_submit(
        task_id=tasks["error_explanation"].pk,
        reviewer=reviewer,
        tier="primary",
        levels=levels(tasks["error_explanation"], 3, 4),
        comment="Spot on.",
    )

    with django_assert_max_num_queries(5):
        summaries = review_selectors.attempt_review_summaries(attempt_id=attempt.pk)

    assert [s["source"] for s in summaries] == ["rationale", "error_explanation", "free_text"]
    assert [s["item_position"] for s in summaries] == [1, 2, 3]
    rationale, explanation, free = summaries
    assert rationale["text"] == RATIONALE
    assert free["text"] == FREE_TEXT
    assert EXPLANATION in explanation["text"]
    assert rationale["state"] == "primary"
    assert rationale["criteria"] == []
    assert rationale["final_score"] is None
    assert rationale["tiers"] == []
    assert explanation["state"] == "done"
    assert explanation["state_label"] == "Done"
    assert explanation["final_score"] == pytest.approx((1 * 3 / 4 + 3 * 4 / 4) / 4)
    assert explanation["rubric"] == "Written reasoning v1"
    assert explanation["criteria"] == [
        {
            "name": CLARITY,
            "weight": 1.0,
            "level": 3,
            "descriptor": f"{CLARITY}: Gives the deciding reason",
        },
        {
            "name": "Names the root cause",
            "weight": 3.0,
            "level": 4,
            "descriptor": "Names the root cause: Gives the deciding reason and rules out the "
            "alternative",
        },
    ]
    assert explanation["tiers"] == ["primary"]
    assert explanation["comments"] == ["Spot on."]
    assert set(explanation) == {
        "task_id", "source", "source_label", "item_id", "item_position", "text", "state",
        "state_label", "final_score", "rubric", "criteria", "tiers", "comments",
    }  # fmt: skip


def test_an_author_attaching_a_rubric_puts_submitted_answers_in_the_queue(
    org, assessment, hiring_manager
):
    from assessments.authoring.services import assessment_update

    assessment.rubric = None
    assessment.save(update_fields=["rubric"])
    attempt = submitted_attempt(assessment=assessment)
    assert review_tasks_create([attempt.pk]) == 0  # no rubric: nothing to review against

    rubric = rubric_with_levels(organization=org, name="Written reasoning, attached late")
    assessment_update(assessment=assessment, by=hiring_manager, rubric=rubric)

    assert ReviewTask.objects.filter(response__attempt=attempt, rubric=rubric).count() == 3
