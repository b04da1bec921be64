"""Writing the demo to the database, keyed on natural keys so a rerun changes no row count."""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from assessments import integrity
from assessments.models import (
    Accommodation,
    Assessment,
    Attempt,
    Audit,
    CohortAgreement,
    Contest,
    GoldAnswer,
    Item,
    Payment,
    QualityAlert,
    Response,
    ScoreReport,
)
from candidates.models import CandidateProfile
from core.blind import identity_reveal
from demo import clinical_items, preference_items
from demo.assessment_content import ASSESSMENTS
from demo.audits import build_audits
from demo.cohorts import COHORTS, cohort_plan
from demo.hires import audit_spec, hire_plans
from demo.history import backdate_histories
from demo.pipeline import (
    PAID_STAGES,
    RECRUITER_NOTES,
    Destination,
    Stage,
    calibration_state,
    path_to,
)
from demo.plans import (
    application_plan,
    attempt_plan,
    candidate_specs,
    knockout_answers_of,
)
from demo.reviews import attach_rubrics, review_demo_answers
from demo.roles import ROLES, STATUS_PATH
from demo.scores import score_cohorts
from demo.teams import ORGANIZATIONS, team_email
from hiring.models import (
    Application,
    IdentityReveal,
    Membership,
    Note,
    Organization,
    Role,
    ShortlistEntry,
    StageChange,
)
from hiring.pipeline.services import application_create, application_move
from hiring.roles.services import organization_create, role_set_status
from hiring.shortlist.services import shortlist_rebuild
from rubrics.models import Review, ReviewTask, Rubric

DEMO_PASSWORD = "calibrate-demo"
DEMO_SEED = 20250611
EVERY_ASSESSMENT = (*ASSESSMENTS, clinical_items.ASSESSMENT, preference_items.ASSESSMENT)
RESPONSE_FIELDS = (
    "answer",
    "flagged_ambiguous",
    "ambiguity_note",
    "rationale",
    "hardest",
    "time_spent_ms",
    "revision_count",
    "integrity_events",
)


@dataclass
class DemoResult:
    logins: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def sync_children(manager, rows: list[dict]) -> None:
    """Makes a related manager hold exactly ``rows``: removes others, adds missing ones."""
    manager.exclude(reduce(or_, (Q(**row) for row in rows), Q(pk__in=[]))).delete()
    for row in rows:
        manager.get_or_create(**row)


def upsert_user(email: str, full_name: str, password_hash: str):
    user, _ = get_user_model().objects.update_or_create(
        email=email, defaults={"full_name": full_name, "password": password_hash}
    )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def build_organization(spec: dict, password_hash: str) -> tuple[Organization, dict]:
    """The organisation and its team, as ``{membership role: user}``."""
    team = {
        role: upsert_user(team_email(spec["slug"], role), full_name, password_hash)
        for role, full_name in spec["team"].items()
    }
    organization = Organization.objects.filter(slug=spec["slug"]).first()
    if organization is None:
        owner = team[Membership.Role.OWNER]
        organization = organization_create(name=spec["name"], slug=spec["slug"], owner=owner)
    for role, user in team.items():
        Membership.objects.update_or_create(
            user=user, organization=organization, defaults={"role": role}
        )
    return organization, team


def build_assessment(
    spec: dict, organization: Organization, author, gold_positions: set[int] | None = None
) -> Assessment:
    """The assessment and its items; every item keeps its gold unless ``gold_positions``
    names the ones that do (an audit assessment: the others are ordinary work)."""
    fields = {k: v for k, v in spec.items() if k not in {"organization", "title", "items"}}
    assessment, _ = Assessment.objects.update_or_create(
        organization=organization,
        title=spec["title"],
        version=1,
        defaults={**fields, "created_by": author},
    )
    for position, item_spec in enumerate(spec["items"], start=1):
        item_fields = {k: v for k, v in item_spec.items() if k not in {"gold", "sample"}}
        row, _ = Item.objects.update_or_create(
            assessment=assessment, position=position, defaults=item_fields
        )
        if gold_positions is None or position in gold_positions:
            GoldAnswer.objects.update_or_create(item=row, defaults=item_spec["gold"])
        else:
            GoldAnswer.objects.filter(item=row).delete()
    assessment.items.filter(position__gt=len(spec["items"])).delete()
    return assessment


