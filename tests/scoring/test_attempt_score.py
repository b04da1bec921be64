"""One attempt scored end to end, by hand. Pure: no database."""

import json

import pytest

from assessments.scoring.attempt import item_rows, score_attempt
from assessments.scoring.components import DEFAULT_WEIGHTS
from assessments.scoring.types import ItemSpec, ResponseData

ITEMS = [
    ItemSpec(1, "single_choice", {}, ("a", "b"), "a"),
    ItemSpec(2, "multi_label", {}, ("x", "y", "z"), ["x", "y"]),
    ItemSpec(3, "pairwise", {"outputs": ["p", "q"]}, (), "A>B"),
    ItemSpec(4, "numeric", {}, (), 10, tolerance=1.0),
    ItemSpec(5, "free_text", {}, (), {"reference": "r"}),
    ItemSpec(6, "single_choice", {}, ("a", "b"), "a", is_edge_case=True),
    ItemSpec(7, "rating", {"criteria": ["c"], "scale": 5}, (), {"c": 3}),
    ItemSpec(8, "single_choice", {}, ("a", "b"), "a", is_edge_case=True),
]
MINUTE = 60_000
RESPONSES = [
    ResponseData(1, "a", time_ms=MINUTE),
    ResponseData(2, ["x"], flagged=True, time_ms=MINUTE),
    ResponseData(3, "A>>B", time_ms=MINUTE),
    # item 4: no response at all
    ResponseData(5, "Because.", time_ms=MINUTE),
    ResponseData(6, "b", flagged=True, time_ms=MINUTE),
    ResponseData(7, {"c": 4}, time_ms=MINUTE),
    ResponseData(8, "a", time_ms=MINUTE),
    ResponseData(99, "a", time_ms=MINUTE),  # not an item of this attempt: ignored
]
GATES = {"accuracy": 0.6, "edge_cases": 0.4, "rationale": 0.5, "composite": 0.5}


@pytest.fixture
def result():
    return score_attempt(
        ITEMS,
        RESPONSES,
        expected_items_per_hour=30,
        pass_gates=GATES,
        weights=DEFAULT_WEIGHTS,
        agreement=0.6,
    )


def test_accuracy_excludes_edge_items_and_free_text(result):
    # Items 1, 2, 3, 4, 7: 1 + 0.5 (Jaccard) + 0.5 (strength off) + 0 (unanswered) + 0.75.
    assert result.components["accuracy"] == pytest.approx(2.75 / 5)
    assert result.details["accuracy"] == {
        "scored": 5,
        "points": 2.75,
        "by_kind": {
            "single_choice": {"n": 1, "mean": 1.0},
            "multi_label": {"n": 1, "mean": 0.5},
            "pairwise": {"n": 1, "mean": 0.5},
            "numeric": {"n": 1, "mean": 0.0},
            "rating": {"n": 1, "mean": 0.75},
        },
    }


def test_edge_cases_and_throughput(result):
    # Edge items 6 and 8, one flagged; one of six other items flagged.
    assert result.components["edge_cases"] == pytest.approx(0.5 * (1 - 1 / 6))
    assert result.details["edge_cases"]["false_flag_rate"] == 0.1667
    # Seven answered in seven minutes: 60 an hour against 30 expected, capped at 1.
    assert result.components["throughput"] == 1.0
    assert result.details["throughput"]["items_per_hour"] == 60.0
    assert result.details["throughput"]["ratio"] == 2.0


def test_components_composite_and_weights(result):
    assert set(result.components) == {"accuracy", "edge_cases", "agreement", "throughput"}
    assert result.components["agreement"] == 0.6
    expected = (0.5 * 0.55 + 0.15 * (5 / 12) + 0.15 * 0.6 + 0.1 * 1.0) / 0.9
    assert result.composite == pytest.approx(expected)
    assert result.details["weights"] == {
        "accuracy": round(0.5 / 0.9, 4),
        "edge_cases": round(0.15 / 0.9, 4),
        "agreement": round(0.15 / 0.9, 4),
        "throughput": round(0.1 / 0.9, 4),
    }


def test_gates_name_the_failure_and_leave_missing_components_pending(result):
    assert result.failed_gates == ["accuracy"]
    passed = {row["component"]: row["passed"] for row in result.details["gates"]}
    assert passed == {"accuracy": False, "edge_cases": True, "rationale": None, "composite": True}


def test_item_rows(result):
    rows = {row["item"]: row for row in item_rows(result.details)}
    assert [row["item"] for row in item_rows(result.details)] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert rows[4] == {
        "item": 4,
        "score": 0.0,
        "time_ms": 0,
        "edge_case": False,
        "flagged": False,
        "detail": {"unanswered": True},
    }
    assert rows[5]["score"] is None
    assert rows[6]["score"] == 0.0  # shown to the recruiter, not counted in accuracy
    assert rows[6]["edge_case"] is True
    assert rows[6]["flagged"] is True
    # Stored by column; full credit on the gold itself keeps no detail.
    assert result.details["items"]["item"] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert set(result.details["items"]["detail"]) == {"2", "3", "4", "5", "6", "7"}
    assert rows[1]["detail"] == {}


def test_details_are_json(result):
    assert json.loads(json.dumps(result.details)) == result.details


def test_rationale_joins_the_composite_when_reviewed():
    result = score_attempt(
        ITEMS[:1],
        RESPONSES[:1],
        expected_items_per_hour=60,
        pass_gates={},
        weights=DEFAULT_WEIGHTS,
        rationale=0.5,
    )
    assert result.components == {"accuracy": 1.0, "throughput": 1.0, "rationale": 0.5}
    assert result.composite == pytest.approx((0.5 + 0.1 + 0.05) / 0.7)


def test_an_empty_attempt_has_no_components():
    result = score_attempt(
        [], [], expected_items_per_hour=30, pass_gates={"accuracy": 0.5}, weights=DEFAULT_WEIGHTS
    )
    assert result.components == {}
    assert result.composite is None
    assert result.failed_gates == []
    assert result.details["gates"][0]["passed"] is None
    assert result.details["accuracy"] is None
    assert result.details["edge_cases"] is None
    assert result.details["throughput"] is None


def test_only_free_text_leaves_accuracy_missing():
    result = score_attempt(
        [ITEMS[4]],
        [RESPONSES[3]],
        expected_items_per_hour=30,
        pass_gates={},
        weights=DEFAULT_WEIGHTS,
    )
    assert "accuracy" not in result.components
    assert item_rows(result.details)[0]["score"] is None


def test_outside_components_must_be_in_unit_interval():
    with pytest.raises(ValueError, match="agreement"):
        score_attempt(
            ITEMS, RESPONSES, expected_items_per_hour=30, pass_gates={}, weights={}, agreement=1.5
        )


def test_a_malformed_answer_names_the_item():
    with pytest.raises(ValueError, match="Item 3"):
        score_attempt(
            ITEMS[2:3],
            [ResponseData(3, "A>>>B")],
            expected_items_per_hour=30,
            pass_gates={},
            weights=DEFAULT_WEIGHTS,
        )
