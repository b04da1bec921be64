"""Reads of blind two-tier review: the queue, the blind task, adjudication, agreement.

Blind means what a reviewer reads of a task is the item (as the candidate saw it), the
candidate's answer and the text under review, and the rubric: never who wrote it (name,
e-mail, country, institution, profile), never the attempt's score or report, never gold.
Every read here goes from the task to its response and item only; nothing joins the
candidate, the attempt's reports or ``GoldAnswer``.

Who may use the queue and score at which tier is ``core.access``'s to say (owners, hiring
managers and reviewers, and any member marked as a senior reviewer; another organisation's
tasks are a 404, a recruiter gets a 403).
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NotRequired, TypedDict

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from assessments.models import Item
from assessments.results.display import KIND_LABELS
from core.access import Access
from hiring.models import Organization
from rubrics.models import Criterion, CriterionLevel, CriterionScore, Review, ReviewTask, Rubric
from rubrics.review import arithmetic as review_math

Tier = Review.Tier
State = ReviewTask.State
SOURCE_ORDER = {source: number for number, source in enumerate(review_math.SOURCES)}
# The queue's tabs: the state shown, its label, and the tier a reviewer scores there.
TABS = (
    (State.PRIMARY, "To review"),
    (State.SENIOR, "Senior re-score"),
    (State.ADJUDICATION, "Adjudication"),
    (State.DONE, "Done"),
)
TIERS: tuple[str, ...] = (Tier.PRIMARY, Tier.SENIOR, Tier.ADJUDICATION)

# What a task row needs of its response and item: no candidate, no report, no gold.
_TASK_FIELDS = (
    "id",
    "organization_id",
    "response_id",
    "source",
    "rubric_id",
    "state",
    "senior_sampled",
    "final_score",
    "final_levels",
    "created_at",
    "finished_at",
    "rubric__id",
    "rubric__name",
    "rubric__version",
    "rubric__edge_case_guide",
    "response__id",
    "response__item_id",
    "response__answer",
    "response__rationale",
    "response__flagged_ambiguous",
    "response__ambiguity_note",
    "response__item__id",
    "response__item__position",
    "response__item__kind",
    "response__item__prompt",
    "response__item__content",
    "response__item__options",
)


# --- The queue ------------------------------------------------------------------------------


def _tasks(organization: Organization) -> QuerySet[ReviewTask]:
    return (
        ReviewTask.objects.for_organization(organization)
        .select_related("rubric", "response__item")
        .only(*_TASK_FIELDS)
    )


def queue_counts(*, organization: Organization) -> dict[str, int]:
    """Tasks per state, zeros included: one GROUP BY query (for the tabs and dashboards)."""
    counts = dict(
        ReviewTask.objects.for_organization(organization)
        .order_by()
        .values("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return {state.value: counts.get(state.value, 0) for state in State}


def review_queue(*, organization: Organization, state: str, user=None) -> QuerySet[ReviewTask]:
    """Tasks in ``state``, oldest first (done: most recently finished first). With
    ``user``, each task says whether that user has reviewed it (``reviewed_by_me``)."""
    tasks = _tasks(organization).filter(state=state)
    if user is not None:
        tasks = tasks.annotate(
            reviewed_by_me=Exists(Review.objects.filter(task=OuterRef("pk"), reviewer=user))
        )
    if state == State.DONE:
        return tasks.order_by("-finished_at", "-id")
    return tasks.order_by("created_at", "id")


class QueueRow(TypedDict):
    """One task of the queue, blind (no candidate, no score before it is done)."""

    id: int
    task: ReviewTask
    source: str
    source_label: str
    state: str
    state_label: str
    item_id: int
    item_position: int
    item_kind: str
    kind_label: str
    item_prompt: str
    rubric_id: int
    rubric: str
    text: str
    created_at: datetime
    finished_at: datetime | None
    final_score: float | None
    reviewed_by_me: bool


def queue_row(task: ReviewTask) -> QueueRow:
    """One task of the queue, blind, as the pages and the API list it."""
    item = task.response.item
    return {
        "id": task.pk,
        "task": task,
        "source": task.source,
        "source_label": ReviewTask.Source(task.source).label,
        "state": task.state,
        "state_label": State(task.state).label,
        "item_id": item.pk,
        "item_position": item.position,
        "item_kind": item.kind,
        "kind_label": KIND_LABELS.get(item.kind, item.kind),
        "item_prompt": item.prompt,
        "rubric_id": task.rubric_id,
        "rubric": str(task.rubric),
        "text": task_text(task),
        "created_at": task.created_at,
        "finished_at": task.finished_at,
        "final_score": task.final_score if task.state == State.DONE else None,
        "reviewed_by_me": bool(getattr(task, "reviewed_by_me", False)),
    }


def _unscored_by(tasks: QuerySet[ReviewTask], reviewer) -> QuerySet[ReviewTask]:
    """The tasks ``reviewer`` has not scored at any tier."""
    return tasks.exclude(Exists(Review.objects.filter(task=OuterRef("pk"), reviewer=reviewer)))


def _eligible(organization: Organization, reviewer, tier: str) -> QuerySet[ReviewTask]:
    """Tasks waiting for ``tier`` that ``reviewer`` has not scored at any tier."""
    return _unscored_by(_tasks(organization).filter(state=tier), reviewer).order_by(
        "created_at", "id"
    )


def waiting_for(*, organization: Organization, reviewer, tiers: Sequence[str]) -> int:
    """How many tasks wait for one of ``tiers`` (the tiers the reviewer may score) that
    ``reviewer`` has not scored yet: one query."""
    if not tiers:
        return 0
    tasks = ReviewTask.objects.for_organization(organization).filter(state__in=tiers)
    return _unscored_by(tasks, reviewer).count()


def next_task_for(
    *, reviewer, organization: Organization, tier: str, after: ReviewTask | None = None
) -> ReviewTask | None:
    """The oldest task waiting for ``tier`` that ``reviewer`` may score; with ``after``
    (skipping a task), the next one after it in the queue, wrapping round to the oldest."""
    tasks = _eligible(organization, reviewer, tier)
    if after is None:
        return tasks.first()
    later = tasks.filter(
        Q(created_at__gt=after.created_at) | Q(created_at=after.created_at, id__gt=after.pk)
    ).first()
    return later or tasks.exclude(pk=after.pk).first()


def task_get(*, organization: Organization, pk: int) -> ReviewTask:
    """A task of this organisation, or 404."""
    return get_object_or_404(_tasks(organization), pk=pk)


# --- One task, blind ------------------------------------------------------------------------


def task_text(task: ReviewTask) -> str:
    """The text under review (from the task's response, already read)."""
    response = task.response
    texts = review_math.review_texts(response.item.kind, response.answer, response.rationale)
    return texts.get(task.source, "")


@dataclass
class BlindTask:
    """Everything a reviewer sees of a task: nothing about who wrote it, nor their score."""

    task: ReviewTask
    item: Item
    answer: object  # the candidate's answer to show with the item (None: not shown)
    text: str
    source_label: str
    kind_label: str
    flagged_ambiguous: bool
    ambiguity_note: str
    rubric: Rubric
    criteria: list["CriterionShown"] = field(default_factory=list)


class LevelShown(TypedDict):
    score: int
    descriptor: str  # empty while the author has not described the level
    example: str


class CriterionShown(TypedDict):
    """A criterion as the reviewer scores it; the task page adds the posted level and
    its refusal."""

    id: int
    name: str
    description: str
    weight: float
    levels: list[LevelShown]
    error: NotRequired[str | None]
    chosen: NotRequired[int | None]


def rubric_criteria(*, rubric_id: int) -> list[CriterionShown]:
    """The rubric's criteria in order, each with its five anchored levels (0–4; a level the
    author has not described yet has an empty descriptor). Two queries."""
    criteria = (
        Criterion.objects.filter(rubric_id=rubric_id)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "levels", queryset=CriterionLevel.objects.order_by("score"), to_attr="anchored"
            )
        )
    )
    rows: list[CriterionShown] = []
    for criterion in criteria:
        by_score = {level.score: level for level in criterion.anchored}
        rows.append(
            {
                "id": criterion.pk,
                "name": criterion.name,
                "description": criterion.description,
                "weight": float(criterion.weight),
                "levels": [
                    {
                        "score": score,
                        "descriptor": by_score[score].descriptor if score in by_score else "",
                        "example": by_score[score].example if score in by_score else "",
                    }
                    for score in review_math.LEVELS
                ],
            }
        )
    return rows


