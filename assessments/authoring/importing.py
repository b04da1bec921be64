"""Reads a gold set (items with their hidden answers) from an uploaded file. Pure: no ORM.

Three formats, picked by ``fmt`` or by the file name's extension:

**CSV** (``.csv``, UTF-8, first line is the header). Columns, in any order:

=====================  ========  =====================================================
column                 required  value
=====================  ========  =====================================================
kind                   yes       one of ``item_kinds.KINDS`` (``single_choice`` …)
prompt                 yes       the question the candidate reads
content                no        a JSON object, e.g. ``{"text": "…"}``
options                no        a JSON list, or texts separated by ``|``
answer                 yes       JSON; for single_choice and pairwise a bare text is
                                 the answer, for free_text a bare text is the reference
accepted_alternatives  no        a JSON list of answers, or texts separated by ``|``
                                 (single_choice, pairwise, numeric, free_text)
tolerance              no        a number ≥ 0 (numeric items only)
edge_case              no        true/false, yes/no, 1/0 (empty: false)
explanation            no        why the gold answer is right; authors only
requires_rationale     no        true/false, yes/no, 1/0 (empty: false)
=====================  ========  =====================================================

Row numbers are the spreadsheet's: the header is row 1, the first item row 2.

**JSONL** (``.jsonl`` / ``.ndjson``): one JSON object per line with the same keys as the
CSV columns, values in their JSON types (``content`` an object, ``options`` and
``accepted_alternatives`` lists, ``edge_case`` a boolean). Row N is line N; blank lines
are skipped. ``assessments.authoring.exporting`` writes exactly this shape.

**Label Studio JSON export** (``.json``): a list of tasks. A task with a completed
annotation (``was_cancelled`` false; one marked ``ground_truth`` wins) becomes one item,
that annotation its gold. Tasks without one are skipped and counted. Supported result
types, one control per task (several ``rating`` controls make one item's criteria):

- ``choices`` → single_choice, or multi_label if any task in the file picks more than
  one choice for that control. Options: the task's ``data.options`` if given, else every
  choice used for that control anywhere in the file (exports carry no labeling config).
- ``labels`` (``start``/``end``/``text``) → spans over the task's text; labels: the
  task's ``data.options`` or every label used for that control in the file.
- ``rating`` → rating; each rating control is a criterion, the scale is ``data.scale``
  (default 5, Label Studio's default ``maxRating``).
- ``number`` → numeric. ``textarea`` → free_text, the text as the reference answer.

The text is ``data[<to_name>]``, else ``data.text``, else the task's only text value.
``data.prompt`` (or ``data.question``) sets the prompt, otherwise a standard prompt per
kind; ``data.explanation`` and ``data.edge_case`` are read when present. Any other
result type (rectanglelabels, taxonomy, pairwise, ranker, …) refuses that task.

Any bad row refuses the whole file: ``GoldSetRefused.errors`` lists every problem as
``row 7, answer: …``. Also refused: an empty file, text that is not UTF-8, unknown
columns or keys, more than ``MAX_BYTES`` or ``MAX_ROWS``.
"""

import csv
import io
import json
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any, NoReturn

from assessments import item_kinds
from assessments.item_kinds import ItemError
from config import json_input

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2_000
MAX_ERRORS = 200

CSV, JSONL, LABEL_STUDIO = "csv", "jsonl", "label_studio"
FORMATS = (CSV, JSONL, LABEL_STUDIO)
EXTENSIONS = {".csv": CSV, ".jsonl": JSONL, ".ndjson": JSONL, ".json": LABEL_STUDIO}

