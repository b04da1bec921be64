"""Edge-case handling, throughput, weights, composite and gates. Pure: no database."""

from decimal import Decimal

import pytest

from assessments.scoring.components import (
    DEFAULT_WEIGHTS,
    composite,
    edge_case_handling,
    failed,
    gate_results,
    pending,
    present_weights,
    throughput,
    weights_from_metrics,
)


def test_edge_cases_recall_times_one_minus_false_flag_rate():
    edge = [True] * 4 + [False] * 10
    flagged = [True, True, True, False] + [True, False, False, False, False] * 2
    value, detail = edge_case_handling(edge, flagged)
    assert value == pytest.approx(0.75 * (1 - 0.2))
    assert detail == {
        "edge_items": 4,
        "flagged_edge": 3,
        "recall": 0.75,
        "non_edge_items": 10,
        "flagged_non_edge": 2,
        "false_flag_rate": 0.2,
    }


def test_edge_cases_flagging_everything_scores_zero():
    value, _ = edge_case_handling([True, False], [True, True])
    assert value == 0.0


def test_edge_cases_only_edge_items():
    value, detail = edge_case_handling([True, True], [True, False])
    assert value == 0.5
    assert detail["false_flag_rate"] == 0.0


def test_edge_cases_missing_without_edge_items():
    assert edge_case_handling([False, False], [True, False]) == (None, None)


def test_throughput_ratio_to_the_expected_pace():
    value, detail = throughput(answered=10, total_ms=30 * 60 * 1000, expected_items_per_hour=30)
    assert value == pytest.approx(20 / 30)
    assert detail == {
        "items": 10,
        "seconds": 1800.0,
        "items_per_hour": 20.0,
        "expected_items_per_hour": 30.0,
        "ratio": 0.6667,
    }


def test_throughput_is_capped_at_one_and_accepts_decimals():
    value, detail = throughput(60, 3600 * 1000, Decimal("30.0"))
    assert value == 1.0
    assert detail["ratio"] == 2.0


def test_throughput_missing_without_time_and_zero_without_answers():
    assert throughput(10, 0, 30) == (None, None)
    assert throughput(0, 60_000, 30)[0] == 0.0


def test_throughput_without_an_expected_pace_has_no_component():
    value, detail = throughput(10, 3600 * 1000, 0)
    assert value is None
    assert detail["items_per_hour"] == 10.0
    assert detail["ratio"] is None


def test_default_weights_sum_to_one():
    assert sum(DEFAULT_WEIGHTS.values()) == pytest.approx(1.0)
    assert weights_from_metrics([]) == pytest.approx(DEFAULT_WEIGHTS)


def test_metrics_boost_their_components_then_normalise():
    weights = weights_from_metrics(["accuracy"])
    assert weights["accuracy"] == pytest.approx(0.75 / 1.25)
    assert weights["agreement"] == pytest.approx(0.15 / 1.25)
    assert sum(weights.values()) == pytest.approx(1.0)

    weights = weights_from_metrics(["error_identification", "consistency", "unknown_kind"])
    assert weights["accuracy"] == pytest.approx(0.75 / 1.75)
    assert weights["edge_cases"] == pytest.approx(0.40 / 1.75)
    assert weights["agreement"] == pytest.approx(0.40 / 1.75)
    assert weights["throughput"] == pytest.approx(0.10 / 1.75)


@pytest.mark.parametrize(
    ("kind", "component"),
    [
        ("consistency", "agreement"),
        ("feedback_turnaround", "throughput"),
        ("review_alignment", "rationale"),
        ("accuracy", "accuracy"),
        ("throughput", "throughput"),
    ],
)
def test_each_metric_kind_raises_its_component(kind, component):
    assert weights_from_metrics([kind])[component] > DEFAULT_WEIGHTS[component]


def test_a_repeated_metric_kind_counts_once():
    assert weights_from_metrics(["accuracy", "accuracy"]) == weights_from_metrics(["accuracy"])


def test_composite_renormalises_over_present_components():
    weights = {"accuracy": 0.5, "edge_cases": 0.15, "agreement": 0.15, "throughput": 0.1}
    value = composite({"accuracy": 0.8, "throughput": 0.5}, weights)
    assert value == pytest.approx((0.5 * 0.8 + 0.1 * 0.5) / 0.6)
    assert present_weights({"accuracy": 0.8, "throughput": 0.5}, weights) == pytest.approx(
        {"accuracy": 0.5 / 0.6, "throughput": 0.1 / 0.6}
    )
    assert composite({"accuracy": 0.8, "agreement": None}, weights) == pytest.approx(0.8)


def test_composite_missing_when_nothing_carries_weight():
    assert composite({}, DEFAULT_WEIGHTS) is None
    assert composite({"accuracy": 0.7}, {"accuracy": 0.0, "throughput": 1.0}) is None


def test_gates_pass_fail_and_pending():
    rows = gate_results(
        {"accuracy": 0.7, "edge_cases": 0.4},
        {"accuracy": 0.7, "edge_cases": 0.5, "agreement": 0.6},
    )
    assert rows == [
        {"component": "accuracy", "minimum": 0.7, "value": 0.7, "passed": True},
        {"component": "edge_cases", "minimum": 0.5, "value": 0.4, "passed": False},
        {"component": "agreement", "minimum": 0.6, "value": None, "passed": None},
    ]
    assert failed(rows) == ["edge_cases"]


def test_gate_at_the_minimum_passes_despite_float_rounding():
    rows = gate_results({"accuracy": 0.3 - 1e-15}, {"accuracy": 0.3})
    assert rows[0]["passed"] is True
    rows = gate_results({"accuracy": 0.7 - 1e-6}, {"accuracy": 0.7})
    assert rows[0]["passed"] is False


def test_no_gates():
    assert gate_results({"accuracy": 0.2}, None) == []
    assert gate_results({"accuracy": 0.2}, {}) == []


def test_pending_gates_are_those_waiting_for_their_component_in_stored_rows():
    rows = gate_results({"accuracy": 0.9}, {"accuracy": 0.8, "rationale": 0.5})
    assert pending(rows) == ["rationale"]
    assert pending([*rows, "not a row", None]) == ["rationale"]
    assert pending(None) == []
