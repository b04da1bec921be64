"""Gold-set parsing: every format, every class of bad row. Pure: no database."""

import csv
import io
import json
from pathlib import Path

import pytest

from assessments.authoring import importing
from assessments.authoring.importing import COLUMNS, GoldSetRefused, parse_gold_set

SAMPLES = Path(__file__).resolve().parents[2] / "static" / "samples"
FIXTURES = Path(__file__).parent / "fixtures"

GOOD = {
    "kind": "single_choice",
    "prompt": "What type of clause is this?",
    "content": json.dumps({"text": "Either party may terminate on 90 days' notice."}),
    "options": "Termination for convenience|Termination for cause",
    "answer": "Termination for convenience",
}


def csv_bytes(*rows: dict, columns=None) -> bytes:
    columns = columns or list(COLUMNS)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def refused(data: bytes, filename: str, **kwargs) -> list[tuple]:
    with pytest.raises(GoldSetRefused) as caught:
        parse_gold_set(data, filename=filename, **kwargs)
    return [(e.row, e.field, e.message) for e in caught.value.errors]


def one_error(data: bytes, filename: str = "gold.csv") -> tuple:
    errors = refused(data, filename)
    assert len(errors) == 1, errors
    return errors[0]


# --- Happy paths ---------------------------------------------------------------------


def test_the_sample_csv_imports_every_kind():
    gold_set = parse_gold_set((SAMPLES / "gold-set-sample.csv").read_bytes(), filename="s.csv")

    assert gold_set.fmt == "csv"
    assert set(gold_set.counts_by_kind()) == {
        "single_choice",
        "multi_label",
        "spans",
        "pairwise",
        "ranking",
        "rating",
        "numeric",
        "error_identification",
        "free_text",
    }
    assert [item.row for item in gold_set.items] == list(range(2, 11))
    assert gold_set.edge_case_count == 1
    first = gold_set.items[0]
    assert first.options == ["Termination for convenience", "Termination for cause",
                             "Limitation of liability"]  # fmt: skip
    assert first.answer == "Termination for convenience"
    pairwise = next(i for i in gold_set.items if i.kind == "pairwise")
    assert pairwise.options == ["A>>B", "A>B", "tie", "B>A", "B>>A"]
    assert pairwise.accepted_alternatives == ["A>B"]
    assert pairwise.requires_rationale is True
    numeric = next(i for i in gold_set.items if i.kind == "numeric")
    assert (numeric.answer, numeric.tolerance) == (90, 0.0)
    free = next(i for i in gold_set.items if i.kind == "free_text")
    assert set(free.answer) == {"reference"}
    assert free.is_edge_case


def test_the_sample_jsonl_imports_the_same_items_as_the_csv():
    from_csv = parse_gold_set((SAMPLES / "gold-set-sample.csv").read_bytes(), filename="s.csv")
    from_jsonl = parse_gold_set(
        (SAMPLES / "gold-set-sample.jsonl").read_bytes(), filename="s.jsonl"
    )

    assert from_jsonl.fmt == "jsonl"
    assert [i.row for i in from_jsonl.items] == list(range(1, 10))
    strip = lambda items: [{**i.as_dict(), "row": 0} for i in items]  # noqa: E731
    assert strip(from_jsonl.items) == strip(from_csv.items)


def test_a_label_studio_export_maps_completed_annotations_to_items():
    gold_set = parse_gold_set(
        (SAMPLES / "label-studio-sample.json").read_bytes(), filename="export.json"
    )

    assert gold_set.fmt == "label_studio"
    kinds = [(i.row, i.kind) for i in gold_set.items]
    assert kinds == [
        (1, "single_choice"),
        (2, "single_choice"),
        (3, "spans"),
        (4, "rating"),
        (5, "numeric"),
        (6, "free_text"),
    ]
    choice, _, spans, rating, numeric, free = gold_set.items
    # Options come from every choice used for that control in the file.
    assert choice.options == ["Termination for convenience", "Limitation of liability"]
    assert choice.prompt == "What type of clause is this?"
    assert spans.options == ["DATE", "PARTY"]
    assert spans.answer[0] == {"start": 8, "end": 20, "label": "DATE"}
    assert spans.prompt == importing.DEFAULT_PROMPTS["spans"]
    assert rating.content["criteria"] == ["accuracy", "helpfulness"]
    assert rating.answer == {"accuracy": 2, "helpfulness": 3}
    assert numeric.answer == 90
    assert free.answer == {"reference": "Neither term is defined."}
    assert free.is_edge_case
    assert gold_set.skipped == ["Task 107 (row 7) has no completed annotation."]


def label_studio(*results, data=None, annotations=None) -> bytes:
    task = {
        "id": 1,
        "data": data or {"text": "Made on 3 March 2025 between Halden Ltd and Corvane plc."},
        "annotations": annotations
        if annotations is not None
        else [{"was_cancelled": False, "result": list(results)}],
    }
    return json.dumps([task]).encode()