def blind_task(*, task: ReviewTask) -> BlindTask:
    """The task as a reviewer sees it. The item comes with the candidate's answer (for a
    rationale or error explanations) — except for a free-text answer, which is the text
    under review itself."""
    response = task.response
    return BlindTask(
        task=task,
        item=response.item,
        answer=None if task.source == review_math.FREE_TEXT else response.answer,
        text=task_text(task),
        source_label=ReviewTask.Source(task.source).label,
        kind_label=KIND_LABELS.get(response.item.kind, response.item.kind),
        flagged_ambiguous=response.flagged_ambiguous,
        ambiguity_note=response.ambiguity_note if response.flagged_ambiguous else "",
        rubric=task.rubric,
        criteria=rubric_criteria(rubric_id=task.rubric_id),
    )


def my_review(*, task: ReviewTask, reviewer) -> Review | None:
    return Review.objects.filter(task=task, reviewer=reviewer).only("id", "tier").first()


@dataclass(frozen=True)
class TaskAccess:
    """What one member may do with one task: the tier it waits for (None once done),
    whether they may score it, whether they see the scores given so far, and their own
    review of it if any."""

    tier: str | None
    can_score: bool
    show_scores: bool
    mine: Review | None


def task_access(*, task: ReviewTask, access: Access, reviewer) -> TaskAccess:
    """The first scores stay hidden until the task reaches adjudication, and then only
    those who may adjudicate (or run the queue: owners, hiring managers) see them: a
    senior re-scores blind. Once done, everyone who reviews sees how it was settled."""
    mine = my_review(task=task, reviewer=reviewer)
    tier = task.state if task.state != State.DONE else None
    can_score = tier is not None and mine is None and access.may_review_tier(tier)
    show_scores = task.state == State.DONE or (
        task.state == State.ADJUDICATION
        and (access.may_review_tier(Tier.ADJUDICATION) or access.may_set_share)
    )
    return TaskAccess(tier=tier, can_score=can_score, show_scores=show_scores, mine=mine)


