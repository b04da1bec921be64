"""Per-kind scorers on hand-worked cases. Pure: no database."""

import json
import random

import pytest
from scipy import stats

from assessments.scoring.kinds import kendall_tau_b, score_answer
from assessments.scoring.types import ItemSpec

TEXT = "Aspirin 75 mg daily; no chest pain."  # Aspirin 0–7, "75 mg" 8–13, "chest pain" 24–34


def item(kind, gold, *, content=None, options=(), alternatives=(), tolerance=None, id=1):
    return ItemSpec(
        id=id,
        kind=kind,
        content=content or {},
        options=tuple(options),
        gold=gold,
        alternatives=tuple(alternatives),
        tolerance=tolerance,
    )


def span(start, end, label):
    return {"start": start, "end": end, "label": label}


def scored(spec, answer):
    result = score_answer(spec, answer)
    json.dumps(result.detail)  # every detail is stored as JSON
    return result


# --- Single choice ----------------------------------------------------------------------

CHOICE = item("single_choice", "Cause", options=["Cause", "Convenience", "Unclear"])


@pytest.mark.parametrize(("answer", "expected"), [("Cause", 1.0), ("Convenience", 0.0)])
def test_single_choice_is_exact(answer, expected):
    assert scored(CHOICE, answer).score == expected


def test_single_choice_accepts_an_alternative_and_says_which():
    options = ["Cause", "Convenience", "Unclear"]
    spec = item("single_choice", "Cause", options=options, alternatives=["Unclear"])
    result = scored(spec, "Unclear")
    assert result.score == 1.0
    assert result.detail["alternative"] == 1
    assert "alternative" not in scored(spec, "Cause").detail


def test_unanswered_scores_zero_and_says_so():
    result = scored(CHOICE, None)
    assert result.score == 0.0
    assert result.detail == {"unanswered": True}


# --- Multi-label ------------------------------------------------------------------------

LABELS = ["Indemnity", "Cap", "Renewal", "Venue"]


@pytest.mark.parametrize(
    ("gold", "answer", "jaccard", "f1"),
    [
        (["Indemnity", "Cap"], ["Cap", "Indemnity"], 1.0, 1.0),
        (["Indemnity", "Cap"], ["Indemnity", "Renewal"], 1 / 3, 0.5),
        (["Indemnity", "Cap", "Renewal"], ["Cap"], 1 / 3, 0.5),
        (["Indemnity"], [], 0.0, 0.0),
        ([], ["Venue"], 0.0, 0.0),
        ([], [], 1.0, 1.0),
        (["Cap"], ["Venue"], 0.0, 0.0),
    ],
)
def test_multi_label_jaccard_by_default_f1_on_request(gold, answer, jaccard, f1):
    assert scored(item("multi_label", gold, options=LABELS), answer).score == pytest.approx(jaccard)
    f1_item = item("multi_label", gold, options=LABELS, content={"multi_label_metric": "f1"})
    result = scored(f1_item, answer)
    assert result.score == pytest.approx(f1)
    assert result.detail["metric"] == "f1"


def test_multi_label_detail_names_matched_missed_and_extra():
    result = scored(item("multi_label", ["Indemnity", "Cap"], options=LABELS), ["Cap", "Venue"])
    assert result.detail == {
        "metric": "jaccard",
        "matched": ["Cap"],
        "missed": ["Indemnity"],
        "extra": ["Venue"],
    }


def test_multi_label_takes_the_best_alternative():
    spec = item("multi_label", ["Indemnity", "Cap"], options=LABELS, alternatives=[["Cap"]])
    result = scored(spec, ["Cap"])
    assert result.score == 1.0
    assert result.detail["alternative"] == 1


# --- Spans ------------------------------------------------------------------------------

GOLD_SPANS = [span(0, 7, "MED"), span(8, 13, "DOSE")]


def spans_item(gold=GOLD_SPANS, **content):
    return item("spans", gold, content={"text": TEXT, **content}, options=["MED", "DOSE"])


def test_spans_all_matched_score_one():
    result = scored(spans_item(), [span(0, 7, "MED"), span(8, 13, "DOSE")])
    assert result.score == 1.0
    assert result.detail["matched"] == [[0, 7, "MED"], [8, 13, "DOSE"]]
    assert result.detail["precision"] == result.detail["recall"] == 1.0