def build_role(spec: dict, organization: Organization, assessment, author) -> Role:
    role, created = Role.objects.update_or_create(
        organization=organization,
        title=spec["title"],
        defaults={**spec["fields"], "assessment": assessment, "created_by": author},
    )
    sync_children(
        role.responsibilities,
        [{"position": n, "text": text} for n, text in enumerate(spec["responsibilities"], 1)],
    )
    sync_children(
        role.success_metrics,
        [
            {
                "kind": kind,
                "target": Decimal(target),
                "unit": unit,
                "direction": direction,
                "measurement": measurement,
            }
            for kind, target, unit, direction, measurement in spec["metrics"]
        ],
    )
    sync_children(
        role.languages,
        [{"language": language, "min_level": level} for language, level in spec["languages"]],
    )
    if created:
        for status in STATUS_PATH[spec["status"]]:
            role = role_set_status(role=role, status=status, by=author)
    return role


def build_candidate(spec: dict, password_hash: str):
    user = upsert_user(spec["email"], spec["full_name"], password_hash)
    profile, _ = CandidateProfile.objects.update_or_create(user=user, defaults=spec["profile"])
    sync_children(profile.languages, spec["languages"])
    sync_children(profile.domains, spec["domains"])
    sync_children(profile.education, spec["education"])
    sync_children(profile.experience, spec["experience"])
    sync_children(profile.work_samples, spec["work_samples"])
    return user


def walk_application(candidate, role: Role, outcome: Destination, recruiter) -> None:
    """Applies, then moves stage by stage to ``outcome``; skipped if already applied."""
    if Application.objects.filter(candidate=candidate, role=role).exists():
        return
    application = application_create(candidate=candidate, role=role)
    automatic = getattr(outcome, "knockout", False)
    for stage in path_to(outcome, has_assessment=role.assessment_id is not None):
        by = None if automatic else candidate if stage == Stage.WITHDRAWN else recruiter
        reason = outcome.reason if stage == outcome.exit else ""
        application_move(application=application, to_stage=stage, by=by, reason=reason)
    application.refresh_from_db(fields=["stage"])
    if application.stage in RECRUITER_NOTES:
        body = RECRUITER_NOTES[application.stage]
        Note.objects.create(application=application, author=recruiter, body=body)


def submitted_since(spec: dict, application: Application) -> Attempt | None:
    """The attempt the demo built in progress and the product has submitted since (its
    candidate did, or the beat at its deadline), or ``None``.

    A rerun keeps it as it is: its payment, score report and application stage all follow
    from that submission, and rewinding it to the plan would leave a report on an attempt in
    progress, without its payment, behind a "scored" application."""
    if spec["finished"]:
        return None
    return (
        Attempt.objects.filter(
            assessment=application.role.assessment,
            candidate=application.candidate,
            purpose=Attempt.Purpose.CALIBRATION,
        )
        .exclude(state=Attempt.State.IN_PROGRESS)
        .first()
    )


