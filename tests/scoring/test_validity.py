"""Predictive validity: correlations, Fisher-z and bootstrap intervals, verdicts, weights.
Pure: no database."""

import math

import numpy as np
import pytest
from scipy import stats

from assessments.scoring import validity


def test_fisher_interval_of_r_half_from_fifty_pairs():
    # By hand: z = atanh(0.5) = 0.549306; se = 1/√(50 − 3) = 0.145865; 1.959964 × se =
    # 0.285891; z ± that = 0.263415 and 0.835197; tanh → 0.257488 and 0.683256 — the
    # textbook "about (0.26, 0.68)".
    low, high = validity.fisher_ci(0.5, 50)
    assert low == pytest.approx(0.257488, abs=1e-6)
    assert high == pytest.approx(0.683256, abs=1e-6)
    assert (round(low, 2), round(high, 2)) == (0.26, 0.68)
    # A 90% interval is narrower: 1.644854 × se = 0.239926 → tanh(0.309380), tanh(0.789232).
    narrow = validity.fisher_ci(0.5, 50, 0.90)
    assert narrow == pytest.approx((math.tanh(0.309380), math.tanh(0.789232)), abs=1e-6)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pearson_and_interval_equal_scipy(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=40)
    y = 0.5 * x + rng.normal(size=40)
    reference = stats.pearsonr(x, y)
    r = validity.pearson(x, y)
    assert r == pytest.approx(reference.statistic, abs=1e-12)
    interval = reference.confidence_interval(0.95)
    low, high = validity.fisher_ci(r, 40)
    assert low == pytest.approx(interval.low, abs=1e-9)
    assert high == pytest.approx(interval.high, abs=1e-9)
    assert validity.spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic, abs=1e-12)


def test_spearman_interval_uses_bonett_wright_standard_error():
    # se = √((1 + 0.5²/2)/47) = √(1.125/47) = 0.154713; ± 1.959964 × se = ± 0.303232.
    low, high = validity.fisher_ci(0.5, 50, rank=True)
    assert low == pytest.approx(math.tanh(math.atanh(0.5) - 0.303232), abs=1e-6)
    assert high == pytest.approx(math.tanh(math.atanh(0.5) + 0.303232), abs=1e-6)


def test_missing_pairs_are_dropped_and_counted():
    scores = [0.9, None, 0.7, 0.6, float("nan"), 0.8, 0.5]
    outcome = [0.95, 0.9, None, 0.6, 0.7, 0.85, 0.4]
    a, b = validity.complete_pairs(scores, outcome)
    assert a.tolist() == [0.9, 0.6, 0.8, 0.5]
    assert b.tolist() == [0.95, 0.6, 0.85, 0.4]
    row = validity.predictive_validity("accuracy", scores, outcome, min_hires=3)
    assert row.n == 4
    assert row.pearson == pytest.approx(stats.pearsonr(a, b).statistic)
    with pytest.raises(ValueError, match="one outcome per hire"):
        validity.complete_pairs([1, 2], [1])


def test_constant_input_is_undefined_not_a_number():
    flat = [0.8] * 12
    outcome = list(np.linspace(0, 1, 12))
    assert validity.pearson(flat, outcome) is None
    assert validity.spearman(outcome, flat) is None
    assert validity.fisher_ci(None, 12) is None
    assert validity.bootstrap_ci(flat, outcome) is None
    row = validity.predictive_validity("throughput", flat, outcome)
    assert row.verdict == validity.UNDEFINED
    assert row.pearson is None
    assert row.n == 12
    assert "did not vary" in row.message
    assert validity.pearson([1.0], [2.0]) is None
    assert validity.fisher_ci(0.9, 3) is None


