"""Writes on the hiring side, each in a transaction, each refusing what makes no sense."""

from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError
from hiring.models import Application, Membership, Organization, Role, StageChange


@transaction.atomic
def organization_create(*, name: str, slug: str, owner) -> Organization:
    organization = Organization.objects.create(name=name, slug=slug)
    Membership.objects.create(organization=organization, user=owner, role=Membership.Role.OWNER)
    return organization


@transaction.atomic
def application_create(*, candidate, role: Role) -> Application:
    if role.status != Role.Status.PUBLISHED:
        raise ApplicationError("This role is not open for applications.", field="role")
    if Application.objects.filter(candidate=candidate, role=role).exists():
        raise ApplicationError("You have already applied to this role.", field="role")
    application = Application.objects.create(candidate=candidate, role=role)
    StageChange.objects.create(application=application, to_stage=application.stage)
    return application


@transaction.atomic
def application_move(
    *, application: Application, to_stage: str, by=None, reason: str = ""
) -> StageChange:
    """Moves an application along the pipeline and records who, when and why.

    The row is locked first, so two recruiters moving the same application at
    once cannot both pass the transition check.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if to_stage not in Application.Stage.values:
        raise ApplicationError(f"“{to_stage}” is not a pipeline stage.", field="stage")
    if not application.can_move_to(to_stage):
        raise ApplicationError(
            f"An application that is “{application.get_stage_display()}” cannot move to "
            f"“{Application.Stage(to_stage).label}”.",
            field="stage",
        )
    change = StageChange.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=to_stage,
        changed_by=by,
        reason=reason,
    )
    application.stage = to_stage
    application.stage_changed_at = change.created_at
    application.save(update_fields=["stage", "stage_changed_at"])
    return change


@transaction.atomic
def role_set_status(*, role: Role, status: str, by) -> Role:
    """Moves a role through draft → published ⇄ paused → closed.

    A role cannot be published without at least one 90-day success metric.
    """
    role = Role.objects.select_for_update().get(pk=role.pk)
    if not role.can_move_to(status):
        raise ApplicationError(
            f"A {role.get_status_display().lower()} role cannot become "
            f"{Role.Status(status).label.lower()}.",
            field="status",
        )
    if status == Role.Status.PUBLISHED and not role.success_metrics.exists():
        raise ApplicationError(
            "Add at least one 90-day success metric before publishing: "
            "the hire needs to know what they will be held to.",
            field="success_metrics",
        )
    role.status = status
    role.status_changed_at = timezone.now()
    role.status_changed_by = by
    role.save(update_fields=["status", "status_changed_at", "status_changed_by", "updated_at"])
    return role
