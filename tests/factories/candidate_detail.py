"""Builders for the candidate detail, compare and reveal tests (no tests here).

A role whose cohort is really scored: ``build_cohort`` answers, one application per attempt,
``attempts_score`` and ``cohort_agreement_compute`` — which keep the shortlist entries in
step — and one candidate with a distinctive identity that blind mode must hide.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from assessments.models import Attempt, CohortAgreement, Response
from assessments.scoring.services import attempts_score, cohort_agreement_compute
from candidates.models import DomainExpertise, Education, LanguageSkill, WorkSample
from hiring.models import Application, Role
from tests.factories import CandidateProfileFactory, RoleFactory
from tests.factories.cohorts import Cohort, build_cohort

NAME = "Zephyrine Quillfeather"
EMAIL = "zephyrine.quillfeather@example.org"
COUNTRY = "IS"
INSTITUTION = "Unseen University of Lancre"
SAMPLE_URL = "https://example.org/portfolio/zquillfeather"
RATIONALE = "Clause 4 caps liability at twelve months of fees, so B is the safer reading."
SECRETS = (NAME, EMAIL, INSTITUTION, SAMPLE_URL)


@dataclass
class ScoredRole:
    role: Role
    cohort: Cohort
    applications: list[Application]

    @property
    def star(self) -> Application:
        """The candidate with the distinctive identity."""
        return self.applications[0]

    def attempt_of(self, application: Application) -> Attempt:
        return next(a for a in self.cohort.attempts if a.application_id == application.pk)


def _event(kind: str) -> dict:
    return {"type": kind, "at": datetime(2025, 3, 1, tzinfo=UTC).isoformat()}


def scored_role(
    organization,
    *,
    candidates: int = 5,
    items: int = 10,
    seed: int = 21,
    kinds: list[str] | None = None,
    before_scoring=None,
    **role_fields,
) -> ScoredRole:
    """A role in ``organization`` with ``candidates`` scored applications (stage "scored"),
    the first one named ``NAME`` with a profile full of identity, a rationale and integrity
    signals (3 focus losses, 2 pastes on one item, one item too fast). ``before_scoring``
    (called with the ``ScoredRole``) may change gold and answers before they are scored."""
    cohort = build_cohort(
        organization=organization, attempts=candidates, items=items, seed=seed, kinds=kinds
    )
    role = RoleFactory(
        organization=organization,
        assessment=cohort.assessment,
        tz_reference="Europe/London",
        **role_fields,
    )
    applications = []
    for attempt in cohort.attempts:
        application = Application.objects.create(
            candidate=attempt.candidate, role=role, stage=Application.Stage.SUBMITTED
        )
        attempt.application = application
        applications.append(application)
    Attempt.objects.bulk_update(cohort.attempts, ["application"])

    star_attempt = cohort.attempts[0]
    user = star_attempt.candidate
    user.full_name, user.email = NAME, EMAIL
    user.save(update_fields=["full_name", "email"])
    profile = CandidateProfileFactory(
        user=user, country=COUNTRY, time_zone="Atlantic/Reykjavik", headline="Contract analyst"
    )
    LanguageSkill.objects.create(profile=profile, language="Icelandic", level="native")
    DomainExpertise.objects.create(profile=profile, domain="law", years=7)
    Education.objects.create(
        profile=profile, level="master", field="Commercial law", institution=INSTITUTION
    )
    WorkSample.objects.create(profile=profile, title="Clause corpus", url=SAMPLE_URL)
    Attempt.objects.filter(pk=star_attempt.pk).update(integrity_events=[_event("focus_lost")] * 3)
    first, second = cohort.items[0], cohort.items[1]
    Response.objects.filter(attempt=star_attempt, item=first).update(
        rationale=RATIONALE, integrity_events=[_event("paste"), _event("paste")]
    )
    Response.objects.filter(attempt=star_attempt, item=second).update(
        integrity_events=[_event("too_fast")]
    )

    scored = ScoredRole(role=role, cohort=cohort, applications=applications)
    if before_scoring is not None:
        before_scoring(scored)
    attempts_score([a.pk for a in cohort.attempts], schedule_agreement=False)
    cohort_agreement_compute(assessment_id=cohort.assessment.pk)
    for application in applications:
        application.refresh_from_db()
    return scored


def flag_collusion(scored: ScoredRole, a: Application, b: Application) -> None:
    """Marks ``a`` and ``b`` as a collusion pair in the latest cohort agreement run."""
    agreement = CohortAgreement.objects.filter(assessment=scored.cohort.assessment).latest("id")
    details = dict(agreement.details or {})
    details["collusion"] = [
        {
            "a": scored.attempt_of(a).pk,
            "b": scored.attempt_of(b).pk,
            "both_wrong": 6,
            "shared_wrong": 5,
            "p_value": 0.0004,
        }
    ]
    CohortAgreement.objects.filter(pk=agreement.pk).update(details=details)


REVIEW_COMMENT = "Names the cap and why it decides the reading."


def reviewed_rationale(scored: ScoredRole, *, reviewer, final_score: float = 0.75):
    """The star's rationale reviewed to the end: a done task with settled levels and a
    primary review carrying ``REVIEW_COMMENT`` (built on the models directly)."""
    from django.utils import timezone

    from rubrics.models import Criterion, CriterionLevel, Review, ReviewTask, Rubric

    organization = scored.role.organization
    rubric = Rubric.objects.create(organization=organization, name="Written reasoning")
    levels = {}
    for position, (name, weight) in enumerate((("Clarity", 1), ("Deciding reason", 3)), 1):
        criterion = Criterion.objects.create(
            rubric=rubric, position=position, name=name, weight=weight
        )
        CriterionLevel.objects.bulk_create(
            CriterionLevel(criterion=criterion, score=score, descriptor=f"{name} at {score}")
            for score in range(5)
        )
        levels[str(criterion.pk)] = 3
    response = Response.objects.get(
        attempt=scored.attempt_of(scored.star), item=scored.cohort.items[0]
    )
    task = ReviewTask.objects.create(
        organization=organization,
        response=response,
        source=ReviewTask.Source.RATIONALE,
        rubric=rubric,
        state=ReviewTask.State.DONE,
        final_score=final_score,
        final_levels=levels,
        finished_at=timezone.now(),
    )
    Review.objects.create(
        task=task,
        response=response,
        rubric=rubric,
        reviewer=reviewer,
        tier=Review.Tier.PRIMARY,
        comment=REVIEW_COMMENT,
    )
    return task