def test_spans_overlap_matches_a_near_miss_that_exact_does_not():
    answer = [span(0, 6, "MED"), span(8, 13, "DOSE")]  # IoU 6/7 with "Aspirin"
    assert scored(spans_item(), answer).score == 1.0
    exact = scored(spans_item(span_match="exact"), answer)
    assert exact.score == 0.5  # 2·1 / (2 + 2)
    assert exact.detail["missed"] == [[0, 7, "MED"]]
    assert exact.detail["extra"] == [[0, 6, "MED"]]
    assert exact.detail["match"] == "exact"


def test_spans_iou_threshold_is_inclusive_and_configurable():
    answer = [span(0, 3, "MED")]  # IoU 3/7 ≈ 0.43
    assert scored(spans_item(gold=[span(0, 7, "MED")]), answer).score == 0.0
    loose = spans_item(gold=[span(0, 7, "MED")], iou_threshold=0.4)
    assert scored(loose, answer).score == 1.0
    half = [span(0, 4, "MED")]  # overlap 4, union 8: IoU exactly 0.5
    assert scored(spans_item(gold=[span(0, 8, "MED")]), half).score == 1.0


def test_spans_label_must_match_and_the_mislabelled_passage_is_named():
    result = scored(spans_item(), [span(0, 7, "DOSE"), span(8, 13, "DOSE")])
    assert result.score == 0.5
    assert result.detail["mislabelled"] == [[0, 7, "DOSE", "MED"]]
    assert result.detail["precision"] == 0.5
    assert result.detail["recall"] == 0.5


def test_spans_match_one_to_one_greedily_by_iou():
    # Two marks on "Aspirin": the exact one takes the gold span, the other is extra.
    result = scored(spans_item(gold=[span(0, 7, "MED")]), [span(0, 6, "MED"), span(0, 7, "MED")])
    assert result.score == pytest.approx(2 / 3)
    assert result.detail["matched"] == [[0, 7, "MED"]]
    assert result.detail["extra"] == [[0, 6, "MED"]]


def test_spans_partial_credit_is_f1():
    gold = [span(0, 7, "MED"), span(8, 13, "DOSE"), span(24, 34, "MED")]
    result = scored(spans_item(gold=gold), [span(0, 7, "MED"), span(14, 19, "DOSE")])
    assert result.score == pytest.approx(2 * 1 / (2 + 3))
    assert result.detail["precision"] == 0.5
    assert result.detail["recall"] == pytest.approx(1 / 3, abs=1e-4)


def test_spans_empty_against_empty_is_one_and_empty_against_gold_is_zero():
    assert scored(spans_item(gold=[]), []).score == 1.0
    result = scored(spans_item(), [])
    assert result.score == 0.0
    assert result.detail["precision"] is None
    assert result.detail["recall"] == 0.0


def test_spans_adjacent_passages_do_not_overlap():
    result = scored(spans_item(gold=[span(0, 7, "MED")], iou_threshold=0.01), [span(7, 13, "MED")])
    assert result.score == 0.0


# --- Pairwise ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "answer", "expected"),
    [
        ("A>B", "A>B", 1.0),
        ("A>B", "A>>B", 0.5),
        ("A>>B", "A>B", 0.5),
        ("B>A", "B>>A", 0.5),
        ("A>B", "tie", 0.25),
        ("tie", "B>A", 0.25),
        ("tie", "tie", 1.0),
        ("A>>B", "tie", 0.0),
        ("tie", "A>>B", 0.0),
        ("A>B", "B>A", 0.0),
        ("A>>B", "B>>A", 0.0),
    ],
)
def test_pairwise_direction_and_strength(gold, answer, expected):
    spec = item("pairwise", gold, content={"outputs": ["a", "b"]})
    assert scored(spec, answer).score == expected


def test_pairwise_detail():
    spec = item("pairwise", "A>B", content={"outputs": ["a", "b"]})
    assert scored(spec, "A>>B").detail == {"expected": "A>B", "direction": True, "strength_off": 1}
    assert scored(spec, "B>A").detail == {
        "expected": "A>B",
        "direction": False,
        "strength_off": None,
    }


def test_pairwise_alternative_scores_best():
    spec = item("pairwise", "A>>B", content={"outputs": ["a", "b"]}, alternatives=["A>B"])
    result = scored(spec, "tie")  # 0 against A>>B, 0.25 against A>B
    assert result.score == 0.25
    assert result.detail["expected"] == "A>B"
    assert result.detail["alternative"] == 1