# --- Adjudication -----------------------------------------------------------------------------


class TierReview(TypedDict):
    tier: str
    label: str
    comment: str


class CriterionLevels(TypedDict):
    """One criterion of a task's reviews: the level each tier gave, side by side."""

    criterion: CriterionShown
    levels: list[int | None]  # in the order of ``TaskReviews.tiers``
    primary: int | None
    senior: int | None
    adjudication: int | None
    split: bool  # primary and senior more than one level apart
    final: int | None


class TaskReviews(TypedDict):
    tiers: list[TierReview]
    rows: list[CriterionLevels]
    disagreements: int


def task_reviews(*, task: ReviewTask, criteria: list[CriterionShown]) -> TaskReviews:
    """The task's reviews side by side: per criterion the level each tier gave, whether
    the primary and senior levels are more than one apart, and (once done) the level that
    stands. Two queries. Reviewers are named by tier only: the adjudicator judges the
    scores, not the people."""
    reviews = list(Review.objects.filter(task=task).only("id", "tier", "comment"))
    levels: dict[str, dict[int, int]] = defaultdict(dict)
    for tier, criterion_id, level in CriterionScore.objects.filter(review__task=task).values_list(
        "review__tier", "criterion_id", "level"
    ):
        levels[tier][criterion_id] = level
    split = set(
        review_math.disagreements(levels.get(Tier.PRIMARY, {}), levels.get(Tier.SENIOR, {}))
    )
    final = {int(pk): level for pk, level in (task.final_levels or {}).items()}
    order = {tier: number for number, tier in enumerate(TIERS)}
    reviews.sort(key=lambda review: order[review.tier])
    return {
        "tiers": [
            {"tier": r.tier, "label": Tier(r.tier).label, "comment": r.comment} for r in reviews
        ],
        "rows": [
            {
                "criterion": criterion,
                "levels": [levels[r.tier].get(criterion["id"]) for r in reviews],
                "primary": levels.get(Tier.PRIMARY, {}).get(criterion["id"]),
                "senior": levels.get(Tier.SENIOR, {}).get(criterion["id"]),
                "adjudication": levels.get(Tier.ADJUDICATION, {}).get(criterion["id"]),
                "split": criterion["id"] in split,
                "final": final.get(criterion["id"]),
            }
            for criterion in criteria
        ],
        "disagreements": len(split),
    }


