"""Blind mode: who the team may know a candidate as.

A role in blind mode (the default) shows each candidate under a stable pseudonym, with
name, e-mail, photo, country and institution hidden, until the application reaches the
interview stage or a member of the pipeline reveals that one candidate with a recorded
reason. Pages, CSV and API all ask ``identities`` so they hide exactly the same fields.
"""

from dataclasses import dataclass, field
from typing import TypedDict

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery

from config.errors import required_reason
from config.limits import max_length
from core.pseudonyms import pseudonym
from hiring.models import Application, IdentityReveal, Role, StageChange

# Reaching any of these lifts blind mode for that candidate (and it stays lifted after).
IDENTITY_STAGES = frozenset(
    {Application.Stage.INTERVIEW, Application.Stage.OFFER, Application.Stage.HIRED}
)
# The identity fields blind mode hides, as the API and CSV name them.
HIDDEN_FIELDS = ("name", "email", "photo", "country", "institution")
REASON_MAX = max_length(IdentityReveal, "reason")


@dataclass(frozen=True)
class Identity:
    """How one candidate appears to the team: always a pseudonym; the rest only if visible."""

    application_id: int
    pseudonym: str
    visible: bool
    why: str  # "blind mode off", "interview stage", "revealed: <reason>", or "hidden"
    name: str = ""
    email: str = ""
    country: str = ""
    institutions: list[str] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return (self.name or self.email) if self.visible else self.pseudonym


def identity_annotations(application: str) -> dict:
    """Annotations that let a list query carry what ``identities`` would otherwise read in
    two more queries: the first reveal's reason and whether the application ever reached
    the interview stage. ``application`` is the path to the application's id."""
    ref = OuterRef(application)
    return {
        "identity_reveal_reason": Subquery(
            IdentityReveal.objects.filter(application_id=ref)
            .order_by("created_at", "id")
            .values("reason")[:1]
        ),
        "identity_past_interview": Exists(
            StageChange.objects.filter(application_id=ref, to_stage__in=IDENTITY_STAGES)
        ),
    }


def _blind_facts(ids: list[int]) -> tuple[dict[int, str], set[int]]:
    """(first reveal reason by application, applications that reached the interview)."""
    reasons: dict[int, str] = {}
    for application_id, reason in IdentityReveal.objects.filter(application_id__in=ids).values_list(
        "application_id", "reason"
    ):
        reasons.setdefault(application_id, reason)
    past_interview = set(
        StageChange.objects.filter(
            application_id__in=ids, to_stage__in=IDENTITY_STAGES
        ).values_list("application_id", flat=True)
    )
    return reasons, past_interview


def identities(
    applications, *, role: Role, known=None, profile: bool = True
) -> dict[int, Identity]:
    """The identity of each application (objects with ``candidate`` loaded), in at most
    four queries: reveals, stage histories, and the country and institutions of those who
    are visible.

    ``known`` — ``{application id: (first reveal reason or None, reached interview)}``, as
    ``identity_annotations`` reads them with the list itself — saves the first two.
    ``profile=False`` leaves country and institutions empty (lists that show only the
    name and e-mail) and saves the last two."""
    from candidates.models import CandidateProfile, Education

    applications = list(applications)
    ids = [a.pk for a in applications]
    if not ids:
        return {}
    reasons: dict[int, str] = {}
    past_interview: set[int] = set()
    if role.blind_mode and known is not None:
        reasons = {pk: reason for pk, (reason, _) in known.items() if reason}
        past_interview = {pk for pk, (_, reached) in known.items() if reached}
    elif role.blind_mode:
        reasons, past_interview = _blind_facts(ids)

    def why(application) -> str:
        if not role.blind_mode:
            return "blind mode off"
        if application.stage in IDENTITY_STAGES or application.pk in past_interview:
            return "interview stage"
        if application.pk in reasons:
            return f"revealed: {reasons[application.pk]}"
        return "hidden"

    whys = {a.pk: why(a) for a in applications}
    visible_users = [a.candidate_id for a in applications if whys[a.pk] != "hidden"]
    if not profile:
        visible_users = []
    countries = dict(
        CandidateProfile.objects.filter(user_id__in=visible_users).values_list("user_id", "country")
    )
    institutions: dict[int, list[str]] = {}
    for user_id, institution in Education.objects.filter(
        profile__user_id__in=visible_users
    ).values_list("profile__user_id", "institution"):
        institutions.setdefault(user_id, []).append(institution)

    result = {}
    for application in applications:
        visible = whys[application.pk] != "hidden"
        user = application.candidate
        result[application.pk] = Identity(
            application_id=application.pk,
            pseudonym=pseudonym(application.pk),
            visible=visible,
            why=whys[application.pk],
            **(
                {
                    "name": user.full_name,
                    "email": user.email,
                    "country": countries.get(user.pk, ""),
                    "institutions": institutions.get(user.pk, []),
                }
                if visible
                else {}
            ),
        )
    return result