COLUMNS = (
    "kind",
    "prompt",
    "content",
    "options",
    "answer",
    "accepted_alternatives",
    "tolerance",
    "edge_case",
    "explanation",
    "requires_rationale",
)
REQUIRED_COLUMNS = ("kind", "prompt", "answer")
# Kinds whose answer is a text: a bare (unquoted) value in a CSV cell is that text.
TEXT_ANSWER_KINDS = (item_kinds.SINGLE_CHOICE, item_kinds.PAIRWISE, item_kinds.FREE_TEXT)
PIPE_ALTERNATIVE_KINDS = (*TEXT_ANSWER_KINDS, item_kinds.NUMERIC)
TRUE_WORDS, FALSE_WORDS = {"true", "yes", "y", "1"}, {"false", "no", "n", "0", ""}

LABEL_STUDIO_TYPES = ("choices", "labels", "rating", "number", "textarea")  # handlers below
DEFAULT_RATING_SCALE = 5
DEFAULT_PROMPTS = {
    item_kinds.SINGLE_CHOICE: "Choose the label that fits.",
    item_kinds.MULTI_LABEL: "Choose every label that applies.",
    item_kinds.SPANS: "Mark every span and label it.",
    item_kinds.RATING: "Rate the text on each criterion.",
    item_kinds.NUMERIC: "Enter the number.",
    item_kinds.FREE_TEXT: "Write your answer.",
}


@dataclass(frozen=True)
class RowError:
    row: int | None  # None: the file as a whole
    field: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}, {self.field}" if self.row is not None else self.field
        return f"{where}: {self.message}"


