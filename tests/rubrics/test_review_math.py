"""The arithmetic of blind two-tier review, against hand computations and a published
quadratic-weighted kappa. No database."""

import pytest

from rubrics.review import arithmetic as rm

# --- The score of a task ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("levels", "weights", "expected"),
    [
        ({1: 4, 2: 4}, {1: 1, 2: 3}, 1.0),
        ({1: 0, 2: 0}, {1: 1, 2: 3}, 0.0),
        # (1·2/4 + 3·3/4) / 4 = (0.5 + 2.25) / 4
        ({1: 2, 2: 3}, {1: 1, 2: 3}, 0.6875),
        # Equal weights: the plain mean of the levels over 4: (1 + 2 + 4) / 12
        ({1: 1, 2: 2, 3: 4}, {1: 2, 2: 2, 3: 2}, 7 / 12),
        # Decimal-like weights (as stored) work as floats: (0.5·4/4) / 0.5
        ({7: 4}, {7: 0.5}, 1.0),
        # A weighted criterion with no level is not counted
        ({1: 3}, {1: 1, 2: 5}, 0.75),
    ],
)
def test_task_score_is_the_weighted_mean_of_levels_over_four(levels, weights, expected):
    assert rm.task_score(levels, weights) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("levels", "weights", "message"),
    [
        ({}, {1: 1}, "No levels"),
        ({1: 2}, {}, "no weight"),
        ({1: 5}, {1: 1}, "outside 0–4"),
        ({1: 2}, {1: 0}, "must be > 0"),
    ],
)
def test_task_score_refuses_what_it_cannot_score(levels, weights, message):
    with pytest.raises(ValueError, match=message):
        rm.task_score(levels, weights)


# --- Sampling for the senior tier ---------------------------------------------------------


@pytest.mark.parametrize("share", [0.05, 0.2, 0.5, 0.9])
def test_the_share_drawn_over_two_thousand_ids_is_close_to_the_configured_share(share):
    drawn = sum(rm.sampled_for_senior(task_id, share) for task_id in range(1, 2001))
    # Binomial sd at 2,000 draws is at most 0.011: four sd either side.
    assert abs(drawn / 2000 - share) < 0.045


def test_the_draw_is_exactly_deterministic_and_nested_across_shares():
    first = [rm.sampled_for_senior(task_id, 0.2) for task_id in range(2000)]
    again = [rm.sampled_for_senior(task_id, 0.2) for task_id in range(2000)]
    assert first == again
    # A fixed number per key: raising the share only adds tasks, never swaps them.
    higher = [rm.sampled_for_senior(task_id, 0.35) for task_id in range(2000)]
    assert all(h for f, h in zip(first, higher, strict=True) if f)
    assert sum(higher) > sum(first)
    assert rm.sample_draw("41:rationale") == rm.sample_draw("41:rationale")
    assert rm.sample_draw("41:rationale") != rm.sample_draw("41:free_text")


def test_a_share_of_zero_or_one_draws_none_or_all():
    assert not any(rm.sampled_for_senior(task_id, 0) for task_id in range(500))
    assert all(rm.sampled_for_senior(task_id, 1) for task_id in range(500))
    assert all(0 <= rm.sample_draw(task_id) < 1 for task_id in range(500))


# --- Disagreements and the levels that stand ----------------------------------------------


def test_disagreements_are_the_criteria_more_than_one_level_apart():
    primary = {1: 0, 2: 3, 3: 4, 4: 2}
    senior = {1: 1, 2: 1, 3: 0, 4: 2}
    assert rm.disagreements(primary, senior) == [2, 3]
    assert rm.disagreements({1: 2}, {1: 3}) == []  # one level apart is agreement enough
    assert rm.disagreements({1: 2}, {2: 4}) == []  # nothing scored by both


def test_settled_levels_adjudication_over_senior_over_primary():
    primary = {1: 0, 2: 3, 3: 4}
    senior = {1: 1, 2: 1, 3: 4}
    assert rm.settled_levels(primary) == primary
    assert rm.settled_levels(primary, senior) == senior
    assert rm.settled_levels(primary, senior, {2: 2, 3: 3}) == {1: 1, 2: 2, 3: 3}


# --- Reviewer agreement --------------------------------------------------------------------


def test_reviewer_agreement_matches_a_published_quadratic_weighted_kappa():
    """Maple's EssayTools ``QuadraticWeightedKappa`` documentation: scores 1–10 of nine
    essays by two graders give 0.758620689655172 (and 0.438095238095238 for the second
    example); each essay is one re-scored answer here, on criterion 1."""
    first = [9, 7, 8, 7, 6, 8, 3, 5, 10]
    second = [8, 8, 6, 6, 7, 6, 1, 4, 8]
    third = [3, 5, 6, 6, 7, 6, 1, 4, 8]
    scale = range(1, 11)
    pairs = [({1: a}, {1: b}) for a, b in zip(first, second, strict=True)]
    assert rm.reviewer_agreement(pairs, labels=scale)[1] == pytest.approx(
        0.758620689655172, abs=1e-12
    )
    pairs = [({1: a}, {1: b}) for a, b in zip(first, third, strict=True)]
    assert rm.reviewer_agreement(pairs, labels=scale)[1] == pytest.approx(
        0.438095238095238, abs=1e-12
    )


