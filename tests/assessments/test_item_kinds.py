"""Item kinds: what each holds and which answers are well formed. Pure, no database."""

import pytest

from assessments.item_kinds import (
    KINDS,
    PREFERENCE_SCALE,
    AnswerError,
    ItemError,
    validate_answer,
    validate_gold,
    validate_item,
)

TEXT = "Aspirin 75 mg daily; no chest pain."
ITEMS = {
    "single_choice": ({"text": "Clause"}, ["Cause", "Convenience"]),
    "multi_label": ({"text": "Clause"}, ["Indemnity", "Cap", "Renewal"]),
    "spans": ({"text": TEXT}, ["MEDICATION", "DOSE"]),
    "pairwise": ({"question": "Q", "outputs": ["A", "B"]}, []),
    "ranking": ({"question": "Q", "outputs": ["one", "two", "three"]}, []),
    "rating": ({"output": "O", "criteria": ["Accuracy", "Clarity"], "scale": 5}, []),
    "numeric": ({"text": "How many?", "unit": "days"}, []),
    "error_identification": ({"outputs": ["first", "second"]}, ["omission", "wrong_dose"]),
    "free_text": ({"text": "Explain."}, []),
}
GOOD_ANSWERS = {
    "single_choice": "Cause",
    "multi_label": ["Cap", "Indemnity"],
    "spans": [
        {"start": 8, "end": 13, "label": "DOSE"},
        {"start": 0, "end": 7, "label": "MEDICATION"},
    ],
    "pairwise": "A>B",
    "ranking": [2, 0, 1],
    "rating": {"Accuracy": 4, "Clarity": 5},
    "numeric": 27,
    "error_identification": [
        {"has_error": False, "category": None, "explanation": ""},
        {"has_error": True, "category": "wrong_dose", "explanation": "10x the dose."},
    ],
    "free_text": "Probably not, because the clause says 'or transfer'.",
}


def item(kind):
    content, options = ITEMS[kind]
    return validate_item(kind, content, options)


def answer(kind, value):
    content, options = item(kind)
    return validate_answer(kind, content, options, value)


def test_every_kind_has_an_example_here():
    assert set(ITEMS) == set(KINDS) == set(GOOD_ANSWERS)


@pytest.mark.parametrize("kind", KINDS)
def test_well_formed_answers_are_accepted(kind):
    assert answer(kind, GOOD_ANSWERS[kind]) is not None


def test_answers_are_normalised():
    assert answer("spans", GOOD_ANSWERS["spans"])[0] == {
        "start": 0,
        "end": 7,
        "label": "MEDICATION",
    }
    assert answer("numeric", " 1,250 ") == 1250
    assert answer("numeric", "3.5") == 3.5
    assert answer("rating", {"Accuracy": "4", "Clarity": 5}) == {"Accuracy": 4, "Clarity": 5}
    assert answer("free_text", "  padded  ") == "padded"
    judged = answer("error_identification", [{"has_error": False}, {"has_error": False}])
    assert judged == [{"has_error": False, "category": None, "explanation": ""}] * 2


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("single_choice", "Force majeure", "must be one of: Cause, Convenience"),
        ("single_choice", ["Cause"], "must be one of"),
        ("multi_label", "Cap", "list of labels"),
        ("multi_label", ["Cap", "Cap"], "only once"),
        ("multi_label", ["Exclusivity"], "“Exclusivity” is not one of the labels"),
        ("spans", [{"start": 30, "end": 99, "label": "DOSE"}], "outside the text"),
        ("spans", [{"start": 5, "end": 5, "label": "DOSE"}], "outside the text"),
        ("spans", [{"start": 0, "end": 7, "label": "DRUG"}], "Span 1's label must be one of"),
        ("spans", [{"start": "0", "end": 7, "label": "DOSE"}], "whole numbers"),
        ("spans", [{"start": 0, "end": 7, "label": "DOSE"}] * 2, "same passage"),
        ("spans", {"start": 0}, "list of marked passages"),
        ("pairwise", "A>>>B", "The preference must be one of"),
        ("ranking", [0, 1], "Rank every one of the 3 outputs exactly once"),
        ("ranking", [0, 0, 1], "exactly once"),
        ("ranking", [0, 1, 3], "exactly once"),
        ("ranking", ["0", "1", "2"], "list of output numbers"),
        ("rating", {"Accuracy": 6, "Clarity": 5}, "whole number 1–5"),
        ("rating", {"Accuracy": 0, "Clarity": 5}, "whole number 1–5"),
        ("rating", {"Accuracy": 4}, "Rate “Clarity” too"),
        ("rating", {"Accuracy": 4, "Clarity": 4, "Tone": 3}, "“Tone” is not a criterion"),
        ("numeric", "about ten", "Enter a number"),
        ("numeric", True, "Enter a number"),
        ("numeric", float("inf"), "finite"),
        ("error_identification", [{"has_error": True}], "Judge each of the 2 outputs"),
        (
            "error_identification",
            [{"has_error": True, "category": "typo"}, {"has_error": False}],
            "Output 1's error category must be one of",
        ),
        (
            "error_identification",
            [{"has_error": "yes"}, {"has_error": False}],
            "yes or no",
        ),
        (
            "error_identification",
            [{"has_error": False, "category": "omission"}, {"has_error": False}],
            "without an error has no category",
        ),
        ("free_text", "   ", "must not be empty"),
        ("free_text", "x" * 10_001, "longer than 10,000 characters"),
        ("free_text", None, "no answer to save"),
    ],
)
def test_malformed_answers_are_refused_with_a_specific_message(kind, value, message):
    with pytest.raises(AnswerError, match=message):
        answer(kind, value)