# --- Reviewer agreement ---------------------------------------------------------------------


class CriterionAgreement(TypedDict):
    criterion_id: int
    name: str
    rubric: str  # "name vN"
    kappa: float | None
    n: int
    drifting: bool


class ReviewerAgreement(TypedDict):
    """One reviewer's agreement with the senior re-scores, pooled and per criterion."""

    reviewer_id: int
    name: str
    email: str
    n: int
    kappa: float | None
    drifting: bool
    criteria: list[CriterionAgreement]


def reviewer_agreement_rows(
    *, organization: Organization, reviewer_ids: list[int] | None = None
) -> list[ReviewerAgreement]:
    """Per reviewer, how their first reviews agree with the blind senior re-scores of the
    same answers: quadratic-weighted kappa per criterion and over all criteria, the number
    of re-scored answers, and ``drifting`` when a kappa is below ``DRIFT_KAPPA`` over at
    least ``DRIFT_MIN_PAIRS`` answers. Drifting reviewers first. Four queries."""
    rescored = Review.objects.filter(task__organization=organization, tier=Tier.SENIOR)
    scores = CriterionScore.objects.filter(
        review__task__in=rescored.values("task_id"),
        review__tier__in=[Tier.PRIMARY, Tier.SENIOR],
    ).values_list("review__task_id", "review__tier", "review__reviewer_id", "criterion_id", "level")
    tasks: dict[int, dict] = defaultdict(
        lambda: {"reviewer": None, Tier.PRIMARY: {}, Tier.SENIOR: {}}
    )
    for task_id, tier, reviewer_id, criterion_id, level in scores:
        entry = tasks[task_id]
        entry[tier][criterion_id] = level
        if tier == Tier.PRIMARY:
            entry["reviewer"] = reviewer_id
    pairs: dict[int, list] = defaultdict(list)
    for entry in tasks.values():
        if entry["reviewer"] is not None and entry[Tier.SENIOR]:
            pairs[entry["reviewer"]].append((entry[Tier.PRIMARY], entry[Tier.SENIOR]))
    if reviewer_ids is not None:
        pairs = {pk: value for pk, value in pairs.items() if pk in set(reviewer_ids)}
    if not pairs:
        return []
    criterion_ids = {c for reviewer in pairs.values() for primary, _ in reviewer for c in primary}
    criteria = {
        row["id"]: row
        for row in Criterion.objects.filter(pk__in=criterion_ids).values(
            "id", "name", "position", "rubric__name", "rubric__version"
        )
    }
    people = {
        row["id"]: row
        for row in get_user_model()
        .objects.filter(pk__in=list(pairs))
        .values("id", "full_name", "email")
    }
    rows: list[ReviewerAgreement] = []
    for reviewer_id, reviewer_pairs in pairs.items():
        kappas = review_math.reviewer_agreement(reviewer_pairs)
        counts = review_math.pair_counts(reviewer_pairs)
        per_criterion: list[CriterionAgreement] = sorted(
            (
                CriterionAgreement(
                    criterion_id=pk,
                    name=criteria[pk]["name"],
                    rubric=f"{criteria[pk]['rubric__name']} v{criteria[pk]['rubric__version']}",
                    kappa=kappas[pk],
                    n=counts[pk],
                    drifting=review_math.is_drifting(kappas[pk], counts[pk]),
                )
                for pk in kappas
                if pk in criteria
            ),
            key=lambda row: (row["rubric"], criteria[row["criterion_id"]]["position"]),
        )
        pooled = review_math.pooled_agreement(reviewer_pairs)
        person: Mapping[str, Any] = people.get(reviewer_id, {})
        rows.append(
            {
                "reviewer_id": reviewer_id,
                "name": person.get("full_name") or person.get("email") or f"User {reviewer_id}",
                "email": person.get("email", ""),
                "n": len(reviewer_pairs),
                "kappa": pooled,
                "drifting": review_math.is_drifting(pooled, len(reviewer_pairs))
                or any(row["drifting"] for row in per_criterion),
                "criteria": per_criterion,
            }
        )
    return sorted(rows, key=lambda row: (not row["drifting"], row["name"].lower()))


