"""Simulated calibration attempts for the demo's large assessments. Pure: no database.

Each candidate has a latent skill in [0, 1]. The chance of matching gold on an item rises
with skill and falls with the item's difficulty; a wrong answer is still a valid answer of
the item's kind (a wrong option, a shifted span, an inverted preference, a swapped ranking,
an off-by-one rating, a missed or miscategorised error). Strong candidates flag most edge
cases with a note; weak ones guess. Times per item follow the kind, with a few answers given
too fast to have been read; a few pastes and focus losses; rationales on the candidate's
"hardest" picks; revisions. Two candidates copy each other, so their wrong answers coincide.

Everything is drawn from the ``random.Random`` passed in, so a seed gives the same cohort.
"""

import json
import math
import random
from collections import Counter
from datetime import timedelta

from assessments.attempts.pool import PoolItem, attempt_items
from demo.assessment_content import PREFERENCE_SCALE, Kind

# Seconds a careful candidate spends on an item of each kind (low, high).
SECONDS = {
    Kind.SINGLE_CHOICE: (25, 75),
    Kind.PAIRWISE: (30, 95),
    Kind.RATING: (40, 110),
    Kind.RANKING: (55, 150),
    Kind.SPANS: (50, 140),
    Kind.ERROR_IDENTIFICATION: (45, 130),
}
TOO_FAST_MS = (1_500, 2_900)  # under every pace's floor (integrity: never under 3 s)
FLAG_NOTE_GUESSES = (
    "Not sure here; the two readings seem equally defensible.",
    "I went back and forth on this one.",
)
WEAK_RATIONALES = {
    Kind.PAIRWISE: "I picked the one that sounded more confident. It also read more smoothly.",
    Kind.RANKING: "I ranked the longest answers first. Longer answers usually cover more.",
    Kind.RATING: "The answer seemed fine overall. I gave similar scores across the board.",
    Kind.ERROR_IDENTIFICATION: "Some lines looked different from the note, so I marked them. "
    "I was not sure about the categories.",
    Kind.SPANS: "I marked the parts that looked odd to me. I may have missed some.",
    Kind.SINGLE_CHOICE: "This looked like the most likely option. I was not completely sure.",
}


def canonical(answer) -> str:
    """A comparable form: spans as a sorted set, error judgements without explanations."""
    if isinstance(answer, list) and answer and isinstance(answer[0], dict):
        if "has_error" in answer[0]:
            answer = [[entry["has_error"], entry["category"]] for entry in answer]
        else:
            answer = sorted((s["start"], s["end"], s["label"]) for s in answer)
    return json.dumps(answer, sort_keys=True)


def matches_gold(spec: dict, answer) -> bool:
    gold = spec["gold"]
    return canonical(answer) in {
        canonical(a) for a in (gold["answer"], *gold["accepted_alternatives"])
    }


def chance(skill: float, difficulty: float) -> float:
    """Chance of getting one judgement right: rises with skill, falls with difficulty."""
    return 0.12 + 0.86 / (1 + math.exp(-9 * (skill - difficulty)))


def wrong_option(rng: random.Random, options, right):
    return rng.choice([option for option in options if option != right])


def pairwise_answer(rng, spec, right: bool, skill: float):
    gold = spec["gold"]["answer"]
    if right:
        return gold
    index = PREFERENCE_SCALE.index(gold)
    if rng.random() > skill:  # the weaker the candidate, the likelier a full inversion
        inverted = PREFERENCE_SCALE[len(PREFERENCE_SCALE) - 1 - index]
        return inverted if inverted != gold else rng.choice(["A>B", "B>A"])
    near = [PREFERENCE_SCALE[i] for i in (index - 1, index + 1) if 0 <= i < len(PREFERENCE_SCALE)]
    accepted = {gold, *spec["gold"]["accepted_alternatives"]}
    return rng.choice([p for p in near if p not in accepted] or near)


def ranking_answer(rng, spec, right: bool, skill: float):
    gold = list(spec["gold"]["answer"])
    if right:
        return gold
    if rng.random() > skill:  # best and worst swapped
        gold[0], gold[-1] = gold[-1], gold[0]
        return gold
    i = rng.randrange(len(gold) - 1)
    gold[i], gold[i + 1] = gold[i + 1], gold[i]
    if matches_gold(spec, gold):  # swapped into an accepted alternative: swap elsewhere
        gold[i], gold[i + 1] = gold[i + 1], gold[i]
        gold[-1], gold[-2] = gold[-2], gold[-1]
    return gold


