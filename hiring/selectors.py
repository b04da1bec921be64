"""Reads for the team side. Every query is scoped through ``for_user``."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from assessments.selectors import assessments_for_organization, rationales_awaiting_review
from hiring.models import Application, Membership, Organization, Role


def memberships_of(*, user) -> list[Membership]:
    """The user's memberships, cached on the user object for the request."""
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organization"))
        user._memberships_cache = cached
    return cached


def membership_in(*, user, organization: Organization) -> Membership | None:
    return next(
        (m for m in memberships_of(user=user) if m.organization_id == organization.pk), None
    )


def organization_get(*, user, slug: str) -> Organization:
    """The organisation with that slug, or 404 if the user is not a member."""
    return get_object_or_404(Organization.objects.for_user(user), slug=slug)


def pipeline_role_get(*, user, slug: str, pk: int) -> Role:
    """A role whose pipeline the user may work (owners, hiring managers, recruiters)."""
    roles = Role.objects.for_user(user, roles=Membership.PIPELINE).select_related(
        "organization", "assessment"
    )
    return get_object_or_404(roles, organization__slug=slug, pk=pk)


def _application_count(**filters) -> Subquery:
    """Applications of the outer role (matching ``filters``), counted on the
    (role, stage) index: one small subquery per listed role, whatever the pipeline size."""
    return Subquery(
        Application.objects.filter(role=OuterRef("pk"), **filters)
        .order_by()
        .values("role")
        .annotate(n=Count("id"))
        .values("n"),
        output_field=IntegerField(),
    )


def roles_for_organization(*, organization: Organization, status: str = "") -> QuerySet[Role]:
    roles = Role.objects.for_organization(organization)
    if status:
        roles = roles.filter(status=status)
    return (
        roles.select_related("assessment")
        .annotate(
            application_count=Coalesce(_application_count(), 0),
            active_count=Coalesce(_application_count(stage__in=Application.open_stages()), 0),
        )
        .order_by("status", "-created_at")
    )


def _count_by(queryset: QuerySet, field: str) -> dict[str, int]:
    """``{value of field: number of rows}`` in one GROUP BY query."""
    return dict(queryset.order_by().values(field).annotate(n=Count("id")).values_list(field, "n"))


def role_status_counts(*, organization: Organization) -> dict[str, int]:
    return _count_by(Role.objects.for_organization(organization), "status")


def organization_overview(
    *, organization: Organization, membership: Membership, status: str = ""
) -> dict:
    """What a member's dashboard shows: the roles (optionally of one status), the
    assessments and, for reviewers, how many rationales wait for review."""
    counts = role_status_counts(organization=organization)
    return {
        "roles": roles_for_organization(organization=organization, status=status),
        "status_tabs": [
            ("", "All", sum(counts.values())),
            *((s.value, s.label, counts.get(s.value, 0)) for s in Role.Status),
        ],
        "current_status": status,
        "assessments": assessments_for_organization(organization=organization),
        # Only a reviewer's page shows it: nobody else pays for the count.
        "reviews_waiting": (
            rationales_awaiting_review(organization=organization).count()
            if membership.role == Membership.Role.REVIEWER
            else None
        ),
        "can_see_pipeline": membership.role in Membership.PIPELINE,
    }


def stage_counts(*, role: Role) -> list[tuple[str, str, int]]:
    """(stage, label, count) for every pipeline stage, zeros included, in pipeline order."""
    counts = _count_by(Application.objects.filter(role=role), "stage")
    return [(stage.value, stage.label, counts.get(stage.value, 0)) for stage in Application.Stage]


def applications_for_role(*, role: Role) -> QuerySet[Application]:
    return (
        Application.objects.filter(role=role)
        .select_related("candidate", "candidate__candidate_profile")
        .order_by("-stage_changed_at")
    )


def applications_of_candidate(*, user) -> QuerySet[Application]:
    return (
        Application.objects.filter(candidate=user)
        .select_related("role", "role__organization")
        .order_by("-created_at")
    )