def test_bootstrap_is_seeded_and_brackets_r():
    rng = np.random.default_rng(4)
    x = rng.normal(size=60)
    y = 0.6 * x + rng.normal(size=60)
    first = validity.bootstrap_ci(x, y, seed=7)
    assert first == validity.bootstrap_ci(x, y, seed=7)
    assert first != validity.bootstrap_ci(x, y, seed=8)
    r = validity.pearson(x, y)
    assert first[0] < r < first[1]
    fisher = validity.fisher_ci(r, 60)
    assert abs(first[0] - fisher[0]) < 0.1
    assert abs(first[1] - fisher[1]) < 0.1
    # Against scipy's own percentile bootstrap of the same statistic: close, not identical
    # (different resamples).
    reference = stats.bootstrap(
        (x, y),
        lambda a, b: stats.pearsonr(a, b).statistic,
        paired=True,
        vectorized=False,
        n_resamples=2000,
        method="percentile",
        random_state=1,
    ).confidence_interval
    assert abs(first[0] - reference.low) < 0.05
    assert abs(first[1] - reference.high) < 0.05
    ranked = validity.bootstrap_ci(x, y, seed=7, rank=True)
    assert ranked[0] < validity.spearman(x, y) < ranked[1]


@pytest.mark.parametrize(
    ("r", "n", "ci", "expected"),
    [
        (0.9, 9, (0.5, 0.97), validity.TOO_FEW),
        (None, 30, None, validity.UNDEFINED),
        (0.6, 30, (0.31, 0.8), validity.STRONG),
        (0.5, 30, (0.30, 0.7), validity.MODERATE),  # the bound must be above 0.3
        (0.4, 30, (0.11, 0.6), validity.MODERATE),
        (0.3, 30, (0.10, 0.5), validity.WEAK),
        (0.2, 30, (0.01, 0.4), validity.WEAK),
        (0.2, 30, (0.0, 0.4), validity.NONE),
        (-0.1, 30, (-0.4, 0.2), validity.NONE),
        (-0.5, 30, (-0.7, -0.2), validity.NEGATIVE),
    ],
)
def test_verdict_boundaries(r, n, ci, expected):
    assert validity.verdict(r, n, ci, validity.MIN_HIRES) == expected


def test_too_few_hires_and_the_message_for_a_verdict():
    few = validity.predictive_validity("accuracy", [0.1, 0.4, 0.3], [0.2, 0.5, 0.1])
    assert few.verdict == validity.TOO_FEW
    assert few.message == "too few hires to tell: 3 of the 10 hires needed"
    x = np.linspace(0, 1, 50)
    y = x + np.random.default_rng(0).normal(scale=0.3, size=50)
    row = validity.predictive_validity("accuracy", x, y, min_hires=10)
    assert row.verdict == validity.STRONG
    assert row.message.startswith(f"r = {row.pearson:.2f} (95% interval {row.pearson_ci[0]:.2f}")
    assert row.message.endswith("50 hires): strong evidence that it predicts the outcome")


def test_suggested_weights_follow_the_lower_bounds_and_skip_thin_evidence():
    rng = np.random.default_rng(2)
    hires = 200
    scores = {name: rng.normal(size=hires) for name in ("accuracy", "agreement", "rationale")}
    outcome = 0.8 * scores["accuracy"] + 0.3 * scores["agreement"] + rng.normal(size=hires)
    scores["composite"] = scores["accuracy"] + scores["agreement"]
    table = validity.validity_table(scores, outcome)
    weights = validity.suggested_weights(table)
    assert set(weights) == {"accuracy", "agreement"}  # rationale's interval includes 0
    assert sum(weights.values()) == pytest.approx(1.0)
    bounds = {name: table[name].pearson_ci[0] for name in weights}
    assert weights["accuracy"] == pytest.approx(bounds["accuracy"] / sum(bounds.values()))
    assert weights["accuracy"] > weights["agreement"]
    thin = validity.validity_table({"accuracy": [0.1, 0.5, 0.9]}, [0.2, 0.6, 0.8])
    assert validity.suggested_weights(thin) is None