def build_attempt(spec: dict, application: Application, items: dict, now: datetime):
    """The calibration attempt the application's history implies, with its responses.

    Times are set relative to ``now``, so an attempt in progress always has time left.
    Returns ``None`` when the application never reached the task.
    """
    reached = {change.to_stage for change in application.stage_changes.all()}
    state = calibration_state(reached, application.stage)
    if state is None:
        return None
    if (kept := submitted_since(spec, application)) is not None:
        return kept
    assessment = assessment_of(application)
    finished = state == Attempt.State.SUBMITTED
    answered = spec["responses"][: None if finished else spec["answered_if_unfinished"]]
    work = timedelta(milliseconds=sum(r["time_spent_ms"] for r in answered)) + spec["overhead"]
    started_at = now - (spec["started_ago"] if finished else work)
    deadline = started_at + timedelta(minutes=assessment.time_limit_minutes)
    attempt, _ = Attempt.objects.update_or_create(
        assessment=assessment,
        candidate=application.candidate,
        purpose=Attempt.Purpose.CALIBRATION,
        defaults={
            "application": application,
            "state": state,
            "started_at": started_at,
            "deadline": deadline,
            "submitted_at": min(started_at + work, deadline) if finished else None,
            "auto_submitted": False,
            "seed": spec["seed"],
            "item_order": [items[n].pk for n in spec["order"]],
            "extra_minutes": 0,
            "pay_amount": assessment.pay_amount,
            "pay_currency": assessment.pay_currency,
        },
    )
    if finished:
        sync_payment(attempt, application, now)
    else:
        Payment.objects.filter(attempt=attempt).delete()
    clock = started_at
    for response in answered:
        fields = {k: v for k, v in response.items() if k not in {"position", "integrity_event"}}
        if (event := response["integrity_event"]) is not None:
            at = clock + timedelta(milliseconds=event["after_ms"])
            fields["integrity_events"] = [{"type": event["type"], "at": at.isoformat()}]
        else:
            fields["integrity_events"] = []
        Response.objects.update_or_create(
            attempt=attempt, item=items[response["position"]], defaults=fields
        )
        clock += timedelta(milliseconds=response["time_spent_ms"])
    answered_items = [items[r["position"]].pk for r in answered]
    attempt.responses.exclude(item_id__in=answered_items).delete()
    return attempt


def assessment_of(application: Application) -> Assessment:
    """The calibration assessment of the application's role (the demo plans attempts only
    on roles that have one)."""
    assessment = application.role.assessment
    if assessment is None:
        raise ValueError(f"{application.role} has no calibration assessment.")
    return assessment


def sync_payment(attempt: Attempt, application: Application, now: datetime) -> Payment:
    """Pay for a submitted attempt: approved the day after, paid two days later.

    Paid once the application has moved on to a paid stage or five days have passed,
    approved after two days, pending before that. The organisation's owner approves.
    """
    submitted_at = attempt.submitted_at
    if submitted_at is None:
        raise ValueError(f"Attempt {attempt.pk} is not submitted: nothing to pay yet.")
    age = now - submitted_at
    approved_at: datetime | None = submitted_at + timedelta(days=1)
    paid_at: datetime | None = None
    if application.stage in PAID_STAGES or age >= timedelta(days=5):
        state, paid_at = Payment.State.PAID, min(submitted_at + timedelta(days=3), now)
        approved_at = min(submitted_at + timedelta(days=1), paid_at)
    elif age >= timedelta(days=2):
        state = Payment.State.APPROVED
    else:
        state, approved_at = Payment.State.PENDING, None
    owner = (
        application.role.organization.memberships.filter(role=Membership.Role.OWNER).first()
        if approved_at
        else None
    )
    payment, _ = Payment.objects.update_or_create(
        attempt=attempt,
        defaults={
            "amount": attempt.pay_amount,
            "currency": attempt.pay_currency,
            "state": state,
            "approved_by": owner.user if owner else None,
            "approved_at": approved_at,
            "paid_at": paid_at,
        },
    )
    return payment


def response_events(response: dict, answered_at: datetime, floor_ms: int) -> list[dict]:
    events = []
    for event in response["events"]:
        at = answered_at - timedelta(milliseconds=response["time_spent_ms"] - event["after_ms"])
        recorded = {"type": event["type"], "at": at.isoformat()}
        if "chars" in event:
            recorded["chars"] = event["chars"]
        events.append(recorded)
    if response["time_spent_ms"] < floor_ms:
        ms = response["time_spent_ms"]
        events.append({"type": integrity.TOO_FAST, "at": answered_at.isoformat(), "ms": ms})
    return events


