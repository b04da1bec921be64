"""Cohort agreement (``scoring.cohort``): equal to the former implementation, and the
signals it reports — gold suspects, low agreement, copying pairs. No database."""

import math
import random

import numpy as np
import pytest

from assessments.item_kinds import PREFERENCE_SCALE
from assessments.scoring import agreement, cohort
from assessments.scoring.cohort import PAIRWISE_MAX, cohort_agreement, collusion_by_attempt
from assessments.scoring.types import ItemSpec
from tests.scoring import reference_cohort

LABELS = ["correct", "minor error", "major error", "refusal", "off-topic"]
KINDS = [
    "single_choice",
    "multi_label",
    "spans",
    "pairwise",
    "ranking",
    "rating",
    "numeric",
    "error_identification",
    "free_text",
]
TEXT = "The patient was given 500 mg of amoxicillin twice daily for seven days."


# --- Cohorts (the pure part of tests/factories/cohorts.py, which imports the models) ------


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


def make_items(count: int, rng: random.Random, kinds=KINDS) -> list[ItemSpec]:
    items = []
    for n in range(count):
        kind = kinds[n % len(kinds)]
        content, options, gold = item_material(kind, rng)
        alternatives = ()
        if kind == "single_choice" and rng.random() < 0.3:
            alternatives = (rng.choice([label for label in LABELS if label != gold]),)
        items.append(
            ItemSpec(
                id=100 + 7 * n,
                kind=kind,
                content=content,
                options=tuple(options),
                gold=gold,
                alternatives=alternatives,
                tolerance=1.0 if kind == "numeric" else None,
                is_edge_case=n % 10 == 9,
            )
        )
    return items


def make_cohort(seed: int, attempts: int = 30, items: int = 27, missing: float = 0.1):
    """Items of every kind; each attempt answers with its skill, misses ``missing``."""
    rng = random.Random(seed)
    specs = make_items(items, rng)
    ids = rng.sample(range(1, 10 * attempts + 10), attempts)
    answers, accuracy = {}, {}
    for pk in ids:
        skill = rng.uniform(0.3, 0.95)
        answered = {}
        for item in specs:
            if rng.random() < missing:
                continue
            answered[item.id] = (
                item.gold
                if rng.random() < skill and item.kind != "free_text"
                else wrong_answer(item.kind, item.content, list(item.options), item.gold, rng)
            )
        answers[pk] = answered
        if rng.random() < 0.9:
            accuracy[pk] = round(skill, 2)  # ties in accuracy happen
    accuracy[max(ids) + 1] = 0.5  # scored but no answers kept
    return specs, answers, accuracy


# --- Comparison with the former implementation --------------------------------------------


def assert_same(actual, expected, path="result", tolerance=1e-9):
    if isinstance(expected, dict):
        assert isinstance(actual, dict), path
        assert list(actual) == list(expected), path
        for key in expected:
            assert_same(actual[key], expected[key], f"{path}[{key!r}]", tolerance)
    elif isinstance(expected, list | tuple):
        assert isinstance(actual, list | tuple), path
        assert len(actual) == len(expected), path
        for n, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_same(a, e, f"{path}[{n}]", tolerance)
    elif isinstance(expected, float) and not isinstance(expected, bool):
        assert isinstance(actual, float), f"{path}: {actual!r} is not a float"
        assert actual == pytest.approx(expected, rel=tolerance, abs=tolerance), path
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"
        assert type(actual) is type(expected), path


def as_dict(result) -> dict:
    return {
        "alpha": result.alpha,
        "fleiss_kappa": result.fleiss_kappa,
        "gwet_ac1": result.gwet_ac1,
        "per_item": result.per_item,
        "per_candidate": result.per_candidate,
        "details": result.details,
    }


