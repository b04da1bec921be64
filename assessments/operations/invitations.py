"""Inviting applicants to their role's paid calibration task."""

from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse

from assessments.models import Attempt
from config.errors import ApplicationError
from hiring.models import Application, Role
from hiring.pipeline import emails
from hiring.pipeline.services import application_move


@transaction.atomic
def application_invite(*, application: Application, by) -> Application:
    """Moves an application to "invited" and e-mails the candidate a link to start the task.

    Refused when the role has no assessment, when the application cannot move to
    "invited" from where it is, or when the candidate already has an attempt at it.
    The e-mail leaves only if the move commits.
    """
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("role__assessment", "role__organization", "candidate")
        .get(pk=application.pk)
    )
    assessment = application.role.assessment
    if assessment is None:
        raise ApplicationError(
            f"“{application.role.title}” has no calibration assessment attached yet: "
            "attach one before inviting candidates.",
            field="application",
        )
    if Attempt.objects.filter(
        assessment=assessment,
        candidate=application.candidate,
        purpose=Attempt.Purpose.CALIBRATION,
    ).exists():
        raise ApplicationError(
            f"This candidate already has an attempt at “{assessment.title}”: "
            "each candidate sits a calibration task once.",
            field="application",
        )
    if not application.can_move_to(Application.Stage.INVITED):
        raise ApplicationError(
            f"An application that is “{application.get_stage_display()}” cannot be "
            "invited to the assessment.",
            field="application",
        )
    application_move(application=application, to_stage=Application.Stage.INVITED, by=by)
    application.refresh_from_db(fields=["stage", "stage_changed_at"])
    emails.invitation(
        application,
        start_path=reverse("attempts:start", kwargs={"application_pk": application.pk}),
    )
    return application


@dataclass
class BulkInviteResult:
    invited: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


def applications_invite(*, role: Role, application_ids: list[int], by) -> BulkInviteResult:
    """Invites each listed application of ``role`` on its own: one refusal (already
    invited, wrong stage) does not stop the others, and each refusal says why.

    Ids that are not applications to this role are refused as a whole, before anything
    is sent, so a stale or tampered form cannot reach another role's candidates.
    """
    wanted = list(dict.fromkeys(application_ids))
    if not wanted:
        raise ApplicationError("Choose at least one application to invite.", field="applications")
    applications = {
        a.pk: a
        for a in Application.objects.filter(role=role, pk__in=wanted).select_related("candidate")
    }
    unknown = [pk for pk in wanted if pk not in applications]
    if unknown:
        raise ApplicationError(
            "These are not applications to this role: " + ", ".join(map(str, unknown)) + ".",
            field="applications",
        )
    result = BulkInviteResult()
    for pk in wanted:
        try:
            result.invited.append(application_invite(application=applications[pk], by=by))
        except ApplicationError as refusal:
            result.refused.append((applications[pk], refusal.message))
    return result