def test_label_studio_choices_picking_several_become_multi_label_and_ground_truth_wins():
    data = {"text": "Keep it confidential and delete it.", "options": ["conf", "delete", "audit"]}
    first = {"was_cancelled": False, "result": [
        {"from_name": "o", "to_name": "text", "type": "choices", "value": {"choices": ["conf"]}}
    ]}  # fmt: skip
    truth = {"was_cancelled": False, "ground_truth": True, "result": [
        {"from_name": "o", "to_name": "text", "type": "choices",
         "value": {"choices": ["conf", "delete"]}}
    ]}  # fmt: skip

    (item,) = parse_gold_set(
        label_studio(data=data, annotations=[first, truth]), filename="e.json"
    ).items

    assert item.kind == "multi_label"
    assert item.options == ["conf", "delete", "audit"]
    assert item.answer == ["conf", "delete"]


def test_label_studio_refuses_unsupported_result_types_by_row():
    data = label_studio(
        {"from_name": "box", "to_name": "image", "type": "rectanglelabels", "value": {}}
    )

    row, field, message = one_error(data, "export.json")

    assert (row, field) == (1, "kind")
    assert message.startswith("Label Studio result type “rectanglelabels” is not supported")


def test_label_studio_refuses_a_span_whose_text_does_not_match_the_offsets():
    data = label_studio(
        {
            "from_name": "e",
            "to_name": "text",
            "type": "labels",
            "value": {"start": 8, "end": 20, "text": "Halden", "labels": ["DATE"]},
        }
    )

    assert one_error(data, "export.json") == (
        1,
        "answer",
        "Span 8–20 reads “3 March 2025” in the task text, not “Halden”.",
    )


def test_label_studio_with_no_completed_annotation_imports_nothing():
    data = label_studio(annotations=[{"was_cancelled": True, "result": []}])

    assert one_error(data, "export.json") == (
        None,
        "file",
        "The file has no items to import. No task has a completed annotation.",
    )


# --- Bad rows: each names its row and field, and the whole file is refused --------------


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        pytest.param(
            {"content": '{"text": "unterminated'},
            "content",
            "Not valid JSON: Unterminated string starting at: line 1 column 10 (char 9).",
            id="bad-json",
        ),
        pytest.param(
            {"kind": "essay"},
            "kind",
            "“essay” is not an item kind; use one of single_choice, multi_label, spans, "
            "pairwise, ranking, rating, numeric, error_identification, free_text.",
            id="unknown-kind",
        ),
        pytest.param(
            {"prompt": "  "},
            "prompt",
            "Required: the question the candidate reads.",
            id="missing-prompt",
        ),
        pytest.param(
            {"options": "Termination for convenience"},
            "options",
            "Options: at least 2 needed, 1 given.",
            id="options-invalid",
        ),
        pytest.param(
            {"kind": "multi_label", "answer": '"Termination for convenience"'},
            "answer",
            "Choose a list of labels.",
            id="answer-wrong-shape",
        ),
        pytest.param(
            {"answer": "Termination by mutual consent"},
            "answer",
            "The answer must be one of: Termination for convenience, Termination for cause.",
            id="answer-not-an-option",
        ),
        pytest.param(
            {
                "kind": "spans",
                "content": '{"text": "Halden Ltd"}',
                "options": "PARTY",
                "answer": '[{"start": 0, "end": 40, "label": "PARTY"}]',
            },
            "answer",
            "Span 1 (0–40) is outside the text, which has 10 characters.",
            id="span-outside-text",
        ),
        pytest.param(
            {
                "kind": "ranking",
                "content": '{"outputs": ["a", "b", "c", "d"]}',
                "options": "",
                "answer": "[0, 1, 1, 3]",
            },
            "answer",
            "Rank every one of the 4 outputs exactly once.",
            id="ranking-not-a-permutation",
        ),
        pytest.param(
            {
                "kind": "rating",
                "content": '{"criteria": ["accuracy"], "scale": 5}',
                "options": "",
                "answer": '{"accuracy": 6}',
            },
            "answer",
            "The rating for “accuracy” must be a whole number 1–5.",
            id="rating-outside-scale",
        ),
        pytest.param(
            {"kind": "numeric", "content": "", "options": "", "answer": "90", "tolerance": "-1"},
            "tolerance",
            "The tolerance cannot be negative.",
            id="tolerance-negative",
        ),
        pytest.param(
            {"kind": "numeric", "content": "", "options": "", "answer": "90", "tolerance": "a"},
            "tolerance",
            "“a” is not a number.",
            id="tolerance-not-a-number",
        ),
        pytest.param(
            {"edge_case": "maybe"}, "edge_case", "“maybe” is not true or false.", id="bad-flag"
        ),
        pytest.param({"answer": ""}, "answer", "Required: the gold answer.", id="no-answer"),
    ],
)
def test_a_bad_csv_row_refuses_the_file_naming_row_field_and_problem(change, field, message):
    data = csv_bytes(GOOD, GOOD | {"prompt": "Second question"}, GOOD | change)

    assert one_error(data) == (4, field, message)


