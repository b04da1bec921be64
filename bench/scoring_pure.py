"""Pure scoring speed, no database: the numpy batch path and the per-attempt path.

- Batch: 10,000 attempts × 100 single-choice items (with alternatives, edge items, flags,
  timings and gates) through ``batch.score_single_choice_batch`` — target under 1 second;
  the first attempts are checked against ``attempt.score_attempt``.
- Per attempt: 1,000 attempts × 100 items of every kind through ``score_attempt``, the
  path a live submission takes.
- Cohort agreement: 2,000 attempts × 100 items of every kind through
  ``cohort.cohort_agreement`` (each attempt gives the gold with its skill, else a random
  answer) — target well under 2 seconds; the collusion test's share is shown below it.
"""

import math
import random
import time

import numpy as np

from assessments.item_kinds import KINDS, PREFERENCE_SCALE
from assessments.scoring import cohort
from assessments.scoring.attempt import score_attempt
from assessments.scoring.batch import (
    UNANSWERED,
    SingleChoiceItems,
    score_single_choice_batch,
)
from assessments.scoring.collusion import coincident_errors
from assessments.scoring.components import DEFAULT_WEIGHTS
from assessments.scoring.types import ItemSpec, ResponseData

GATES = {"accuracy": 0.7, "edge_cases": 0.5, "composite": 0.6}
OPTIONS = ("yes", "no", "unclear", "n/a")
TEXT = "The patient takes aspirin 75 mg daily and reports no chest pain since Monday."
CHECKED = 200


def _single_choice_world(attempts: int, items: int, seed: int = 7):
    rng = np.random.default_rng(seed)
    gold = rng.integers(0, len(OPTIONS), items)
    alternatives = np.zeros((items, len(OPTIONS)), dtype=bool)
    alternatives[rng.random(items) < 0.1, 2] = True
    edge = rng.random(items) < 0.15
    right = rng.random((attempts, items)) < 0.75
    answers = np.where(right, gold[None, :], rng.integers(0, len(OPTIONS), (attempts, items)))
    answers[rng.random((attempts, items)) < 0.03] = UNANSWERED
    flagged = rng.random((attempts, items)) < np.where(edge, 0.6, 0.05)[None, :]
    time_ms = rng.integers(20_000, 180_000, (attempts, items))
    agreement = rng.random(attempts)
    return SingleChoiceItems(gold, alternatives, edge), answers, flagged, time_ms, agreement


def _as_plain(world, row: int) -> tuple[list[ItemSpec], list[ResponseData]]:
    encoded, answers, flagged, time_ms, _ = world
    specs = [
        ItemSpec(
            id=i,
            kind="single_choice",
            content={},
            options=OPTIONS,
            gold=OPTIONS[encoded.gold_codes[i]],
            alternatives=tuple(OPTIONS[c] for c in np.flatnonzero(encoded.alt_mask[i])),
            is_edge_case=bool(encoded.edge_mask[i]),
        )
        for i in range(len(encoded.gold_codes))
    ]
    responses = [
        ResponseData(
            i,
            None if code == UNANSWERED else OPTIONS[code],
            flagged=bool(flagged[row, i]),
            time_ms=int(time_ms[row, i]),
        )
        for i, code in enumerate(answers[row])
    ]
    return specs, responses


def batch_path(attempts: int = 10_000, items: int = 100) -> tuple[float, int]:
    """Seconds to score the batch, and how many attempts were checked against the slow path."""
    world = _single_choice_world(attempts, items)
    encoded, answers, flagged, time_ms, agreement = world
    best = math.inf
    for _ in range(3):
        started = time.perf_counter()
        scores = score_single_choice_batch(
            encoded,
            answers,
            flagged=flagged,
            time_ms=time_ms,
            expected_items_per_hour=30,
            pass_gates=GATES,
            weights=DEFAULT_WEIGHTS,
            agreement=agreement,
        )
        best = min(best, time.perf_counter() - started)
    for row in range(min(CHECKED, attempts)):
        specs, responses = _as_plain(world, row)
        one = score_attempt(
            specs,
            responses,
            expected_items_per_hour=30,
            pass_gates=GATES,
            weights=DEFAULT_WEIGHTS,
            agreement=float(agreement[row]),
        )
        assert scores.components["accuracy"][row] == one.components["accuracy"], row
        assert abs(scores.composite[row] - one.composite) < 1e-12, row
        assert scores.failed_gates(row) == one.failed_gates, row
    return best, min(CHECKED, attempts)


# --- Mixed items ------------------------------------------------------------------------


