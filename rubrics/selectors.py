"""Reads for the rubric builder (pages and API). Every query is scoped to the organisation.

Every member reads rubrics — reviewers score against them — and only owners and hiring
managers write them; another organisation's rubric is a 404.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from assessments.models import Assessment
from hiring.models import Organization
from rubrics.models import Criterion, CriterionLevel, Review, ReviewTask, Rubric


class RubricState(TypedDict):
    """What ``_with_state`` annotates on a rubric."""

    is_latest: bool  # no later version
    has_reviews: bool  # any review scored against it


class UsedBy(TypedDict):
    """What ``attach_assessments`` sets on a rubric."""

    assessments_using: list[Assessment]  # title order


class WeightShare(TypedDict):
    """What ``criteria_with_shares`` sets on a criterion."""

    share: Decimal | int  # its weight's share of the rubric's total (0 when there is none)


if TYPE_CHECKING:  # django-stubs' types, not installed in production
    from django_stubs_ext import WithAnnotations

    RubricWithState = WithAnnotations[Rubric, RubricState]
    RubricInUse = WithAnnotations[Rubric, UsedBy]
    CriterionWithShare = WithAnnotations[Criterion, WeightShare]


def _criteria_prefetch() -> Prefetch:
    return Prefetch(
        "criteria",
        queryset=Criterion.objects.order_by("position").prefetch_related(
            Prefetch("levels", queryset=CriterionLevel.objects.order_by("score"))
        ),
    )


def _with_state(rubrics: QuerySet[Rubric]) -> "QuerySet[RubricWithState]":
    """``is_latest`` (no later version) and ``has_reviews`` (any review scored against it)."""
    reviewed = Review.objects.filter(Q(rubric=OuterRef("pk")) | Q(task__rubric=OuterRef("pk")))
    return rubrics.annotate(
        is_latest=~Exists(Rubric.objects.filter(previous=OuterRef("pk"))),
        has_reviews=Exists(reviewed),
    )


def rubric_get(*, user, slug: str, pk: int) -> "RubricWithState":
    """One rubric with its criteria and their levels, in order (three queries)."""
    rubrics = _with_state(Rubric.objects.for_user(user))
    return get_object_or_404(
        rubrics.select_related("organization", "previous").prefetch_related(_criteria_prefetch()),
        organization__slug=slug,
        pk=pk,
    )


def rubrics_latest(*, organization: Organization, with_criteria: bool = True) -> QuerySet[Rubric]:
    """The current version of each of the organisation's rubrics, with ``criterion_count``
    and (unless told not to) their criteria and levels prefetched."""
    rubrics = (
        _with_state(Rubric.objects.for_organization(organization))
        .filter(is_latest=True)
        .select_related("organization")
        .annotate(criterion_count=Count("criteria", distinct=True))
        .order_by("name")
    )
    return rubrics.prefetch_related(_criteria_prefetch()) if with_criteria else rubrics


def attach_assessments(rubrics: Sequence[Rubric]) -> "list[RubricInUse]":
    """Sets ``assessments_using`` (title order) on each rubric: one query for all."""
    by_rubric: dict[int, list[Assessment]] = {rubric.pk: [] for rubric in rubrics}
    if by_rubric:
        assessments = (
            Assessment.objects.filter(rubric__in=list(by_rubric))
            .only("id", "title", "version", "rubric_id")
            .order_by("title", "-version")
        )
        for assessment in assessments:
            if assessment.rubric_id is not None:  # the filter's rubrics
                by_rubric[assessment.rubric_id].append(assessment)
    used = cast("list[RubricInUse]", list(rubrics))
    for rubric in used:
        rubric.assessments_using = by_rubric[rubric.pk]
    return used


def criteria_with_shares(*, rubric: Rubric) -> "list[CriterionWithShare]":
    """The rubric's criteria (as prefetched, in order), each with ``share``: its weight's
    share of the total weight."""
    criteria = cast("list[CriterionWithShare]", list(rubric.criteria.all()))
    total_weight = sum(criterion.weight for criterion in criteria)
    for criterion in criteria:
        criterion.share = criterion.weight / total_weight if total_weight else 0
    return criteria


def rubric_list(*, organization: Organization) -> "list[RubricInUse]":
    """The index: the current version of each rubric with the assessments that use it."""
    return attach_assessments(list(rubrics_latest(organization=organization, with_criteria=False)))


def rubric_versions(*, rubric: Rubric) -> list[Rubric]:
    """Every version of this rubric, oldest first, found by following ``previous`` both
    ways (a rename keeps the history). One query, whatever the number of versions."""
    rows = {
        row.pk: row
        for row in Rubric.objects.for_organization(rubric.organization_id)
        .only("id", "name", "version", "previous_id", "frozen_at", "created_at")
        .order_by("version", "id")
    }
    following = {row.previous_id: row for row in rows.values() if row.previous_id}
    first = rows[rubric.pk]
    while first.previous_id in rows:
        first = rows[first.previous_id]
    chain = [first]
    while chain[-1].pk in following:
        chain.append(following[chain[-1].pk])
    return chain


@dataclass(frozen=True)
class RubricUsage:
    reviews: int
    tasks_waiting: int
    frozen: bool

    @property
    def locked(self) -> bool:
        """Edits make a new version (a review has used this one, or it was frozen)."""
        return self.frozen or self.reviews > 0


def rubric_usage(*, rubric: Rubric) -> RubricUsage:
    """How many reviews scored against the rubric, and how many answers still wait for
    their first review against it."""
    reviews = Review.objects.filter(Q(rubric=rubric) | Q(task__rubric=rubric)).count()
    waiting = (
        ReviewTask.objects.filter(rubric=rubric, state=ReviewTask.State.PRIMARY)
        .filter(~Exists(Review.objects.filter(task=OuterRef("pk"))))
        .count()
    )
    return RubricUsage(reviews=reviews, tasks_waiting=waiting, frozen=rubric.is_frozen)


def assessments_using(*, rubric: Rubric) -> QuerySet[Assessment]:
    return Assessment.objects.for_organization(rubric.organization_id).filter(rubric=rubric)


class LevelInput(TypedDict):
    score: int
    descriptor: str
    example: str


class CriterionInput(TypedDict):
    name: str
    description: str
    weight: Decimal
    levels: list[LevelInput]


class RubricInput(TypedDict):
    """A rubric as the services, the edit form and the API take it."""

    name: str
    edge_case_guide: str
    criteria: list[CriterionInput]


def rubric_input(*, rubric: Rubric) -> RubricInput:
    """The rubric in the shape the services take (for the edit form and API PATCH).
    Uses the prefetched criteria and levels when present."""
    return {
        "name": rubric.name,
        "edge_case_guide": rubric.edge_case_guide,
        "criteria": [
            {
                "name": criterion.name,
                "description": criterion.description,
                "weight": criterion.weight,
                "levels": [
                    {"score": level.score, "descriptor": level.descriptor, "example": level.example}
                    for level in criterion.levels.all()
                ],
            }
            for criterion in rubric.criteria.all()
        ],
    }