class GoldSetRefused(ValueError):
    """The file imports nothing; ``errors`` says where and why, row by row."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:5]))


@dataclass(frozen=True)
class ImportedItem:
    """One item with its gold, already validated and normalised by ``item_kinds``."""

    row: int
    kind: str
    prompt: str
    content: dict
    options: list
    requires_rationale: bool
    answer: object
    accepted_alternatives: list
    tolerance: float | None
    is_edge_case: bool
    explanation: str

    def fingerprint(self) -> str:
        return item_fingerprint(self.kind, self.prompt, self.content, self.options)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class GoldSet:
    items: list[ImportedItem]
    fmt: str
    skipped: list[str] = field(default_factory=list)

    def counts_by_kind(self) -> dict[str, int]:
        return dict(Counter(item.kind for item in self.items))

    @property
    def edge_case_count(self) -> int:
        return sum(item.is_edge_case for item in self.items)


def item_fingerprint(kind: str, prompt: str, content: dict, options: list) -> str:
    """What makes two items the same item (for refusing duplicates)."""
    return json.dumps([kind, prompt.strip(), content, list(options)], sort_keys=True)


def detect_format(filename: str) -> str | None:
    return EXTENSIONS.get(PurePosixPath(filename or "").suffix.lower())


def parse_gold_set(
    data: bytes, *, filename: str = "", fmt: str | None = None, existing: frozenset = frozenset()
) -> GoldSet:
    """Every item in the file, or ``GoldSetRefused`` with every problem found.

    ``existing`` holds ``item_fingerprint``s of items already in the assessment: a row
    repeating one of them (or an earlier row) is refused as a duplicate.
    """
    fmt = fmt or detect_format(filename)
    if fmt not in FORMATS:
        raise _refused(
            "file",
            "Upload a .csv, .jsonl or Label Studio .json file"
            + (
                f" (“{json_input.printable(filename)}” has an unknown extension)."
                if filename
                else "."
            ),
        )
    text = _decode(data)
    rows, errors, skipped = _FORMAT_READERS[fmt](text)
    if len(rows) > MAX_ROWS:
        raise _refused("file", f"The file has {len(rows):,} items; the limit is {MAX_ROWS:,}.")
    items, seen = [], dict.fromkeys(existing)
    for row in rows:
        try:
            item = _validated(row)
        except _RowRefused as refused:
            errors.extend(refused.errors)
            continue
        fingerprint = item.fingerprint()
        if fingerprint in seen:
            earlier = seen[fingerprint]
            message = (
                "Duplicate of an item already in this assessment."
                if earlier is None
                else f"Duplicate of row {earlier} (same kind, prompt, content and options)."
            )
            errors.append(RowError(item.row, "prompt", message))
            continue
        seen[fingerprint] = item.row
        items.append(item)
    if errors:
        raise GoldSetRefused(sorted(errors, key=_error_order)[:MAX_ERRORS])
    if not items:
        reason = "No task has a completed annotation." if fmt == LABEL_STUDIO else "No items."
        raise _refused("file", f"The file has no items to import. {reason}".strip())
    return GoldSet(items=items, fmt=fmt, skipped=skipped)


# --- Shared plumbing ------------------------------------------------------------------


class _RowRefused(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors


def _refused(field_name: str, message: str) -> GoldSetRefused:
    return GoldSetRefused([RowError(None, field_name, message)])


def _error_order(error: RowError) -> tuple:
    return (error.row or 0, COLUMNS.index(error.field) if error.field in COLUMNS else 99)


def _decode(data: bytes) -> str:
    if not data or not data.strip():
        raise _refused("file", "The file is empty.")
    if len(data) > MAX_BYTES:
        raise _refused(
            "file",
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_BYTES // 1024 // 1024} MB.",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refused(
            "file",
            f"The file is not UTF-8 text (byte 0x{data[error.start]:02x} at position "
            f"{error.start}). Save it as UTF-8 and upload it again.",
        ) from None


def _json(value: str, row: int, field_name: str):
    try:
        return json_input.loads(value)
    except json_input.JSONInputError as error:
        raise _RowRefused([_row_error(row, field_name, error)]) from None


def _row_error(row: int | None, field_name: str, error: json_input.JSONInputError) -> RowError:
    """A ``json_input`` refusal of a value in ``field_name``, saying where inside it."""
    where = f"at {error.path}: " if error.path else ""
    return RowError(row, field_name, where + error.message)


def _type_name(value) -> str:
    return {bool: "true or false", int: "a number", float: "a number", list: "a list",
            dict: "an object"}.get(type(value), "not text")  # fmt: skip


def _required_text(row: dict, field_name: str, what: str) -> RowError | None:
    value = row.get(field_name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return RowError(row["row"], field_name, f"Required: {what}.")
    if not isinstance(value, str):
        return RowError(row["row"], field_name, f"Must be text ({what}), not {_type_name(value)}.")
    return None


def _flag(value, row: int, field_name: str) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise _RowRefused(
        [RowError(row, field_name, f"“{json_input.printable(value)}” is not true or false.")]
    )


def _validated(row: dict) -> ImportedItem:
    """A raw row (values already in JSON types) checked by ``item_kinds``."""
    number = row["row"]
    kind = row.get("kind")
    prompt = row.get("prompt")
    problems = []
    # What the database could not store is refused here, so a preview never promises
    # a write that would fail.
    for name in COLUMNS:
        try:
            json_input.check(row.get(name))
        except json_input.JSONInputError as error:
            problems.append(_row_error(number, name, error))
    if problems:
        raise _RowRefused(problems)
    problems = [
        problem
        for problem in (
            _required_text(row, "kind", "the item kind"),
            _required_text(row, "prompt", "the question the candidate reads"),
        )
        if problem
    ]
    if row.get("answer") is None:
        problems.append(RowError(number, "answer", "Required: the gold answer."))
    explanation = row.get("explanation") or ""
    if not isinstance(explanation, str):
        problems.append(RowError(number, "explanation", "The explanation must be text."))
    flags = {}
    for name in ("edge_case", "requires_rationale"):
        try:
            flags[name] = _flag(row.get(name), number, name)
        except _RowRefused as refused:
            problems.extend(refused.errors)
    # With no problem, the checks above found both kind and prompt to be text.
    if problems or not isinstance(kind, str) or not isinstance(prompt, str):
        raise _RowRefused(problems)
    kind = kind.strip()
    try:
        content, options = item_kinds.validate_item(kind, row.get("content"), row.get("options"))
        gold = item_kinds.validate_gold(
            kind,
            content,
            options,
            row.get("answer"),
            row.get("accepted_alternatives") or [],
            row.get("tolerance"),
        )
    except ItemError as error:
        raise _RowRefused(
            [RowError(number, name, message) for name, message in error.errors.items()]
        ) from None
    return ImportedItem(
        row=number,
        kind=kind,
        prompt=prompt.strip(),
        content=content,
        options=options,
        requires_rationale=flags["requires_rationale"],
        answer=gold["answer"],
        accepted_alternatives=gold["accepted_alternatives"],
        tolerance=gold["tolerance"],
        is_edge_case=flags["edge_case"],
        explanation=explanation.strip(),
    )


# --- CSV ------------------------------------------------------------------------------


def _read_csv(text: str) -> tuple[list[dict], list[RowError], list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise _refused("file", "The file is empty.") from None
    except csv.Error as error:
        raise _refused("file", f"Not a readable CSV file ({error}).") from None
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise _refused(
            "columns",
            f"Unknown column{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(f'“{json_input.printable(n)}”' for n in unknown)}; "
            f"the columns are {', '.join(COLUMNS)}.",
        )
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise _refused(
            "columns", f"Column “{json_input.printable(repeated[0])}” appears more than once."
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise _refused(
            "columns", f"Missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}."
        )
    rows: list[dict] = []
    errors: list[RowError] = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise _refused(
                    "file", f"The file has more than {MAX_ROWS:,} items; the limit is {MAX_ROWS:,}."
                )
            if len(cells) != len(header):
                message = (
                    'A quoted cell opens here and is never closed: add the closing quote (").'
                    if _unclosed_quote(text)
                    else f"{len(cells)} cells where the header has {len(header)} columns."
                )
                errors.append(RowError(number, "file", message))
                continue
            try:
                rows.append(_csv_row(number, dict(zip(header, cells, strict=True))))
            except _RowRefused as refused:
                errors.extend(refused.errors)
    except csv.Error as error:
        raise _refused("file", f"Not a readable CSV file ({error}).") from None
    if not rows and not errors:
        raise _refused("file", "The file has a header but no item rows.")
    return rows, errors, []


def _unclosed_quote(text: str) -> bool:
    """Whether the file ends inside a quoted cell. The lenient reader then returns the rest
    of the file as one cell; only the strict one says why."""
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), strict=True):
            pass
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False


def _csv_row(number: int, cells: dict[str, str]) -> dict:
    kind = cells.get("kind", "").strip()
    row = {
        "row": number,
        "kind": kind,
        "prompt": cells.get("prompt", ""),
        "explanation": cells.get("explanation", ""),
        "edge_case": cells.get("edge_case", ""),
        "requires_rationale": cells.get("requires_rationale", ""),
    }
    problems = []

    def parse(name, reader):
        try:
            row[name] = reader(cells.get(name, "").strip())
        except _RowRefused as refused:
            problems.extend(refused.errors)

    parse("content", lambda v: _json(v, number, "content") if v else {})
    parse("options", lambda v: _json(v, number, "options") if v.startswith("[") else _pipes(v))
    parse("answer", lambda v: _csv_answer(kind, v, number))
    parse("accepted_alternatives", lambda v: _csv_alternatives(kind, v, number))
    parse("tolerance", lambda v: _csv_number(v, number, "tolerance"))
    if problems:
        raise _RowRefused(problems)
    return row


def _pipes(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _csv_answer(kind: str, value: str, row: int):
    if not value:
        return None
    if (kind in TEXT_ANSWER_KINDS or kind not in item_kinds.KINDS) and not value.startswith(
        ('"', "{")
    ):
        return value
    return _json(value, row, "answer")


def _csv_alternatives(kind: str, value: str, row: int) -> list:
    if not value:
        return []
    if value.startswith("["):
        return _json(value, row, "accepted_alternatives")
    if kind in PIPE_ALTERNATIVE_KINDS:
        return _pipes(value)
    raise _RowRefused(
        [RowError(row, "accepted_alternatives", "Must be a JSON list of answers for this kind.")]
    )


def _csv_number(value: str, row: int, field_name: str) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise _RowRefused(
            [RowError(row, field_name, f"“{json_input.printable(value)}” is not a number.")]
        ) from None


# --- JSONL ----------------------------------------------------------------------------


def _read_jsonl(text: str) -> tuple[list[dict], list[RowError], list[str]]:
    rows: list[dict] = []
    errors: list[RowError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            raise _refused(
                "file", f"The file has more than {MAX_ROWS:,} items; the limit is {MAX_ROWS:,}."
            )
        try:
            record = json_input.loads(line)
        except json_input.JSONInputError as error:
            field_name = error.field if error.field in COLUMNS else "line"
            errors.append(_row_error(number, field_name, error))
            continue
        if not isinstance(record, dict):
            errors.append(RowError(number, "line", "Each line must be one JSON object."))
            continue
        unknown = sorted(set(record) - set(COLUMNS))
        if unknown:
            errors.append(
                RowError(
                    number,
                    unknown[0] or "line",
                    f"Unknown key{'' if unknown[0] else ' “”'}; the keys are {', '.join(COLUMNS)}.",
                )
            )
            continue
        rows.append({"row": number, **record})
    return rows, errors, []


# --- Label Studio ---------------------------------------------------------------------


def _read_label_studio(text: str) -> tuple[list[dict], list[RowError], list[str]]:
    try:
        tasks = json_input.loads(text)
    except json_input.JSONInputError as error:
        raise GoldSetRefused([_task_error(error)]) from None
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise _refused("file", "A Label Studio export is a JSON list of tasks.")
    if len(tasks) > MAX_ROWS:
        raise _refused("file", f"The file has {len(tasks):,} tasks; the limit is {MAX_ROWS:,}.")
    annotated: list[tuple[int, Any, dict | None]] = []
    skipped: list[str] = []
    errors: list[RowError] = []
    for number, task in enumerate(tasks, start=1):
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            annotated.append((number, task, None))
            continue
        if not isinstance(task.get("annotations", []), list):
            errors.append(RowError(number, "annotations", "Must be a list of annotations."))
            continue
        annotation = _completed_annotation(task)
        if annotation is None:
            skipped.append(
                f"Task {task.get('id', number)} (row {number}) has no completed annotation."
            )
            continue
        annotated.append((number, task, annotation))
    vocabulary = _vocabulary(annotation for _, _, annotation in annotated if annotation)
    rows = []
    for number, task, annotation in annotated:
        try:
            rows.append(_label_studio_row(number, task, annotation, vocabulary))
        except _RowRefused as refused:
            errors.extend(refused.errors)
    return rows, errors, skipped


def _task_error(error: json_input.JSONInputError) -> RowError:
    """A refusal inside the export, on the row of the task it is in (``[3].data.text`` is
    row 4, field ``data.text``)."""
    index, _, rest = error.path.partition("]")
    if error.path.startswith("[") and index[1:].isdigit():
        where = rest.lstrip(".")
        field_name = re.split(r"[.\[]", where, maxsplit=1)[0]
        message = f"at {where}: {error.message}" if where != field_name else error.message
        return RowError(int(index[1:]) + 1, field_name or "file", message)
    return _row_error(None, "file", error)


def _completed_annotation(task: dict) -> dict | None:
    annotations = task.get("annotations")
    completed = [
        a
        for a in (annotations if isinstance(annotations, list) else [])
        if isinstance(a, dict) and not a.get("was_cancelled") and a.get("result")
    ]
    ground_truth = [a for a in completed if a.get("ground_truth")]
    return next(iter(ground_truth or completed), None)


def _results(annotation: dict) -> list[dict]:
    results = annotation.get("result")
    return [r for r in results if isinstance(r, dict)] if isinstance(results, list) else []


def _vocabulary(annotations) -> dict:
    """Per control (``from_name``): every choice/label used, and whether any task picked
    several choices at once (then it is a multi-label control)."""
    used: defaultdict[str, list[str]] = defaultdict(list)
    multiple: set[str] = set()
    for annotation in annotations:
        for result in _results(annotation):
            value = raw if isinstance(raw := result.get("value"), dict) else {}
            name = result.get("from_name", "")
            if not isinstance(name, str):
                continue  # refused with its row by ``_label_studio_row``
            for key in ("choices", "labels"):
                picked = value.get(key)
                if isinstance(picked, list):
                    used[name].extend(
                        p for p in picked if isinstance(p, str) and p not in used[name]
                    )
                    if key == "choices" and len(picked) > 1:
                        multiple.add(name)
    return {"used": used, "multiple": multiple}


@dataclass(frozen=True)
class _Task:
    """One annotated task's results, all of one Label Studio type, as a handler takes them."""

    number: int  # the task's row, for errors
    data: dict
    results: list[dict]
    text: str | None  # the task's text the results point at, if any
    vocabulary: dict  # from ``_vocabulary``: choices/labels used per control

    def refuse(self, field_name: str, message: str) -> NoReturn:
        raise _RowRefused([RowError(self.number, field_name, message)])

    @property
    def values(self) -> list[dict]:
        return [v if isinstance(v := r.get("value"), dict) else {} for r in self.results]

    @property
    def controls(self) -> set:
        return {r.get("from_name") for r in self.results}

    @property
    def content(self) -> dict:
        return {"text": self.text} if self.text is not None else {}


