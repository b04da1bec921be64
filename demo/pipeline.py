"""The pipeline: where each demo application ends up, and the stages that lead there."""

from dataclasses import dataclass
from typing import Protocol

from assessments.models import Attempt
from demo.roles import CLINICAL_ROLE, CODE_REVIEW_ROLE, CONTRACT_ROLE, RLHF_ROLE
from hiring.models import Application

Stage = Application.Stage

# The way forward through the pipeline; roles without an assessment jump from
# "applied" straight to "shortlisted".
MAIN_LINE = (
    Stage.APPLIED,
    Stage.INVITED,
    Stage.IN_PROGRESS,
    Stage.SUBMITTED,
    Stage.SCORED,
    Stage.SHORTLISTED,
    Stage.INTERVIEW,
    Stage.OFFER,
    Stage.HIRED,
)
ASSESSMENT_STAGES = frozenset({Stage.INVITED, Stage.IN_PROGRESS, Stage.SUBMITTED, Stage.SCORED})


class Destination(Protocol):
    """Where an application is planned to end up: an ``Outcome``, a knock-out, a cohort's
    or a hire's planned application."""

    @property
    def reach(self) -> str: ...

    @property
    def exit(self) -> str | None: ...

    @property
    def reason(self) -> str: ...


@dataclass(frozen=True)
class Outcome:
    """Where an application ends up: ``reach`` along the main line, then maybe an exit."""

    reach: str
    exit: str | None = None
    reason: str = ""


LOW_ACCURACY = "Calibration accuracy 61% against gold, below the 75% pass gate."
MISSED_NEGATION = "Tagged three of four negated findings as diagnoses; below the accuracy gate."
COHORT_FULL = "This batch's cohort is full; invited to reapply next quarter."
NO_PYTHON_REVIEW = "No evidence of Python code review in the profile or work samples."

# Outcomes per role, handed out in a shuffled order to the role's applicants.
PIPELINE_PLAN = {
    CONTRACT_ROLE: (
        Outcome(Stage.HIRED),
        Outcome(Stage.INTERVIEW),
        Outcome(Stage.SHORTLISTED),
        Outcome(Stage.SCORED),
        Outcome(Stage.SCORED, Stage.REJECTED, LOW_ACCURACY),
        Outcome(Stage.IN_PROGRESS),
    ),
    CODE_REVIEW_ROLE: (
        Outcome(Stage.APPLIED),
        Outcome(Stage.APPLIED),
        Outcome(Stage.SHORTLISTED),
        Outcome(Stage.INTERVIEW),
        Outcome(Stage.APPLIED, Stage.REJECTED, NO_PYTHON_REVIEW),
        Outcome(Stage.SHORTLISTED, Stage.WITHDRAWN, "Accepted another contract."),
    ),
    CLINICAL_ROLE: (
        Outcome(Stage.APPLIED),
        Outcome(Stage.INVITED),
        Outcome(Stage.SUBMITTED),
        Outcome(Stage.SCORED),
        Outcome(Stage.SHORTLISTED),
        Outcome(Stage.SCORED, Stage.REJECTED, MISSED_NEGATION),
    ),
    RLHF_ROLE: (
        Outcome(Stage.APPLIED),
        Outcome(Stage.APPLIED),
        Outcome(Stage.INVITED),
        Outcome(Stage.INVITED),
        Outcome(Stage.IN_PROGRESS),
        Outcome(Stage.SUBMITTED),
        Outcome(Stage.SCORED),
        Outcome(Stage.SCORED),
        Outcome(Stage.SHORTLISTED),
        Outcome(Stage.INTERVIEW),
        Outcome(Stage.OFFER),
        Outcome(Stage.APPLIED, Stage.REJECTED, COHORT_FULL),
    ),
}

# The recruiter's latest note on applications resting at these stages.
RECRUITER_NOTES: dict[str, str] = {
    Stage.SHORTLISTED: "Solid calibration; flagged the edge-case items with clear notes. "
    "Check availability before the interview.",
    Stage.INTERVIEW: "Interview booked. Ask how they kept their own agreement up on the last "
    "project, and about pace over a four-hour block.",
    Stage.OFFER: "Offer sent at the middle of the band; start date pending their notice period.",
    Stage.HIRED: "Hired. Strongest edge-case flagging in the cohort; first audit batch next week.",
}


def path_to(outcome: Destination, *, has_assessment: bool) -> list[str]:
    """The stages after "applied" that lead to ``outcome``, each a legal move."""
    forward: list[str] = [
        stage
        for stage in MAIN_LINE[1 : MAIN_LINE.index(outcome.reach) + 1]
        if has_assessment or stage not in ASSESSMENT_STAGES
    ]
    return [*forward, outcome.exit] if outcome.exit else forward


PAID_STAGES = frozenset({Stage.SHORTLISTED, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED})
EXIT_STAGES = frozenset({Stage.REJECTED, Stage.WITHDRAWN})


def calibration_state(reached, stage: str) -> str | None:
    """The calibration attempt an application implies: none, in progress or submitted.

    ``reached`` holds every stage the application has been at, ``stage`` is where it is now.
    """
    if Stage.IN_PROGRESS not in reached:
        return None
    if Stage.SUBMITTED in reached:
        return Attempt.State.SUBMITTED
    return None if stage in EXIT_STAGES else Attempt.State.IN_PROGRESS
