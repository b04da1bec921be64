"""A candidate applies to a role, answering its knock-out questions; or withdraws.

An application that fails a knock-out is still recorded — created as ``applied`` and
moved at once to ``rejected`` with the reason in its history — so the candidate
sees honestly what happened, and the team can see it too. Nothing is dropped.
"""

from django.db import IntegrityError, transaction

from candidates.models import CandidateProfile
from config.errors import ApplicationError
from hiring.models import Application, Membership, Role
from hiring.pipeline import emails
from hiring.pipeline.services import application_create, application_move
from hiring.roles import knockouts
from hiring.roles.public_selectors import knockout_questions

NOT_OPEN = "This role is not open for applications."
NO_CONSENT = (
    "Applying needs your consent to processing of your data. Give it on your profile "
    "(you can withdraw it at any time) and apply again."
)
ALREADY_APPLIED = "You have already applied to this role."
WITHDRAWN_REASON = "Withdrawn by the candidate."


def application_refusal(*, candidate, role: Role) -> ApplicationError | None:
    """Why this person cannot apply to this role right now, or ``None`` if they can."""
    if role.status == Role.Status.PAUSED:
        return ApplicationError("This role is paused and not accepting applications.", field="role")
    if role.status != Role.Status.PUBLISHED:
        return ApplicationError(NOT_OPEN, field="role")
    if Membership.objects.filter(user=candidate, organization_id=role.organization_id).exists():
        return ApplicationError(
            f"You are on the {role.organization.name} team: its roles are not yours to apply to.",
            field="role",
        )
    profile = CandidateProfile.objects.filter(user=candidate).first()
    if profile is None or not profile.has_consented:
        return ApplicationError(NO_CONSENT, field="consent")
    if Application.objects.filter(candidate=candidate, role=role).exists():
        return ApplicationError(ALREADY_APPLIED, field="role")
    return None


@transaction.atomic
def application_apply(*, candidate, role_id: int, answers: dict) -> Application:
    """Records the application with its knock-out answers and e-mails the candidate.

    Raises ``ApplicationError`` (nothing written) for a role that is not open, a
    team member of the role's organisation, missing consent, a second application
    or malformed answers (``field="knockout_answers"``).
    """
    role = (
        Role.objects.select_related("organization")
        .prefetch_related("languages")
        .filter(pk=role_id)
        .first()
    )
    if role is None or role.status not in (Role.Status.PUBLISHED, Role.Status.PAUSED):
        raise ApplicationError(NOT_OPEN, field="role")
    refusal = application_refusal(candidate=candidate, role=role)
    if refusal is not None:
        raise refusal
    try:
        outcome = knockouts.evaluate(knockout_questions(role), answers or {})
    except knockouts.AnswerErrors as error:
        raise ApplicationError(
            " ".join(_answer_messages(role, error.errors)), field="knockout_answers"
        ) from error

    try:
        with transaction.atomic():
            application = application_create(candidate=candidate, role=role)
    except IntegrityError as error:  # a second request won the race for the unique row
        raise ApplicationError(ALREADY_APPLIED, field="role") from error
    application.knockout_answers = outcome.answers
    if not outcome.passed:
        application.knockout_reason = outcome.reason[:300]
    application.save(update_fields=["knockout_answers", "knockout_reason"])
    if not outcome.passed:
        application_move(
            application=application,
            to_stage=Application.Stage.REJECTED,
            by=None,
            reason=f"Automatic knock-out: {outcome.reason}"[:500],
        )
        application.refresh_from_db()
    emails.application_received(application)
    return application


def _answer_messages(role: Role, errors: dict[str, str]) -> list[str]:
    labels = {question.key: question.label for question in knockout_questions(role)}
    return [
        f"{labels[key]} {message}" if key in labels else f"“{key}”: {message}"
        for key, message in errors.items()
    ]


@transaction.atomic
def application_withdraw(*, candidate, application_id: int) -> Application:
    """The candidate withdraws one of their own open applications (history recorded)."""
    application = Application.objects.filter(candidate=candidate, pk=application_id).first()
    if application is None:
        raise Application.DoesNotExist
    if application.stage in Application.CLOSED:
        raise ApplicationError(
            f"This application is already closed ({application.get_stage_display()}): "
            "there is nothing to withdraw.",
            field="stage",
        )
    application_move(
        application=application,
        to_stage=Application.Stage.WITHDRAWN,
        by=candidate,
        reason=WITHDRAWN_REASON,
    )
    application.refresh_from_db()
    return application
