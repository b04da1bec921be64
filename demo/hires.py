"""The demo's hired trainers and their first twelve weeks of audits. Pure: no database.

One crowd of hires per organisation, on the role with a large calibration assessment:
"Clinical LLM output reviewer (medication safety)" at Meridian and "RLHF preference rater
(legal assistant)" at Lexicon. Each hire applied, took the calibration task (simulated at
their skill, as the cohorts are) about fifteen weeks ago and was hired; then come twelve
weekly audit batches and this week's, still open.

How a hire does in a week is their *level*: the share of the batch's items they answer
as a careful peer would (gold where there is gold). It follows their calibration skill
(plus a personal offset and weekly noise), so calibration predicts the 90-day outcome
about as well as it does in life: the validity table has an interval, not a shrug. A few
batches are missed (recorded as missed, never skipped); turnaround is the hours from the
batch being issued to its submission.

Two hires carry a story (``STORIES``):

- at Lexicon, **drifting**: steady for six weeks, then from week 7 their answers slide,
  and the beat raises a drift alert against their own baseline (the role sets no
  accuracy target, so it is the charts, not a threshold, that catch it);
- at Meridian, **recalibrated**: they fell below the 92% accuracy target in weeks 3–4,
  the alert was acknowledged, a recalibration assigned and taken, and they recovered;
  the alert was resolved in week 7.
"""

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from demo import clinical_items, preference_items
from demo.cohorts import CLINICAL_REVIEWERS, LEGAL_RATERS, PlannedApplication, cohort_candidate
from demo.cohorts import generated_names as draw_names
from demo.knockouts import knockout_answers, knockout_failures
from demo.knockouts import overlap_hours as natural_overlap
from demo.roles import CLINICAL_REVIEW_ROLE, PREFERENCE_ROLE
from demo.simulation import ANSWERS, draw_order, simulate_attempt
from hiring.models import Application

WEEKS = 12  # audited weeks before this one
DRIFTING = "drifting"
RECALIBRATED = "recalibrated"
DRIFT_WEEK = 7  # 1-based: the first week of the drifting hire's slide
RECAL_DIP = (3, 4)  # 1-based weeks the recalibrated hire fell below target
RECAL_RESOLVED = 7  # 1-based week their alert was resolved


@dataclass(frozen=True)
class HireCrowd:
    role: str
    calibration: dict  # the calibration assessment's spec
    track: dict
    size: int
    seed_offset: int
    story: str
    story_person: tuple  # (full name, country, time zone, native language)
    floor: float  # the weakest hire's usual level
    audit_title: str
    audit_seed: int
    audit_instructions: str


CROWDS = (
    HireCrowd(
        role=PREFERENCE_ROLE,
        calibration=preference_items.ASSESSMENT,
        track=LEGAL_RATERS,
        size=14,
        seed_offset=300,
        story=DRIFTING,
        story_person=("Imogen Hartley", "GB", "Europe/London", "English"),
        floor=0.84,
        audit_title="Weekly audit: legal assistant preferences",
        audit_seed=7301,
        audit_instructions=(
            "This week's comparisons from the legal assistant's live traffic. Judge them as "
            "in your calibration: **accuracy first**, then helpfulness, then clarity. Flag "
            "items where careful raters could disagree, with a one-line note."
        ),
    ),
    HireCrowd(
        role=CLINICAL_REVIEW_ROLE,
        calibration=clinical_items.ASSESSMENT,
        track=CLINICAL_REVIEWERS,
        size=14,
        seed_offset=400,
        story=RECALIBRATED,
        story_person=("Samuel Osei", "GB", "Europe/London", "English"),
        floor=0.95,
        audit_title="Weekly audit: medication safety review",
        audit_seed=9127,
        audit_instructions=(
            "This week's model outputs to check against their source notes. Say whether each "
            "has an error and pick its category; **flag** genuinely ambiguous notes and say "
            "why in one line."
        ),
    ),
)


@dataclass(frozen=True)
class WeekPlan:
    """How a hire works in one audited week (see ``batch_answers``)."""

    level: float  # share of gold items answered as gold has it
    work_level: float  # chance of answering a work item as a careful peer
    flag_level: float  # chance of flagging an edge case
    seconds: float  # per item
    near: bool = True  # a wrong answer is a near miss, not clearly wrong


@dataclass
class HirePlan:
    """One hire: who, their calibration attempt (as the cohorts plan theirs) and weeks."""

    email: str
    role: str
    skill: float
    story: str
    weeks: list[WeekPlan | None]  # per audited week, None: the batch was missed
    turnaround_hours: list[float]  # per audited week, hours from issue to submission
    calibration: dict
    recalibration_skill: float | None = None


