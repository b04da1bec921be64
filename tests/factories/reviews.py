"""Rubrics with anchored levels, submitted attempts with written answers, and the review
tasks made from them — for the blind two-tier review tests."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from assessments.models import Attempt, Response
from hiring.models import Membership
from rubrics.models import Criterion, CriterionLevel, Rubric
from rubrics.review.services import review_tasks_create
from tests.factories.accounts import UserFactory
from tests.factories.assessments import AttemptFactory
from tests.factories.attempts import assessment_with_every_kind
from tests.factories.hiring import MembershipFactory

CLARITY = "Clarity for an engineer"
ROOT_CAUSE = "Names the root cause"
DESCRIPTORS = (
    "Missing or unrelated",
    "Restates the answer",
    "Gives a reason, vaguely",
    "Gives the deciding reason",
    "Gives the deciding reason and rules out the alternative",
)

# What a candidate writes, per item kind: a rationale, a free text, error explanations.
RATIONALE = "Ninety days' notice without cause is termination for convenience."
FREE_TEXT = "Neither side may share the other's confidential information."
EXPLANATION = "It drops the carve-out for fraud, which the clause keeps."
ANSWERS = {
    "single_choice": "Termination for convenience",
    "error_identification": [
        {"has_error": False, "category": None, "explanation": ""},
        {"has_error": True, "category": "omitted_exception", "explanation": EXPLANATION},
    ],
    "free_text": FREE_TEXT,
}


def rubric_with_levels(
    *, organization, name: str = "Written reasoning", criteria=((CLARITY, 1), (ROOT_CAUSE, 3))
) -> Rubric:
    """A rubric whose criteria (name, weight) each have the five anchored levels 0–4."""
    rubric = Rubric.objects.create(
        organization=organization,
        name=name,
        edge_case_guide="If the answer hedges between two readings, score the better one.",
    )
    for position, (criterion_name, weight) in enumerate(criteria, start=1):
        criterion = Criterion.objects.create(
            rubric=rubric, position=position, name=criterion_name, weight=Decimal(weight)
        )
        CriterionLevel.objects.bulk_create(
            CriterionLevel(
                criterion=criterion,
                score=score,
                descriptor=f"{criterion_name}: {descriptor}",
                example=f"Example at level {score}",
            )
            for score, descriptor in enumerate(DESCRIPTORS)
        )
    return rubric


def reviewed_assessment(*, organization, rubric=None, kinds=tuple(ANSWERS)):
    """An assessment with a rubric and items of ``kinds`` (default: a choice item that gets
    a rationale, an error identification and a free text)."""
    rubric = rubric or rubric_with_levels(organization=organization)
    return assessment_with_every_kind(organization=organization, kinds=kinds, rubric=rubric)


def submitted_attempt(
    *, assessment, candidate=None, answers=None, rationale: str = RATIONALE
) -> Attempt:
    """A submitted attempt answering every item; the first item gets ``rationale``."""
    answers = {**ANSWERS, **(answers or {})}
    started = timezone.now() - timedelta(hours=1)
    items = list(assessment.items.order_by("position"))
    attempt = AttemptFactory(
        assessment=assessment,
        candidate=candidate or UserFactory(),
        state=Attempt.State.SUBMITTED,
        started_at=started,
        deadline=started + timedelta(minutes=45),
        submitted_at=started + timedelta(minutes=30),
        item_order=[item.pk for item in items],
    )
    Response.objects.bulk_create(
        Response(
            attempt=attempt,
            item=item,
            answer=answers.get(item.kind),
            rationale=rationale if number == 0 else "",
            hardest=number == 0,
            time_spent_ms=60_000,
        )
        for number, item in enumerate(items)
    )
    return attempt


def tasks_for(attempt: Attempt):
    """The attempt's review tasks (made if need be), rationale first."""
    from rubrics.models import ReviewTask

    review_tasks_create([attempt.pk])
    return list(ReviewTask.objects.filter(response__attempt=attempt).order_by("id"))


def member(organization, role=Membership.Role.REVIEWER, *, senior=False, **user_fields):
    return MembershipFactory(
        organization=organization,
        role=role,
        is_senior_reviewer=senior,
        user=UserFactory(**user_fields),
    ).user