def _refuse_malformed_results(task: _Task) -> str:
    """The one result type of the task, or a refusal: no results, a result without a type
    or with a non-text name, an unsupported type, mixed types, several controls."""
    if not task.results:
        task.refuse("answer", "The annotation has no results.")
    for position, result in enumerate(task.results, start=1):
        if "type" not in result:
            task.refuse("kind", f"Result {position} has no “type” (choices, labels, rating…).")
        for key in ("type", "from_name", "to_name"):
            if key in result and not isinstance(result[key], str):
                task.refuse(
                    "kind",
                    f"Result {position}: “{key}” must be text, not {_type_name(result[key])}.",
                )
    types = sorted({r["type"] for r in task.results})
    unsupported = [t for t in types if t not in LABEL_STUDIO_TYPES]
    if unsupported:
        task.refuse(
            "kind",
            f"Label Studio result type “{unsupported[0]}” is not supported; supported: "
            f"{', '.join(LABEL_STUDIO_TYPES)}.",
        )
    if len(types) > 1:
        task.refuse("kind", f"One item per task: this task mixes {' and '.join(types)} results.")
    result_type = types[0]
    if result_type not in ("labels", "rating") and len(task.controls) > 1:
        task.refuse(
            "kind", f"One item per task: this task has {len(task.controls)} {result_type} controls."
        )
    return result_type


