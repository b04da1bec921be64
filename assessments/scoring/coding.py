"""How each kind's answers become agreement units, and how an answer reads to a person.

Agreement is measured over *units*: one item can make several (one per option of a
multi-label item, per output of a ranking, per criterion of a rating). ``units(item,
answer)`` returns ``(suffix, value)`` pairs; the caller keys a unit by item and suffix
(``""`` is the suffix of an item's only unit). An unanswered item gives no units, so the
unit is missing for that candidate. Each kind has one level of measurement (``LEVELS``);
free text has none and gives no units.

``answer_key(item, answer)`` is a hashable form of a whole answer (for majorities and for
matching wrong answers between candidates); ``display(item, value)`` writes an answer, or
its key, for a person.
"""

import math
from collections.abc import Hashable
from typing import Any

from assessments.item_kinds import (
    ERROR_IDENTIFICATION,
    FREE_TEXT,
    MULTI_LABEL,
    NUMERIC,
    PAIRWISE,
    PREFERENCE_SCALE,
    RANKING,
    RATING,
    SINGLE_CHOICE,
    SPANS,
)
from assessments.scoring.types import ItemSpec, JSONDict

# Answers and gold are the normalised JSON of their kind (a label, a list of labels or
# spans, a ranking, ratings by criterion, a number...): ``Any`` here, checked by kind.

NOMINAL, ORDINAL, INTERVAL = "nominal", "ordinal", "interval"

LEVELS: dict[str, str] = {
    SINGLE_CHOICE: NOMINAL,
    MULTI_LABEL: NOMINAL,
    SPANS: NOMINAL,
    PAIRWISE: ORDINAL,
    RANKING: ORDINAL,
    RATING: INTERVAL,
    NUMERIC: INTERVAL,
    ERROR_IDENTIFICATION: NOMINAL,
}

NO_ERROR = "none"
DISPLAY_MAX = 80


def spans_key(spans: list[JSONDict]) -> str:
    """Canonical text of a list of spans: sorted ``start-end:label`` joined by ``;``."""
    return ";".join(
        f"{start}-{end}:{label}"
        for start, end, label in sorted((s["start"], s["end"], s["label"]) for s in spans)
    )


def _error_code(entry: JSONDict) -> str:
    return str(entry.get("category") or "") if entry["has_error"] else NO_ERROR


def units(item: ItemSpec, answer: Any) -> list[tuple[str, Hashable | float]]:
    """The agreement units of one answer: ``(suffix, value)``; none when unanswered."""
    if answer is None or item.kind == FREE_TEXT:
        return []
    kind = item.kind
    if kind in (SINGLE_CHOICE, PAIRWISE):
        return [("", answer)]
    if kind == MULTI_LABEL:
        chosen = set(answer)
        return [(option, int(option in chosen)) for option in item.options]
    if kind == SPANS:
        return [("", spans_key(answer))]
    if kind == RANKING:
        return [(str(output), rank) for rank, output in sorted(enumerate(answer), key=_second)]
    if kind == RATING:
        return [(criterion, answer[criterion]) for criterion in item.content["criteria"]]
    if kind == NUMERIC:
        return [("", _finite(answer))]
    if kind == ERROR_IDENTIFICATION:
        return [(str(output), _error_code(entry)) for output, entry in enumerate(answer)]
    raise ValueError(f"Item {item.id}: unknown item kind “{kind}”.")


def _second(pair: tuple[int, int]) -> int:
    return pair[1]


def value_domain(item: ItemSpec, suffix: str) -> list[str] | list[int] | None:
    """The ordered values an ordinal unit can take; ``None`` for other levels."""
    if item.kind == PAIRWISE:
        return list(PREFERENCE_SCALE)
    if item.kind == RANKING:
        return list(range(len(item.content["outputs"])))
    return None


def answer_key(item: ItemSpec, answer: Any) -> Hashable:
    """A hashable, canonical form of a whole answer (``None`` stays ``None``)."""
    if answer is None:
        return None
    kind = item.kind
    if kind == MULTI_LABEL:
        return tuple(sorted(answer))
    if kind == SPANS:
        return spans_key(answer)
    if kind == RANKING:
        return tuple(answer)
    if kind == RATING:
        return tuple((criterion, answer[criterion]) for criterion in item.content["criteria"])
    if kind == NUMERIC:
        return _finite(answer)
    if kind == ERROR_IDENTIFICATION:
        return tuple(_error_code(entry) for entry in answer)
    key: Hashable = answer  # single choice, pairwise, free text: already a string
    return key


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= DISPLAY_MAX else text[: DISPLAY_MAX - 1] + "…"


def _display_spans(item: ItemSpec, value: str | list[JSONDict]) -> str:
    parsed: list[tuple[int, int, str]]
    if isinstance(value, str):  # a spans_key
        parsed = []
        for part in filter(None, value.split(";")):
            where, label = part.split(":", 1)
            start, end = where.split("-")
            parsed.append((int(start), int(end), label))
    else:
        parsed = sorted((s["start"], s["end"], s["label"]) for s in value)
    if not parsed:
        return "(no spans)"
    text = item.content.get("text", "")
    return "; ".join(
        f"{label} “{_shorten(text[start:end])}” ({start}–{end})" for start, end, label in parsed
    )


def display(item: ItemSpec, value: Any) -> str:
    """An answer (or its ``answer_key``) as a short text for the team's tables."""
    if value is None:
        return "(no answer)"
    kind = item.kind
    if kind in (SINGLE_CHOICE, PAIRWISE):
        return str(value)
    if kind == MULTI_LABEL:
        return ", ".join(value) if value else "(no labels)"
    if kind == SPANS:
        return _display_spans(item, value)
    if kind == RANKING:
        return " > ".join(str(output + 1) for output in value)
    if kind == RATING:
        pairs = value.items() if isinstance(value, dict) else value
        return ", ".join(f"{criterion} {rating}" for criterion, rating in pairs)
    if kind == NUMERIC:
        return _number(value)
    if kind == ERROR_IDENTIFICATION:
        codes = [v if isinstance(v, str) else _error_code(v) for v in value]
        return "; ".join(
            f"{output}: {'no error' if code == NO_ERROR else code}"
            for output, code in enumerate(codes, start=1)
        )
    if kind == FREE_TEXT:
        return _shorten(str(value))
    raise ValueError(f"Item {item.id}: unknown item kind “{kind}”.")


def _finite(answer: Any) -> float:
    """A numeric answer as a float; a stored value beyond float range (from before answers
    were bounded) is malformed, so it cannot overflow the cohort's interval arithmetic."""
    value = float(answer)  # OverflowError for an integer of hundreds of digits
    if not math.isfinite(value):
        raise ValueError(f"{answer!r} is not a finite number.")
    return value
