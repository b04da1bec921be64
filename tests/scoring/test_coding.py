"""Answers as agreement units, their keys and how they read. Pure: no database."""

import pytest

from assessments.item_kinds import KINDS, PREFERENCE_SCALE
from assessments.scoring.coding import LEVELS, answer_key, display, units, value_domain
from assessments.scoring.types import ItemSpec

TEXT = "Aspirin 75 mg daily; no chest pain."


def item(kind, content=None, options=()):
    return ItemSpec(id=7, kind=kind, content=content or {}, options=tuple(options), gold=None)


CHOICE = item("single_choice", options=["Cause", "Convenience"])
MULTI = item("multi_label", options=["Indemnity", "Cap", "Renewal"])
SPANS = item("spans", {"text": TEXT}, ["MED", "DOSE"])
PAIRWISE = item("pairwise", {"outputs": ["a", "b"]}, PREFERENCE_SCALE)
RANKING = item("ranking", {"outputs": ["a", "b", "c"]})
RATING = item("rating", {"criteria": ["Accuracy", "Clarity"], "scale": 5})
NUMERIC = item("numeric")
ERRORS = item("error_identification", {"outputs": ["a", "b"]}, ["omission", "dose"])
FREE = item("free_text")


def test_every_kind_but_free_text_has_a_level():
    assert set(LEVELS) == set(KINDS) - {"free_text"}
    assert set(LEVELS.values()) <= {"nominal", "ordinal", "interval"}


@pytest.mark.parametrize(
    ("spec", "answer", "expected"),
    [
        (CHOICE, "Cause", [("", "Cause")]),
        (MULTI, ["Renewal", "Indemnity"], [("Indemnity", 1), ("Cap", 0), ("Renewal", 1)]),
        (MULTI, [], [("Indemnity", 0), ("Cap", 0), ("Renewal", 0)]),
        (
            SPANS,
            [{"start": 8, "end": 13, "label": "DOSE"}, {"start": 0, "end": 7, "label": "MED"}],
            [("", "0-7:MED;8-13:DOSE")],
        ),
        (SPANS, [], [("", "")]),
        (PAIRWISE, "A>B", [("", "A>B")]),
        (RANKING, [2, 0, 1], [("0", 1), ("1", 2), ("2", 0)]),
        (RATING, {"Clarity": 2, "Accuracy": 4}, [("Accuracy", 4), ("Clarity", 2)]),
        (NUMERIC, 3, [("", 3.0)]),
        (
            ERRORS,
            [{"has_error": True, "category": "dose"}, {"has_error": False, "category": None}],
            [("0", "dose"), ("1", "none")],
        ),
        (FREE, "text", []),
        (CHOICE, None, []),
        (RANKING, None, []),
    ],
)
def test_units(spec, answer, expected):
    assert units(spec, answer) == expected


def test_value_domain_only_for_ordinal_units():
    assert value_domain(PAIRWISE, "") == list(PREFERENCE_SCALE)
    assert value_domain(RANKING, "1") == [0, 1, 2]
    assert value_domain(CHOICE, "") is None
    assert value_domain(RATING, "Accuracy") is None


def test_every_ordinal_unit_value_is_in_its_domain():
    for spec, answer in ((PAIRWISE, "tie"), (RANKING, [1, 2, 0])):
        assert LEVELS[spec.kind] == "ordinal"
        for suffix, value in units(spec, answer):
            assert value in value_domain(spec, suffix)


def test_answer_key_is_hashable_and_canonical():
    assert answer_key(MULTI, ["Cap", "Indemnity"]) == answer_key(MULTI, ["Indemnity", "Cap"])
    a = [{"start": 8, "end": 13, "label": "DOSE"}, {"start": 0, "end": 7, "label": "MED"}]
    assert answer_key(SPANS, a) == answer_key(SPANS, list(reversed(a)))
    assert answer_key(RATING, {"Clarity": 2, "Accuracy": 4}) == (("Accuracy", 4), ("Clarity", 2))
    assert answer_key(NUMERIC, 3) == answer_key(NUMERIC, 3.0)
    errors = [
        {"has_error": True, "category": "dose", "explanation": "x"},
        {"has_error": False, "category": None, "explanation": ""},
    ]
    assert answer_key(ERRORS, errors) == ("dose", "none")
    assert answer_key(CHOICE, None) is None
    for spec, answer in ((RANKING, [2, 0, 1]), (CHOICE, "Cause"), (PAIRWISE, "tie")):
        hash(answer_key(spec, answer))


@pytest.mark.parametrize(
    ("spec", "value", "text"),
    [
        (CHOICE, "Cause", "Cause"),
        (MULTI, ["Cap", "Indemnity"], "Cap, Indemnity"),
        (MULTI, ("Cap", "Indemnity"), "Cap, Indemnity"),
        (MULTI, [], "(no labels)"),
        (SPANS, [{"start": 0, "end": 7, "label": "MED"}], "MED “Aspirin” (0–7)"),
        (SPANS, "0-7:MED;8-13:DOSE", "MED “Aspirin” (0–7); DOSE “75 mg” (8–13)"),
        (SPANS, "", "(no spans)"),
        (PAIRWISE, "A>>B", "A>>B"),
        (RANKING, [2, 0, 1], "3 > 1 > 2"),
        (RANKING, (2, 0, 1), "3 > 1 > 2"),
        (RATING, {"Accuracy": 4, "Clarity": 2}, "Accuracy 4, Clarity 2"),
        (RATING, (("Accuracy", 4), ("Clarity", 2)), "Accuracy 4, Clarity 2"),
        (NUMERIC, 2.5, "2.5"),
        (NUMERIC, 3.0, "3"),
        (ERRORS, ("dose", "none"), "1: dose; 2: no error"),
        (
            ERRORS,
            [{"has_error": False, "category": None}, {"has_error": True, "category": "omission"}],
            "1: no error; 2: omission",
        ),
        (FREE, "x" * 200, "x" * 79 + "…"),
        (CHOICE, None, "(no answer)"),
    ],
)
def test_display(spec, value, text):
    assert display(spec, value) == text
