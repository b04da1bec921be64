"""Collusion signal: coinciding wrong answers beyond chance."""

import math

import numpy as np
import pytest

from assessments.scoring.collusion import _tail_probabilities, coincident_errors


def cohort(seed=1, raters=60, units=80, copier=None, source=None):
    rng = np.random.default_rng(seed)
    gold = rng.integers(0, 4, size=units)
    skill = rng.uniform(0.5, 0.9, size=raters)
    if source is not None:
        skill[source] = 0.45
    correct = rng.random((raters, units)) < skill[:, None]
    distractor = (gold + 1) % 4
    other = (gold[None, :] + rng.integers(1, 4, size=(raters, units))) % 4
    wrong = np.where(rng.random((raters, units)) < 0.5, distractor[None, :], other)
    answers = np.where(correct, gold[None, :], wrong).astype(object)
    answers[rng.random((raters, units)) < 0.05] = None
    if copier is not None:
        answers[copier] = answers[source]
        fixed = rng.random(units) < 0.1  # the copier corrects a few answers
        answers[copier, fixed] = gold[fixed]
    labels = np.array(["A", "B", "C", "D"], dtype=object)
    named = [[None if v is None else labels[v] for v in row] for row in answers]
    return named, [labels[g] for g in gold]


def test_planted_copying_pair_is_found():
    answers, gold = cohort(copier=41, source=17)
    found = coincident_errors(answers, gold)
    assert [(f["a"], f["b"]) for f in found] == [(17, 41)]
    flag = found[0]
    assert flag["shared_wrong"] >= 20
    assert flag["shared_wrong"] <= flag["both_wrong"]
    assert flag["p_value"] < 1e-6


def test_independent_raters_are_not_flagged():
    for seed in range(5):
        answers, gold = cohort(seed=seed)
        assert coincident_errors(answers, gold) == []


def test_counts_and_missing_gold():
    gold = ["a", "a", "a", "a", None]
    answers = [
        ["b", "c", "b", "a", "z"],
        ["b", "c", "d", None, "z"],
        ["d", "a", "a", "a", "z"],
    ]
    (pair,) = coincident_errors(answers, gold, alpha=1.0, min_shared=2)
    # Units 0–2 both wrong; the same wrong answer on 0 and 1; unit 4 has no gold.
    assert (pair["a"], pair["b"], pair["both_wrong"], pair["shared_wrong"]) == (0, 1, 3, 2)
    # p_u: unit 0 (b, b, d) 4/9 + 1/9 = 5/9; unit 1 (c, c) 1; unit 2 (b, d) 1/2.
    # X ≥ 1 surely; P(X = 1) = (4/9)(1/2) → P(X ≥ 2) = 7/9; one pair tested (n ≥ 2).
    assert pair["p_value"] == pytest.approx(7 / 9, abs=1e-12)
    assert coincident_errors(answers, gold, alpha=0.5, min_shared=2) == []


def test_tail_probability_is_exact_poisson_binomial():
    chance = np.array([0.1, 0.5, 0.3, 0.0, 0.9])
    wrong = np.array([[True, True, True, True, False], [True, True, True, True, True]])
    tail = _tail_probabilities(
        wrong, chance, np.array([0, 0, 0]), np.array([1, 1, 1]), np.array([1, 2, 3])
    )
    p = [0.1, 0.5, 0.3, 0.0]
    distribution = [1.0]
    for q in p:
        distribution = [
            (distribution[x] if x < len(distribution) else 0.0) * (1 - q)
            + (distribution[x - 1] * q if x >= 1 else 0.0)
            for x in range(len(distribution) + 1)
        ]
    expected = [sum(distribution[k:]) for k in (1, 2, 3)]
    assert tail.tolist() == pytest.approx(expected, abs=1e-15)
    assert math.isclose(tail[2], 0.1 * 0.5 * 0.3)


def test_malformed_input():
    with pytest.raises(ValueError, match="one entry per unit"):
        coincident_errors([["a", "b"]], ["a"])
    with pytest.raises(ValueError, match="ragged"):
        coincident_errors([["a", "b"], ["a"]], ["a", "b"])
    with pytest.raises(ValueError, match="hashable"):
        coincident_errors([[["a"], "b"], ["a", "b"]], ["a", "b"])
    assert coincident_errors([["a", "b"]], ["a", "b"]) == []


def test_whole_number_codes_give_the_same_pairs_as_labels():
    """Answers already coded as small whole numbers (NaN for none) skip the code book."""
    named, gold = cohort(seed=4, raters=80, copier=7, source=3)
    code = {"A": 0.0, "B": 1.0, "C": 2.0, "D": 3.0}
    numeric = np.array([[np.nan if v is None else code[v] for v in row] for row in named])

    by_label = coincident_errors(named, gold)
    by_code = coincident_errors(numeric, [code[g] for g in gold])

    assert by_label
    assert by_code == by_label


def test_pairs_counted_a_block_of_raters_at_a_time_give_the_same_flags(monkeypatch):
    answers, gold = cohort(seed=4, raters=90, copier=63, source=5)
    answers[30] = list(answers[5])  # a second copier, in another block
    at_once = coincident_errors(answers, gold)

    monkeypatch.setattr("assessments.scoring.collusion._BLOCK_CELLS", 200)  # 2 rows a block
    in_blocks = coincident_errors(answers, gold)

    assert in_blocks == at_once
    assert {(f["a"], f["b"]) for f in in_blocks} == {(5, 30), (5, 63), (30, 63)}


def brute_force_flags(answers, gold, *, alpha: float, min_shared: int) -> set:
    """Every pair's exact tail, plainly: the flags with nothing left out beforehand."""
    raters, units = len(answers), len(gold)
    wrong = [
        [answers[r][u] is not None and gold[u] is not None and answers[r][u] != gold[u]
         for u in range(units)]
        for r in range(raters)
    ]  # fmt: skip
    chance = []
    for u in range(units):
        counts = {}
        for r in range(raters):
            if wrong[r][u]:
                counts[answers[r][u]] = counts.get(answers[r][u], 0) + 1
        total = sum(counts.values())
        chance.append(sum((c / total) ** 2 for c in counts.values()) if total else 0.0)
    tested, tails = 0, {}
    for a in range(raters):
        for b in range(a + 1, raters):
            both = [u for u in range(units) if wrong[a][u] and wrong[b][u]]
            k = sum(answers[a][u] == answers[b][u] for u in both)
            tested += len(both) >= min_shared
            if k >= min_shared:
                distribution = [1.0]
                for u in both:
                    p = chance[u]
                    distribution = [
                        (distribution[x] if x < len(distribution) else 0.0) * (1 - p)
                        + (distribution[x - 1] * p if x else 0.0)
                        for x in range(len(distribution) + 1)
                    ]
                tails[(a, b)] = sum(distribution[k:])
    return {pair for pair, tail in tails.items() if tail * tested < alpha * (1 - 1e-9)}


@pytest.mark.parametrize("alpha", [0.001, 0.05, 0.5, 0.9])
def test_the_pairs_flagged_are_those_the_exact_tail_flags(alpha):
    answers, gold = cohort(copier=41, source=17)
    for copier, every in ((4, 2), (8, 3), (12, 4), (25, 6), (33, 8)):  # copying less and less
        answers[copier] = [
            v if n % every == 0 else answers[copier][n] for n, v in enumerate(answers[17])
        ]

    found = {(f["a"], f["b"]) for f in coincident_errors(answers, gold, alpha=alpha)}

    assert found == brute_force_flags(answers, gold, alpha=alpha, min_shared=3)
    assert (17, 41) in found