def build_cohort_attempt(spec: dict, application: Application, items: dict, now: datetime):
    """A simulated attempt with its responses, written in bulk; its payment, accommodation
    and contest."""
    if (kept := submitted_since(spec, application)) is not None:
        return kept
    assessment = assessment_of(application)
    finished = spec["finished"]
    answered = spec["responses"][: spec["answered"]]
    work = timedelta(milliseconds=sum(r["time_spent_ms"] for r in answered)) + spec["overhead"]
    started_at = now - (spec["started_ago"] if finished else work)
    extra = spec["extra_minutes"]
    deadline = started_at + timedelta(minutes=assessment.time_limit_minutes + extra)
    attempt, _ = Attempt.objects.update_or_create(
        assessment=assessment,
        candidate=application.candidate,
        purpose=Attempt.Purpose.CALIBRATION,
        defaults={
            "application": application,
            "state": Attempt.State.SUBMITTED if finished else Attempt.State.IN_PROGRESS,
            "started_at": started_at,
            "deadline": deadline,
            "submitted_at": min(started_at + work, deadline) if finished else None,
            "auto_submitted": False,
            "seed": spec["seed"],
            "item_order": [items[n].pk for n in spec["order"]],
            "current_position": len(answered) if not finished else len(spec["order"]) - 1,
            "extra_minutes": extra,
            "pay_amount": assessment.pay_amount,
            "pay_currency": assessment.pay_currency,
            "integrity_events": [],
        },
    )
    floor_ms = integrity.too_fast_floor_ms(float(assessment.expected_items_per_hour))
    clock, rows = started_at, []
    for response in answered:
        clock += timedelta(milliseconds=response["time_spent_ms"])
        fields = {name: response[name] for name in RESPONSE_FIELDS if name in response}
        fields["integrity_events"] = response_events(response, clock, floor_ms)
        rows.append(Response(attempt=attempt, item=items[response["position"]], **fields))
    Response.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["attempt", "item"],
        update_fields=[*RESPONSE_FIELDS, "updated_at"],
        batch_size=500,
    )
    attempt.responses.exclude(item_id__in=[row.item_id for row in rows]).delete()
    if finished:
        sync_payment(attempt, application, now)
    else:
        Payment.objects.filter(attempt=attempt).delete()
    if extra:
        Accommodation.objects.update_or_create(
            assessment=assessment,
            candidate=application.candidate,
            defaults={
                "extra_minutes": extra,
                "extra_percent": None,
                "reason": spec["accommodation"],
                "granted_by": application.role.created_by,
            },
        )
    if spec["contest"] is not None:
        position, reason = spec["contest"]
        Contest.objects.update_or_create(
            attempt=attempt,
            item=items[position],
            defaults={"reason": reason, "state": Contest.State.OPEN},
        )
    return attempt


def record_knockout_answers(
    answers: dict[tuple[str, str], dict], plan: dict[tuple[str, str], Destination]
) -> None:
    """Stores every application's knock-out answers, and the reason on automatic rejections."""
    applications = list(
        Application.objects.filter(
            candidate__email__in={email for email, _title in answers}
        ).select_related("candidate", "role")
    )
    changed = []
    for application in applications:
        key = (application.candidate.email, application.role.title)
        if key not in answers:
            continue
        outcome = plan[key]
        application.knockout_answers = answers[key]
        application.knockout_reason = outcome.reason if getattr(outcome, "knockout", False) else ""
        changed.append(application)
    Application.objects.bulk_update(changed, ["knockout_answers", "knockout_reason"])


def record_exposure(assessment: Assessment) -> None:
    """Counts, per item, the calibration attempts that drew it; freezes a started assessment."""
    attempts = assessment.attempts.filter(purpose=Attempt.Purpose.CALIBRATION)
    drawn = Counter(pk for order in attempts.values_list("item_order", flat=True) for pk in order)
    items = list(assessment.items.all())
    for row in items:
        row.exposure_count = drawn[row.pk]
    Item.objects.bulk_update(items, ["exposure_count"])
    first_start = attempts.aggregate(first=Min("started_at"))["first"]
    if first_start is not None and (
        assessment.frozen_at is None or assessment.frozen_at > first_start
    ):
        assessment.frozen_at = first_start
        assessment.save(update_fields=["frozen_at"])


DEMO_REVEAL_REASON = (
    "Referred by a former colleague of our medical lead: checking for a conflict of "
    "interest before the interview."
)


