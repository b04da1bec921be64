"""Calibration attempts: how the demo candidates answered, item by item."""

import json
import random

from demo.assessment_content import Kind
from demo.pipeline import MAIN_LINE, Destination, Stage

# Seconds spent on one item, by kind: a quick call takes less than marking spans.
SECONDS_PER_ITEM = {
    Kind.SINGLE_CHOICE: (20, 120),
    Kind.PAIRWISE: (30, 150),
    Kind.NUMERIC: (40, 180),
    Kind.MULTI_LABEL: (40, 180),
    Kind.RATING: (45, 180),
    Kind.RANKING: (60, 210),
    Kind.ERROR_IDENTIFICATION: (60, 240),
    Kind.SPANS: (60, 240),
    Kind.FREE_TEXT: (90, 240),
}
REVISION_WEIGHTS = (6, 3, 2, 1)  # how often an answer was changed 0, 1, 2 or 3 times
INTEGRITY_EVENTS = ("paste", "focus_lost")
INTEGRITY_EVENT_RATE = 0.07
REJECTED_SKILL = 0.55  # see skill_of()

# Answer kinds whose parts have no order: compared as sorted lists.
UNORDERED_KINDS = frozenset({Kind.MULTI_LABEL, Kind.SPANS})


def skill_of(outcome: Destination) -> float:
    """Share of ordinary items (not edge cases, not explained) a candidate gets right, and
    their chance of flagging an edge case: higher the further they get."""
    if outcome.exit == Stage.REJECTED:
        return REJECTED_SKILL
    return 0.6 + 0.04 * MAIN_LINE.index(outcome.reach)


def canonical(kind: str, answer) -> str:
    if kind in UNORDERED_KINDS:
        answer = sorted(answer, key=lambda part: json.dumps(part, sort_keys=True))
    return json.dumps(answer, sort_keys=True)


def as_entered(kind: str, answer):
    """A fresh copy of ``answer`` as a candidate's screen would save it (spans in text order)."""
    answer = json.loads(json.dumps(answer))
    return sorted(answer, key=lambda span: span["start"]) if kind == Kind.SPANS else answer


def choice_mistakes(spec: dict, gold) -> list:
    return list(spec["options"])


def multi_label_mistakes(spec: dict, gold: list) -> list:
    """One label too many or one missing."""
    toggled = (
        [option for option in spec["options"] if (option in gold) != (option == flip)]
        for flip in spec["options"]
    )
    return [labels for labels in toggled if labels]


def span_mistakes(spec: dict, gold: list) -> list:
    """A span missed, or a span given the wrong label (a negation tagged as a diagnosis)."""
    gold = as_entered(Kind.SPANS, gold)
    missed = [gold[:i] + gold[i + 1 :] for i in range(len(gold))]
    mislabelled = [
        [*gold[:i], {**span, "label": label}, *gold[i + 1 :]]
        for i, span in enumerate(gold)
        for label in spec["options"]
        if label != span["label"]
    ]
    return missed + mislabelled


def preference_mistakes(spec: dict, gold: str) -> list:
    """One or two steps along the preference scale."""
    scale = spec["options"]
    return [option for option in scale if 1 <= abs(scale.index(option) - scale.index(gold)) <= 2]


def ranking_mistakes(spec: dict, gold: list) -> list:
    """Two neighbours swapped."""
    return [[*gold[:i], gold[i + 1], gold[i], *gold[i + 2 :]] for i in range(len(gold) - 1)]


def rating_mistakes(spec: dict, gold: dict) -> list:
    """One criterion off by one or two points."""
    scale = spec["content"]["scale"]
    return [
        {**gold, criterion: score + step}
        for criterion, score in gold.items()
        for step in (-2, -1, 1, 2)
        if 1 <= score + step <= scale
    ]


def numeric_mistakes(spec: dict, gold) -> list:
    return list(spec["sample"]["distractors"]) or [gold - 1, gold + 1]


