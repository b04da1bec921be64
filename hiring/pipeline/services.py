"""Writes on applications (create, stage moves, notes), each in a transaction, each
refusing what makes no sense."""

from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError
from hiring.models import (
    Application,
    Note,
    Role,
    StageChange,
)
from hiring.pipeline import emails


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
def applications_mark_scored(application_ids) -> int:
    """Moves submitted applications to scored in bulk, with their history; returns how many.

    Applications already past "submitted" (or withdrawn meanwhile) are left where they are,
    so scoring again never moves anyone twice.
    """
    now = timezone.now()
    ids = list(
        Application.objects.select_for_update()
        .filter(pk__in=list(application_ids), stage=Application.Stage.SUBMITTED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    StageChange.objects.bulk_create(
        StageChange(
            application_id=pk,
            from_stage=Application.Stage.SUBMITTED,
            to_stage=Application.Stage.SCORED,
            reason="Scored against the gold standard.",
        )
        for pk in ids
    )
    return Application.objects.filter(pk__in=ids).update(
        stage=Application.Stage.SCORED, stage_changed_at=now
    )


# --- The team's pipeline work on one application ---------------------------------------------


def _refuse_if_role_closed(application: Application) -> None:
    if application.role.status == Role.Status.CLOSED:
        raise ApplicationError(
            "This role is closed: its applications are kept read-only.", field="stage"
        )


@transaction.atomic
def pipeline_move(*, application: Application, to_stage: str, by, reason: str = "") -> Application:
    """A move made by the team from the application page or the API.

    Inviting goes through the assessment invitation (it attaches the attempt and
    e-mails the start link); rejecting e-mails the candidate, with the reason when
    one is given. Every other move is a plain ``application_move``.
    """
    _refuse_if_role_closed(application)
    reason = reason.strip()
    if to_stage == Application.Stage.INVITED:
        # Imported here: the invitation module builds on this one (application_move).
        from assessments.operations.invitations import application_invite

        application_invite(application=application, by=by)
    else:
        application_move(application=application, to_stage=to_stage, by=by, reason=reason)
        if to_stage == Application.Stage.REJECTED:
            emails.rejection(application, reason=reason)
    application.refresh_from_db()
    return application


NOTE_MAX_LENGTH = 5000


@transaction.atomic
def note_create(*, application: Application, author, body: str) -> Note:
    """A note for the team only; candidates never see it."""
    _refuse_if_role_closed(application)
    body = body.strip()
    if not body:
        raise ApplicationError("Write something before saving the note.", field="body")
    if len(body) > NOTE_MAX_LENGTH:
        raise ApplicationError(
            f"Keep a note under {NOTE_MAX_LENGTH:,} characters (this one has {len(body):,}).",
            field="body",
        )
    return Note.objects.create(application=application, author=author, body=body)
