"""What each item kind holds, and what a well-formed answer to it looks like. Pure: no Django.

Three checks, used by authoring, import and the attempt screen alike:

- ``validate_item(kind, content, options)`` — the material a candidate works on;
- ``validate_gold(kind, content, options, answer, …)`` — the hidden expected answer;
- ``validate_answer(kind, content, options, answer)`` — a candidate's answer.

Each returns the value normalised (numbers as numbers, options defaulted) or raises with a
specific message. A candidate's ``AnswerError`` describes only the shape expected, never
the expected answer itself.
"""

import math
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TypeGuard

from assessments.scoring.types import JSONDict

SINGLE_CHOICE = "single_choice"
MULTI_LABEL = "multi_label"
SPANS = "spans"
PAIRWISE = "pairwise"
RANKING = "ranking"
RATING = "rating"
NUMERIC = "numeric"
ERROR_IDENTIFICATION = "error_identification"
FREE_TEXT = "free_text"

KINDS = (
    SINGLE_CHOICE,
    MULTI_LABEL,
    SPANS,
    PAIRWISE,
    RANKING,
    RATING,
    NUMERIC,
    ERROR_IDENTIFICATION,
    FREE_TEXT,
)
PREFERENCE_SCALE = ("A>>B", "A>B", "tie", "B>A", "B>>A")
FREE_TEXT_MAX = 10_000
EXPLANATION_MAX = 2_000
SCALE_RANGE = range(2, 11)
# Numeric answers and gold: at most this large in magnitude and, written as text, this many
# significant digits (a float holds 15 exactly).
NUMBER_LIMIT = 10**12
NUMBER_DIGITS = 15
NUMBER_TOO_LARGE = f"Enter a number between -{NUMBER_LIMIT:,} and {NUMBER_LIMIT:,}."


class ItemError(ValueError):
    """An item or its gold is malformed; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))


class AnswerError(ValueError):
    """A candidate's answer has the wrong shape for its item."""


