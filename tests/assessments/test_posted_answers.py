"""The attempt screen's posted fields become answers of the right shape for each kind."""

import pytest
from django.http import QueryDict

from assessments.attempts.posted_answers import answer_from_form
from assessments.item_kinds import PREFERENCE_SCALE, AnswerError, validate_answer
from assessments.models import Item

OUTPUTS = {"outputs": ["first", "second", "third"]}


def posted(**fields) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


@pytest.mark.parametrize(
    ("kind", "content", "options", "fields", "expected"),
    [
        ("single_choice", {}, ["a", "b"], {"choice": "b"}, "b"),
        ("pairwise", {"outputs": ["A", "B"]}, list(PREFERENCE_SCALE), {"choice": "tie"}, "tie"),
        ("multi_label", {}, ["a", "b", "c"], {"labels": ["a", "c"]}, ["a", "c"]),
        (
            "spans",
            {"text": "Aspirin 75 mg"},
            ["DOSE"],
            {"spans": '[{"start": 8, "end": 13, "label": "DOSE"}]'},
            [{"start": 8, "end": 13, "label": "DOSE"}],
        ),
        ("ranking", OUTPUTS, [], {"rank_0": "2", "rank_1": "3", "rank_2": "1"}, [2, 0, 1]),
        (
            "rating",
            {"criteria": ["Accuracy", "Clarity"], "scale": 5},
            [],
            {"rating_0": "4", "rating_1": "5"},
            {"Accuracy": 4, "Clarity": 5},
        ),
        ("numeric", {}, [], {"number": "27"}, 27),
        (
            "error_identification",
            {"outputs": ["one", "two"]},
            ["omission"],
            {"has_error_0": "no", "has_error_1": "yes", "category_1": "omission",
             "explanation_1": "Drops the exception."},
            [
                {"has_error": False, "category": None, "explanation": ""},
                {"has_error": True, "category": "omission", "explanation": "Drops the exception."},
            ],
        ),
        ("free_text", {}, [], {"text": "Because of the carve-out."}, "Because of the carve-out."),
    ],
)  # fmt: skip
def test_posted_fields_become_a_valid_answer(kind, content, options, fields, expected):
    item = Item(kind=kind, content=content, options=options)

    answer = answer_from_form(item, posted(**fields))

    assert validate_answer(kind, content, options, answer) == expected


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rank_0": "1", "rank_1": "1", "rank_2": "2"}, "each rank is used once"),
        ({"rank_0": "1", "rank_1": "", "rank_2": "2"}, "a rank from 1 to 3"),
    ],
)
def test_an_incomplete_ranking_says_what_is_missing(fields, message):
    with pytest.raises(AnswerError, match=message):
        answer_from_form(Item(kind="ranking", content=OUTPUTS), posted(**fields))


def test_unreadable_spans_are_refused_with_a_message():
    item = Item(kind="spans", content={"text": "t"}, options=["X"])

    with pytest.raises(AnswerError, match="could not be read"):
        answer_from_form(item, posted(spans="{broken"))