def test_a_duplicate_row_is_refused_with_the_row_it_repeats():
    data = csv_bytes(GOOD, GOOD | {"prompt": "Other"}, GOOD)

    assert one_error(data) == (
        4,
        "prompt",
        "Duplicate of row 2 (same kind, prompt, content and options).",
    )


def test_a_row_repeating_an_item_already_in_the_assessment_is_refused():
    first = parse_gold_set(csv_bytes(GOOD), filename="a.csv").items[0]

    errors = refused(csv_bytes(GOOD), "a.csv", existing=frozenset({first.fingerprint()}))

    assert errors == [(2, "prompt", "Duplicate of an item already in this assessment.")]


def test_every_bad_row_is_listed_in_row_order():
    data = csv_bytes(GOOD | {"kind": "essay"}, GOOD | {"prompt": "ok"}, GOOD | {"prompt": ""})

    errors = refused(data, "gold.csv")

    assert [(row, field) for row, field, _ in errors] == [(2, "kind"), (4, "prompt")]
    assert str(importing.RowError(4, "prompt", "x")) == "row 4, prompt: x"


def test_jsonl_rows_are_numbered_by_line_with_json_errors_and_unknown_keys():
    good = {
        "kind": "numeric",
        "prompt": "How many days?",
        "answer": 90,
        "tolerance": 0,
    }
    lines = [
        json.dumps(good),
        "",
        "{not json",
        json.dumps(good | {"prompt": "Another", "weight": 2}),
        json.dumps(good | {"prompt": "Third", "answer": "ninety"}),
        json.dumps(["a list"]),
    ]

    errors = refused("\n".join(lines).encode(), "gold.jsonl")

    assert errors == [
        (3, "line", "Not valid JSON: Expecting property name enclosed in double quotes: "
                    "line 1 column 2 (char 1)."),
        (4, "weight", "Unknown key; the keys are " + ", ".join(COLUMNS) + "."),
        (5, "answer", "Enter a number, for example 42 or 3.5."),
        (6, "line", "Each line must be one JSON object."),
    ]  # fmt: skip


# --- Whole-file refusals ---------------------------------------------------------------


def test_an_empty_file_is_refused():
    assert one_error(b"") == (None, "file", "The file is empty.")
    assert one_error(b"  \n") == (None, "file", "The file is empty.")


def test_a_header_without_rows_is_refused():
    assert one_error(csv_bytes()) == (None, "file", "The file has a header but no item rows.")


def test_a_file_that_is_not_utf8_is_refused():
    data = "kind,prompt,answer\nsingle_choice,Clause née,x\n".encode("latin-1")

    row, field, message = one_error(data)

    assert (row, field) == (None, "file")
    assert message.startswith("The file is not UTF-8 text (byte 0xe9 at position")


def test_a_utf8_byte_order_mark_is_accepted():
    data = b"\xef\xbb\xbf" + csv_bytes(GOOD, columns=["kind", "prompt", "content", "options",
                                                          "answer"])  # fmt: skip

    assert len(parse_gold_set(data, filename="excel.csv").items) == 1


def test_unknown_and_missing_columns_are_refused():
    unknown = b"kind,prompt,answer,difficulty\nsingle_choice,Q,x,3\n"
    missing = b"kind,prompt\nsingle_choice,Q\n"

    assert one_error(unknown) == (
        None,
        "columns",
        "Unknown column “difficulty”; the columns are " + ", ".join(COLUMNS) + ".",
    )
    assert one_error(missing) == (None, "columns", "Missing column: answer.")


def test_a_file_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(importing, "MAX_BYTES", 100)

    assert one_error(csv_bytes(GOOD, GOOD | {"prompt": "Two"})) == (
        None,
        "file",
        "The file is 0.0 MB; the limit is 0 MB.",
    )


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    rows = [GOOD | {"prompt": f"Question {n}"} for n in range(3)]

    assert one_error(csv_bytes(*rows)) == (
        None,
        "file",
        "The file has more than 2 items; the limit is 2.",
    )


def test_an_unknown_extension_is_refused():
    assert one_error(b"kind\n", "gold.xlsx") == (
        None,
        "file",
        "Upload a .csv, .jsonl or Label Studio .json file (“gold.xlsx” has an unknown extension).",
    )


def test_label_studio_export_that_is_not_json_is_refused():
    assert one_error(b"[{", "export.json")[1:] == (
        "file",
        "Not valid JSON: Expecting property name enclosed in double quotes: line 1 column 3 "
        "(char 2).",
    )


def test_fixture_with_many_bad_rows_lists_them_all():
    errors = refused((FIXTURES / "bad-rows.csv").read_bytes(), "bad-rows.csv")

    assert [(row, field) for row, field, _ in errors] == [
        (3, "content"),
        (4, "kind"),
        (5, "answer"),
        (6, "answer"),
        (7, "tolerance"),
    ]
