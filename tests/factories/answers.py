"""Items of every kind with their gold, and plausible wrong answers to them: pure Python,
shared by the cohort factory (``tests/factories/cohorts.py``) and the pure cohort tests."""

import random

from assessments.item_kinds import PREFERENCE_SCALE

LABELS = ["correct", "minor error", "major error", "refusal", "off-topic"]
TEXT = "The patient was given 500 mg of amoxicillin twice daily for seven days."


def item_material(kind: str, rng: random.Random) -> tuple[dict, list, object]:
    """Content, options and gold for one item of ``kind``."""
    if kind == "single_choice":
        return {"text": "Label the model's answer."}, LABELS, rng.choice(LABELS)
    if kind == "multi_label":
        return {"text": "Which problems does it have?"}, LABELS, sorted(rng.sample(LABELS, 2))
    if kind == "pairwise":
        return {"outputs": ["A", "B"]}, list(PREFERENCE_SCALE), rng.choice(PREFERENCE_SCALE)
    if kind == "rating":
        content = {"output": "An answer.", "criteria": ["accuracy", "clarity"], "scale": 5}
        return content, [], {"accuracy": rng.randint(1, 5), "clarity": rng.randint(1, 5)}
    if kind == "numeric":
        return {"question": "How many doses in total?"}, [], 14
    if kind == "ranking":
        order = [0, 1, 2, 3]
        rng.shuffle(order)
        return {"outputs": ["One", "Two", "Three", "Four"]}, [], order
    if kind == "spans":
        gold = [
            {"start": 22, "end": 28, "label": "DOSE"},
            {"start": 32, "end": 43, "label": "DRUG"},
        ]
        return {"text": TEXT}, ["DRUG", "DOSE"], gold
    if kind == "free_text":
        return {"question": "Explain."}, [], {"reference": "Because."}
    judged = [{"has_error": False, "category": None, "explanation": ""}] * 2
    judged = [*judged, {"has_error": True, "category": "factual", "explanation": ""}]
    rng.shuffle(judged)
    return {"outputs": ["First", "Second", "Third"]}, ["factual", "reasoning"], judged


def wrong_answer(kind: str, content: dict, options: list, gold, rng: random.Random):
    """A well-formed answer that is (usually) not the gold; numeric and spans vary widely."""
    if kind == "single_choice":
        return rng.choice([label for label in options if label != gold])
    if kind == "multi_label":
        return sorted(rng.sample(options, rng.randint(0, 3)))
    if kind == "pairwise":
        return rng.choice([value for value in PREFERENCE_SCALE if value != gold])
    if kind == "rating":
        return {criterion: rng.randint(1, 5) for criterion in content["criteria"]}
    if kind == "numeric":
        return rng.choice([gold + rng.choice([-4, -2, 2, 7]), round(rng.uniform(0, 40), 1)])
    if kind == "ranking":
        order = list(gold)
        rng.shuffle(order)
        return order
    if kind == "spans":
        start = rng.randrange(0, 40)
        return [{"start": start, "end": start + rng.randint(2, 9), "label": rng.choice(options)}]
    if kind == "free_text":
        return f"Answer {rng.random()}"
    return [
        {"has_error": True, "category": rng.choice(options), "explanation": ""}
        if rng.random() < 0.5
        else {"has_error": False, "category": None, "explanation": ""}
        for _ in gold
    ]