# --- Small shape checks, each raising AnswerError with a plain message -------------------


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def whole_number(value: object) -> int | None:
    """The whole number a form field holds in ASCII digits (``"3"``, ``" 12 "``), else
    ``None``. Not ``str.isdigit``: it also accepts ``"²"``, which ``int`` cannot read."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def _text(value: object, what: str, *, max_length: int | None = None, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise AnswerError(f"{what} must be text.")
    if required and not value.strip():
        raise AnswerError(f"{what} must not be empty.")
    if max_length is not None and len(value) > max_length:
        raise AnswerError(f"{what} is longer than {max_length:,} characters.")
    return value


def _choice(value: object, options: Sequence[str], what: str) -> str:
    if not isinstance(value, str) or value not in options:
        raise AnswerError(f"{what} must be one of: {', '.join(options)}.")
    return value


def _labels(value: Any, options: Sequence[str]) -> list[str]:
    if not isinstance(value, list | tuple):
        raise AnswerError("Choose a list of labels.")
    unknown = [v for v in value if not isinstance(v, str) or v not in options]
    if unknown:
        raise AnswerError(f"“{unknown[0]}” is not one of the labels offered.")
    if len(set(value)) != len(value):
        raise AnswerError("Each label can be chosen only once.")
    return list(value)


def _number(value: Any) -> float | int:
    """A number within ``NUMBER_LIMIT`` and, when written as text, of at most
    ``NUMBER_DIGITS`` significant digits: the same rule for candidates' answers and for
    gold, however it arrives (form, API, import), so scoring and agreement stay in floats."""
    if isinstance(value, str):
        try:
            written = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            raise AnswerError("Enter a number, for example 42 or 3.5.") from None
        if not written.is_finite():
            raise AnswerError("Enter a finite number.")
        # ``adjusted`` first: arithmetic on an exponent like 1e999999999 overflows Decimal.
        if written and (written.adjusted() > 12 or abs(written) > NUMBER_LIMIT):
            raise AnswerError(NUMBER_TOO_LARGE)
        if len("".join(map(str, written.as_tuple().digits)).strip("0")) > NUMBER_DIGITS:
            raise AnswerError(
                f"Enter at most {NUMBER_DIGITS} significant digits (the number has more)."
            )
        value = int(written) if written == written.to_integral_value() else float(written)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AnswerError("Enter a number, for example 42 or 3.5.")
    if isinstance(value, float) and not math.isfinite(value):
        raise AnswerError("Enter a finite number.")
    if abs(value) > NUMBER_LIMIT:
        raise AnswerError(NUMBER_TOO_LARGE)
    return value


# --- Answers, per kind ------------------------------------------------------------------


def _answer_single_choice(content: JSONDict, options: Sequence[str], answer: Any) -> str:
    return _choice(answer, options, "The answer")


def _answer_multi_label(content: JSONDict, options: Sequence[str], answer: Any) -> list[str]:
    return _labels(answer, options)


def _answer_spans(content: JSONDict, options: Sequence[str], answer: Any) -> list[JSONDict]:
    text = content["text"]
    if not isinstance(answer, list | tuple):
        raise AnswerError("Spans must be a list of marked passages.")
    spans, seen = [], set()
    for number, span in enumerate(answer, start=1):
        if not isinstance(span, dict) or set(span) - {"start", "end", "label", "text"}:
            raise AnswerError(f"Span {number} must have a start, an end and a label.")
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        if not (_is_int(start) and _is_int(end)):
            raise AnswerError(f"Span {number}: start and end must be whole numbers.")
        if not 0 <= start < end <= len(text):
            raise AnswerError(
                f"Span {number} ({start}–{end}) is outside the text, which has "
                f"{len(text)} characters."
            )
        _choice(label, options, f"Span {number}'s label")
        key = (start, end, label)
        if key in seen:
            raise AnswerError(f"Span {number} marks the same passage with the same label twice.")
        seen.add(key)
        spans.append({"start": start, "end": end, "label": label})
    return sorted(spans, key=lambda s: (s["start"], s["end"], s["label"]))


def _answer_pairwise(content: JSONDict, options: Sequence[str], answer: Any) -> str:
    return _choice(answer, options, "The preference")


def _answer_ranking(content: JSONDict, options: Sequence[str], answer: Any) -> list[int]:
    n = len(content["outputs"])
    if not isinstance(answer, list | tuple) or not all(_is_int(v) for v in answer):
        raise AnswerError("A ranking is a list of output numbers, best first.")
    if sorted(answer) != list(range(n)):
        raise AnswerError(f"Rank every one of the {n} outputs exactly once.")
    return list(answer)


def _answer_rating(content: JSONDict, options: Sequence[str], answer: Any) -> dict[str, int]:
    criteria, scale = content["criteria"], content["scale"]
    if not isinstance(answer, dict):
        raise AnswerError("Give a rating for each criterion.")
    unknown = set(answer) - set(criteria)
    if unknown:
        raise AnswerError(f"“{sorted(unknown)[0]}” is not a criterion of this item.")
    missing = [c for c in criteria if c not in answer]
    if missing:
        raise AnswerError(f"Rate “{missing[0]}” too: every criterion needs a rating.")
    rated = {}
    for criterion in criteria:
        value = answer[criterion]
        if isinstance(value, str) and whole_number(value) is not None:
            value = whole_number(value)
        if not _is_int(value) or not 1 <= value <= scale:
            raise AnswerError(f"The rating for “{criterion}” must be a whole number 1–{scale}.")
        rated[criterion] = value
    return rated


def _answer_numeric(content: JSONDict, options: Sequence[str], answer: Any) -> float | int:
    return _number(answer)


def _answer_error_identification(
    content: JSONDict, options: Sequence[str], answer: Any
) -> list[JSONDict]:
    n = len(content["outputs"])
    if not isinstance(answer, list | tuple) or len(answer) != n:
        raise AnswerError(f"Judge each of the {n} outputs.")
    judged = []
    for number, entry in enumerate(answer, start=1):
        if not isinstance(entry, dict) or set(entry) - {"has_error", "category", "explanation"}:
            raise AnswerError(f"Output {number}: say whether it has an error.")
        has_error = entry.get("has_error")
        if not isinstance(has_error, bool):
            raise AnswerError(f"Output {number}: say whether it has an error (yes or no).")
        category = entry.get("category")
        if has_error:
            _choice(category, options, f"Output {number}'s error category")
        elif category not in (None, ""):
            raise AnswerError(f"Output {number}: an output without an error has no category.")
        explanation = _text(
            entry.get("explanation", ""),
            f"Output {number}'s explanation",
            max_length=EXPLANATION_MAX,
            required=False,
        )
        judged.append(
            {
                "has_error": has_error,
                "category": category if has_error else None,
                "explanation": explanation.strip(),
            }
        )
    return judged


def _answer_free_text(content: JSONDict, options: Sequence[str], answer: Any) -> str:
    return _text(answer, "The answer", max_length=FREE_TEXT_MAX).strip()


_ANSWERS: dict[str, Callable[[JSONDict, Sequence[str], Any], Any]] = {
    SINGLE_CHOICE: _answer_single_choice,
    MULTI_LABEL: _answer_multi_label,
    SPANS: _answer_spans,
    PAIRWISE: _answer_pairwise,
    RANKING: _answer_ranking,
    RATING: _answer_rating,
    NUMERIC: _answer_numeric,
    ERROR_IDENTIFICATION: _answer_error_identification,
    FREE_TEXT: _answer_free_text,
}


def validate_answer(kind: str, content: JSONDict, options: Sequence[str], answer: Any) -> Any:
    """A candidate's answer, normalised; ``AnswerError`` says what shape was expected."""
    if kind not in _ANSWERS:
        raise AnswerError(f"Unknown item kind “{kind}”.")
    if answer is None:
        raise AnswerError("There is no answer to save.")
    return _ANSWERS[kind](content, list(options), answer)


# --- Items ------------------------------------------------------------------------------