def assert_equal_to_reference(items, answers, accuracy, monkeypatch):
    expected = reference_cohort.cohort_agreement(items, answers, accuracy)
    actual = cohort_agreement(items, answers, accuracy)
    assert_same(as_dict(actual), as_dict(expected), tolerance=1e-12)
    # And before rounding to 4 places: equal to 1e-9.
    with monkeypatch.context() as patch:
        exact = lambda value: None if value is None else float(value)  # noqa: E731
        patch.setattr(reference_cohort, "_round", exact)
        patch.setattr(cohort, "_round", exact)
        expected = reference_cohort.cohort_agreement(items, answers, accuracy)
        actual = cohort_agreement(items, answers, accuracy)
    assert_same(as_dict(actual), as_dict(expected), tolerance=1e-9)
    return actual


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_equal_to_reference_on_random_cohorts(seed, monkeypatch):
    items, answers, accuracy = make_cohort(seed, attempts=24 + 3 * seed, missing=0.05 * seed)
    result = assert_equal_to_reference(items, answers, accuracy, monkeypatch)
    assert result.alpha is not None
    assert set(result.details["by_level"]) == {
        "nominal",
        "ordinal: preference scale",
        "ordinal: ranks of 4 outputs",
        "interval: ratings 1–5",
        "interval: numeric answers",
    }


def test_equal_to_reference_without_pairwise_and_with_many_values(monkeypatch):
    # 90 attempts: no pairwise matrix; numeric and spans answers take > 32 distinct values.
    items, answers, accuracy = make_cohort(11, attempts=90, items=36, missing=0.15)
    result = assert_equal_to_reference(items, answers, accuracy, monkeypatch)
    assert "pairwise" not in result.details


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "free_text"])
def test_equal_to_reference_one_kind_at_a_time(kind, monkeypatch):
    rng = random.Random(kind)
    items = make_items(6, rng, kinds=[kind])
    answers = {
        pk: {
            item.id: item.gold
            if rng.random() < 0.6
            else wrong_answer(kind, item.content, list(item.options), item.gold, rng)
            for item in items
            if rng.random() < 0.9
        }
        for pk in range(1, 31)
    }
    accuracy = {pk: rng.random() for pk in answers}
    assert_equal_to_reference(items, answers, accuracy, monkeypatch)


def test_majority_ties_break_as_before(monkeypatch):
    # Twelve distinct answers, two each: the tie goes to the answer the former string codes
    # ("a0", "a1", "a10", "a11", "a2", …) sorted first.
    rng = random.Random(3)
    items = make_items(1, rng, kinds=["numeric"])
    values = [float(v) for v in range(12)] * 2
    rng.shuffle(values)
    answers = {pk: {items[0].id: value} for pk, value in enumerate(values, start=1)}
    accuracy = dict.fromkeys(answers, 0.5)
    result = assert_equal_to_reference(items, answers, accuracy, monkeypatch)
    assert result.per_item[0]["majority_share"] == pytest.approx(2 / 24, abs=1e-4)


def test_ordinal_domain_indices_give_the_same_statistics():
    """What the cohort passes (domain indices) equals what the labels with their domain give."""
    rng = np.random.default_rng(5)
    scale = list(PREFERENCE_SCALE)
    picks = rng.choice(len(scale), size=(40, 12), p=[0.05, 0.15, 0.2, 0.4, 0.2])
    missing = rng.random((40, 12)) < 0.15
    labels = [
        [None if m else scale[p] for p, m in zip(row, gaps, strict=True)]
        for row, gaps in zip(picks, missing, strict=True)
    ]
    indices = np.where(missing, np.nan, picks.astype(float))
    alpha_labels = agreement.krippendorff_alpha(labels, "ordinal", scale)
    alpha_indices = agreement.krippendorff_alpha(indices, "ordinal")
    assert alpha_indices == pytest.approx(alpha_labels, abs=1e-12)
    loo_labels = agreement.leave_one_out_agreement(labels, "ordinal", scale)
    loo_indices = agreement.leave_one_out_agreement(indices, "ordinal")
    assert loo_indices == pytest.approx(loo_labels, abs=1e-12)
    units_labels = agreement.unit_agreement(labels, "ordinal", scale)
    units_indices = agreement.unit_agreement(indices, "ordinal")
    assert [u["alpha"] for u in units_indices] == pytest.approx(
        [u["alpha"] for u in units_labels], abs=1e-12
    )
    # Shifting the indices (a value never used at one end) changes nothing either.
    assert agreement.krippendorff_alpha(indices + 3, "ordinal") == pytest.approx(alpha_labels)


