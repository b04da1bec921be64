"""The numpy fast path gives score_attempt's numbers. Pure: no database."""

import math
import random

import numpy as np
import pytest

from assessments.scoring.attempt import score_attempt
from assessments.scoring.batch import (
    accuracy_single_choice,
    encode_items,
    encode_responses,
    score_single_choice_batch,
)
from assessments.scoring.components import DEFAULT_WEIGHTS, weights_from_metrics
from assessments.scoring.types import ItemSpec, ResponseData

OPTIONS = ("a", "b", "c", "d")


def test_accuracy_by_hand():
    answers = np.array([[0, 1, 2], [1, 1, -1], [-1, -1, -1]])
    gold = np.array([0, 1, 1])
    alternatives = np.zeros((3, 4), dtype=bool)
    alternatives[2, 2] = True  # "c" is also right on the third item
    assert accuracy_single_choice(answers, gold).tolist() == pytest.approx([2 / 3, 1 / 3, 0.0])
    assert accuracy_single_choice(answers, gold, alternatives).tolist() == pytest.approx(
        [1.0, 1 / 3, 0.0]
    )
    scored = np.array([True, True, False])
    assert accuracy_single_choice(answers, gold, None, scored).tolist() == [1.0, 0.5, 0.0]


def test_accuracy_without_scored_items_is_nan():
    result = accuracy_single_choice(np.array([[0, 1]]), np.array([-1, -1]))
    assert math.isnan(result[0])


def _world(seed: int, attempts: int, n_items: int, *, subset: bool):
    rng = random.Random(seed)
    items = []
    for i in range(n_items):
        gold = rng.choice(OPTIONS) if rng.random() > 0.05 else None
        alternatives = tuple(o for o in OPTIONS if o != gold and rng.random() < 0.1)
        items.append(
            ItemSpec(
                id=100 + i,
                kind="single_choice",
                content={},
                options=OPTIONS,
                gold=gold,
                alternatives=alternatives if gold else (),
                is_edge_case=rng.random() < 0.15,
            )
        )
    sittings = []
    for _ in range(attempts):
        drawn = rng.sample(items, k=rng.randint(1, n_items)) if subset else list(items)
        responses = []
        for spec in drawn:
            if rng.random() < 0.1:
                continue  # no response row at all
            answer = None if rng.random() < 0.05 else rng.choice(OPTIONS)
            timed = rng.random() > 0.02
            responses.append(
                ResponseData(
                    spec.id,
                    answer,
                    flagged=rng.random() < 0.2,
                    time_ms=rng.randint(1_000, 200_000) if timed else 0,
                )
            )
        sittings.append((drawn, responses))
    return items, sittings


def _same(batch_value, value, *, exact=True):
    if value is None:
        assert math.isnan(batch_value)
    elif exact:
        assert batch_value == value
    else:
        assert batch_value == pytest.approx(value, abs=1e-12)


@pytest.mark.parametrize(("seed", "subset"), [(1, False), (2, False), (3, True), (4, True)])
def test_batch_equals_score_attempt(seed, subset):
    items, sittings = _world(seed, attempts=60, n_items=25, subset=subset)
    weights = weights_from_metrics(["accuracy", "throughput"]) if seed % 2 else DEFAULT_WEIGHTS
    gates = {"accuracy": 0.3, "edge_cases": 0.2, "throughput": 0.5, "composite": 0.4}
    agreement = np.array([random.Random(seed + i).random() for i in range(len(sittings))])
    agreement[::7] = np.nan  # no agreement yet for some attempts

    encoded = encode_items(items)
    answers, flagged, time_ms = encode_responses(items, [r for _, r in sittings])
    present = np.zeros(answers.shape, dtype=bool)
    column = {item.id: i for i, item in enumerate(items)}
    for row, (drawn, _) in enumerate(sittings):
        present[row, [column[spec.id] for spec in drawn]] = True
    batch = score_single_choice_batch(
        encoded,
        answers,
        flagged=flagged,
        time_ms=time_ms,
        expected_items_per_hour=40,
        pass_gates=gates,
        weights=weights,
        present=present,
        agreement=agreement,
    )

    for row, (drawn, responses) in enumerate(sittings):
        one = score_attempt(
            drawn,
            responses,
            expected_items_per_hour=40,
            pass_gates=gates,
            weights=weights,
            agreement=None if math.isnan(agreement[row]) else float(agreement[row]),
        )
        for name in ("accuracy", "edge_cases", "agreement", "throughput", "rationale"):
            _same(batch.components[name][row], one.components.get(name))
        _same(batch.composite[row], one.composite, exact=False)
        assert batch.failed_gates(row) == one.failed_gates


def test_batch_rejects_other_kinds():
    with pytest.raises(ValueError, match="single choice"):
        encode_items([ItemSpec(1, "numeric", {}, (), 3)])
