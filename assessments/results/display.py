"""Answers, gold, scores and agreement figures in plain words for the team's pages. Pure: no
Django.

Scores (a composite, a component, an item's or a review's score: 0–1 in the database and
the API) read the same way on every page: a whole percentage, "73%" (``score_text``, the
``score`` template filter), rounded half up; a missing score is "—". Agreement statistics
(α, κ, correlations) are not scores and keep their own two-decimal reading.

Answers are JSON values whose shape depends on the item kind (see ``item_kinds``):
``answer_display`` turns each into one readable line — a label; a list of labels; spans as
"start–end label"; a ranking as "3 > 1 > 2" (outputs numbered from 1); ratings as
"clarity 4, accuracy 3"; error identification per output.
"""

import json
import math
from collections.abc import Sequence
from typing import Any

from assessments import item_kinds as kinds
from assessments.scoring.types import JSONDict

NONE = "—"
EXCERPT = 40

COMPONENT_LABELS = {
    "accuracy": "Accuracy",
    "edge_cases": "Edge cases",
    "agreement": "Agreement",
    "throughput": "Throughput",
    "rationale": "Rationale",
}
COMPONENT_ORDER = tuple(COMPONENT_LABELS)

KIND_LABELS = {
    kinds.SINGLE_CHOICE: "Single choice",
    kinds.MULTI_LABEL: "Multi-label",
    kinds.SPANS: "Spans",
    kinds.PAIRWISE: "Pairwise",
    kinds.RANKING: "Ranking",
    kinds.RATING: "Rating",
    kinds.NUMERIC: "Numeric",
    kinds.ERROR_IDENTIFICATION: "Error identification",
    kinds.FREE_TEXT: "Free text",
}

# Krippendorff's own reading of alpha.
ALPHA_RELIABLE = 0.8
ALPHA_TENTATIVE = 0.667
# Landis & Koch's reading of kappa-like statistics (Fleiss' kappa, Gwet's AC1).
KAPPA_WORDS = (
    (0.8, "almost perfect"),
    (0.6, "substantial"),
    (0.4, "moderate"),
    (0.2, "fair"),
    (0.0, "slight"),
)


def _number(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}" if math.isfinite(value) else str(value)
    return str(value)


