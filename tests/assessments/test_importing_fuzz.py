"""Fuzzing the gold-set importers (CSV, JSONL, Label Studio) with hypothesis.

Whatever the file, the outcome is one of two: a clean preview whose every value can be
stored and which then imports without error, item for item; or ``GoldSetRefused`` whose
every error names its row (or the file) and field with a message that can itself be shown.
Never another exception, never a partial write.
"""

import csv
import io
import json
import string

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from assessments import item_kinds
from assessments.authoring import services as authoring
from assessments.authoring.importing import (
    COLUMNS,
    LABEL_STUDIO_TYPES,
    GoldSetRefused,
    parse_gold_set,
)
from assessments.models import Item
from config import json_input
from tests.factories import AssessmentFactory, UserFactory
from tests.factories.attempts import ITEMS

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text with the troublemakers in reach: NUL, lone surrogates, quotes, separators, "²".
nasty_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(["\x00", "\ud800", "\udfff", '"', ",", "|", "\n", "²", "{", "["]),
        st.characters(exclude_categories=()),
        st.sampled_from(string.ascii_letters),
    ),
    max_size=12,
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**420), max_value=10**420),
    st.floats(allow_nan=True, allow_infinity=True),
    nasty_text,
    st.sampled_from(list(item_kinds.KINDS)),
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.one_of(nasty_text, st.sampled_from(["text", "outputs"])), children, max_size=4
        )
    ),
    max_leaves=12,
)


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


# A row that is nearly right: a real kind and column names, values from anywhere.
rows = st.fixed_dictionaries(
    {"kind": st.one_of(st.sampled_from(list(item_kinds.KINDS)), json_values)},
    optional={column: json_values for column in COLUMNS if column != "kind"},
)


@st.composite
def near_valid_rows(draw) -> dict:
    """A valid row of some kind with at most one field replaced by anything at all."""
    kind = draw(st.sampled_from(list(ITEMS)))
    prompt, content, options, answer = ITEMS[kind]
    row = {
        "kind": kind,
        "prompt": prompt,
        "content": content,
        "options": options,
        "answer": answer,
    }
    if draw(st.booleans()):
        row[draw(st.sampled_from(COLUMNS))] = draw(json_values)
    return row


rows = st.one_of(rows, near_valid_rows())


def cell_text(value) -> str:
    return value if isinstance(value, str) else ("" if value is None else dumps(value))


def dumps(value) -> str:
    return json.dumps(value, allow_nan=True)


@st.composite
def jsonl_files(draw) -> bytes:
    if draw(st.booleans()):
        near = draw(st.lists(near_valid_rows(), min_size=1, max_size=3))
        return "\n".join(map(dumps, near)).encode("utf-8", "surrogatepass")
    lines = draw(
        st.lists(
            st.one_of(
                rows.map(dumps), json_values.map(dumps), nasty_text, st.integers(1, 5000).map(deep)
            ),
            min_size=1,
            max_size=4,
        )
    )
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@st.composite
def csv_files(draw) -> bytes:
    columns = draw(
        st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=len(COLUMNS), unique=True)
    )
    if draw(st.booleans()):
        columns = [
            "kind",
            "prompt",
            "answer",
            *(c for c in columns if c not in ("kind", "prompt", "answer")),
        ]
    cell = st.one_of(nasty_text, json_values.map(dumps), st.integers(1, 3000).map(deep))
    body = draw(
        st.lists(
            st.lists(cell, min_size=len(columns), max_size=len(columns)), min_size=1, max_size=3
        )
    )
    if draw(st.booleans()):  # rows that are nearly right, written as the CSV reader expects
        columns = list(COLUMNS)
        near = draw(st.lists(near_valid_rows(), min_size=1, max_size=3))
        body = [[cell_text(row.get(column)) for column in columns] for row in near]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(body)
    text = out.getvalue()
    if draw(st.booleans()):  # break the quoting somewhere
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + '"' + text[cut:]
    return text.encode("utf-8", "surrogatepass")