def reveal_one_candidate(teams) -> None:
    """Blind mode lifted for one candidate with a recorded reason: the clinical role's best
    scored candidate who has not reached the interview (once; a rerun adds nothing)."""
    if IdentityReveal.objects.filter(reason=DEMO_REVEAL_REASON).exists():
        return
    entry = (
        ShortlistEntry.objects.filter(
            role__title="Clinical LLM output reviewer (medication safety)",
            application__stage__in=[Application.Stage.SCORED, Application.Stage.SHORTLISTED],
        )
        .select_related("application")
        .order_by("-composite")
        .first()
    )
    if entry is not None:
        identity_reveal(
            application=entry.application,
            by=teams["meridian"][Membership.Role.RECRUITER],
            reason=DEMO_REVEAL_REASON,
        )


def count_rows() -> dict[str, int]:
    return {
        "organisations": Organization.objects.count(),
        "team members": Membership.objects.count(),
        "roles": Role.objects.count(),
        "assessments": Assessment.objects.count(),
        "items": Item.objects.count(),
        "candidates": CandidateProfile.objects.count(),
        "applications": Application.objects.count(),
        "stage changes": StageChange.objects.count(),
        "notes": Note.objects.count(),
        "calibration attempts": Attempt.objects.filter(purpose=Attempt.Purpose.CALIBRATION).count(),
        "scored attempts": Attempt.objects.filter(state=Attempt.State.SCORED).count(),
        "score reports": ScoreReport.objects.count(),
        "cohort agreement runs": CohortAgreement.objects.count(),
        "rubrics": Rubric.objects.count(),
        "answers in review": ReviewTask.objects.count(),
        "reviews": Review.objects.count(),
        "shortlist entries": ShortlistEntry.objects.count(),
        "responses": Response.objects.count(),
        "payments": Payment.objects.count(),
        "accommodations": Accommodation.objects.count(),
        "open contests": Contest.objects.filter(state=Contest.State.OPEN).count(),
        "audit batches": Audit.objects.count(),
        "missed batches": Audit.objects.filter(state=Audit.State.MISSED).count(),
        "quality alerts": QualityAlert.objects.count(),
        "users": get_user_model().objects.count(),
    }


def showcase_candidates() -> list:
    """Candidates to sign in as: one invited to a calibration task, one halfway through it,
    the hired one, and a hired trainer with this week's audit batch open."""
    applications = Application.objects.select_related("candidate").order_by("candidate__email")
    picks = []
    for stage in (Stage.INVITED, Stage.IN_PROGRESS, Stage.HIRED):
        at_stage = applications.filter(stage=stage, audits__isnull=True)
        if (first := at_stage.first()) is not None:
            picks.append((first.candidate, f"Candidate ({first.get_stage_display().lower()})"))
    open_batch = (
        Audit.objects.filter(state=Audit.State.ISSUED, application__quality_alerts__isnull=True)
        .select_related("application__candidate")
        .order_by("application__candidate__email")
        .first()
    )
    if open_batch is not None:
        picks.append((open_batch.application.candidate, "Trainer (weekly audit open)"))
    return picks


def score_and_review(assessments: list[Assessment], teams, seed: int) -> None:
    """Scores what was submitted, measures each cohort, reviews the written answers and
    brings the shortlist in step."""
    score_cohorts(assessments)
    review_demo_answers(assessments, teams, seed=seed)
    shortlist_rebuild()