def rating_answer(rng, spec, right: bool, skill: float):
    gold, scale = dict(spec["gold"]["answer"]), spec["content"]["scale"]
    if right:
        return gold
    criteria = rng.sample(list(gold), k=1 if rng.random() < skill else 2)
    for criterion in criteria:
        score = gold[criterion]
        gold[criterion] = score + (
            1 if score == 1 else -1 if score == scale else rng.choice((-1, 1))
        )
    return gold


def single_choice_answer(rng, spec, right: bool, skill: float):
    gold = spec["gold"]["answer"]
    return gold if right else wrong_option(rng, spec["options"], gold)


def error_identification_answer(rng, spec, skill: float) -> list[dict]:
    """Judged output by output: a miss, a false alarm or the wrong category when wrong."""
    p = chance(skill, spec["sample"]["difficulty"]) ** (1 / len(spec["gold"]["answer"]))
    strong = skill >= 0.7
    judged = []
    for entry in spec["gold"]["answer"]:
        if rng.random() < p:
            explanation = entry["explanation"] if strong else entry["explanation"][:40].rstrip()
            judged.append({**entry, "explanation": explanation if entry["has_error"] else ""})
        elif entry["has_error"] and rng.random() < 0.5:
            judged.append({"has_error": False, "category": None, "explanation": ""})
        elif entry["has_error"]:
            category = wrong_option(rng, spec["options"], entry["category"])
            judged.append({"has_error": True, "category": category, "explanation": "Looks off."})
        else:
            category = rng.choice(spec["options"])
            judged.append(
                {"has_error": True, "category": category, "explanation": "Not in the note?"}
            )
    return judged


def spans_answer(rng, spec, skill: float) -> list[dict]:
    """Span by span: kept, missed, shifted by a few characters or mislabelled."""
    text, labels = spec["content"]["text"], spec["options"]
    p = chance(skill, spec["sample"]["difficulty"]) ** (1 / len(spec["gold"]["answer"]))
    marked = []
    for span in spec["gold"]["answer"]:
        roll = rng.random()
        if roll < p:
            marked.append(dict(span))
        elif roll < p + (1 - p) / 3:
            continue  # missed
        elif roll < p + 2 * (1 - p) / 3:
            shift = rng.choice((-4, -2, 2, 4))
            start = min(max(0, span["start"] + shift), span["end"] - 1)
            end = min(len(text), max(start + 1, span["end"] + rng.choice((-3, 0, 3))))
            marked.append({"start": start, "end": end, "label": span["label"]})
        else:
            marked.append({**span, "label": wrong_option(rng, labels, span["label"])})
    unique = {(s["start"], s["end"], s["label"]): s for s in marked}
    return sorted(unique.values(), key=lambda s: (s["start"], s["end"], s["label"]))


ANSWERS = {
    Kind.PAIRWISE: pairwise_answer,
    Kind.RANKING: ranking_answer,
    Kind.RATING: rating_answer,
    Kind.SINGLE_CHOICE: single_choice_answer,
}


def simulated_answer(rng: random.Random, spec: dict, skill: float):
    kind, gold = spec["kind"], spec["gold"]
    if kind == Kind.ERROR_IDENTIFICATION:
        return error_identification_answer(rng, spec, skill)
    if kind == Kind.SPANS:
        return spans_answer(rng, spec, skill)
    right = rng.random() < chance(skill, spec["sample"]["difficulty"])
    if right and spec["sample"].get("believed") is not None:
        return spec["sample"]["believed"]  # the gold is wrong; the careful see it
    if right and gold["accepted_alternatives"] and rng.random() < 0.25:
        return json.loads(json.dumps(rng.choice(gold["accepted_alternatives"])))
    return ANSWERS[kind](rng, spec, right, skill)


def simulated_response(rng: random.Random, spec: dict, *, skill: float, rusher: bool) -> dict:
    edge = spec["gold"]["is_edge_case"]
    if edge and skill < 0.55:  # weak candidates guess on edge cases
        spec = {**spec, "sample": {**spec["sample"], "difficulty": 0.95}}
    answer = simulated_answer(rng, spec, skill)
    flag_chance = skill**1.5 if edge else 0.03 * (1 - skill)
    flagged = rng.random() < flag_chance
    note = ""
    if flagged:
        note = spec["sample"]["note"] if edge and skill >= 0.55 else rng.choice(FLAG_NOTE_GUESSES)
    low, high = SECONDS[spec["kind"]]
    pace = 1.05 - 0.35 * skill  # strong candidates read faster
    ms = int(rng.uniform(low, high) * 1000 * pace * (1 + 0.5 * spec["sample"]["difficulty"]))
    if (rusher and rng.random() < 0.3) or rng.random() < 0.01:
        ms = rng.randint(*TOO_FAST_MS)
    events = []
    if rng.random() < 0.04:
        events.append({"type": "focus_lost", "after_ms": rng.randrange(ms)})
    if rng.random() < (0.03 if rusher else 0.008):
        events.append(
            {"type": "paste", "after_ms": rng.randrange(ms), "chars": rng.randint(40, 600)}
        )
    revisions = rng.choices(
        (0, 1, 2, 3), weights=(7, 3 + 3 * spec["sample"]["difficulty"], 1, 0.5)
    )[0]
    return {
        "answer": answer,
        "flagged_ambiguous": flagged,
        "ambiguity_note": note,
        "rationale": "",
        "hardest": False,
        "time_spent_ms": ms,
        "revision_count": revisions,
        "events": events,
        "correct": matches_gold(spec, answer),
    }