@dataclass
class CrowdPlan:
    crowd: HireCrowd
    candidates: list[dict] = field(default_factory=list)
    applications: list[PlannedApplication] = field(default_factory=list)
    hires: list[HirePlan] = field(default_factory=list)


def audit_gold_positions(items: tuple) -> set[int]:
    """Which of an audit assessment's items (1-based positions) keep their gold: every
    edge case and two in three of the others. The rest are ordinary work."""
    return {n for n, spec in enumerate(items, 1) if spec["gold"]["is_edge_case"] or n % 3 != 0}


def _weeks(rng: random.Random, usual: float, speed: float, seconds: float, story: str):
    """The hire's audited weeks: steady around their usual level (work and edge cases
    handled as a careful peer would), or their story's slide or dip."""
    weeks: list[WeekPlan | None] = []
    for week in range(1, WEEKS + 1):
        noise = rng.gauss(0, 0.008)
        level = min(0.995, usual + (0 if story == DRIFTING else noise))
        plan = WeekPlan(level, 1.0, 1.0, seconds / speed)
        if story == DRIFTING and week >= DRIFT_WEEK:
            level = usual - 0.16 - 0.02 * (week - DRIFT_WEEK)
            plan = WeekPlan(level, level, 0.6, seconds / speed / 1.1, near=False)
        elif story == RECALIBRATED and week in RECAL_DIP:
            level = usual - 0.3
            plan = WeekPlan(level, level, 1.0, seconds / speed, near=False)
        weeks.append(plan)
    return weeks


def _missed(rng: random.Random, story: str) -> set[int]:
    """0-based weeks a hire missed: about one in twenty, never in a story's key weeks."""
    if story:
        return {9} if story == RECALIBRATED else set()
    return {week for week in range(WEEKS) if rng.random() < 0.05}


def _calibration(rng: random.Random, crowd: HireCrowd, email: str, skill: float) -> dict:
    assessment = crowd.calibration
    seed = rng.randrange(1, 2**31)
    order = draw_order(
        assessment["items"], Counter(), seed=seed, count=assessment.get("items_per_attempt")
    )
    responses = simulate_attempt(rng, assessment, order, skill=skill)
    return {
        "email": email,
        "role": crowd.role,
        "assessment": assessment["title"],
        "seed": seed,
        "order": order,
        "responses": [{"position": p, **responses[p]} for p in order],
        "finished": True,
        "answered": len(order),
        "extra_minutes": 0,
        "accommodation": "",
        "contest": None,
        "started_ago": timedelta(weeks=15, days=rng.randint(0, 6), hours=rng.randint(6, 20)),
        "overhead": timedelta(seconds=rng.randint(60, 300)),
    }


def crowd_plan(rng: random.Random, crowd: HireCrowd, role: dict, taken: set[str]) -> CrowdPlan:
    """The crowd's hires: the story hire first, then generated people who pass the role's
    knock-outs, with skills spread from good to excellent (they were hired)."""
    plan = CrowdPlan(crowd)
    taken.add(crowd.story_person[0])
    reference = role["fields"]["tz_reference"]
    kept: list[tuple[dict, dict]] = []
    person = crowd.story_person
    while len(kept) < crowd.size:
        spec = cohort_candidate(rng, person, crowd.track, crowd.seed_offset + len(kept))
        natural = natural_overlap(spec["profile"]["time_zone"], reference)
        answers = knockout_answers(spec, role, declared_overlap=min(8, natural + 4))
        if not knockout_failures(answers, role):
            kept.append((spec, answers))
        person = draw_names(rng, 1, taken)[0]
    for n, (spec, answers) in enumerate(kept):
        story = crowd.story if n == 0 else ""
        skill = 0.62 + 0.34 * ((n * 5) % crowd.size) / (crowd.size - 1) + rng.uniform(-0.02, 0.02)
        if story:
            skill = 0.9
        share = (skill - 0.6) / 0.38  # 0 for the weakest hire, 1 for the strongest
        usual = min(0.985, crowd.floor + (0.985 - crowd.floor) * share + rng.gauss(0, 0.01))
        speed = 0.72 + 0.33 * share + rng.gauss(0, 0.03)
        seconds = 3600 / float(crowd.calibration["expected_items_per_hour"])
        if story == DRIFTING:
            usual = 0.99  # a steady, careful start makes the slide plain
        weeks = _weeks(rng, usual, speed, seconds, story)
        for week in _missed(rng, story):
            weeks[week] = None
        pace = rng.uniform(14, 40)
        plan.candidates.append(spec)
        plan.applications.append(
            PlannedApplication(spec["email"], crowd.role, Application.Stage.HIRED, answers=answers)
        )
        plan.hires.append(
            HirePlan(
                email=spec["email"],
                role=crowd.role,
                skill=round(skill, 3),
                story=story,
                weeks=weeks,
                turnaround_hours=[max(2.0, rng.gauss(pace, 8)) for _ in range(WEEKS)],
                calibration=_calibration(rng, crowd, spec["email"], skill),
                recalibration_skill=0.93 if story == RECALIBRATED else None,
            )
        )
    return plan