# --- Ranking ----------------------------------------------------------------------------


def ranking(gold, **kwargs):
    return item("ranking", gold, content={"outputs": [f"o{i}" for i in range(len(gold))]}, **kwargs)


@pytest.mark.parametrize(
    ("gold", "answer", "tau", "inverted"),
    [
        ([0, 1], [0, 1], 1.0, []),
        ([0, 1], [1, 0], -1.0, [[0, 1]]),
        ([0, 1, 2], [0, 1, 2], 1.0, []),
        ([0, 1, 2], [0, 2, 1], 1 / 3, [[1, 2]]),
        ([1, 0, 2], [0, 1, 2], 1 / 3, [[1, 0]]),
        ([0, 1, 2], [2, 1, 0], -1.0, [[0, 1], [0, 2], [1, 2]]),
        ([2, 0, 3, 1], [1, 3, 0, 2], -1.0, [[2, 0], [2, 3], [2, 1], [0, 3], [0, 1], [3, 1]]),
        ([0, 1, 2, 3], [1, 0, 3, 2], 1 / 3, [[0, 1], [2, 3]]),
    ],
)
def test_ranking_is_kendall_tau_b_mapped_to_unit_interval(gold, answer, tau, inverted):
    result = scored(ranking(gold), answer)
    assert result.score == pytest.approx((tau + 1) / 2)
    assert result.detail["tau"] == pytest.approx(tau, abs=1e-4)
    assert result.detail["inverted_pairs"] == inverted


def test_ranking_alternative():
    result = scored(ranking([0, 1, 2], alternatives=[[0, 2, 1]]), [0, 2, 1])
    assert result.score == 1.0
    assert result.detail["alternative"] == 1


def test_kendall_tau_b_matches_scipy_with_ties():
    rng = random.Random(5)
    for _ in range(200):
        n = rng.randint(2, 9)
        x = [rng.randint(0, 3) for _ in range(n)]
        y = [rng.randint(0, 3) for _ in range(n)]
        reference = stats.kendalltau(x, y, variant="b").statistic
        ours = kendall_tau_b(x, y)
        if reference != reference:  # NaN: undefined
            assert ours is None
        else:
            assert ours == pytest.approx(reference, abs=1e-12)


def test_kendall_tau_b_of_a_worked_example_with_ties():
    # x ties (1, 2) once; y ties (3, 4) once. C = 4, D = 0 of the 6 pairs, so
    # tau-b = 4 / sqrt((6 − 1)(6 − 1)) = 0.8.
    assert kendall_tau_b([1, 1, 2, 3], [1, 2, 3, 3]) == pytest.approx(0.8)
    assert kendall_tau_b([1, 1], [1, 2]) is None


# --- Rating -----------------------------------------------------------------------------


def rating(gold, scale=5):
    content = {"output": "o", "criteria": list(gold), "scale": scale}
    return item("rating", gold, content=content)


@pytest.mark.parametrize(
    ("gold", "answer", "scale", "expected"),
    [
        ({"Accuracy": 4, "Clarity": 2}, {"Accuracy": 4, "Clarity": 2}, 5, 1.0),
        ({"Accuracy": 4, "Clarity": 2}, {"Accuracy": 5, "Clarity": 2}, 5, (0.75 + 1) / 2),
        ({"Accuracy": 4, "Clarity": 2}, {"Accuracy": 1, "Clarity": 5}, 5, 0.25),
        ({"Accuracy": 1}, {"Accuracy": 5}, 5, 0.0),
        ({"Accuracy": 1}, {"Accuracy": 2}, 2, 0.0),
        ({"Accuracy": 3}, {"Accuracy": 5}, 10, 1 - 2 / 9),
    ],
)
def test_rating_is_one_minus_scaled_difference_averaged(gold, answer, scale, expected):
    assert scored(rating(gold, scale), answer).score == pytest.approx(expected)


def test_rating_detail_gives_signed_differences():
    result = scored(rating({"Accuracy": 4, "Clarity": 2}), {"Accuracy": 5, "Clarity": 1})
    assert result.detail == {"diffs": {"Accuracy": 1, "Clarity": -1}}