# --- What the cohort reports --------------------------------------------------------------


def _single_choice(n: int, gold: str, item_id: int | None = None) -> ItemSpec:
    return ItemSpec(
        id=item_id or 500 + n,
        kind="single_choice",
        content={"text": "Label it."},
        options=tuple(LABELS),
        gold=gold,
    )


def _skilled_cohort(attempts=30, items=12, seed=4, low=0.7):
    """Single-choice items; attempt skill = accuracy; wrong answers at random."""
    rng = random.Random(seed)
    specs = [_single_choice(n, rng.choice(LABELS)) for n in range(items)]
    answers, accuracy = {}, {}
    for n in range(attempts):
        pk = 1000 + 3 * n
        skill = low + (0.98 - low) * n / attempts
        answers[pk] = {
            item.id: item.gold
            if rng.random() < skill
            else rng.choice([label for label in LABELS if label != item.gold])
            for item in specs
        }
        accuracy[pk] = skill
    return specs, answers, accuracy


def test_planted_gold_error_is_a_gold_suspect():
    specs, answers, accuracy = _skilled_cohort()
    wrong_gold = _single_choice(99, gold="refusal", item_id=999)
    truth = "minor error"
    rng = random.Random(8)
    for pk, answered in answers.items():
        # Everyone good answers the truth; the weaker half scatter.
        answered[999] = truth if accuracy[pk] > 0.8 or rng.random() < 0.3 else rng.choice(LABELS)
    result = cohort_agreement([*specs, wrong_gold], answers, accuracy)
    rows = {row["item"]: row for row in result.per_item}
    assert rows[999]["gold_suspect"] is True
    assert rows[999]["top_majority"] == truth
    assert rows[999]["top_share"] >= 0.75
    assert not any(rows[item.id]["gold_suspect"] for item in specs)


def test_item_answered_at_random_is_low_agreement():
    specs, answers, accuracy = _skilled_cohort(attempts=40, low=0.9)
    noisy = _single_choice(77, gold="correct", item_id=777)
    rng = random.Random(2)
    for answered in answers.values():
        answered[777] = rng.choice(LABELS)
    result = cohort_agreement([*specs, noisy], answers, accuracy)
    rows = {row["item"]: row for row in result.per_item}
    assert rows[777]["low_agreement"] is True
    assert rows[777]["alpha"] < 0.4
    assert not any(rows[item.id]["low_agreement"] for item in specs)


def test_perfect_agreement_gives_alpha_one():
    rng = random.Random(6)
    items = make_items(18, rng)
    answers = {pk: {item.id: item.gold for item in items} for pk in (4, 9, 16, 25)}
    result = cohort_agreement(items, answers, {4: 1.0, 9: 1.0, 16: 1.0, 25: 1.0})
    assert result.alpha == 1.0
    assert result.gwet_ac1 == 1.0
    assert all(group["alpha"] in (1.0, None) for group in result.details["by_level"].values())
    assert [row["agreement"] for row in result.per_candidate] == [1.0] * 4
    assert all(row["majority_share"] == 1.0 for row in result.per_item)
    assert all(row["gold_share"] == 1.0 for row in result.per_item)