def hire_plans(seed: int, roles: dict[str, dict], taken: set[str]) -> list[CrowdPlan]:
    return [
        crowd_plan(random.Random(f"{seed}:hires:{crowd.role}"), crowd, roles[crowd.role], taken)
        for crowd in CROWDS
    ]


def audit_spec(crowd: HireCrowd) -> tuple[dict, set[int]]:
    """The crowd's audit assessment (its own items, drawn afresh from the calibration's
    generator) and the positions that keep their gold."""
    calibration = crowd.calibration
    module = preference_items if calibration is preference_items.ASSESSMENT else clinical_items
    # Two draws of the generator, without repeats: enough gold for a month without one.
    # Weekly work asks for no written rationale.
    drawn: dict[str, dict] = {}
    for seed in (crowd.audit_seed, crowd.audit_seed + 1):
        for item in module.build_items(seed=seed):
            key = json.dumps([item["prompt"], item["content"]], sort_keys=True)
            drawn.setdefault(key, {**item, "requires_rationale": False})
    items = tuple(drawn.values())
    kept = ("organization", "time_limit_minutes", "expected_items_per_hour", "pay_currency")
    spec = {name: calibration[name] for name in kept}
    spec |= {
        "title": crowd.audit_title,
        "instructions": crowd.audit_instructions,
        "pay_amount": 0,
        "rationale_count": 0,
        "items": items,
    }
    return spec, audit_gold_positions(items)


def _wrong(rng: random.Random, spec: dict, *, near: bool):
    """A wrong answer. Clearly wrong: an inverted preference, best and worst swapped, a
    wrong option, every output misjudged, no span found. A near miss (``near``): the
    neighbouring preference, two neighbours swapped, one rating off by one, one output
    misjudged, one span cut short; ``None`` for a kind with no near miss (single choice)."""
    gold = json.loads(json.dumps(spec["gold"]["answer"]))
    if spec["kind"] == "error_identification":
        judged = range(1) if near else range(len(gold))
        for n in judged:
            entry = gold[n]
            gold[n] = (
                {"has_error": False, "category": None, "explanation": ""}
                if entry["has_error"]
                else {"has_error": True, "category": rng.choice(spec["options"]), "explanation": ""}
            )
        return gold
    if spec["kind"] == "spans":
        if not near or not gold:
            return []
        gold[0]["end"] = max(gold[0]["start"] + 1, gold[0]["end"] - 3)
        return gold
    if near and spec["kind"] == "single_choice":
        return None
    return ANSWERS[spec["kind"]](rng, spec, False, 1.0 if near else 0.0)


def batch_answers(
    rng: random.Random, specs: list[dict], gold: list[bool], week: "WeekPlan"
) -> list[dict]:
    """A trainer's answers to a batch's items (``specs`` in the order shown, ``gold``
    saying which are gold) in a week: ``week.level`` of the gold items (rounded at random)
    answered as gold has it and each work item with chance ``week.work_level`` as a
    careful peer would (its reference answer), the rest wrong in the kind's usual ways.
    Edge cases are flagged with a note with chance ``week.flag_level``; nothing else is.
    Each item takes ``week.seconds`` give or take 15%."""
    gold_at = [n for n, is_gold in enumerate(gold) if is_gold]
    right_count = int(week.level * len(gold_at) + rng.random())
    right = set(rng.sample(gold_at, k=min(len(gold_at), right_count)))
    right |= {n for n, is_gold in enumerate(gold) if not is_gold and rng.random() < week.work_level}
    out = []
    for n, spec in enumerate(specs):
        answer = None if n in right else _wrong(rng, spec, near=week.near)
        if answer is None:
            answer = json.loads(json.dumps(spec["gold"]["answer"]))
        flagged = spec["gold"]["is_edge_case"] and rng.random() < week.flag_level
        out.append(
            {
                "answer": answer,
                "flagged_ambiguous": flagged,
                "ambiguity_note": spec["sample"]["note"] if flagged else "",
                "time_spent_ms": int(week.seconds * rng.uniform(850, 1150)),
            }
        )
    return out