# --- Numeric ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "tolerance", "answer", "expected"),
    [
        (10, None, 10, 1.0),
        (10, None, 10.0, 1.0),
        (10, None, 10 + 1e-12, 1.0),
        (10, None, 10.001, 0.0),
        (0.3, None, 0.1 + 0.2, 1.0),
        (10, 0.5, 10.5, 1.0),
        (10, 0.5, 9.5, 1.0),
        (10, 0.5, 10.6, 0.0),
        (10, 0.0, 10, 1.0),
        (-3.25, 0.25, -3.0, 1.0),
        (1e9, None, 1e9 + 0.5, 1.0),  # relative epsilon on large golds
        (1e9, None, 1e9 + 2, 0.0),
    ],
)
def test_numeric_within_tolerance(gold, tolerance, answer, expected):
    assert scored(item("numeric", gold, tolerance=tolerance), answer).score == expected


def test_numeric_alternative_uses_the_same_tolerance():
    spec = item("numeric", 10, tolerance=1.0, alternatives=[20])
    result = scored(spec, 20.5)
    assert result.score == 1.0
    assert result.detail == {"diff": 0.5, "tolerance": 1.0, "alternative": 1}


# --- Error identification ---------------------------------------------------------------


def judged(*entries):
    return [
        {"has_error": e is not None, "category": e, "explanation": "because" if e else ""}
        for e in entries
    ]


def error_item(gold):
    content = {"outputs": [f"o{i}" for i in range(len(gold))]}
    return item("error_identification", gold, content=content, options=["omission", "dose"])


def test_error_identification_f1_of_detection():
    spec = error_item(judged("omission", None, "dose"))
    result = scored(spec, judged("omission", "omission", None))
    assert result.score == 0.5  # tp 1, fp 1, fn 1: 2 / (2 + 1 + 1)
    assert result.detail == {
        "tp": 1,
        "fp": 1,
        "fn": 1,
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "missed": [2],
        "false_alarms": [1],
        "category_agreement": 1.0,
        "category_mismatch": [],
    }


def test_error_identification_category_is_detail_not_score():
    result = scored(error_item(judged("omission", "dose")), judged("dose", "dose"))
    assert result.score == 1.0
    assert result.detail["category_agreement"] == 0.5
    assert result.detail["category_mismatch"] == [0]


def test_error_identification_no_errors_found_where_there_are_none_is_perfect():
    spec = error_item(judged(None, None, None))
    result = scored(spec, judged(None, None, None))
    assert result.score == 1.0
    assert result.detail["precision"] is None
    assert result.detail["recall"] is None
    assert result.detail["category_agreement"] is None
    assert scored(spec, judged(None, "dose", None)).score == 0.0


def test_error_identification_missing_every_error_scores_zero():
    result = scored(error_item(judged("omission", None)), judged(None, None))
    assert result.score == 0.0
    assert result.detail["recall"] == 0.0
    assert result.detail["precision"] is None


def test_error_identification_partial_recall():
    spec = error_item(judged("omission", "dose", "dose", None))
    result = scored(spec, judged("omission", None, "dose", None))
    assert result.score == pytest.approx(0.8)  # tp 2, fn 1: 4 / 5
    assert result.detail["precision"] == 1.0
    assert result.detail["recall"] == pytest.approx(2 / 3, abs=1e-4)


# --- Free text, no gold, unknown kinds --------------------------------------------------


def test_free_text_goes_to_human_review():
    spec = item("free_text", {"reference": "Because."})
    assert scored(spec, "My reasons.").score is None
    assert scored(spec, "My reasons.").detail == {"human_review": True}
    assert scored(spec, None).score is None
    assert scored(spec, None).detail == {"unanswered": True}


def test_an_item_without_gold_is_not_scored():
    result = scored(item("single_choice", None, options=["a", "b"]), "a")
    assert result.score is None
    assert result.detail == {"no_gold": True}


def test_unknown_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown item kind"):
        score_answer(item("essay", "x"), "x")


@pytest.mark.parametrize(
    ("spec", "answer"),
    [
        (CHOICE, None),
        (item("multi_label", ["Cap"], options=LABELS), None),
        (spans_item(), None),
        (item("pairwise", "A>B", content={"outputs": ["a", "b"]}), None),
        (ranking([0, 1, 2]), None),
        (rating({"Accuracy": 3}), None),
        (item("numeric", 4), None),
        (error_item(judged(None)), None),
    ],
)
def test_every_scored_kind_gives_zero_when_unanswered(spec, answer):
    assert scored(spec, answer).score == 0.0