def test_copying_pair_is_reported_with_attempt_ids():
    rng = random.Random(12)
    specs = [_single_choice(n, rng.choice(LABELS)) for n in range(60)]
    answers, accuracy = {}, {}
    for n in range(50):
        pk = 7000 + 11 * n
        answers[pk] = {
            item.id: item.gold if rng.random() < 0.7 else rng.choice(LABELS) for item in specs
        }
        accuracy[pk] = 0.7
    source, copier = 7000 + 11 * 5, 7000 + 11 * 31
    answers[source] = {
        item.id: item.gold if rng.random() < 0.35 else rng.choice(LABELS) for item in specs
    }
    answers[copier] = dict(answers[source])
    result = cohort_agreement(specs, answers, accuracy)
    pairs = [(flag["a"], flag["b"]) for flag in result.details["collusion"]]
    assert (source, copier) in pairs
    flag = result.details["collusion"][pairs.index((source, copier))]
    assert flag["shared_wrong"] == flag["both_wrong"] >= 10
    assert flag["p_value"] < 0.001
    by_attempt = collusion_by_attempt(result.details)
    assert by_attempt[copier][0]["other"] == source
    assert by_attempt[source][0]["other"] == copier


def test_per_candidate_has_one_row_per_attempt():
    items, answers, accuracy = make_cohort(21, attempts=17)
    result = cohort_agreement(items, answers, accuracy)
    attempts = sorted(set(answers) | set(accuracy))
    assert [row["attempt"] for row in result.per_candidate] == attempts
    rows = {row["attempt"]: row["agreement"] for row in result.per_candidate}
    assert rows[max(attempts)] is None  # scored, but no answers
    assert all(isinstance(rows[pk], float) for pk in answers if answers[pk])


@pytest.mark.parametrize(("attempts", "present"), [(PAIRWISE_MAX, True), (PAIRWISE_MAX + 1, False)])
def test_pairwise_kappa_only_for_small_cohorts(attempts, present):
    specs, answers, accuracy = _skilled_cohort(attempts=attempts, items=8)
    result = cohort_agreement(specs, answers, accuracy)
    assert ("pairwise" in result.details) is present
    if present:
        pairwise = result.details["pairwise"]
        assert pairwise["attempts"] == sorted(answers)
        assert len(pairwise["kappa"]) == attempts
        assert all(len(row) == attempts for row in pairwise["kappa"])
        assert pairwise["kappa"][0][0] is None


def test_free_text_items_are_left_out():
    items, answers, accuracy = make_cohort(8, attempts=12)
    free = {item.id for item in items if item.kind == "free_text"}
    assert free
    result = cohort_agreement(items, answers, accuracy)
    listed = [row["item"] for row in result.per_item]
    assert not free & set(listed)
    assert listed == [item.id for item in items if item.kind != "free_text"]
    assert [row["position"] for row in result.per_item] == list(range(1, len(listed) + 1))


def test_cohort_of_one_attempt_has_no_figures():
    items, answers, _ = make_cohort(9, attempts=1)
    (pk,) = answers
    result = cohort_agreement(items, answers, {pk: 0.8})
    assert (result.alpha, result.fleiss_kappa, result.gwet_ac1) == (None, None, None)
    assert result.per_candidate == [{"attempt": pk, "agreement": None}]
    assert result.details["collusion"] == []
    assert "pairwise" not in result.details
    assert all(row["alpha"] is None for row in result.per_item)
    assert all(row["answers"] <= 1 for row in result.per_item)


def test_empty_cohort():
    items = make_items(9, random.Random(1))
    result = cohort_agreement(items, {}, {})
    assert (result.alpha, result.fleiss_kappa, result.gwet_ac1) == (None, None, None)
    assert result.per_candidate == []
    assert [row["answers"] for row in result.per_item] == [0] * 8
    assert result.details["by_level"] == {}


def test_values_are_rounded_to_four_places():
    items, answers, accuracy = make_cohort(14, attempts=20)
    result = cohort_agreement(items, answers, accuracy)
    values = [result.alpha, result.fleiss_kappa, result.gwet_ac1]
    values += [row["agreement"] for row in result.per_candidate]
    values += [row["alpha"] for row in result.per_item]
    for value in filter(None, values):
        assert value == round(value, 4)
        assert math.isfinite(value)
