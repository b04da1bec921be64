"""Moving many of a role's applications at once, from the shortlist page or the API.

The move is one transaction: every row that can move moves, or (on an unexpected error)
none does. Each application moves through the same service as a single move
(``hiring.pipeline.services.pipeline_move``: row lock, transition table, history, the rejection
e-mail) in a savepoint of its own, so one refused row never undoes the others. A row that
cannot move is skipped with the reason — the list may be stale because a colleague moved
someone meanwhile — and the caller reports which rows were skipped and why. E-mails are
queued once the whole move has committed (``accounts.mail``): a mail server outage
neither fails nor splits a move.
"""

from dataclasses import dataclass, field

from django.db import transaction

from config.errors import ApplicationError, required_reason
from config.limits import max_length
from hiring.models import Application, Role, StageChange
from hiring.pipeline import emails, services

Stage = Application.Stage

# Where the team moves scored candidates in bulk. Inviting and scoring have their own flows.
BULK_STAGES = (
    Stage.SHORTLISTED,
    Stage.INTERVIEW,
    Stage.OFFER,
    Stage.HIRED,
    Stage.REJECTED,
    Stage.WITHDRAWN,
)
BULK_MAX = 500
NOT_IN_ROLE = "Not part of this role"
# A stage whose label reads as an adjective: "a rejected application".
_ADJECTIVAL = {
    Stage.APPLIED,
    Stage.SUBMITTED,
    Stage.SCORED,
    Stage.SHORTLISTED,
    Stage.HIRED,
    Stage.REJECTED,
    Stage.WITHDRAWN,
}
REASON_MAX = max_length(StageChange, "reason")
REASON_REQUIRED = (
    "Give a reason for the rejection: it is recorded and sent to each candidate in the "
    "rejection e-mail."
)


@dataclass
class BulkResult:
    moved: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (application id, why)


def refusal(current: str, to_stage: str) -> str:
    """Why an application at ``current`` cannot move to ``to_stage`` ("" if it can)."""
    target = Stage(to_stage).label
    if current == to_stage:
        return f"Already at {target}"
    if to_stage in Application.TRANSITIONS[Stage(current)]:
        return ""
    if current in _ADJECTIVAL:
        return f"A {Stage(current).label.lower()} application cannot move to {target}"
    return f"An application at {Stage(current).label} cannot move to {target}"


def _check_request(*, role: Role, application_ids, to_stage: str, reason: str) -> list[int]:
    if role.status == Role.Status.CLOSED:
        raise ApplicationError(
            "This role is closed: its applications are kept read-only.", field="to_stage"
        )
    if to_stage not in Stage.values:
        raise ApplicationError(f"“{to_stage}” is not a pipeline stage.", field="to_stage")
    if to_stage not in BULK_STAGES:
        raise ApplicationError(
            f"Candidates move in bulk to {', '.join(Stage(s).label for s in BULK_STAGES)}; "
            f"“{Stage(to_stage).label}” is set from each application's own page.",
            field="to_stage",
        )
    if to_stage == Stage.REJECTED or reason:
        required_reason(reason, missing=REASON_REQUIRED, limit=REASON_MAX)
    ids = list(dict.fromkeys(application_ids))  # once each, in the order given
    if not ids:
        raise ApplicationError("Select at least one candidate.", field="application_ids")
    if len(ids) > BULK_MAX:
        raise ApplicationError(
            f"Move at most {BULK_MAX} candidates at once (this asked for {len(ids)}).",
            field="application_ids",
        )
    return ids


@transaction.atomic
def applications_bulk_move(
    *,
    role: Role,
    application_ids,
    to_stage: str,
    by,
    reason: str = "",
    notify: bool = False,
) -> BulkResult:
    """Moves each of the role's ``application_ids`` to ``to_stage``; skips, with the reason,
    the ones that are not the role's, already there, or cannot move there from where they
    are now. ``notify`` e-mails each moved candidate (a rejection always e-mails, with the
    reason, as a single rejection does). Refuses the whole request (``ApplicationError``)
    for a closed role, an unknown or unsupported stage, a rejection without a reason, or no
    ids."""
    reason = (reason or "").strip()
    ids = _check_request(
        role=role, application_ids=application_ids, to_stage=to_stage, reason=reason
    )
    known = set(Application.objects.filter(role=role, pk__in=ids).values_list("pk", flat=True))
    result = BulkResult()
    for application_id in ids:
        if application_id not in known:
            result.skipped.append((application_id, NOT_IN_ROLE))
            continue
        try:
            with transaction.atomic():
                application = (
                    Application.objects.select_for_update(of=("self",))
                    .select_related("role", "role__organization", "candidate")
                    .get(pk=application_id)
                )
                why = refusal(application.stage, to_stage)
                if why:
                    result.skipped.append((application_id, why))
                    continue
                candidate, application_role = application.candidate, application.role
                application = services.pipeline_move(
                    application=application, to_stage=to_stage, by=by, reason=reason
                )
                if notify and to_stage != Stage.REJECTED:
                    # The move reloaded the row; its candidate and role are the same.
                    application.candidate, application.role = candidate, application_role
                    emails.stage_changed(application)
        except ApplicationError as refused:
            result.skipped.append((application_id, refused.message.rstrip(".")))
        except Application.DoesNotExist:  # deleted since the list was read
            result.skipped.append((application_id, NOT_IN_ROLE))
        else:
            result.moved.append(application_id)
    return result