def _excerpt(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _spans(answer: Sequence[object], content: JSONDict | None) -> str:
    text = (content or {}).get("text") or ""
    parts = []
    for span in answer:
        if not isinstance(span, dict):
            return _fallback(answer)
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        part = f"{start}–{end} {label}"
        if text and isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
            part += f" “{_excerpt(text[start:end], 30)}”"
        parts.append(part)
    return "; ".join(parts) if parts else "no spans marked"


def _ranking(answer: Sequence[object]) -> str:
    outputs = [v for v in answer if isinstance(v, int) and not isinstance(v, bool)]
    if len(outputs) != len(answer):
        return _fallback(answer)
    return " > ".join(str(v + 1) for v in outputs)


def _rating(answer: JSONDict, content: JSONDict | None) -> str:
    """In the item's criterion order: PostgreSQL's jsonb does not keep the answer's order."""
    criteria = [c for c in (content or {}).get("criteria") or () if c in answer]
    criteria += [c for c in answer if c not in criteria]
    return ", ".join(f"{criterion} {_number(answer[criterion])}" for criterion in criteria)


def _error_identification(answer: Sequence[object]) -> str:
    parts = []
    for number, entry in enumerate(answer, start=1):
        if not isinstance(entry, dict):
            return _fallback(answer)
        if entry.get("has_error"):
            parts.append(f"{number}: {entry.get('category') or 'error'}")
        else:
            parts.append(f"{number}: no error")
    return "; ".join(parts)


def _fallback(answer: object) -> str:
    return json.dumps(answer, ensure_ascii=False)


def answer_display(kind: str, answer: Any, content: JSONDict | None = None) -> str:
    """One line a person can read for an answer (or a gold answer) of ``kind``."""
    if answer is None:
        return NONE
    try:
        if kind == kinds.FREE_TEXT:
            if isinstance(answer, dict) and "reference" in answer:
                answer = answer["reference"]
            return _excerpt(str(answer), 160)
        if kind in (kinds.SINGLE_CHOICE, kinds.PAIRWISE) and isinstance(answer, str):
            return answer
        if kind == kinds.MULTI_LABEL and isinstance(answer, list | tuple):
            return ", ".join(str(v) for v in answer) if answer else "no labels"
        if kind == kinds.SPANS and isinstance(answer, list | tuple):
            return _spans(answer, content)
        if kind == kinds.RANKING and isinstance(answer, list | tuple):
            return _ranking(answer)
        if kind == kinds.RATING and isinstance(answer, dict):
            return _rating(answer, content)
        if kind == kinds.NUMERIC and isinstance(answer, int | float):
            unit = (content or {}).get("unit")
            return f"{_number(answer)} {unit}" if unit else _number(answer)
        if kind == kinds.ERROR_IDENTIFICATION and isinstance(answer, list | tuple):
            return _error_identification(answer)
    except (TypeError, ValueError, AttributeError):
        pass
    return answer if isinstance(answer, str) else _fallback(answer)


def gold_display(kind: str, gold: JSONDict | None, content: JSONDict | None = None) -> str:
    """The gold answer, its accepted alternatives ("or …") and a numeric tolerance."""
    if not gold:
        return NONE
    text = answer_display(kind, gold.get("answer"), content)
    alternatives = [answer_display(kind, alt, content) for alt in gold.get("alternatives") or ()]
    if alternatives:
        text += " (or " + " / ".join(alternatives) + ")"
    if gold.get("tolerance") is not None:
        text += f" ± {_number(gold['tolerance'])}"
    return text


def score_percent(value: float | None) -> int | None:
    """A score from 0 to 1 as a whole percentage, rounded half up (0.725 → 73); None stays."""
    if value is None or not math.isfinite(value):
        return None
    return math.floor(round(value * 100, 6) + 0.5)


def score_text(value: float | None) -> str:
    """A score as every team page shows it: "73%", or "—" while there is none."""
    percent = score_percent(value)
    return NONE if percent is None else f"{percent}%"


def agreement_text(value: float | None) -> str:
    """Agreement as every page after the hire shows it: Krippendorff's alpha (or a
    trainer's leave-one-out agreement) is a statistic from -1 to 1, not a share, so two
    decimals ("0.62", "-0.15"), never a percentage; "—" while there is none."""
    if value is None or not math.isfinite(value):
        return NONE
    return f"{value:.2f}"


def hours_text(value: float | None) -> str:
    """A duration in hours: "30.0 h"; "—" while there is none."""
    if value is None or not math.isfinite(value):
        return NONE
    return f"{value:.1f} h"


def duration_display(ms: int | None) -> str:
    """``41 s``, ``3 min 05 s``: time spent on an item."""
    if not ms:
        return NONE
    seconds = round(ms / 1000)
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"


def alpha_meaning(value: float | None) -> tuple[str, str]:
    """(tone, words) for Krippendorff's alpha; tone is ok, warn or bad for styling."""
    if value is None:
        return "quiet", "undefined: too few answers, or every answer the same"
    if value >= ALPHA_RELIABLE:
        return "ok", "reliable"
    if value >= ALPHA_TENTATIVE:
        return "warn", "tentative: good enough for provisional conclusions only"
    return "bad", "too low to rely on"


def kappa_meaning(value: float | None) -> tuple[str, str]:
    """(tone, words) for Fleiss' kappa or Gwet's AC1, on Landis & Koch's scale."""
    if value is None:
        return "quiet", "undefined: too few answers, or every answer the same"
    if value < 0:
        return "bad", "poor: no better than chance"
    for floor, words in KAPPA_WORDS:
        if value > floor or (floor == 0.0 and value >= 0):
            tone = "ok" if floor >= 0.6 else ("warn" if floor >= 0.4 else "bad")
            return tone, f"{words} agreement"
    return "bad", "slight agreement"  # pragma: no cover - the loop always returns


def detail_lines(detail: Any) -> list[str]:
    """A scorer's kind-specific details (matched spans, inverted pairs…) as short lines."""
    if not isinstance(detail, dict):
        return [] if detail in (None, "", [], {}) else [_fallback(detail)]
    lines = []
    for key, value in detail.items():
        label = str(key).replace("_", " ")
        if isinstance(value, float):
            shown = f"{value:.3g}"
        elif isinstance(value, str | int | bool):
            shown = _number(value)
        else:
            shown = _fallback(value)
        lines.append(f"{label}: {_excerpt(shown, 120)}")
    return lines