# Each handler turns one task's results into (kind, the row's answer fields).


def _choices(task: _Task) -> tuple[str, dict]:
    name = task.results[0].get("from_name", "")
    multiple = name in task.vocabulary["multiple"]
    picked = task.values[0].get("choices")
    if not isinstance(picked, list):
        task.refuse("answer", "The choices result has no list of choices.")
    return (
        item_kinds.MULTI_LABEL if multiple else item_kinds.SINGLE_CHOICE,
        {
            "options": task.data.get("options") or task.vocabulary["used"][name],
            "answer": picked if multiple else (picked or [None])[0],
        },
    )


def _span(task: _Task, value: dict) -> dict:
    """One labelled span, refused unless it has one label and its text is the task's."""
    labels = value.get("labels") or []
    start, end = value.get("start"), value.get("end")
    if not isinstance(labels, list):
        task.refuse("answer", f"A span's “labels” must be a list, not {_type_name(labels)}.")
    if len(labels) != 1:
        task.refuse("answer", f"Each span needs exactly one label, not {len(labels)}.")
    text = task.text or ""
    if (
        isinstance(start, int)
        and isinstance(end, int)
        and "text" in value
        and 0 <= start < end <= len(text)
        and text[start:end] != value["text"]
    ):
        task.refuse(
            "answer",
            f"Span {start}–{end} reads “{text[start:end]}” in the task text, not "
            f"“{value['text']}”.",
        )
    return {"start": start, "end": end, "label": labels[0]}