def test_an_answer_error_never_mentions_the_gold():
    content, options = item("single_choice")
    validate_gold("single_choice", content, options, "Convenience")
    with pytest.raises(AnswerError) as refused:
        validate_answer("single_choice", content, options, "nonsense")
    # It lists what may be chosen, as the page does, but says nothing of which is right.
    assert "expected" not in str(refused.value).lower()
    assert "correct" not in str(refused.value).lower()


def test_pairwise_items_get_the_preference_scale():
    _, options = validate_item("pairwise", {"outputs": ["a", "b"]}, [])
    assert options == list(PREFERENCE_SCALE)


@pytest.mark.parametrize(
    ("kind", "content", "options", "field", "message"),
    [
        ("essay", {}, [], "kind", "is not an item kind"),
        ("single_choice", {}, ["only one"], "options", "at least 2 needed, 1 given"),
        ("single_choice", {}, ["a", "a"], "options", "must not repeat"),
        ("single_choice", "text", ["a", "b"], "content", "must be an object"),
        ("spans", {}, ["X"], "content", "need the “text”"),
        ("spans", {"text": "t"}, [], "options", "Span labels: at least 1 needed"),
        ("pairwise", {"outputs": ["a", "b", "c"]}, [], "content", "exactly 2"),
        ("pairwise", {"outputs": ["a", "b"]}, ["better", "worse"], "options", "use the scale"),
        ("ranking", {"outputs": ["only"]}, [], "content", "at least 2 needed"),
        ("rating", {"criteria": ["a"], "scale": 11}, [], "content", "from 2 to 10"),
        ("rating", {"criteria": [], "scale": 5}, [], "content", "“criteria”: at least 1"),
        ("numeric", {"text": 5}, [], "content", "“text” must be text"),
        ("numeric", {}, ["a", "b"], "options", "take no options"),
        ("error_identification", {"outputs": ["o"]}, [], "options", "Error categories"),
    ],
)
def test_malformed_items_name_the_field(kind, content, options, field, message):
    with pytest.raises(ItemError, match=message) as refused:
        validate_item(kind, content, options)
    assert list(refused.value.errors) == [field]


def test_gold_is_checked_like_an_answer_and_alternatives_by_number():
    content, options = item("ranking")
    gold = validate_gold("ranking", content, options, [1, 0, 2], [[0, 1, 2]])
    assert gold == {"answer": [1, 0, 2], "accepted_alternatives": [[0, 1, 2]], "tolerance": None}
    with pytest.raises(ItemError, match="exactly once") as refused:
        validate_gold("ranking", content, options, [1, 1, 2])
    assert list(refused.value.errors) == ["answer"]
    with pytest.raises(ItemError, match="Alternative 2: Rank every one") as refused:
        validate_gold("ranking", content, options, [1, 0, 2], [[0, 1, 2], [0, 1]])
    assert list(refused.value.errors) == ["accepted_alternatives"]


def test_numeric_gold_tolerance():
    content, options = item("numeric")
    assert validate_gold("numeric", content, options, "27", tolerance="0.5")["tolerance"] == 0.5
    with pytest.raises(ItemError, match="cannot be negative"):
        validate_gold("numeric", content, options, 27, tolerance=-1)
    content, options = item("single_choice")
    with pytest.raises(ItemError, match="Only numeric items have a tolerance"):
        validate_gold("single_choice", content, options, "Cause", tolerance=1)


def test_free_text_gold_is_a_reference():
    content, options = item("free_text")
    assert validate_gold("free_text", content, options, "A model answer.")["answer"] == {
        "reference": "A model answer."
    }
    with pytest.raises(ItemError, match="reference"):
        validate_gold("free_text", content, options, {"text": "no"})


def test_the_demo_items_are_all_well_formed():
    from demo.assessment_content import ASSESSMENTS

    for assessment in ASSESSMENTS:
        for spec in assessment["items"]:
            content, options = validate_item(spec["kind"], spec["content"], spec["options"])
            gold = spec["gold"]
            validate_gold(
                spec["kind"],
                content,
                options,
                gold["answer"],
                gold["accepted_alternatives"],
                gold["tolerance"],
            )