@transaction.atomic
def build_demo(*, seed: int = DEMO_SEED, now: datetime | None = None) -> DemoResult:
    rng = random.Random(seed)
    candidates = candidate_specs(rng)
    plan = application_plan(rng, candidates)
    attempts = attempt_plan(rng, plan)
    now = (now or timezone.now()).replace(microsecond=0)
    password_hash = make_password(DEMO_PASSWORD)
    result = DemoResult()

    organizations, teams = {}, {}
    for spec in ORGANIZATIONS:
        organization, team = build_organization(spec, password_hash)
        organizations[spec["slug"]], teams[spec["slug"]] = organization, team
        result.logins.extend(
            {
                "email": user.email,
                "name": user.full_name,
                "role": Membership.Role(role).label,
                "organization": organization.name,
            }
            for role, user in team.items()
        )

    def hiring_manager_of(slug: str):
        return teams[slug][Membership.Role.HIRING_MANAGER]

    assessments = {
        spec["title"]: build_assessment(
            spec, organizations[spec["organization"]], hiring_manager_of(spec["organization"])
        )
        for spec in EVERY_ASSESSMENT
    }
    roles = {
        spec["title"]: build_role(
            spec,
            organizations[spec["organization"]],
            assessments.get(spec["assessment"]),
            hiring_manager_of(spec["organization"]),
        )
        for spec in ROLES
    }
    knockouts = knockout_answers_of(candidates, plan)
    outcomes = {(email, title): outcome for email, title, outcome in plan}
    taken = {spec["full_name"] for spec in candidates}
    assessment_specs = {spec["title"]: spec for spec in EVERY_ASSESSMENT}
    role_specs = {spec["title"]: spec for spec in ROLES}
    cohorts = [
        cohort_plan(
            random.Random(f"{seed}:{cohort.role}"),
            cohort,
            role_specs[cohort.role],
            assessment_specs[cohort.assessment],
            taken,
        )
        for cohort in COHORTS
    ]
    for cohort in cohorts:
        candidates += cohort["candidates"]
        for planned in cohort["applications"]:
            plan.append((planned.email, planned.role, planned))
            knockouts[planned.email, planned.role] = planned.answers or {}
            outcomes[planned.email, planned.role] = planned

    crowds = hire_plans(seed, role_specs, taken)
    for crowd in crowds:
        candidates += crowd.candidates
        for planned in crowd.applications:
            plan.append((planned.email, planned.role, planned))
            knockouts[planned.email, planned.role] = planned.answers or {}
            outcomes[planned.email, planned.role] = planned

    users = {spec["email"]: build_candidate(spec, password_hash) for spec in candidates}
    for email, title, outcome in plan:
        role = roles[title]
        recruiter = teams[role.organization.slug][Membership.Role.RECRUITER]
        walk_application(users[email], role, outcome, recruiter)
    record_knockout_answers(knockouts, outcomes)

    applications = {
        (application.candidate_id, application.role_id): application
        for application in Application.objects.filter(role__in=roles.values())
        .select_related("candidate", "role__assessment", "role__organization", "role__created_by")
        .prefetch_related("stage_changes")
    }
    items = {
        title: {row.position: row for row in assessment.items.all()}
        for title, assessment in assessments.items()
    }
    for spec in attempts:
        application = applications[users[spec["email"]].pk, roles[spec["role"]].pk]
        build_attempt(spec, application, items[spec["assessment"]], now)
    for cohort in cohorts:
        for spec in cohort["attempts"]:
            application = applications[users[spec["email"]].pk, roles[spec["role"]].pk]
            build_cohort_attempt(spec, application, items[spec["assessment"]], now)
    for crowd in crowds:
        for hire in crowd.hires:
            spec = hire.calibration
            application = applications[users[spec["email"]].pk, roles[spec["role"]].pk]
            build_cohort_attempt(spec, application, items[spec["assessment"]], now)
    for assessment in assessments.values():
        record_exposure(assessment)
    attach_rubrics(assessments.values(), teams)
    score_and_review(list(assessments.values()), teams, seed)
    backdate_histories(applications=list(applications.values()), now=now, seed=seed)
    reveal_one_candidate(teams)
    audit_specs = {crowd.crowd.role: audit_spec(crowd.crowd) for crowd in crowds}
    audit_assessments = {
        title: build_assessment(
            spec, roles[title].organization, hiring_manager_of(spec["organization"]), gold
        )
        for title, (spec, gold) in audit_specs.items()
    }
    build_audits(
        crowds,
        roles,
        audit_assessments,
        {title: spec["items"] for title, (spec, _gold) in audit_specs.items()},
        teams,
        now=now,
        seed=seed,
    )
    # The recalibration taken after the hire joins its assessment's cohort: scored,
    # reviewed and counted in the agreement now, so a rerun finds nothing left to do.
    score_and_review(list(assessments.values()), teams, seed)

    result.logins.extend(
        {"email": user.email, "name": user.full_name, "role": label, "organization": "—"}
        for user, label in showcase_candidates()
    )
    result.counts = count_rows()
    return result
