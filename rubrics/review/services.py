"""Writes of blind two-tier review: the queue's tasks, submitted reviews, the senior share.

A written answer enters the queue as a ``ReviewTask`` when its attempt is submitted (the
scoring run calls ``review_tasks_create``) or when a rubric is attached to its assessment
later (``review_tasks_create_for_assessment``). Whether a senior re-scores it blind is
drawn when it enters, from a hash of its key (``arithmetic.sampled_for_senior``).

``review_submit`` moves a task along primary → (senior, if drawn) → (adjudication, if the
two disagree by more than one level on any criterion) → done. When it is done the level
that stands per criterion and the task's score are written, and the attempt is queued for
scoring, which picks the rationale score up (a rescore that changes nothing writes
nothing).
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from assessments.attempts.submission import attempt_rescore_after_commit
from assessments.item_kinds import whole_number
from assessments.models import Assessment, Attempt, Response
from config import json_input
from config.errors import ApplicationError
from core.access import access_of
from hiring.models import Membership, Organization
from rubrics.models import Criterion, CriterionScore, Review, ReviewTask, Rubric
from rubrics.review import arithmetic as review_math

# Attempts whose written answers are reviewed.
REVIEWED_STATES = (Attempt.State.SUBMITTED, Attempt.State.SCORED)
CHUNK = 250

Tier = Review.Tier
State = ReviewTask.State
WAITING_FOR: dict[str, str] = {
    Tier.PRIMARY: "a first review",
    Tier.SENIOR: "a senior re-score",
    Tier.ADJUDICATION: "adjudication",
}


class ReviewScoresError(ApplicationError):
    """A score set that is incomplete or off the scale: every problem, per criterion."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(next(iter(problems.values())), field="scores")
        self.problems = problems

    def as_dict(self) -> dict[str, list[str]]:
        return {"scores": list(self.problems.values())}


# --- Tasks ----------------------------------------------------------------------------------


def sample_key(response_id: int, source: str) -> str:
    """What the senior draw of a task hashes: its response and source, known before the
    task row exists (bulk inserts get no ids back when they skip existing rows)."""
    return f"{response_id}:{source}"


def review_tasks_create(attempt_ids: Iterable[int]) -> int:
    """One task per written answer of these attempts that is not in the queue yet: each
    non-empty rationale, each free-text answer and each error identification with at least
    one explanation. Only submitted or scored attempts of an assessment with a rubric.

    Idempotent (the (response, source) constraint backs the check), and four queries
    whatever the number of attempts. Returns how many tasks it added."""
    attempt_ids = sorted(set(attempt_ids))
    if not attempt_ids:
        return 0
    attempts = {
        row["id"]: row
        for row in Attempt.objects.filter(
            pk__in=attempt_ids, state__in=REVIEWED_STATES, assessment__rubric__isnull=False
        ).values(
            "id",
            "assessment__rubric_id",
            "assessment__organization_id",
            "assessment__organization__senior_review_share",
        )
    }
    if not attempts:
        return 0
    written = (
        Response.objects.filter(attempt_id__in=list(attempts))
        .filter(
            ~Q(rationale="")
            | Q(item__kind__in=[review_math.FREE_TEXT_KIND, review_math.ERROR_IDENTIFICATION_KIND])
        )
        .order_by("id")
        .values_list("id", "attempt_id", "item__kind", "answer", "rationale")
    )
    wanted = [
        (response_id, source, attempts[attempt_id])
        for response_id, attempt_id, kind, answer, rationale in written
        for source in review_math.review_texts(kind, answer, rationale)
    ]
    if not wanted:
        return 0
    existing = set(
        ReviewTask.objects.filter(
            response_id__in=sorted({response_id for response_id, _, _ in wanted})
        ).values_list("response_id", "source")
    )
    new = [
        ReviewTask(
            organization_id=attempt["assessment__organization_id"],
            response_id=response_id,
            source=source,
            rubric_id=attempt["assessment__rubric_id"],
            senior_sampled=review_math.sampled_for_senior(
                sample_key(response_id, source),
                float(attempt["assessment__organization__senior_review_share"]),
            ),
        )
        for response_id, source, attempt in wanted
        if (response_id, source) not in existing
    ]
    ReviewTask.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    return len(new)


