"""Reads of organisations and roles for the team side. Every query is scoped through
``for_user``."""

from typing import TypedDict

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from assessments.authoring.selectors import assessments_for_organization
from assessments.models import Assessment
from core import access
from core.access import OrganizationAccess
from hiring.models import Application, Organization, Role, StageChange
from hiring.pipeline.funnel import Funnel, funnel
from hiring.roles.credentials import CredentialWarning, credential_warning
from rubrics.models import ReviewTask


def pipeline_role_get(*, user, slug: str, pk: int, lean: bool = False) -> Role:
    """A role whose pipeline the user may work (owners, hiring managers, recruiters).

    ``lean`` loads only its organisation and assessment, for the shortlist, whose pages
    never show who created the role or last changed its status."""
    related: tuple[str, ...] = ("organization", "assessment")
    if not lean:
        related += ("status_changed_by", "created_by")
    roles = Role.objects.for_user(user, roles=access.PIPELINE_ROLES).select_related(*related)
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


class OrganizationOverview(TypedDict):
    """The dashboard's read model (its keys are the template's context)."""

    roles: QuerySet[Role]
    status_tabs: list[tuple[str, str, int]]
    current_status: str
    assessments: QuerySet[Assessment]
    reviews_waiting: int | None


def organization_overview(*, access: OrganizationAccess, status: str = "") -> OrganizationOverview:
    """What a member's dashboard shows: the roles (optionally of one status), the
    assessments and, for reviewers, how many rationales wait for review."""
    organization = access.organization
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
            ReviewTask.objects.for_organization(organization)
            .filter(state=ReviewTask.State.PRIMARY)
            .count()
            if access.may_use_queue and not access.may_work_pipeline
            else None
        ),
    }


# --- Writing roles: owners and hiring managers --------------------------------------------------


def authoring_role_get(*, user, slug: str, pk: int) -> Role:
    """A role the user may edit or move through its lifecycle: 404 unless they see
    its pipeline, 403 if they see it but may not write it."""
    role = pipeline_role_get(user=user, slug=slug, pk=pk)
    access.require(
        access.access_for(user=user, organization=role.organization),
        access.WRITE_ROLES,
    )
    return role


def role_with_spec(*, role: Role) -> Role:
    """The role with its responsibilities (in order), metrics and languages
    prefetched in place: three queries, whatever their number."""
    prefetch_related_objects([role], "responsibilities", "success_metrics", "languages")
    return role


def role_credential_warning(*, role: Role) -> CredentialWarning | None:
    return credential_warning(
        credential=role.credential,
        complexity=role.task_complexity,
        domain=role.get_domain_display() if role.domain != "general" else "",
    )


def stage_counts(*, role: Role) -> list[tuple[str, str, int]]:
    """(stage, label, count) for every pipeline stage, zeros included, in pipeline order."""
    counts = _count_by(Application.objects.filter(role=role), "stage")
    return [(stage.value, stage.label, counts.get(stage.value, 0)) for stage in Application.Stage]


EXIT_STAGES = (Application.Stage.REJECTED, Application.Stage.WITHDRAWN)
MAIN_PATH = tuple(stage for stage in Application.Stage if stage not in EXIT_STAGES)


def pipeline_funnel(*, role: Role, stage_counts: list[tuple[str, str, int]]) -> Funnel:
    """The role's pipeline as a funnel (``hiring.pipeline.funnel``), from its stage counts
    and one more query when some left: the furthest main stage each of them had reached."""
    now = {stage: count for stage, _, count in stage_counts}
    order = {stage.value: index for index, stage in enumerate(MAIN_PATH)}
    exited = sum(now.get(stage.value, 0) for stage in EXIT_STAGES)
    furthest: dict[int, str] = {}
    history = StageChange.objects.filter(
        application__role=role, application__stage__in=EXIT_STAGES, to_stage__in=order
    ).values_list("application_id", "to_stage")
    for application_id, stage in history if exited else ():
        known = furthest.get(application_id)
        if known is None or order[stage] > order[known]:
            furthest[application_id] = stage
    unknown = [None] * max(0, exited - len(furthest))  # left with no recorded move
    return funnel(
        [(stage.value, stage.label) for stage in MAIN_PATH],
        [(stage.value, stage.label) for stage in EXIT_STAGES],
        now,
        [*furthest.values(), *unknown],
    )
