"""The arithmetic of blind two-tier review. Pure: no Django, no ORM.

Levels are whole numbers on the anchored scale 0–4 (``LEVELS``), keyed by criterion id.

``task_score(levels, weights)``
    Σ wᵢ·levelᵢ/4 ÷ Σ wᵢ over the scored criteria: a weighted mean in [0, 1].
``sampled_for_senior(key, share)``
    Whether a task is drawn for a blind senior re-score: a hash of ``key`` (blake2b) read
    as a uniform number in [0, 1) and compared with ``share``. The same key always gives
    the same answer, and over many keys the drawn fraction tends to ``share``.
``disagreements(primary, senior)``
    The criteria on which two reviews differ by more than one level.
``settled_levels(primary, senior=None, adjudication=None)``
    The level that stands per criterion: the adjudicator's where they scored it, else the
    senior reviewer's, else the primary reviewer's.
``reviewer_agreement(pairs)``, ``pair_counts(pairs)`` and ``pooled_agreement(pairs)``
    Per criterion, the quadratic-weighted Cohen's kappa between a reviewer's levels and
    the senior re-scores of the same tasks (``None`` where undefined) and how many pairs
    it rests on; and one kappa over all criteria together.
``score_problems(levels, criteria)``
    What is wrong with a submitted set of levels, one plain message per criterion.
``review_texts(kind, answer, rationale)``
    The written texts of one response that people review, by source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from assessments.scoring.agreement import cohen_kappa

MAX_LEVEL = 4
LEVELS = tuple(range(MAX_LEVEL + 1))
# A reviewer whose kappa against the senior re-scores falls below this, over at least
# DRIFT_MIN_PAIRS re-scored answers, is shown as drifting. 0.6 is where Landis & Koch's
# "substantial" agreement begins; below five pairs a kappa says too little to act on.
DRIFT_KAPPA = 0.6
DRIFT_MIN_PAIRS = 5

_SAMPLE_SALT = b"calibrate:senior-review:"

# The sources of written text (``ReviewTask.Source``) and the item kinds they come from.
RATIONALE = "rationale"
FREE_TEXT = "free_text"
ERROR_EXPLANATION = "error_explanation"
SOURCES = (RATIONALE, FREE_TEXT, ERROR_EXPLANATION)
FREE_TEXT_KIND = "free_text"
ERROR_IDENTIFICATION_KIND = "error_identification"


def _is_level(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def task_score(levels: Mapping[int, int], weights: Mapping[int, float]) -> float:
    """The weighted mean of ``levels`` on the 0–4 scale, as a score in [0, 1].

    Every criterion in ``levels`` needs a positive weight in ``weights``; criteria that
    have a weight but no level are not counted."""
    if not levels:
        raise ValueError("No levels to score.")
    total = points = 0.0
    for criterion, level in levels.items():
        if criterion not in weights:
            raise ValueError(f"Criterion {criterion} has a level but no weight.")
        weight = float(weights[criterion])
        if weight <= 0:
            raise ValueError(f"Criterion {criterion} has a weight of {weight}; it must be > 0.")
        if not _is_level(level) or not 0 <= level <= MAX_LEVEL:
            raise ValueError(f"Level {level!r} of criterion {criterion} is outside 0–4.")
        total += weight
        points += weight * level / MAX_LEVEL
    return min(1.0, max(0.0, points / total))


def sample_draw(key: int | str) -> float:
    """A uniform number in [0, 1), fixed for ``key``."""
    digest = hashlib.blake2b(_SAMPLE_SALT + str(key).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def sampled_for_senior(key: int | str, share: float) -> bool:
    """Whether the task with ``key`` goes to a senior re-score when ``share`` of tasks do."""
    share = float(share)
    if share <= 0:
        return False
    if share >= 1:
        return True
    return sample_draw(key) < share


def disagreements(primary: Mapping[int, int], senior: Mapping[int, int]) -> list[int]:
    """Criteria scored by both on which the two levels are more than one apart, sorted."""
    return sorted(c for c in primary if c in senior and abs(primary[c] - senior[c]) > 1)


def settled_levels(
    primary: Mapping[int, int],
    senior: Mapping[int, int] | None = None,
    adjudication: Mapping[int, int] | None = None,
) -> dict[int, int]:
    """Per criterion, the level that stands: adjudication over senior over primary."""
    settled = dict(primary)
    settled.update(senior or {})
    settled.update(adjudication or {})
    return settled


def _paired_levels(
    pairs: Iterable[tuple[Mapping[int, int], Mapping[int, int]]],
) -> dict[int, tuple[list[int], list[int]]]:
    columns: dict[int, tuple[list[int], list[int]]] = {}
    for first, second in pairs:
        for criterion, level in first.items():
            if criterion in second:
                mine, theirs = columns.setdefault(criterion, ([], []))
                mine.append(level)
                theirs.append(second[criterion])
    return columns


def reviewer_agreement(
    pairs: Iterable[tuple[Mapping[int, int], Mapping[int, int]]],
    *,
    labels: Sequence[int] = LEVELS,
) -> dict[int, float | None]:
    """Quadratic-weighted kappa per criterion between the first and the second levels of
    each pair (a reviewer's review and the senior re-score of the same task), on the scale
    ``labels``. ``None`` where kappa is undefined (for example when both always gave the
    same single level)."""
    return {
        criterion: cohen_kappa(mine, theirs, weights="quadratic", labels=list(labels))
        for criterion, (mine, theirs) in sorted(_paired_levels(pairs).items())
    }


def pair_counts(pairs: Iterable[tuple[Mapping[int, int], Mapping[int, int]]]) -> dict[int, int]:
    """How many pairs scored each criterion on both sides."""
    return {c: len(mine) for c, (mine, _) in sorted(_paired_levels(pairs).items())}


def pooled_agreement(
    pairs: Iterable[tuple[Mapping[int, int], Mapping[int, int]]],
    *,
    labels: Sequence[int] = LEVELS,
) -> float | None:
    """One quadratic-weighted kappa over every criterion of every pair together: each
    criterion scored on both sides is one unit (the scale is the same for all)."""
    mine, theirs = [], []
    for first, second in pairs:
        for criterion, level in first.items():
            if criterion in second:
                mine.append(level)
                theirs.append(second[criterion])
    return cohen_kappa(mine, theirs, weights="quadratic", labels=list(labels))


def is_drifting(kappa: float | None, pairs: int) -> bool:
    return kappa is not None and pairs >= DRIFT_MIN_PAIRS and kappa < DRIFT_KAPPA


def score_problems(levels: Mapping[Any, Any], criteria: Mapping[int, str]) -> dict[str, str]:
    """What keeps ``levels`` ({criterion id: level}) from being a complete score against
    ``criteria`` ({criterion id: name}, in rubric order). Keys are ``criterion_<id>``;
    empty when the levels are complete and on the scale."""
    problems: dict[str, str] = {}
    for criterion, name in criteria.items():
        key = f"criterion_{criterion}"
        if criterion not in levels or levels[criterion] in (None, ""):
            problems[key] = f"Score every criterion: “{name}” has no level."
        elif not _is_level(levels[criterion]):
            problems[key] = (
                f"The level for “{name}” must be a whole number from 0 to {MAX_LEVEL}; "
                f"“{levels[criterion]}” is not."
            )
        elif not 0 <= levels[criterion] <= MAX_LEVEL:
            problems[key] = (
                f"Level {levels[criterion]} for “{name}” is outside the scale 0–{MAX_LEVEL}."
            )
    for criterion in levels:
        if criterion not in criteria:
            message = f"Criterion {criterion} is not part of this rubric."
            problems[f"criterion_{criterion}"] = message
    return problems


def _explanations(answer: Any) -> str:
    """An error-identification answer's explanations, one paragraph per explained output."""
    if not isinstance(answer, list):
        return ""
    parts = []
    for number, entry in enumerate(answer, start=1):
        if not isinstance(entry, dict):
            continue
        explanation = entry.get("explanation")
        if not isinstance(explanation, str) or not explanation.strip():
            continue
        if entry.get("has_error"):
            verdict = f"error: {entry.get('category') or 'unspecified'}"
        else:
            verdict = "no error"
        parts.append(f"Output {number} ({verdict}): {explanation.strip()}")
    return "\n\n".join(parts)


def review_texts(kind: str, answer: Any, rationale: str | None) -> dict[str, str]:
    """{source: text} for the written parts of one response that go to review: a non-empty
    rationale, a free-text answer, and the explanations of an error identification."""
    texts = {}
    if isinstance(rationale, str) and rationale.strip():
        texts[RATIONALE] = rationale.strip()
    if kind == FREE_TEXT_KIND and isinstance(answer, str) and answer.strip():
        texts[FREE_TEXT] = answer.strip()
    if kind == ERROR_IDENTIFICATION_KIND:
        explained = _explanations(answer)
        if explained:
            texts[ERROR_EXPLANATION] = explained
    return texts