# --- For the candidate's page -----------------------------------------------------------------


class SettledCriterion(TypedDict):
    name: str
    weight: float
    level: int | None
    descriptor: str


class ReviewSummary(TypedDict):
    """One review task of an attempt, as the team's candidate page shows it."""

    task_id: int
    source: str
    source_label: str
    item_id: int
    item_position: int
    text: str
    state: str
    state_label: str
    final_score: float | None
    rubric: str
    criteria: list[SettledCriterion]  # empty until done
    tiers: list[str]
    comments: list[str]


def attempt_review_summaries(*, attempt_id: int) -> list[ReviewSummary]:
    """Each review task of one attempt, in item order: the text, where it stands, the
    settled level per criterion (empty until done), the tiers that scored it and the
    reviewers' comments. For the team's candidate page (the caller scopes the attempt).
    Four queries."""
    tasks = list(
        ReviewTask.objects.filter(response__attempt_id=attempt_id)
        .select_related("rubric", "response__item")
        .only(*_TASK_FIELDS)
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=Review.objects.only("id", "task_id", "tier", "comment").order_by("id"),
                to_attr="review_list",
            )
        )
    )
    tasks.sort(key=lambda t: (t.response.item.position, SOURCE_ORDER.get(t.source, 99), t.pk))
    done_rubrics = {t.rubric_id for t in tasks if t.state == State.DONE}
    criteria: dict[int, list] = defaultdict(list)
    if done_rubrics:
        for criterion in (
            Criterion.objects.filter(rubric_id__in=done_rubrics)
            .order_by("rubric_id", "position")
            .prefetch_related("levels")
        ):
            criteria[criterion.rubric_id].append(criterion)
    order = {tier: number for number, tier in enumerate(TIERS)}
    summaries: list[ReviewSummary] = []
    for task in tasks:
        final = {int(pk): level for pk, level in (task.final_levels or {}).items()}
        rows: list[SettledCriterion] = []
        if task.state == State.DONE:
            for criterion in criteria[task.rubric_id]:
                level = final.get(criterion.pk)
                descriptors = {lv.score: lv.descriptor for lv in criterion.levels.all()}
                rows.append(
                    {
                        "name": criterion.name,
                        "weight": float(criterion.weight),
                        "level": level,
                        "descriptor": descriptors.get(level, ""),
                    }
                )
        reviews = sorted(task.review_list, key=lambda r: order.get(r.tier, 9))
        summaries.append(
            {
                "task_id": task.pk,
                "source": task.source,
                "source_label": ReviewTask.Source(task.source).label,
                "item_id": task.response.item_id,
                "item_position": task.response.item.position,
                "text": task_text(task),
                "state": task.state,
                "state_label": State(task.state).label,
                "final_score": task.final_score,
                "rubric": str(task.rubric),
                "criteria": rows,
                "tiers": [r.tier for r in reviews],
                "comments": [r.comment for r in reviews if r.comment],
            }
        )
    return summaries