def _mixed_item(rng: random.Random, i: int) -> ItemSpec:
    kind = KINDS[i % len(KINDS)]
    spec = {"id": i, "kind": kind, "content": {}, "options": (), "is_edge_case": rng.random() < 0.1}
    if kind in ("single_choice", "multi_label"):
        spec["options"] = OPTIONS
    elif kind == "spans":
        spec["content"] = {"text": TEXT}
        spec["options"] = ("MED", "DOSE", "SYMPTOM")
    elif kind in ("pairwise", "ranking", "error_identification"):
        spec["content"] = {
            "outputs": [f"output {n}" for n in range(2 if kind == "pairwise" else 4)]
        }
        if kind == "error_identification":
            spec["options"] = ("omission", "wrong_dose", "hallucination")
        if kind == "pairwise":
            spec["options"] = PREFERENCE_SCALE
    elif kind == "rating":
        spec["content"] = {"output": "o", "criteria": ["accuracy", "clarity", "tone"], "scale": 5}
    elif kind == "numeric":
        spec["tolerance"] = 0.5
    shell = ItemSpec(gold=None, **spec)
    gold = _random_answer(rng, shell)
    if kind == "free_text":
        gold = {"reference": gold}
    alternatives = (_random_answer(rng, shell),) if kind == "single_choice" else ()
    return ItemSpec(gold=gold, alternatives=alternatives, **spec)


def _random_answer(rng: random.Random, item: ItemSpec):
    kind = item.kind
    if kind in ("single_choice", "pairwise"):
        return rng.choice(item.options)
    if kind == "multi_label":
        return rng.sample(item.options, rng.randint(0, 3))
    if kind == "spans":
        spans = set()
        for _ in range(rng.randint(0, 4)):
            start = rng.randrange(0, len(TEXT) - 12)
            spans.add((start, start + rng.randint(3, 12), rng.choice(item.options)))
        return [{"start": s, "end": e, "label": label} for s, e, label in sorted(spans)]
    if kind == "ranking":
        order = list(range(len(item.content["outputs"])))
        rng.shuffle(order)
        return order
    if kind == "rating":
        return {c: rng.randint(1, item.content["scale"]) for c in item.content["criteria"]}
    if kind == "numeric":
        return rng.choice([10, 10.4, 11, 12.5])
    if kind == "error_identification":
        judged = []
        for _ in item.content["outputs"]:
            wrong = rng.random() < 0.3
            category = rng.choice(item.options) if wrong else None
            judged.append({"has_error": wrong, "category": category, "explanation": ""})
        return judged
    return "Free text answer."


def per_attempt_path(attempts: int = 1_000, items: int = 100) -> float:
    """Attempts per second through ``score_attempt`` on items of every kind."""
    rng = random.Random(11)
    specs = [_mixed_item(rng, i) for i in range(items)]
    sittings = [
        [
            ResponseData(
                spec.id,
                None if rng.random() < 0.03 else _random_answer(rng, spec),
                flagged=rng.random() < 0.1,
                time_ms=rng.randint(20_000, 180_000),
            )
            for spec in specs
        ]
        for _ in range(attempts)
    ]
    started = time.perf_counter()
    for responses in sittings:
        score_attempt(
            specs,
            responses,
            expected_items_per_hour=30,
            pass_gates=GATES,
            weights=DEFAULT_WEIGHTS,
            agreement=0.7,
        )
    return attempts / (time.perf_counter() - started)


def cohort_path(attempts: int = 2_000, items: int = 100) -> tuple[float, float]:
    """Seconds for ``cohort_agreement``, and for its collusion test alone."""
    rng = random.Random(13)
    specs = [_mixed_item(rng, i) for i in range(items)]
    answers, accuracy = {}, {}
    for pk in range(1, attempts + 1):
        skill = rng.uniform(0.35, 0.95)
        answers[pk] = {
            spec.id: spec.gold if rng.random() < skill else _random_answer(rng, spec)
            for spec in specs
            if spec.kind != "free_text" and rng.random() > 0.03
        }
        accuracy[pk] = skill
    started = time.perf_counter()
    cohort.cohort_agreement(specs, answers, accuracy)
    total = time.perf_counter() - started
    kept = [spec for spec in specs if spec.kind in cohort.coding.LEVELS]
    _, whole, _ = cohort._code_items(kept, ((pk, answers[pk]) for pk in sorted(answers)))
    started = time.perf_counter()
    coincident_errors(whole.codes, whole.gold)
    return total, time.perf_counter() - started


def run() -> None:
    batch_seconds, checked = batch_path()
    per_second = per_attempt_path()
    cohort_seconds, collusion_seconds = cohort_path()
    print("Calibrate pure scoring benchmark (no database)")
    print(f"{'measurement':<58} {'result':>14} {'target':>10}")
    print(
        f"{'batch: 10,000 attempts × 100 single-choice items':<58} "
        f"{batch_seconds * 1000:>11.1f} ms {'< 1000 ms':>10}"
    )
    print(f"{'  (checked against score_attempt, attempts)':<58} {checked:>14,}")
    print(
        f"{'per attempt: 1,000 attempts × 100 mixed items':<58} {per_second:>9,.0f} att/s {'':>10}"
    )
    print(
        f"{'cohort agreement: 2,000 attempts × 100 mixed items':<58} "
        f"{cohort_seconds * 1000:>11.1f} ms {'':>10}"
    )
    print(f"{'  (of which the collusion test)':<58} {collusion_seconds * 1000:>11.1f} ms")


if __name__ == "__main__":
    run()