def _strings(value: Any, field: str, *, minimum: int, what: str) -> list[str]:
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, str) and v.strip() for v in value
    ):
        raise ItemError({field: f"{what} must be a list of non-empty texts."})
    if len(value) < minimum:
        raise ItemError({field: f"{what}: at least {minimum} needed, {len(value)} given."})
    if len({v.strip() for v in value}) != len(value):
        raise ItemError({field: f"{what} must not repeat."})
    return [v.strip() for v in value]


def _optional_text(content: JSONDict, *keys: str) -> None:
    for key in keys:
        if key in content and not isinstance(content[key], str):
            raise ItemError({"content": f"“{key}” must be text."})


def _outputs(content: JSONDict, *, exactly: int | None = None, minimum: int = 1) -> None:
    outputs = content.get("outputs")
    if exactly is not None and (not isinstance(outputs, list) or len(outputs) != exactly):
        raise ItemError({"content": f"“outputs” must list exactly {exactly} model outputs."})
    content["outputs"] = _strings(outputs, "content", minimum=minimum, what="“outputs”")


def validate_item(kind: str, content: Any, options: Any) -> tuple[JSONDict, list[str]]:
    """An item's content and options, normalised; ``ItemError`` names the field at fault."""
    if kind not in KINDS:
        raise ItemError({"kind": f"“{kind}” is not an item kind; use one of {', '.join(KINDS)}."})
    if content is None:
        content = {}
    if not isinstance(content, dict):
        raise ItemError({"content": 'Content must be an object such as {"text": "…"}.'})
    if options is None:
        options = []
    if not isinstance(options, list | tuple):
        raise ItemError({"options": "Options must be a list."})
    content = dict(content)
    _optional_text(content, "text", "question", "output", "unit")

    if kind in (SINGLE_CHOICE, MULTI_LABEL):
        options = _strings(options, "options", minimum=2, what="Options")
    elif kind == SPANS:
        if not isinstance(content.get("text"), str) or not content["text"].strip():
            raise ItemError({"content": "Span items need the “text” to mark."})
        options = _strings(options, "options", minimum=1, what="Span labels")
    elif kind == PAIRWISE:
        _outputs(content, exactly=2)
        if options and list(options) != list(PREFERENCE_SCALE):
            raise ItemError(
                {"options": f"Pairwise items use the scale {', '.join(PREFERENCE_SCALE)}."}
            )
        options = list(PREFERENCE_SCALE)
    elif kind == RANKING:
        _outputs(content, minimum=2)
        options = []
    elif kind == RATING:
        content["criteria"] = _strings(
            content.get("criteria"), "content", minimum=1, what="“criteria”"
        )
        scale = content.get("scale")
        if not _is_int(scale) or scale not in SCALE_RANGE:
            raise ItemError({"content": "“scale” must be a whole number from 2 to 10."})
        options = []
    elif kind == ERROR_IDENTIFICATION:
        _outputs(content, minimum=1)
        options = _strings(options, "options", minimum=1, what="Error categories")
    else:  # numeric, free text: nothing to choose from
        if options:
            raise ItemError(
                {"options": f"{kind.replace('_', ' ').capitalize()} items take no options."}
            )
        options = []
    return content, list(options)


# --- Gold -------------------------------------------------------------------------------


def _gold_answer(
    kind: str, content: JSONDict, options: Sequence[str], answer: Any, field: str
) -> Any:
    if kind == FREE_TEXT:
        if isinstance(answer, str):
            answer = {"reference": answer}
        if not isinstance(answer, dict) or not isinstance(answer.get("reference"), str):
            raise ItemError({field: 'A free-text gold answer is {"reference": "…"}.'})
        return {"reference": answer["reference"].strip()}
    try:
        return validate_answer(kind, content, options, answer)
    except AnswerError as error:
        raise ItemError({field: str(error)}) from None


def validate_gold(
    kind: str,
    content: JSONDict,
    options: Sequence[str],
    answer: Any,
    accepted_alternatives: Any = (),
    tolerance: Any = None,
) -> JSONDict:
    """The gold for an item already passed through ``validate_item``."""
    options = list(options)
    gold: JSONDict = {"answer": _gold_answer(kind, content, options, answer, "answer")}
    if accepted_alternatives in (None, ""):
        accepted_alternatives = []
    if not isinstance(accepted_alternatives, list | tuple):
        raise ItemError({"accepted_alternatives": "Accepted alternatives must be a list."})
    alternatives = []
    for number, alternative in enumerate(accepted_alternatives, start=1):
        try:
            alternatives.append(_gold_answer(kind, content, options, alternative, "alternative"))
        except ItemError as error:
            message = error.errors["alternative"]
            raise ItemError({"accepted_alternatives": f"Alternative {number}: {message}"}) from None
    gold["accepted_alternatives"] = alternatives
    if tolerance in (None, ""):
        gold["tolerance"] = None
    elif kind != NUMERIC:
        raise ItemError({"tolerance": "Only numeric items have a tolerance."})
    else:
        try:
            tolerance = _number(tolerance)
        except AnswerError:
            raise ItemError({"tolerance": "The tolerance must be a number."}) from None
        if tolerance < 0:
            raise ItemError({"tolerance": "The tolerance cannot be negative."})
        gold["tolerance"] = float(tolerance)
    return gold