results = st.fixed_dictionaries(
    {},
    optional={
        "type": st.one_of(st.sampled_from(LABEL_STUDIO_TYPES), json_values),
        "from_name": st.one_of(st.sampled_from(["label", "q1", "q2"]), json_values),
        "to_name": st.one_of(st.just("text"), json_values),
        "value": st.one_of(
            st.fixed_dictionaries(
                {},
                optional={
                    "choices": json_values,
                    "labels": json_values,
                    "start": json_values,
                    "end": json_values,
                    "text": json_values,
                    "rating": json_values,
                    "number": json_values,
                },
            ),
            json_values,
        ),
    },
)
tasks = st.fixed_dictionaries(
    {
        "data": st.one_of(
            st.fixed_dictionaries(
                {"text": st.one_of(st.just("Either party may terminate."), json_values)},
                optional=dict.fromkeys(("options", "prompt", "scale", "edge_case"), json_values),
            ),
            json_values,
        ),
        "annotations": st.one_of(
            st.lists(
                st.fixed_dictionaries(
                    {"result": st.one_of(st.lists(results, max_size=3), json_values)},
                    optional={"was_cancelled": json_values, "ground_truth": json_values},
                ),
                max_size=2,
            ),
            json_values,
        ),
    }
)


@st.composite
def near_valid_tasks(draw) -> dict:
    """A valid choices task with at most one part replaced by anything at all."""
    result = {
        "from_name": "label",
        "to_name": "text",
        "type": "choices",
        "value": {"choices": [draw(st.sampled_from(["Convenience", "Cause"]))]},
    }
    data = {"text": "Either party may terminate.", "options": ["Convenience", "Cause"]}
    task = {"id": draw(st.integers(1, 99)), "data": data, "annotations": [{"result": [result]}]}
    target = draw(st.sampled_from([None, data, result, result["value"], task]))
    if target is not None:
        target[draw(st.sampled_from([*target, "prompt", "edge_case"]))] = draw(json_values)
    return task


@st.composite
def label_studio_files(draw) -> bytes:
    text = draw(
        st.one_of(
            st.lists(near_valid_tasks(), min_size=1, max_size=3).map(dumps),
            st.lists(st.one_of(tasks, json_values), min_size=1, max_size=3).map(dumps),
            json_values.map(dumps),
            st.integers(1, 5000).map(deep),
        )
    )
    return text.encode("utf-8", "surrogatepass")


def assert_clean_outcome(data: bytes, filename: str) -> None:
    assessment = AssessmentFactory()
    try:
        gold_set = parse_gold_set(data, filename=filename)
    except GoldSetRefused as refused:
        errors = refused.errors
    else:
        errors = []
    event("refused" if errors else "imported")
    if errors:
        for error in errors:
            assert error.field
            assert error.row is not None or error.field in ("file", "columns"), error
            assert json_input.text_problem(str(error)) is None, error
        assert not Item.objects.filter(assessment=assessment).exists()
        return
    for item in gold_set.items:
        json_input.check(item.as_dict())  # storable: no NUL, surrogate or non-finite number
    imported = authoring.gold_set_import(
        assessment=assessment, gold_set=gold_set, by=UserFactory(), source=filename
    )
    assert imported == len(gold_set.items) == assessment.items.count()


@FUZZ
@given(data=jsonl_files())
def test_jsonl_files_preview_and_import_cleanly_or_are_refused_by_row(data):
    assert_clean_outcome(data, "gold.jsonl")


@FUZZ
@given(data=csv_files())
def test_csv_files_preview_and_import_cleanly_or_are_refused_by_row(data):
    assert_clean_outcome(data, "gold.csv")


@FUZZ
@given(data=label_studio_files())
def test_label_studio_exports_preview_and_import_cleanly_or_are_refused_by_row(data):
    assert_clean_outcome(data, "export.json")


@FUZZ
@given(data=st.binary(max_size=300), filename=st.sampled_from(["g.csv", "g.jsonl", "g.json"]))
def test_random_bytes_are_refused_or_imported_cleanly(data, filename):
    assert_clean_outcome(data, filename)
