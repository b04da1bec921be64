"""Reads on the assessment side. Candidate-facing reads never touch ``GoldAnswer``."""

from django.db.models import Count, QuerySet

from assessments.models import Assessment, Attempt
from hiring.models import Organization


def assessments_for_organization(*, organization: Organization) -> QuerySet[Assessment]:
    return (
        Assessment.objects.for_organization(organization)
        .annotate(item_count=Count("items", distinct=True))
        .order_by("title", "-version")
    )


def attempts_of_candidate(*, user) -> QuerySet[Attempt]:
    return (
        Attempt.objects.filter(candidate=user)
        .select_related("assessment", "payment")
        .only(
            "id",
            "state",
            "started_at",
            "deadline",
            "submitted_at",
            "payment__state",
            "pay_amount",
            "pay_currency",
            "assessment__title",
            "assessment__version",
        )
        .order_by("-started_at")
    )
