"""Reads for the authoring pages and API. Gold is joined only by ``items_with_gold``,
which only authors' views call."""

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from assessments.models import Assessment, Attempt, GoldChange, Item
from core.access import PIPELINE_ROLES
from hiring.models import Organization, Role
from rubrics.models import Rubric

# Who sees the assessment and its items (never the gold unless ``Access.sees_gold``).
ASSESSMENT_READER_ROLES = PIPELINE_ROLES


def _with_state(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return assessments.select_related("rubric", "organization").annotate(
        item_count=Count("items", distinct=True),
        has_attempts=Exists(Attempt.objects.filter(assessment=OuterRef("pk"))),
    )


def assessment_list(*, organization: Organization) -> QuerySet[Assessment]:
    return _with_state(Assessment.objects.for_organization(organization)).order_by(
        "title", "-version"
    )


def assessment_get(*, user, slug: str, pk: int, roles=ASSESSMENT_READER_ROLES) -> Assessment:
    """The assessment if the user holds one of ``roles`` in its organisation, else 404."""
    assessments = _with_state(Assessment.objects.for_user(user, roles=roles))
    return get_object_or_404(assessments, organization__slug=slug, pk=pk)


def assessments_for_user(*, user, roles=ASSESSMENT_READER_ROLES) -> QuerySet[Assessment]:
    return _with_state(Assessment.objects.for_user(user, roles=roles)).order_by(
        "organization__name", "title", "-version"
    )


def is_frozen(assessment: Assessment) -> bool:
    """``frozen_at`` set or any attempt started (annotated by the getters above)."""
    has_attempts = getattr(assessment, "has_attempts", None)
    if has_attempts is None:
        has_attempts = assessment.attempts.exists()
    return assessment.frozen_at is not None or has_attempts


def items_without_gold(*, assessment: Assessment) -> QuerySet[Item]:
    return Item.objects.filter(assessment=assessment).order_by("position")


def items_with_gold(*, assessment: Assessment) -> QuerySet[Item]:
    """Items with their hidden gold joined: for authors only."""
    return items_without_gold(assessment=assessment).select_related("gold")


def item_get(*, assessment: Assessment, pk: int) -> Item:
    return get_object_or_404(
        Item.objects.filter(assessment=assessment).select_related("gold"), pk=pk
    )


def gold_history(*, assessment: Assessment) -> QuerySet[GoldChange]:
    return GoldChange.objects.filter(assessment=assessment).select_related("changed_by", "item")


def roles_using(*, assessment: Assessment) -> QuerySet[Role]:
    return Role.objects.filter(assessment=assessment).order_by("title")


def kind_counts(*, assessment: Assessment) -> list[tuple[str, int]]:
    counts = dict(
        Item.objects.filter(assessment=assessment)
        .order_by()
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return [(label, counts[kind]) for kind, label in Item.Kind.choices if kind in counts]


def rubric_choices(*, organization: Organization):
    return (
        Rubric.objects.for_organization(organization)
        .filter(next_versions__isnull=True)
        .order_by("name")
    )


def assessments_for_organization(*, organization: Organization) -> QuerySet[Assessment]:
    return (
        Assessment.objects.for_organization(organization)
        .annotate(item_count=Count("items", distinct=True))
        .order_by("title", "-version")
    )