def error_identification_mistakes(spec: dict, gold: list) -> list:
    """One output judged wrongly: a missed error, a false alarm or the wrong category."""
    judgements = [{"has_error": False, "category": None}] + [
        {"has_error": True, "category": category} for category in spec["options"]
    ]
    return [
        [*gold[:i], judgement, *gold[i + 1 :]]
        for i in range(len(gold))
        for judgement in judgements
        if judgement != gold[i]
    ]


def free_text_mistakes(spec: dict, gold: dict) -> list:
    return [spec["sample"]["texts"][1]]


# Plausible wrong answers to an item, by kind, from its spec and gold answer.
MISTAKES = {
    Kind.SINGLE_CHOICE: choice_mistakes,
    Kind.MULTI_LABEL: multi_label_mistakes,
    Kind.SPANS: span_mistakes,
    Kind.PAIRWISE: preference_mistakes,
    Kind.RANKING: ranking_mistakes,
    Kind.RATING: rating_mistakes,
    Kind.NUMERIC: numeric_mistakes,
    Kind.ERROR_IDENTIFICATION: error_identification_mistakes,
    Kind.FREE_TEXT: free_text_mistakes,
}


def right_answer(rng: random.Random, spec: dict, *, exact: bool = False):
    """Gold, or now and then an accepted alternative (never when ``exact``)."""
    gold = spec["gold"]
    if spec["kind"] == Kind.FREE_TEXT:
        return spec["sample"]["texts"][0]
    alternatives = [] if exact else gold["accepted_alternatives"]
    weights = (4, *(1 for _ in alternatives))
    answer = rng.choices([gold["answer"], *alternatives], weights=weights)[0]
    return as_entered(spec["kind"], answer)


def wrong_answer(rng: random.Random, spec: dict):
    kind, gold = spec["kind"], spec["gold"]
    accepted = {canonical(kind, a) for a in (gold["answer"], *gold["accepted_alternatives"])}
    mistakes = [
        m for m in MISTAKES[kind](spec, gold["answer"]) if canonical(kind, m) not in accepted
    ]
    return as_entered(kind, rng.choice(mistakes))


def response_plan(
    rng: random.Random, spec: dict, *, skill: float, explain: bool, wrong: bool
) -> dict:
    """One response; an edge case is flagged with chance ``skill``.

    An item the candidate explains gets gold itself, so the rationale argues for the answer.
    """
    gold, sample = spec["gold"], spec["sample"]
    flagged = gold["is_edge_case"] and rng.random() < skill
    answer = wrong_answer(rng, spec) if wrong else right_answer(rng, spec, exact=explain)
    low, high = SECONDS_PER_ITEM[spec["kind"]]
    time_spent_ms = rng.randint(low * 1000, high * 1000)
    event = None
    if rng.random() < INTEGRITY_EVENT_RATE:
        event = {"type": rng.choice(INTEGRITY_EVENTS), "after_ms": rng.randrange(time_spent_ms)}
    return {
        "answer": answer,
        "flagged_ambiguous": flagged,
        "ambiguity_note": sample["note"] if flagged else "",
        "rationale": sample["why"] if explain else "",
        "hardest": explain,
        "time_spent_ms": time_spent_ms,
        "revision_count": rng.choices(range(len(REVISION_WEIGHTS)), weights=REVISION_WEIGHTS)[0],
        "integrity_event": event,
    }


def rationale_positions(rng: random.Random, items: tuple, count: int) -> set[int]:
    """The candidate's "hardest decisions": items asking for a rationale, then others at random."""
    required = [n for n, spec in enumerate(items, 1) if spec["requires_rationale"]]
    others = [
        n
        for n, spec in enumerate(items, 1)
        if not spec["requires_rationale"] and spec["sample"]["why"]
    ]
    extra = rng.sample(others, k=min(len(others), max(0, count - len(required))))
    return {*required[:count], *extra}