def review_tasks_create_for_assessment(assessment_id: int) -> int:
    """After a rubric is attached to an assessment (or replaced by a new version): every
    submitted attempt's written answers enter the queue, and tasks nobody has reviewed yet
    follow the rubric now attached. Returns how many tasks it added."""
    rubric_id = Assessment.objects.values_list("rubric_id", flat=True).get(pk=assessment_id)
    if rubric_id is None:
        return 0
    ReviewTask.objects.filter(
        response__attempt__assessment_id=assessment_id, state=State.PRIMARY
    ).exclude(rubric_id=rubric_id).update(rubric_id=rubric_id)
    attempt_ids = list(
        Attempt.objects.filter(assessment_id=assessment_id, state__in=REVIEWED_STATES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(
        review_tasks_create(attempt_ids[start : start + CHUNK])
        for start in range(0, len(attempt_ids), CHUNK)
    )


# --- Reviews --------------------------------------------------------------------------------


def _tier_refusal(membership: Membership | None, tier: str) -> str | None:
    if membership is None:
        return "Only members of this organisation review its answers."
    if access_of(membership).may_review_tier(tier):
        return None
    if tier == Tier.PRIMARY:
        return "Only reviewers, hiring managers and owners review answers."
    return "Only senior reviewers (and owners) re-score and adjudicate answers."


def _normalised_levels(levels) -> dict:
    """Criterion ids as numbers where they are whole numbers written as text (form posts)."""
    if not isinstance(levels, dict):
        raise ApplicationError("Give a level for each criterion.", field="scores")
    normalised = {}
    for key, level in levels.items():
        if whole_number(key) is not None:
            key = whole_number(key)
        if whole_number(level) is not None:
            level = whole_number(level)
        normalised[key] = level
    return normalised


def _levels_by_tier(task: ReviewTask) -> dict[str, dict[int, int]]:
    by_tier: dict[str, dict[int, int]] = {}
    for tier, criterion_id, level in CriterionScore.objects.filter(review__task=task).values_list(
        "review__tier", "criterion_id", "level"
    ):
        by_tier.setdefault(tier, {})[criterion_id] = level
    return by_tier


def _check_reviewer(task: ReviewTask, reviewer, tier: str) -> None:
    """A senior does not re-score their own review; an adjudicator is neither of the two."""
    earlier = dict(Review.objects.filter(task=task).values_list("tier", "reviewer_id"))
    if tier == Tier.SENIOR and earlier.get(Tier.PRIMARY) == reviewer.pk:
        raise ApplicationError(
            "You gave this answer its first review; another senior reviewer re-scores it.",
            field="tier",
        )
    if tier == Tier.ADJUDICATION and reviewer.pk in earlier.values():
        raise ApplicationError(
            "You scored this answer already; someone who has not seen it adjudicates.",
            field="tier",
        )


@transaction.atomic
def review_submit(
    *, task_id: int, reviewer: User, tier: str, levels: dict, comment: str = ""
) -> Review:
    """Scores one task at its current tier, blind, criterion by criterion, and moves it on.

    Refuses (``ApplicationError``) a tier the task is not waiting for, a tier the reviewer
    may not do, a reviewer who scored the task already, and levels that are missing, off
    the 0–4 scale or of another rubric's criteria. The review's ``task`` carries the task
    as it is afterwards."""
    task = (
        ReviewTask.objects.select_for_update(of=("self",)).select_related("rubric").get(pk=task_id)
    )
    if tier not in Tier.values:
        raise ApplicationError(
            f"“{tier}” is not a review tier; use primary, senior or adjudication.", field="tier"
        )
    if task.state == State.DONE:
        raise ApplicationError("This answer's review is finished; nothing is left to score.")
    if tier != task.state:
        raise ApplicationError(
            f"This answer is not waiting for {WAITING_FOR[tier]}: it is "
            f"{State(task.state).label.lower()}.",
            field="tier",
        )
    membership = Membership.objects.filter(
        user=reviewer, organization_id=task.organization_id
    ).first()
    refusal = _tier_refusal(membership, tier)
    if refusal:
        raise ApplicationError(refusal, field="tier")
    _check_reviewer(task, reviewer, tier)

    criteria = list(
        Criterion.objects.filter(rubric_id=task.rubric_id)
        .order_by("position")
        .values_list("id", "name", "weight")
    )
    if not criteria:
        raise ApplicationError("This rubric has no criteria yet; add them before reviewing.")
    levels = _normalised_levels(levels)
    problems = review_math.score_problems(levels, {pk: name for pk, name, _ in criteria})
    if problems:
        raise ReviewScoresError(problems)

    now = timezone.now()
    review = Review.objects.create(
        task=task,
        response_id=task.response_id,
        rubric_id=task.rubric_id,
        reviewer=reviewer,
        tier=tier,
        comment=json_input.storable((comment or "").strip(), "comment"),
    )
    CriterionScore.objects.bulk_create(
        CriterionScore(review=review, criterion_id=pk, level=levels[pk]) for pk, _, _ in criteria
    )
    Rubric.objects.filter(pk=task.rubric_id, frozen_at__isnull=True).update(frozen_at=now)

    if tier == Tier.PRIMARY:
        task.state = State.SENIOR if task.senior_sampled else State.DONE
    elif tier == Tier.SENIOR:
        by_tier = _levels_by_tier(task)
        split = review_math.disagreements(by_tier[Tier.PRIMARY], by_tier[Tier.SENIOR])
        task.state = State.ADJUDICATION if split else State.DONE
    else:
        task.state = State.DONE
    fields = ["state"]
    if task.state == State.DONE:
        by_tier = _levels_by_tier(task)
        settled = review_math.settled_levels(
            by_tier.get(Tier.PRIMARY, {}),
            by_tier.get(Tier.SENIOR),
            by_tier.get(Tier.ADJUDICATION),
        )
        task.final_levels = {str(pk): level for pk, level in sorted(settled.items())}
        task.final_score = review_math.task_score(
            settled, {pk: float(weight) for pk, _, weight in criteria}
        )
        task.finished_at = now
        fields += ["final_levels", "final_score", "finished_at"]
        attempt_id = Response.objects.values_list("attempt_id", flat=True).get(pk=task.response_id)
        attempt_rescore_after_commit(attempt_id)
    task.save(update_fields=fields)
    review.task = task
    return review


# --- Settings -------------------------------------------------------------------------------


def _share(value) -> Decimal:
    message = "The senior share is a fraction from 0 to 1, for example 0.2 for 20%."
    try:
        share = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ApplicationError(message, field="senior_review_share") from None
    if not share.is_finite() or not Decimal(0) <= share <= Decimal(1):
        raise ApplicationError(message, field="senior_review_share")
    return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def senior_share_set(*, organization: Organization, share, by) -> Organization:
    """Sets the share of answers a senior re-scores blind (owners and hiring managers).

    Answers still waiting for their first review are drawn again at the new share (the
    draw is a fixed hash per answer, so raising the share only adds answers); answers
    already reviewed keep their draw."""
    membership = Membership.objects.filter(user=by, organization=organization).first()
    if not access_of(membership, organization).may_set_share:
        raise ApplicationError("Only owners and hiring managers set the senior review share.")
    share = _share(share)
    organization.senior_review_share = share
    organization.save(update_fields=["senior_review_share"])
    pending = ReviewTask.objects.filter(organization=organization, state=State.PRIMARY)
    drawn = {
        pk
        for pk, response_id, source in pending.values_list("pk", "response_id", "source")
        if review_math.sampled_for_senior(sample_key(response_id, source), share)
    }
    pending.filter(pk__in=drawn).exclude(senior_sampled=True).update(senior_sampled=True)
    pending.exclude(pk__in=drawn).exclude(senior_sampled=False).update(senior_sampled=False)
    return organization