def pick_hardest(rng: random.Random, items: tuple, order: list[int], count: int, skill: float):
    """The candidate's own "hardest decisions": the hardest-looking items, noisier when weak."""
    noise = 0.4 * (1 - skill)
    scored = sorted(
        order,
        key=lambda n: -(items[n - 1]["sample"]["difficulty"] + rng.uniform(-noise, noise)),
    )
    return set(scored[:count])


def add_rationales(responses: dict, items: tuple, hardest: set[int]) -> None:
    for n in hardest:
        response, spec = responses[n], items[n - 1]
        response["hardest"] = True
        good = response["correct"] and spec["sample"]["why"]
        response["rationale"] = spec["sample"]["why"] if good else WEAK_RATIONALES[spec["kind"]]


def skills_for(rng: random.Random, count: int) -> list[float]:
    """Spread evenly from 0.3 to 0.95 with a little jitter, in a shuffled order."""
    spread = [0.3 + 0.65 * (i + 0.5) / count + rng.uniform(-0.02, 0.02) for i in range(count)]
    rng.shuffle(spread)
    return [round(min(max(s, 0.25), 0.97), 3) for s in spread]


def draw_order(items: tuple, exposure: Counter, *, seed: int, count: int | None) -> list[int]:
    """Item positions an attempt shows, drawn as the live pool would draw them."""
    pool = [
        PoolItem(
            id=n,
            position=n,
            kind=str(spec["kind"]),
            is_edge_case=spec["gold"]["is_edge_case"],
            exposure_count=exposure[n],
        )
        for n, spec in enumerate(items, 1)
    ]
    order = attempt_items(pool, count=count, seed=seed, shuffle=True)
    exposure.update(order)
    return order


def simulate_attempt(
    rng: random.Random,
    assessment: dict,
    order: list[int],
    *,
    skill: float,
    rusher: bool = False,
    copy_of: dict | None = None,
) -> dict:
    """One candidate's responses to the items in ``order``, keyed by item position.

    With ``copy_of`` (another attempt's responses), shared items are mostly copied, so the
    two candidates' wrong answers coincide.
    """
    items = assessment["items"]
    responses = {}
    for n in order:
        own = simulated_response(rng, items[n - 1], skill=skill, rusher=rusher)
        if copy_of is not None and n in copy_of and rng.random() < 0.9:
            copied = copy_of[n]
            own.update(answer=json.loads(json.dumps(copied["answer"])), correct=copied["correct"])
        responses[n] = own
    hardest = pick_hardest(rng, items, order, assessment["rationale_count"], skill)
    add_rationales(responses, items, hardest)
    limit_ms = assessment["time_limit_minutes"] * 60_000 * 0.9
    total = sum(r["time_spent_ms"] for r in responses.values())
    if total > limit_ms:  # keep within the time limit, as the real clock would
        for response in responses.values():
            response["time_spent_ms"] = max(
                1_500, int(response["time_spent_ms"] * limit_ms / total)
            )
            for event in response["events"]:
                event["after_ms"] = min(event["after_ms"], response["time_spent_ms"] - 1)
    return responses


def accuracy(assessment: dict, responses: dict) -> float:
    """Share of answered non-edge items matching gold (the naive measure a recruiter sees)."""
    items = assessment["items"]
    scored = [
        r["correct"] for n, r in responses.items() if not items[n - 1]["gold"]["is_edge_case"]
    ]
    return sum(scored) / len(scored) if scored else 0.0


def attempt_timing(rng: random.Random, *, stage: str, finished: bool) -> dict:
    """How long ago the attempt started, by how far the application has moved since."""
    if not finished:
        return {"started_ago": None, "overhead": timedelta(seconds=rng.randint(60, 240))}
    days = {"submitted": (0, 1), "scored": (2, 9), "rejected": (3, 9)}.get(stage, (8, 14))
    return {
        "started_ago": timedelta(days=rng.randint(*days), hours=rng.randint(6, 20)),
        "overhead": timedelta(seconds=rng.randint(60, 300)),
    }
