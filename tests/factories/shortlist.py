"""Scored applications for the shortlist tests.

``scored_application`` builds the real rows a scoring run leaves behind — the candidate and
their profile, the application, a scored calibration attempt (with its integrity events),
the current ``ScoreReport`` and, for collusion, the cohort agreement naming the attempt — and
then calls ``shortlist_refresh`` as the scoring code does, so the tests read entries the way
production writes them. ``entries`` writes ``ShortlistEntry`` rows directly, in bulk, for the
size and query-count tests.
"""

import itertools
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from assessments.models import Attempt, CohortAgreement, Response, ScoreReport
from assessments.scoring.components import COMPONENTS
from candidates.models import DomainExpertise, LanguageSkill
from hiring.models import Application, Role, ShortlistEntry
from hiring.shortlist.services import shortlist_refresh
from tests.factories.accounts import UserFactory
from tests.factories.assessments import AssessmentFactory, ItemFactory
from tests.factories.candidates import CandidateProfileFactory
from tests.factories.hiring import ApplicationFactory, RoleFactory

_seeds = itertools.count(50_000)
PASS_GATES = {"accuracy": 0.6}


def shortlist_role(organization, **fields) -> Role:
    """A published role with a calibration assessment gating accuracy at 60 %."""
    assessment = AssessmentFactory(organization=organization, pass_gates=dict(PASS_GATES))
    return RoleFactory(organization=organization, assessment=assessment, **fields)


def scored_application(
    role: Role,
    *,
    composite: float | None = 0.8,
    components: dict | None = None,
    failed_gates=(),
    pending_gates=(),
    profile: dict | None = None,
    languages=(),
    domains=(),
    candidate=None,
    name: str | None = None,
    email: str | None = None,
    stage: str = Application.Stage.SCORED,
    paste: int = 0,
    focus: int = 0,
    too_fast: int = 0,
    collusion: bool = False,
) -> Application:
    """One candidate's scored application to ``role``, on its shortlist.

    ``profile`` holds CandidateProfile fields (``hourly_rate``, ``rate_currency``,
    ``time_zone``, ``country``…; ``{"_none": True}`` for a candidate without a profile);
    ``languages`` are (language, level) pairs; ``domains`` domain values. Components default
    to the composite."""
    assert role.assessment_id, "use shortlist_role(): the role needs an assessment"
    if candidate is None:
        candidate = UserFactory(
            **({"full_name": name} if name is not None else {}),
            **({"email": email} if email is not None else {}),
        )
    profile = dict(profile or {})
    if not profile.pop("_none", False):
        made = CandidateProfileFactory(
            user=candidate, **{"time_zone": "UTC", "hourly_rate": Decimal("30"), **profile}
        )
        LanguageSkill.objects.bulk_create(
            LanguageSkill(profile=made, language=language, level=level)
            for language, level in languages
        )
        DomainExpertise.objects.bulk_create(
            DomainExpertise(profile=made, domain=domain, years=3) for domain in domains
        )
    application = ApplicationFactory(candidate=candidate, role=role, stage=stage)
    now = timezone.now()
    attempt = Attempt.objects.create(
        assessment=role.assessment,
        candidate=candidate,
        application=application,
        state=Attempt.State.SCORED,
        started_at=now - timedelta(hours=1),
        deadline=now + timedelta(hours=1),
        submitted_at=now - timedelta(minutes=5),
        seed=next(_seeds),
        integrity_events=[{"type": "paste"}] * paste + [{"type": "focus_lost"}] * focus,
    )
    for _ in range(too_fast):
        Response.objects.create(
            attempt=attempt,
            item=ItemFactory(assessment=role.assessment),
            answer="indemnity",
            integrity_events=[{"type": "too_fast"}],
        )
    if components is None:
        components = dict.fromkeys(COMPONENTS, composite)
    ScoreReport.objects.create(
        attempt=attempt,
        scorer_version="1",
        gold_version=1,
        components=components,
        composite=composite,
        failed_gates=list(failed_gates),
        details={
            "gates": [
                *({"component": g, "passed": False} for g in failed_gates),
                *({"component": g, "passed": None} for g in pending_gates),
            ]
        },
    )
    if collusion:
        agreement = CohortAgreement.objects.filter(assessment=role.assessment).order_by("-id")
        agreement = agreement.first() or CohortAgreement.objects.create(
            assessment=role.assessment, gold_version=1, attempt_count=2, details={}
        )
        pairs = list((agreement.details or {}).get("collusion") or [])
        pairs.append({"a": attempt.pk, "b": None, "shared_wrong": 5, "both_wrong": 6})
        agreement.details = {**(agreement.details or {}), "collusion": pairs}
        agreement.save(update_fields=["details"])
    shortlist_refresh([application.pk])
    return application


def entries(role: Role, n: int, *, stage: str = Application.Stage.SCORED) -> list[int]:
    """``n`` applications to ``role`` with a ShortlistEntry each, written in bulk (a few
    queries, whatever ``n``); composites spread over [0, 1]. Returns the application ids."""
    assert role.assessment_id, "use shortlist_role(): the role needs an assessment"
    tag = next(_seeds)
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"bulk{tag}-{i}@example.com", full_name=f"Bulk Person {i}", password=password)
        for i in range(n)
    )
    applications = Application.objects.bulk_create(
        Application(candidate=user, role=role, stage=stage) for user in users
    )
    now = timezone.now()
    attempts = Attempt.objects.bulk_create(
        Attempt(
            assessment=role.assessment,
            candidate=user,
            application=application,
            state=Attempt.State.SCORED,
            started_at=now - timedelta(hours=1),
            deadline=now + timedelta(hours=1),
            submitted_at=now,
            seed=i,
        )
        for i, (user, application) in enumerate(zip(users, applications, strict=True))
    )
    ShortlistEntry.objects.bulk_create(
        ShortlistEntry(
            application=application,
            role=role,
            attempt=attempt,
            composite=(i * 37 % 101) / 100,
            **dict.fromkeys(COMPONENTS, (i * 53 % 101) / 100),
            passed_all_gates=i % 3 != 0,
            failed_gates=[] if i % 3 else ["accuracy"],
            paste_events=i % 4,
            flagged=i % 4 != 0,
            hourly_rate=Decimal(20 + i % 30),
            tz_overlap_hours=i % 9,
        )
        for i, (application, attempt) in enumerate(zip(applications, attempts, strict=True))
    )
    return [application.pk for application in applications]