def test_reviewer_agreement_by_hand_on_the_zero_to_four_scale():
    """Primary 0,1,2,3 vs senior 0,1,3,3 on criterion 5.

    Quadratic weights w = (i−j)²/16. Observed: one pair of four is (2, 3), so
    Σ w·o = ¼ · 1/16 = 1/64. Marginals: primary 0, 1, 2, 3 each ¼; senior {0: ¼, 1: ¼,
    3: ½}. Expected Σ w·p·q = ¼ · Σ_i [¼(i−0)² + ¼(i−1)² + ½(i−3)²] / 16
    = ¼ · (4.75 + 2.25 + 1.75 + 3.25) / 16 = 12/64. Kappa = 1 − (1/64)/(12/64) = 11/12."""
    pairs = [({5: a}, {5: b}) for a, b in [(0, 0), (1, 1), (2, 3), (3, 3)]]
    assert rm.reviewer_agreement(pairs) == {5: pytest.approx(11 / 12, abs=1e-12)}
    assert rm.pair_counts(pairs) == {5: 4}


def test_reviewer_agreement_per_criterion_pooled_and_undefined():
    pairs = [
        ({1: 4, 2: 2}, {1: 4, 2: 2}),
        ({1: 0, 2: 2}, {1: 0, 2: 2}),
        ({1: 2, 2: 2}, {1: 2}),  # criterion 2 not re-scored here
    ]
    kappas = rm.reviewer_agreement(pairs)
    assert kappas[1] == pytest.approx(1.0)
    assert kappas[2] is None  # both only ever gave 2: undefined, not a number
    assert rm.pair_counts(pairs) == {1: 3, 2: 2}
    assert rm.pooled_agreement(pairs) == pytest.approx(1.0)
    assert rm.reviewer_agreement([]) == {}
    assert rm.pooled_agreement([]) is None


def test_a_reversed_reviewer_is_negative_and_drifting():
    pairs = [({1: a}, {1: 4 - a}) for a in (0, 1, 2, 3, 4)]
    kappa = rm.reviewer_agreement(pairs)[1]
    assert kappa == pytest.approx(-1.0)
    assert rm.is_drifting(kappa, 5)
    assert not rm.is_drifting(kappa, 4)  # too few re-scores to say
    assert not rm.is_drifting(0.6, 50)  # the threshold itself is not drift
    assert not rm.is_drifting(None, 50)


# --- Validation of a submitted score set ---------------------------------------------------

CRITERIA = {11: "Clarity for an engineer", 12: "Names the root cause"}


def test_a_complete_score_set_has_no_problems():
    assert rm.score_problems({11: 0, 12: 4}, CRITERIA) == {}


def test_each_problem_has_its_own_message():
    problems = rm.score_problems({11: 7, 99: 2}, CRITERIA)
    assert problems == {
        "criterion_11": "Level 7 for “Clarity for an engineer” is outside the scale 0–4.",
        "criterion_12": "Score every criterion: “Names the root cause” has no level.",
        "criterion_99": "Criterion 99 is not part of this rubric.",
    }
    assert list(problems) == ["criterion_11", "criterion_12", "criterion_99"]


@pytest.mark.parametrize("level", [-1, 5, 2.5, "3", True, None, ""])
def test_levels_that_are_not_whole_numbers_on_the_scale_are_refused(level):
    problems = rm.score_problems({11: level, 12: 2}, CRITERIA)
    assert set(problems) == {"criterion_11"}
    assert "Clarity for an engineer" in problems["criterion_11"]


# --- The texts that go to review ------------------------------------------------------------


def test_review_texts_by_source():
    assert rm.review_texts("single_choice", "A", "  Because of X.  ") == {
        "rationale": "Because of X."
    }
    assert rm.review_texts("single_choice", "A", "   ") == {}
    assert rm.review_texts("free_text", " My answer. ", "Why.") == {
        "rationale": "Why.",
        "free_text": "My answer.",
    }
    assert rm.review_texts("free_text", "", "") == {}
    answer = [
        {"has_error": False, "category": None, "explanation": "Faithful."},
        {"has_error": True, "category": "omitted_exception", "explanation": ""},
        {"has_error": True, "category": "wrong_amount", "explanation": "Says 6 months."},
    ]
    assert rm.review_texts("error_identification", answer, "") == {
        "error_explanation": "Output 1 (no error): Faithful.\n\n"
        "Output 3 (error: wrong_amount): Says 6 months."
    }
    blank = [{"has_error": True, "category": "x", "explanation": " "}]
    assert rm.review_texts("error_identification", blank, "") == {}
    assert rm.review_texts("error_identification", "malformed", "") == {}