def _labels(task: _Task) -> tuple[str, dict]:
    if task.text is None:
        task.refuse("content", "Span results need the task's text in “data”.")
    spans = [_span(task, value) for value in task.values]
    used = task.vocabulary["used"]
    options = task.data.get("options") or sorted(
        {label for name in task.controls for label in used[name]}
    )
    return item_kinds.SPANS, {"options": options, "answer": spans}


def _rating(task: _Task) -> tuple[str, dict]:
    criteria = [r.get("from_name", "") for r in task.results]
    scale = task.data.get("scale", DEFAULT_RATING_SCALE)
    return item_kinds.RATING, {
        "content": {**task.content, "criteria": criteria, "scale": scale},
        "answer": {c: v.get("rating") for c, v in zip(criteria, task.values, strict=True)},
    }


def _number(task: _Task) -> tuple[str, dict]:
    return item_kinds.NUMERIC, {"answer": task.values[0].get("number")}


def _textarea(task: _Task) -> tuple[str, dict]:
    texts = task.values[0].get("text")
    if isinstance(texts, list):
        if not all(isinstance(t, str) for t in texts):
            task.refuse("answer", "A textarea result's “text” must be a list of texts.")
        texts = "\n".join(texts)
    return item_kinds.FREE_TEXT, {
        "answer": {"reference": texts} if isinstance(texts, str) else None
    }


