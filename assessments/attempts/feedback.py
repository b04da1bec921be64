"""The candidate's feedback after scoring: where each of their components sits in the
cohort as a percentile band, what the team looks at next, and how to contest an item.

Reads only: the candidate's own current score report, the components of the cohort's
current reports (as bare numbers, never whose), the application's stage and the
candidate's own contests. Nothing here names an item's expected answer, an item's
score, another candidate or an exact rank: bands come from `scoring.bands`, which gives
none below its minimum cohort.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse

from assessments.models import Attempt, Contest, ScoreReport
from assessments.scoring.bands import MIN_COHORT, Band, percentile_band
from assessments.scoring.components import COMPONENTS
from hiring.models import Application

COMPONENT_TITLES = {
    "composite": "Overall",
    "accuracy": "Accuracy",
    "edge_cases": "Edge cases",
    "agreement": "Agreement with the cohort",
    "throughput": "Pace",
    "rationale": "Rationales",
}
COMPONENT_MEANINGS = {
    "composite": "All components together, weighted as the team set them for this role.",
    "accuracy": "How often your answers matched the team's answer key.",
    "edge_cases": "How you handled the deliberately hard, borderline items.",
    "agreement": "How often you answered as most of the cohort did.",
    "throughput": "Items answered per hour against the pace the team expects.",
    "rationale": "Reviewers' scores for your written rationales, read without your name.",
}
FEEDBACK_COMPONENTS = ("composite", *COMPONENTS)

_NEXT_STEPS: dict[str, tuple[str, ...]] = {
    Application.Stage.SUBMITTED: ("Your answers are being scored against the team's answer key.",),
    Application.Stage.SCORED: (
        "The hiring team reads the role's shortlist: each candidate's components side by "
        "side, then the reasoning in their rationales and the items they flagged as "
        "ambiguous.",
        "They then decide whom to invite to an interview, and write to you either way.",
    ),
    Application.Stage.SHORTLISTED: (
        "You are on the shortlist. The team now compares shortlisted candidates' answers "
        "and profiles (rate, hours, working hours shared with the team) before inviting "
        "to interview.",
    ),
    Application.Stage.INTERVIEW: (
        "The team has invited you to interview; the invitation came by e-mail.",
    ),
    Application.Stage.OFFER: ("The team has made you an offer; the details came by e-mail.",),
    Application.Stage.HIRED: (
        "You were hired: your weekly audit batches appear on your dashboard.",
    ),
    Application.Stage.REJECTED: (
        "The team decided not to go further with this application. The feedback below "
        "stays here for you.",
    ),
    Application.Stage.WITHDRAWN: ("You withdrew this application.",),
}
RATIONALES_PENDING = (
    "Reviewers are still reading rationales, without seeing who wrote them; your rationale "
    "band appears when they finish."
)


@dataclass(frozen=True)
class ComponentFeedback:
    name: str
    title: str
    meaning: str
    band: Band | None
    scored: bool  # False: no score yet (rationales awaiting review)


@dataclass(frozen=True)
class ContestFeedback:
    number: int | None
    state: str
    state_label: str
    resolution: str


@dataclass(frozen=True)
class ContestRoute:
    """How to contest an item: the candidate's contest page and endpoint, their contests."""

    url: str
    api_url: str
    contests: list[ContestFeedback]
    left: int
    most: int = Contest.MAX_PER_ATTEMPT


@dataclass(frozen=True)
class Feedback:
    ready: bool  # scored: bands and next steps are meaningful
    cohort_minimum: int
    cohort_large_enough: bool
    contest: ContestRoute
    components: list[ComponentFeedback] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


def _cohort_reports(attempt: Attempt) -> QuerySet[ScoreReport]:
    return ScoreReport.objects.filter(
        is_current=True,
        attempt__assessment_id=attempt.assessment_id,
        attempt__purpose=Attempt.Purpose.CALIBRATION,
        attempt__state=Attempt.State.SCORED,
    )


def _component_values(components: dict, composite: float | None) -> dict[str, float | None]:
    values: dict[str, float | None] = {"composite": composite}
    for name in COMPONENTS:
        value = components.get(name)
        values[name] = float(value) if isinstance(value, int | float) else None
    return values


def attempt_feedback(*, attempt: Attempt) -> Feedback:
    """The candidate's feedback on their own (non-audit) attempt, in a fixed number of
    queries whatever the cohort's size."""
    contests = list(Contest.objects.filter(attempt=attempt).order_by("created_at", "id"))
    numbers = {item_id: n for n, item_id in enumerate(attempt.item_order, start=1)}
    route = ContestRoute(
        url=reverse("attempts:contest", args=[attempt.pk]),
        api_url=reverse("api:my-attempt-contests", args=[attempt.pk]),
        contests=[
            ContestFeedback(
                number=numbers.get(c.item_id),
                state=c.state,
                state_label=c.get_state_display(),
                resolution=c.resolution,
            )
            for c in contests
        ],
        left=max(0, Contest.MAX_PER_ATTEMPT - len(contests)),
    )
    own = (
        ScoreReport.objects.filter(attempt=attempt, is_current=True)
        .only("components", "composite")
        .first()
    )
    if attempt.state != Attempt.State.SCORED or own is None:
        return Feedback(
            ready=False,
            cohort_minimum=MIN_COHORT,
            cohort_large_enough=False,
            contest=route,
            next_steps=list(_NEXT_STEPS[Application.Stage.SUBMITTED]),
        )
    mine = _component_values(own.components or {}, own.composite)
    cohort: dict[str, list[float]] = {name: [] for name in FEEDBACK_COMPONENTS}
    for components, composite in _cohort_reports(attempt).values_list("components", "composite"):
        for name, value in _component_values(components or {}, composite).items():
            if value is not None:
                cohort[name].append(value)
    rows = [
        ComponentFeedback(
            name=name,
            title=COMPONENT_TITLES[name],
            meaning=COMPONENT_MEANINGS[name],
            band=percentile_band(mine[name], cohort[name]),
            scored=mine[name] is not None,
        )
        for name in FEEDBACK_COMPONENTS
    ]
    application = attempt.application
    stage = application.stage if application is not None else Application.Stage.SCORED
    steps = list(_NEXT_STEPS.get(stage, _NEXT_STEPS[Application.Stage.SCORED]))
    if mine["rationale"] is None and stage in (
        Application.Stage.SUBMITTED,
        Application.Stage.SCORED,
    ):
        steps.insert(0, RATIONALES_PENDING)
    return Feedback(
        ready=True,
        cohort_minimum=MIN_COHORT,
        cohort_large_enough=len(cohort["composite"]) >= MIN_COHORT,
        contest=route,
        components=rows,
        next_steps=steps,
    )
