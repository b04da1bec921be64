"""An owner's decision on a role's composite weights, and the rescore that follows it.

The validity table (``outcomes.role_validity``) suggests composite weights from how well
each calibration component predicted the hires' 90-day outcome; nothing changes until
the organisation's owner accepts them. A decision (``WeightDecision``) records who, when,
the weights in force before and after, and the table it rested on; reverting to the
default weights (from the role's success metrics) is a decision too. History is kept:
the latest decision is in force (``scoring.selectors.weights_by_role``).

Either decision rescores the role's submitted calibration attempts (one forced run per
assessment, ``scoring.runs.scoring_run_start``), so each report's composite — and the
shortlist, which the scoring refreshes — uses the weights in force. A decision is refused
while a scoring run of one of those assessments is under way, when there is no
suggestion to accept (too few hires, or no component shown to predict), when the
suggestion changed since the owner saw it, and when it would change nothing.
"""

import math
from collections import defaultdict
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from assessments.audits.outcomes import RoleValidity, role_validity
from assessments.models import Assessment, Attempt, ScoringJob, WeightDecision
from assessments.scoring.components import COMPONENTS
from assessments.scoring.runs import SCORING_KINDS, scoring_run_start
from assessments.scoring.selectors import default_weights_by_role
from config.errors import ApplicationError
from hiring.models import Role

# Weights are compared to this many decimals: what the page and the API show and echo.
PLACES = 4


def full_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Every component's weight (0 where the mapping has none), rounded to ``PLACES``."""
    return {name: round(float(weights.get(name, 0.0)), PLACES) for name in COMPONENTS}


def same_weights(a: Mapping[str, float], b: Mapping[str, float]) -> bool:
    left, right = full_weights(a), full_weights(b)
    return all(math.isclose(left[name], right[name], abs_tol=1e-4) for name in COMPONENTS)


def weight_decisions_of(*, role: Role) -> list[WeightDecision]:
    """The role's decisions, newest first, with who took them and the runs they started."""
    return list(
        WeightDecision.objects.filter(role=role)
        .select_related("decided_by")
        .prefetch_related("rescore_jobs__assessment")
    )


def evidence_of(table: RoleValidity) -> dict:
    """The validity table's figures at the moment of a decision, as stored."""
    return {
        "hires": table.hires,
        "with_outcome": table.with_outcome,
        "min_hires": table.min_hires,
        "metrics": list(table.metrics),
        "suggested": table.suggested,
        "rows": [
            {
                "component": row.component,
                "n": row.n,
                "pearson": row.pearson,
                "pearson_ci": list(row.pearson_ci) if row.pearson_ci else None,
                "verdict": row.verdict,
            }
            for row in table.rows
        ],
    }


def calibration_attempts_by_assessment(role: Role) -> dict[int, list[int]]:
    """The role's submitted calibration attempts, by assessment."""
    rows = Attempt.objects.filter(
        application__role=role, purpose=Attempt.Purpose.CALIBRATION
    ).exclude(state=Attempt.State.IN_PROGRESS)
    found: dict[int, list[int]] = defaultdict(list)
    for assessment_id, pk in rows.order_by("pk").values_list("assessment_id", "pk"):
        found[assessment_id].append(pk)
    return dict(found)


def _rescore(role: Role) -> list[ScoringJob]:
    """A forced scoring run per assessment over the role's calibration attempts (started
    after commit); refused while one of those assessments has a run under way."""
    by_assessment = calibration_attempts_by_assessment(role)
    busy = (
        ScoringJob.objects.filter(
            assessment_id__in=list(by_assessment),
            kind__in=SCORING_KINDS,
            state__in=ScoringJob.ACTIVE_STATES,
        )
        .select_related("assessment")
        .first()
    )
    if busy is not None:
        raise ApplicationError(
            f"A scoring run of {busy.assessment.title} is under way; decide once it finishes "
            "so the rescore can start."
        )
    jobs = []
    for assessment in Assessment.objects.filter(pk__in=list(by_assessment)).order_by("pk"):
        jobs.append(
            scoring_run_start(
                assessment=assessment,
                kind=ScoringJob.Kind.REWEIGHT,
                force=True,
                attempt_ids=by_assessment[assessment.pk],
            )
        )
    return jobs


def _decide(
    *, role: Role, kind: str, weights: dict[str, float], table: RoleValidity, by
) -> WeightDecision:
    jobs = _rescore(role)
    decision = WeightDecision.objects.create(
        role=role,
        kind=kind,
        weights=full_weights(weights),
        previous=full_weights(table.weights),
        hires=table.with_outcome,
        evidence=evidence_of(table),
        decided_by=by,
        decided_at=timezone.now(),
    )
    decision.rescore_jobs.set(jobs)
    return decision


def _locked(role: Role) -> Role:
    """The role, locked so that two decisions on it are taken one after the other."""
    return Role.objects.select_for_update().select_related("organization").get(pk=role.pk)


@transaction.atomic
def composite_weights_accept(*, role: Role, by, seen: Mapping[str, float]) -> WeightDecision:
    """The owner accepts the validity table's suggested weights — the ones they saw
    (``seen``): refused when there is no suggestion, when it has changed since, or when
    those weights are already in force. Rescores the role's calibration attempts."""
    role = _locked(role)
    table = role_validity(role=role)
    if table.suggested is None:
        short = (
            f" ({table.with_outcome} of the {table.min_hires} hires needed have a 90-day outcome)"
            if table.with_outcome < table.min_hires
            else ""
        )
        raise ApplicationError(
            "There is no suggestion to accept: no calibration score is shown to predict the "
            f"90-day outcome yet{short}."
        )
    if not same_weights(seen, table.suggested):
        raise ApplicationError(
            "The suggestion changed since you looked at it; read the new one and accept again.",
            field="weights",
        )
    if same_weights(table.weights, table.suggested):
        raise ApplicationError("The suggested weights are already in force.")
    return _decide(
        role=role, kind=WeightDecision.Kind.ACCEPTED, weights=table.suggested, table=table, by=by
    )


@transaction.atomic
def composite_weights_revert(*, role: Role, by) -> WeightDecision:
    """The owner goes back to the default weights (from the role's success metrics);
    refused when they are in force already. Rescores the role's calibration attempts."""
    role = _locked(role)
    latest = WeightDecision.objects.filter(role=role).order_by("-decided_at", "-pk").first()
    if latest is None or latest.kind == WeightDecision.Kind.REVERTED:
        raise ApplicationError("The role already uses the default weights.")
    table = role_validity(role=role)
    defaults = default_weights_by_role([role.pk])[role.pk]
    return _decide(
        role=role, kind=WeightDecision.Kind.REVERTED, weights=defaults, table=table, by=by
    )
