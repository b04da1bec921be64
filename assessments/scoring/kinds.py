"""One scorer per item kind: a score in [0, 1] and the detail a recruiter needs.

``score_answer(item, answer)`` is the entry point. Every score is the best over the gold
answer and its accepted alternatives (``detail["alternative"]`` is the 1-based number of
the alternative that scored best, absent when the gold itself did). Indices of outputs in
details are 0-based, like the answers themselves.

Rules, per kind (stated here and nowhere else; docs/ARCHITECTURE.md points here):

- single choice: 1 for the gold label or an accepted alternative, else 0.
- multi-label: Jaccard |A∩G| / |A∪G| of the label sets; content ``"multi_label_metric":
  "f1"`` switches to F1 = 2|A∩G| / (|A| + |G|). Both empty scores 1.
- spans: F1 = 2·matched / (|answer spans| + |gold spans|); both empty scores 1. A span
  matches only a gold span with the same label. Content ``"span_match"``: ``"overlap"``
  (default) pairs spans whose intersection-over-union of characters is at least
  ``"iou_threshold"`` (default 0.5, and they must overlap), one-to-one, greedily by highest
  IoU; ``"exact"`` needs the same start and end.
- pairwise preference, on the scale A≫B, A>B, tie, B>A, B≫A:
  exactly right = 1; right direction, strength off by one (A≫B for A>B) = 0.5;
  a tie against a mild preference, either way round (tie for A>B, A>B for tie) = 0.25;
  anything else (wrong direction, or a tie against a strong preference) = 0.
- ranking: Kendall's tau-b between the gold and the candidate's order, mapped to
  (tau + 1) / 2: the same order is 1, the reverse is 0; two outputs give 1 or 0.
- rating: per criterion 1 − |answer − gold| / (k − 1) on the item's 1..k scale, averaged
  over the gold's criteria (a criterion left unrated scores 0).
- numeric: 1 within ``tolerance`` of the gold (inclusive), else 0; no tolerance means equal
  up to a float epsilon of 1e-9 (relative to the gold's size when above 1).
- error identification: each output's "has an error" against the gold's; the score is the
  F1 of error detection, and 1 when the gold has no error and the candidate finds none.
  The detail holds precision, recall, the outputs missed and falsely accused, and the
  category agreement on the outputs both call erroneous. Explanations go to human review.
- free text: not scored here (``None``); people review it against the rubric.

An unanswered item (answer ``None``) scores 0 with ``{"unanswered": true}``, except free
text (``None``). An item with no gold is not scored (``None`` with ``{"no_gold": true}``).
"""

import math
from collections.abc import Callable, Sequence
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
from assessments.scoring.types import ItemScore, ItemSpec, JSONDict

__all__ = ["ItemScore", "score_answer"]

EPSILON = 1e-9
DEFAULT_IOU_THRESHOLD = 0.5
_PLACES = 4

_POSITION = {label: position for position, label in enumerate(PREFERENCE_SCALE)}
_TIE = _POSITION["tie"]

# A span as the matcher compares it: (start, end, label).
Span = tuple[int, int, str]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, _PLACES)


# --- Single choice and multi-label ------------------------------------------------------


def score_single_choice(item: ItemSpec, answer: str, gold: str) -> tuple[float, JSONDict]:
    correct = answer == gold
    return (1.0 if correct else 0.0), {"correct": correct}


def score_multi_label(item: ItemSpec, answer: list[str], gold: list[str]) -> tuple[float, JSONDict]:
    chosen, expected = set(answer), set(gold)
    both = chosen & expected
    f1 = item.content.get("multi_label_metric") == "f1"
    if not chosen and not expected:
        score = 1.0
    elif f1:
        score = 2 * len(both) / (len(chosen) + len(expected))
    else:
        score = len(both) / len(chosen | expected)
    return score, {
        "metric": "f1" if f1 else "jaccard",
        "matched": sorted(both),
        "missed": sorted(expected - chosen),
        "extra": sorted(chosen - expected),
    }


# --- Spans ------------------------------------------------------------------------------


def _iou(a: Span, b: Span) -> float:
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    if overlap <= 0:
        return 0.0
    return overlap / ((a[1] - a[0]) + (b[1] - b[0]) - overlap)