_LABEL_STUDIO_HANDLERS = {
    "choices": _choices,
    "labels": _labels,
    "rating": _rating,
    "number": _number,
    "textarea": _textarea,
}


def _label_studio_row(number: int, task, annotation: dict | None, vocabulary: dict) -> dict:
    """The import row of one annotated task: the handler of its result type fills the
    kind and answer; the task's data gives the rest."""
    if annotation is None:
        raise _RowRefused([RowError(number, "file", "A task must be an object with “data”.")])
    if not isinstance(annotation.get("result"), list):
        raise _RowRefused(
            [RowError(number, "answer", "The annotation's “result” must be a list of results.")]
        )
    data = task["data"]
    results = _results(annotation)
    found = _Task(number=number, data=data, results=results, text=None, vocabulary=vocabulary)
    result_type = _refuse_malformed_results(found)
    found = replace(found, text=_task_text(data, results[0].get("to_name")))
    row = {
        "row": number,
        "content": found.content,
        "options": [],
        "explanation": data.get("explanation", ""),
        "edge_case": data.get("edge_case", False),
        "requires_rationale": data.get("requires_rationale", False),
    }
    kind, answer_fields = _LABEL_STUDIO_HANDLERS[result_type](found)
    row.update(answer_fields)
    row["kind"] = kind
    row["prompt"] = data.get("prompt") or data.get("question") or DEFAULT_PROMPTS[kind]
    return row


def _task_text(data: dict, to_name) -> str | None:
    for key in (to_name, "text"):
        if key and isinstance(data.get(key), str):
            return data[key]
    texts = [
        v
        for k, v in data.items()
        if isinstance(v, str) and k not in ("prompt", "question", "explanation")
    ]
    return texts[0] if len(texts) == 1 else None


# The parser of each import format: text in, (rows, errors, skipped rows) out.
_FORMAT_READERS = {CSV: _read_csv, JSONL: _read_jsonl, LABEL_STUDIO: _read_label_studio}