def identity_of(application: Application) -> Identity:
    return identities([application], role=application.role)[application.pk]


@transaction.atomic
def identity_reveal(*, application: Application, by, reason: str) -> IdentityReveal:
    """Records why a pipeline member lifts blind mode for one candidate."""
    reason = required_reason(
        reason,
        missing="Say why you need to see this candidate's identity before the interview "
        "stage: the reason is recorded.",
        limit=REASON_MAX,
    )
    return IdentityReveal.objects.create(application=application, revealed_by=by, reason=reason)


@transaction.atomic
def role_blind_mode_set(*, role: Role, blind: bool) -> Role:
    role.blind_mode = blind
    role.save(update_fields=["blind_mode", "updated_at"])
    return role


def application_identities(application_ids, *, profile: bool = True) -> dict[int, Identity]:
    """Identities of applications given by id, across roles (pages outside one role's
    shortlist, such as an assessment's results): a query, plus ``identities`` per role
    (``profile`` as there)."""
    applications = Application.objects.filter(pk__in=list(application_ids)).select_related(
        "candidate", "role"
    )
    by_role: dict[int, list[Application]] = {}
    for application in applications:
        by_role.setdefault(application.role_id, []).append(application)
    result: dict[int, Identity] = {}
    for members in by_role.values():
        result.update(identities(members, role=members[0].role, profile=profile))
    return result


def unblinded(user) -> Identity:
    """A person with no application (so no role and no blind mode), shown as they are."""
    return Identity(
        application_id=0, pseudonym="", visible=True, why="no application",
        name=user.full_name, email=user.email,
    )  # fmt: skip


class Named(TypedDict):
    """What ``name_people`` and ``name_candidates`` set on each row."""

    person: Identity


def name_people(objects, *, application_id, candidate) -> list:
    """Sets ``person`` (an ``Identity``) on each object: the identity of the application
    ``application_id(object)`` names, or the candidate as they are when there is none. For
    team pages and API rows that name a candidate outside the application's own page
    (attempts, invitations, contests, payments): one query, plus ``identities`` per role."""
    objects = list(objects)
    named = application_identities({application_id(o) for o in objects} - {None}, profile=False)
    for obj in objects:
        found = named.get(application_id(obj))
        obj.person = found if found is not None else unblinded(candidate(obj))
    return objects


def name_candidates(objects, *, assessment, candidate_id, candidate) -> list:
    """``name_people`` for rows that know the candidate and the assessment but not the
    application (extra-time grants, the candidate choices of the grant form): each is named
    as their first application to a role that uses the assessment, or whose attempt at it
    was for an application."""
    from assessments.models import Attempt

    objects = list(objects)
    ids = {candidate_id(o) for o in objects}
    by_candidate: dict[int, int] = {}
    for user_id, application_id in [
        *Application.objects.filter(role__assessment=assessment, candidate_id__in=ids)
        .order_by("pk")
        .values_list("candidate_id", "pk"),
        *Attempt.objects.filter(
            assessment=assessment, candidate_id__in=ids, application__isnull=False
        )
        .order_by("application_id")
        .values_list("candidate_id", "application_id"),
    ]:
        by_candidate.setdefault(user_id, application_id)
    return name_people(
        objects, application_id=lambda o: by_candidate.get(candidate_id(o)), candidate=candidate
    )


def name_stage_changes(changes, *, application: Application, identity: Identity) -> list:
    """Sets ``by_candidate`` and ``shown_by`` on each stage change of the application: a
    change the candidate made (starting the task, withdrawing) is shown under the name
    blind mode allows — the pseudonym while hidden — never the account's own name; a team
    member's change names the member; a change nobody made (the system) shows ""."""
    changes = list(changes)
    for change in changes:
        change.by_candidate = bool(change.changed_by_id) and (
            change.changed_by_id == application.candidate_id
        )
        if change.by_candidate:
            change.shown_by = identity.display_name
        else:
            change.shown_by = str(change.changed_by) if change.changed_by_id else ""
    return changes


def shown_name(identity: Identity | None, name: str, email: str) -> tuple[str, str]:
    """(name, e-mail) to show for a candidate: as they are without an application (no role,
    so no blind mode), else what blind mode allows (the pseudonym and no e-mail if hidden)."""
    if identity is None:
        return name or email, email
    return identity.display_name, identity.email
