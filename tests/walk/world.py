"""A whole organisation to walk every team page and API route through (no tests here).

One blind-mode role whose candidates all carry marker identities (a name with "Quokka",
an e-mail with "quokka-marker", an institution and a work-sample link with the marker), a
scored cohort with gold that carries gold markers, and one of everything the team's
routes take as a path parameter: a role, applications at several stages (with a stage the
candidate moved themselves), notes, attempts, an extra-time grant, a contest, payments and
a payout export, a rubric, review tasks and a scoring run. Nobody has revealed anyone.

``IDENTITY_MARKERS`` must never reach a team member before a reveal or the interview stage;
``GOLD_MARKERS`` must never reach a recruiter or a reviewer (gold answers, accepted
alternatives, free-text references and explanations). ``World.edge_case_items`` are the
items gold marks as edge cases, for a walk that checks edge-case marks are not shown.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import ApiToken, User
from accounts.tokens.services import token_create
from assessments.models import (
    Accommodation,
    Assessment,
    Attempt,
    Contest,
    GoldAnswer,
    Item,
    Payment,
    PayoutExport,
    QualityAlert,
    Response,
    ScoringJob,
)
from candidates.models import Education, WorkSample
from hiring.models import (
    Application,
    Membership,
    Note,
    Organization,
    Role,
    StageChange,
    TeamInvitation,
)
from hiring.teams.services import invitation_send
from rubrics.models import ReviewTask, Rubric
from tests.factories import ApplicationFactory, MembershipFactory, OrganizationFactory
from tests.factories.audits import drift_alert
from tests.factories.candidate_detail import ScoredRole, reviewed_rationale, scored_role

# Identity: every candidate's name, e-mail, institution and work-sample link carry one.
QUOKKA = "Quokka"
IDENTITY_MARKERS = (QUOKKA, "quokka-marker", "Quokkaville")
STAR_NAME = "Zanzibar Quokka"
STAR_EMAIL = "quokka-marker@example.com"
INSTITUTION = "Quokkaville Institute of Law"
SAMPLE_URL = "https://example.org/quokka-marker/portfolio"

# Gold: found only in gold answers, accepted alternatives, references and explanations —
# never in an item's prompt, content or options, nor in any candidate's answer.
GOLD_REFERENCE = "GOLDMARKER-REFERENCE: the cap binds at twelve months"
GOLD_ALTERNATIVE = "GOLDMARKER-ALTERNATIVE: liability is capped"
GOLD_EXPLANATION = "GOLDMARKER-EXPLANATION"
GOLD_NUMBER = 48213.25  # the numeric item's gold; nobody answers it
GOLD_MARKERS = ("GOLDMARKER", "48213.25")


def markers_in(text: str, markers=IDENTITY_MARKERS) -> list[str]:
    """The markers found in ``text``, whatever their case."""
    lowered = text.lower()
    return [marker for marker in markers if marker.lower() in lowered]


KINDS = [
    "single_choice",
    "free_text",
    "numeric",
    "multi_label",
    "pairwise",
    "rating",
    "ranking",
    "spans",
    "error_identification",
    "single_choice",
]


@dataclass
class World:
    organization: Organization
    members: dict[str, User]  # "owner", "hiring_manager", "recruiter", "reviewer"
    scored: ScoredRole
    applied: Application  # stage "applied": on the invitations page
    invited: Application  # stage "invited"
    contest: Contest
    payment: Payment  # approved
    accommodation: Accommodation
    rubric: Rubric
    task: ReviewTask  # waiting for a first review
    done_task: ReviewTask  # reviewed to the end
    job: ScoringJob
    trainer: Application  # hired: blind mode has ended for them
    alert: QualityAlert
    membership: Membership  # the reviewer's (team/members/<pk>/)
    team_invitation: TeamInvitation  # pending
    token: ApiToken  # the owner's
    edge_case_items: list[Item] = field(default_factory=list)
    # A hired trainer (the 90-day report's routes): blind mode ends at the hire, so the
    # team sees their name, which carries no identity marker.
    hired: Application | None = None

    @property
    def role(self) -> Role:
        return self.scored.role

    @property
    def assessment(self) -> Assessment:
        return self.scored.cohort.assessment

    @property
    def star(self) -> Application:
        """The scored candidate whose stage history has moves they made themselves."""
        return self.scored.star

    @property
    def second(self) -> Application:
        return self.scored.applications[1]

    @property
    def attempt(self) -> Attempt:
        return self.scored.attempt_of(self.star)

    @property
    def item(self) -> Item:
        return self.scored.cohort.items[0]

    @property
    def applications(self) -> list[Application]:
        return [*self.scored.applications, self.applied, self.invited]


def _mark_gold(scored: ScoredRole) -> None:
    """Gold markers in every gold; no candidate answers the marked items with their gold."""
    items = {item.kind: item for item in reversed(scored.cohort.items)}
    GoldAnswer.objects.filter(item__assessment=scored.cohort.assessment).update(
        explanation=GOLD_EXPLANATION
    )
    free_text, numeric = items["free_text"], items["numeric"]
    GoldAnswer.objects.filter(item=free_text).update(
        answer={"reference": GOLD_REFERENCE}, accepted_alternatives=[GOLD_ALTERNATIVE]
    )
    GoldAnswer.objects.filter(item=numeric).update(answer=GOLD_NUMBER, tolerance=0.5)
    Response.objects.filter(item=free_text).update(answer="The clause caps what can be claimed.")
    Response.objects.filter(item=numeric).update(answer=12)


def _name_candidates(scored: ScoredRole) -> None:
    for number, application in enumerate(scored.applications):
        user = application.candidate
        if number == 0:
            user.full_name, user.email = STAR_NAME, STAR_EMAIL
        else:
            user.full_name = f"Candidate{number} {QUOKKA}"
            user.email = f"quokka-marker-{number}@example.com"
        user.save(update_fields=["full_name", "email"])
    profile = scored.star.candidate.candidate_profile
    Education.objects.filter(profile=profile).update(institution=INSTITUTION)
    WorkSample.objects.filter(profile=profile).update(url=SAMPLE_URL)


def _history(application: Application, *, recruiter) -> None:
    """Applied → invited (a recruiter) → in progress and submitted (the candidate) → scored."""
    start = timezone.now() - timedelta(days=3)
    moves = [
        ("", Application.Stage.APPLIED, None),
        (Application.Stage.APPLIED, Application.Stage.INVITED, recruiter),
        (Application.Stage.INVITED, Application.Stage.IN_PROGRESS, application.candidate),
        (Application.Stage.IN_PROGRESS, Application.Stage.SUBMITTED, application.candidate),
        (Application.Stage.SUBMITTED, Application.Stage.SCORED, None),
    ]
    application.stage_changes.all().delete()
    for hours, (from_stage, to_stage, by) in enumerate(moves):
        change = StageChange.objects.create(
            application=application, from_stage=from_stage, to_stage=to_stage, changed_by=by
        )
        StageChange.objects.filter(pk=change.pk).update(created_at=start + timedelta(hours=hours))
    Application.objects.filter(pk=application.pk).update(stage=Application.Stage.SCORED)
    application.refresh_from_db()


def build_world(slug: str = "walkers") -> World:
    organization = OrganizationFactory(name="Walkers Legal AI", slug=slug)
    members = {
        role: MembershipFactory(organization=organization, role=role).user
        for role in Membership.Role.values
    }
    scored = scored_role(
        organization, candidates=4, items=len(KINDS), kinds=KINDS, before_scoring=_mark_gold
    )
    assert scored.role.blind_mode
    _name_candidates(scored)
    _history(scored.star, recruiter=members["recruiter"])
    Note.objects.create(application=scored.star, author=members["recruiter"], body="Strong work.")

    applied, invited = (
        ApplicationFactory(
            role=scored.role,
            stage=stage,
            candidate__full_name=f"{stage.title()} {QUOKKA}",
            candidate__email=f"quokka-marker-{stage}@example.com",
        )
        for stage in (Application.Stage.APPLIED, Application.Stage.INVITED)
    )

    attempt = scored.attempt_of(scored.star)
    contest = Contest.objects.create(
        attempt=attempt, item=scored.cohort.items[0], reason="Two labels fit this answer."
    )
    payment = Payment.objects.create(
        attempt=attempt,
        amount=Decimal("40.00"),
        currency="USD",
        state=Payment.State.APPROVED,
        approved_by=members["owner"],
        approved_at=timezone.now(),
    )
    Payment.objects.create(
        attempt=scored.attempt_of(scored.applications[1]), amount=Decimal("40.00"), currency="USD"
    )
    export = PayoutExport.objects.create(
        organization=organization,
        exported_by=members["owner"],
        reason="Earlier payout run",
        payment_count=1,
    )
    export.payments.set([payment])
    accommodation = Accommodation.objects.create(
        assessment=scored.cohort.assessment,
        candidate=scored.star.candidate,
        extra_minutes=10,
        reason="Screen reader",
        granted_by=members["owner"],
    )

    done_task = reviewed_rationale(scored, reviewer=members["reviewer"])
    response = Response.objects.get(attempt=attempt, item=scored.cohort.items[1])
    Response.objects.filter(pk=response.pk).update(rationale="Clause 4 decides it.")
    task = ReviewTask.objects.create(
        organization=organization,
        response=response,
        source=ReviewTask.Source.RATIONALE,
        rubric=done_task.rubric,
        state=ReviewTask.State.PRIMARY,
    )
    job = ScoringJob.objects.create(
        assessment=scored.cohort.assessment,
        kind=ScoringJob.Kind.RESCORE,
        state=ScoringJob.State.DONE,
        total_count=4,
        done_count=3,
        failed_count=1,
        failures=[{"attempt": attempt.pk, "error": "ValueError: a malformed answer"}],
    )
    hired = ApplicationFactory(
        role=scored.role,
        stage=Application.Stage.HIRED,
        candidate__full_name="Hired Trainer",
        candidate__email="hired-trainer@example.com",
    )
    edge_case_items = list(
        Item.objects.filter(assessment=scored.cohort.assessment, gold__is_edge_case=True)
    )
    trainer = ApplicationFactory(
        role=scored.role, stage=Application.Stage.HIRED, candidate__full_name="Hired Walker"
    )
    alert = drift_alert(application=trainer)
    team_invitation = invitation_send(
        organization=organization,
        by=members["owner"],
        email="new-colleague@example.com",
        role=Membership.Role.RECRUITER,
    ).invitation
    return World(
        organization=organization,
        members=members,
        membership=Membership.objects.get(organization=organization, user=members["reviewer"]),
        team_invitation=team_invitation,
        token=token_create(user=members["owner"], name="Walk").token,
        scored=scored,
        applied=applied,
        invited=invited,
        contest=contest,
        payment=payment,
        accommodation=accommodation,
        rubric=done_task.rubric,
        task=task,
        done_task=done_task,
        trainer=trainer,
        alert=alert,
        job=job,
        edge_case_items=edge_case_items,
        hired=hired,
    )