def _span_settings(content: JSONDict) -> tuple[bool, float]:
    exact = content.get("span_match") == "exact"
    threshold = content.get("iou_threshold", DEFAULT_IOU_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        threshold = DEFAULT_IOU_THRESHOLD
    if not 0 < threshold <= 1:
        threshold = DEFAULT_IOU_THRESHOLD
    return exact, float(threshold)


def _match_spans(
    answer: list[Span], gold: list[Span], exact: bool, threshold: float
) -> list[tuple[int, int]]:
    """Pairs (answer index, gold index), one-to-one; overlap mode is greedy by IoU."""
    if exact:
        where = {span: g for g, span in enumerate(gold)}
        return [(a, where[span]) for a, span in enumerate(answer) if span in where]
    candidates: list[tuple[float, int, int]] = []
    for a, span in enumerate(answer):
        for g, expected in enumerate(gold):
            if span[2] == expected[2]:
                iou = _iou(span, expected)
                if iou > 0 and iou >= threshold - EPSILON:
                    candidates.append((-iou, a, g))
    candidates.sort()
    pairs: list[tuple[int, int]] = []
    used_a: set[int] = set()
    used_g: set[int] = set()
    for _, a, g in candidates:
        if a not in used_a and g not in used_g:
            used_a.add(a)
            used_g.add(g)
            pairs.append((a, g))
    return pairs


def score_spans(
    item: ItemSpec, answer: list[JSONDict], gold: list[JSONDict]
) -> tuple[float, JSONDict]:
    exact, threshold = _span_settings(item.content)
    marked: list[Span] = [(s["start"], s["end"], s["label"]) for s in answer]
    expected: list[Span] = [(s["start"], s["end"], s["label"]) for s in gold]
    pairs = _match_spans(marked, expected, exact, threshold)
    matched = len(pairs)
    total = len(marked) + len(expected)
    score = 1.0 if total == 0 else 2 * matched / total
    matched_a = {a for a, _ in pairs}
    matched_g = {g for _, g in pairs}
    extra = [marked[a] for a in range(len(marked)) if a not in matched_a]
    missed = [expected[g] for g in range(len(expected)) if g not in matched_g]
    # An extra span on a missed passage with another label: the passage was found, mislabelled.
    mislabelled: list[list[int | str]] = []
    for span in extra:
        for other in missed:
            same_place = (
                span[:2] == other[:2] if exact else _iou(span, other) >= threshold - EPSILON
            )
            if same_place and span[2] != other[2]:
                mislabelled.append([span[0], span[1], span[2], other[2]])
                break
    return score, {
        "match": "exact" if exact else "overlap",
        **({} if exact else {"iou_threshold": threshold}),
        "matched": [list(marked[a]) for a, _ in sorted(pairs)],
        "missed": [list(span) for span in missed],
        "extra": [list(span) for span in extra],
        "mislabelled": mislabelled,
        "precision": _round(matched / len(marked)) if marked else None,
        "recall": _round(matched / len(expected)) if expected else None,
    }


# --- Pairwise and ranking ---------------------------------------------------------------


def _side(position: int) -> int:
    return (position < _TIE) - (position > _TIE)  # +1 prefers A, 0 tie, -1 prefers B


def score_pairwise(item: ItemSpec, answer: str, gold: str) -> tuple[float, JSONDict]:
    given, expected = _POSITION[answer], _POSITION[gold]
    off = abs(given - expected)
    direction = _side(given) == _side(expected)
    if off == 0:
        score = 1.0
    elif off == 1:
        score = 0.5 if direction else 0.25  # off by one across "tie" is the 0.25 case
    else:
        score = 0.0
    return score, {
        "expected": gold,
        "direction": direction,
        "strength_off": off if direction else None,
    }


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Kendall's tau-b of two equal-length sequences; ``None`` when undefined."""
    n = len(x)
    concordant = discordant = tied_x = tied_y = 0
    for i in range(n):
        xi, yi = x[i], y[i]
        for j in range(i + 1, n):
            dx = (xi > x[j]) - (xi < x[j])
            dy = (yi > y[j]) - (yi < y[j])
            if dx == 0 and dy == 0:
                continue  # tied in both: counts in neither term
            if dx == 0:
                tied_x += 1
            elif dy == 0:
                tied_y += 1
            elif dx == dy:
                concordant += 1
            else:
                discordant += 1
    denominator = math.sqrt((concordant + discordant + tied_x) * (concordant + discordant + tied_y))
    if denominator == 0:
        return None
    return (concordant - discordant) / denominator


def score_ranking(item: ItemSpec, answer: list[int], gold: list[int]) -> tuple[float, JSONDict]:
    n = len(gold)
    expected_rank, given_rank = [0] * n, [0] * n
    for rank, output in enumerate(gold):
        expected_rank[output] = rank
    for rank, output in enumerate(answer):
        given_rank[output] = rank
    tau = kendall_tau_b(expected_rank, given_rank)
    if tau is None:  # fewer than two outputs: nothing to order
        return (1.0 if list(answer) == list(gold) else 0.0), {"tau": None, "inverted_pairs": []}
    inverted = [
        [better, worse]
        for position, better in enumerate(gold)
        for worse in gold[position + 1 :]
        if given_rank[better] > given_rank[worse]
    ]
    return (tau + 1) / 2, {"tau": _round(tau), "inverted_pairs": inverted}


# --- Rating and numeric -----------------------------------------------------------------


def score_rating(
    item: ItemSpec, answer: dict[str, int], gold: dict[str, int]
) -> tuple[float, JSONDict]:
    span = item.content["scale"] - 1
    diffs: dict[str, int | None] = {}
    total = 0.0
    for criterion, expected in gold.items():
        given = answer.get(criterion)
        if given is None:
            diffs[criterion] = None
            continue
        diffs[criterion] = given - expected
        total += 1 - abs(given - expected) / span
    score = total / len(gold) if gold else 1.0
    return score, {"diffs": diffs}


def score_numeric(item: ItemSpec, answer: float, gold: float) -> tuple[float, JSONDict]:
    diff = answer - gold
    allowed = (item.tolerance or 0.0) + EPSILON * max(1.0, abs(gold))
    within = abs(diff) <= allowed
    return (1.0 if within else 0.0), {"diff": diff, "tolerance": item.tolerance}


# --- Error identification ---------------------------------------------------------------


def score_error_identification(
    item: ItemSpec, answer: list[JSONDict], gold: list[JSONDict]
) -> tuple[float, JSONDict]:
    tp = fp = fn = 0
    missed: list[int] = []
    false_alarms: list[int] = []
    category_mismatch: list[int] = []
    for output, expected in enumerate(gold):
        judged = answer[output] if output < len(answer) else {"has_error": False}
        says, is_wrong = judged["has_error"], expected["has_error"]
        if says and is_wrong:
            tp += 1
            if judged.get("category") != expected.get("category"):
                category_mismatch.append(output)
        elif says:
            fp += 1
            false_alarms.append(output)
        elif is_wrong:
            fn += 1
            missed.append(output)
    found = 2 * tp + fp + fn
    f1 = 1.0 if found == 0 else 2 * tp / found
    return f1, {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": _round(tp / (tp + fp)) if tp + fp else None,
        "recall": _round(tp / (tp + fn)) if tp + fn else None,
        "f1": _round(f1),
        "missed": missed,
        "false_alarms": false_alarms,
        "category_agreement": _round((tp - len(category_mismatch)) / tp) if tp else None,
        "category_mismatch": category_mismatch,
    }


# --- Entry point ------------------------------------------------------------------------

SCORERS: dict[str, Callable[[ItemSpec, Any, Any], tuple[float, JSONDict]]] = {
    SINGLE_CHOICE: score_single_choice,
    MULTI_LABEL: score_multi_label,
    SPANS: score_spans,
    PAIRWISE: score_pairwise,
    RANKING: score_ranking,
    RATING: score_rating,
    NUMERIC: score_numeric,
    ERROR_IDENTIFICATION: score_error_identification,
}


def score_answer(item: ItemSpec, answer: Any) -> ItemScore:
    """The item's score for ``answer``: the best over its gold and accepted alternatives."""
    if item.kind == FREE_TEXT:
        return ItemScore(None, {"unanswered": True} if answer is None else {"human_review": True})
    scorer = SCORERS.get(item.kind)
    if scorer is None:
        raise ValueError(f"Item {item.id}: unknown item kind “{item.kind}”.")
    if item.gold is None:
        return ItemScore(None, {"no_gold": True})
    if answer is None:
        return ItemScore(0.0, {"unanswered": True})
    best, detail = scorer(item, answer, item.gold)
    for number, alternative in enumerate(item.alternatives, start=1):
        if best >= 1.0:
            break
        score, alternative_detail = scorer(item, answer, alternative)
        if score > best:
            best, detail = score, {**alternative_detail, "alternative": number}
    return ItemScore(best, detail)
