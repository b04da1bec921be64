"""A cohort's agreement on one assessment: the figures, the per-item table, each candidate's
agreement with the rest, gold suspects and copying pairs. Pure: plain values in, plain out.

How answers become data (``coding``): every item gives one or more *units* at its level of
measurement. Units are grouped so that one alpha is computed over comparable values — all
nominal units together, ordinal units per scale (the preference scale; rankings of N
outputs), interval units per scale (ratings 1..k; numeric answers) — and each group's alpha
is reported in ``details["by_level"]``. The headline ``alpha`` treats every unit as nominal
(two answers agree only when identical), the strictest reading. Fleiss' kappa and Gwet's AC1
are over the nominal units (Fleiss: the units every candidate answered).

Per item, ``alpha`` is the mean unit agreement (``1 − D_o(u)/D_e`` within its group) over
the item's units; the majority and the gold share are over whole answers. An item is
``low_agreement`` under ``LOW_AGREEMENT`` and ``gold_suspect`` when the top third of the
cohort by accuracy agrees on another answer than gold (see ``agreement.gold_suspects``).

Speed: answers are turned into numbers once, here, and every statistic gets a float array
(raters × units, NaN = missing), which ``agreement`` handles on its numeric fast path.

- Each item's answers are keyed (``coding.answer_key``) in one pass; ``coding.units`` runs
  once per *distinct* answer, and a rater's units are looked up by the answer's index.
- Within a group every distinct value gets an id; what a statistic sees is that id mapped
  through a small table: nominal — the id itself (categories are only labels); ordinal —
  the value's index in the group's value domain (ordinal alpha depends only on the order
  and the marginals); interval — the value as a float. Fleiss, AC1 and the pairwise kappas
  compare ``str(value)``, the headline alpha ``repr(value)`` across all groups, each coded
  as one integer per distinct string (the distinctions the readable forms always made).
- Whole answers are integer codes per item, numbered in the order the former string codes
  (``"a0"``, ``"a1"``, …, ``"gold"``) sorted, so majorities break ties as before; each item
  keeps its code → answer-key map for display.
"""

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assessments.scoring import agreement, coding
from assessments.scoring.collusion import coincident_errors
from assessments.scoring.types import ItemSpec, JSONDict

# One rater's answers: item id → answer (the normalised JSON of the item's kind).
Answered = Mapping[int, Any]

LOW_AGREEMENT = 0.4
PAIRWISE_MAX = 60  # a kappa matrix larger than this is not stored
_PLACES = 4
_KEY_IS_ANSWER = ("single_choice", "pairwise")


@dataclass
class CohortResult:
    alpha: float | None
    fleiss_kappa: float | None
    gwet_ac1: float | None
    per_item: list[JSONDict] = field(default_factory=list)
    per_candidate: list[JSONDict] = field(default_factory=list)
    details: JSONDict = field(default_factory=dict)


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), _PLACES)


def _group_of(item: ItemSpec, suffix: str) -> tuple[str, str]:
    """(level, label) of the group a unit's alpha is computed in."""
    level = coding.LEVELS[item.kind]
    if level == coding.NOMINAL:
        return level, "nominal"
    if item.kind == "pairwise":
        return level, "ordinal: preference scale"
    if item.kind == "ranking":
        return level, f"ordinal: ranks of {len(item.content['outputs'])} outputs"
    if item.kind == "rating":
        return level, f"interval: ratings 1–{item.content['scale']}"
    return level, f"interval: {item.kind.replace('_', ' ')} answers"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _lookup(table: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """``table[ids]`` as floats, NaN where ``ids`` is -1 (missing)."""
    looked_up: np.ndarray = np.append(np.asarray(table, dtype=float), np.nan)[ids]
    return looked_up


def _string_codes(
    values: list[Any], write: Callable[[Any], str], book: dict[str, int]
) -> np.ndarray:
    """One integer per distinct ``write(value)``, shared through ``book``."""
    return np.asarray([book.setdefault(write(value), len(book)) for value in values], dtype=float)


@dataclass
class _Group:
    """One group's units; ``ids[r, u]`` is rater r's value id in ``values`` (-1 = missing)."""

    level: str
    domain: list[str] | list[int] | None = None
    units: list[tuple[int, str]] = field(default_factory=list)  # (item id, suffix)
    values: dict[Any, int] = field(default_factory=dict)  # value → id, by first appearance
    blocks: list[np.ndarray] = field(default_factory=list)  # one raters × units block per item
    ids: np.ndarray | None = None

    def close(self, raters: int) -> None:
        self.ids = np.hstack(self.blocks) if self.blocks else np.empty((raters, 0), dtype=np.int64)
        self.blocks = []

    @property
    def id_matrix(self) -> np.ndarray:
        """``ids``, once ``close`` has stacked the blocks."""
        if self.ids is None:
            raise ValueError("the group is still open: close() it first.")
        return self.ids

    def points(self) -> np.ndarray:
        """What each value id stands for at the group's level."""
        values = list(self.values)
        if self.level == coding.ORDINAL:
            position = {value: index for index, value in enumerate(self.domain or ())}
            missing = [value for value in values if value not in position]
            if missing:
                raise ValueError(f"value {missing[0]!r} is not in value_domain.")
            return np.asarray([position[value] for value in values], dtype=float)
        if self.level == coding.INTERVAL:
            try:
                return np.asarray(values, dtype=float).reshape(len(values))
            except (TypeError, ValueError):
                raise ValueError(
                    f"level 'interval' needs numeric values; got {values!r}."
                ) from None
        return np.arange(len(values), dtype=float)

    def matrix(self) -> np.ndarray:
        """raters × units floats at the group's level, NaN for a missing answer."""
        return _lookup(self.points(), self.id_matrix)


@dataclass
class _WholeAnswers:
    """Whole answers per item as integer codes, with the way back to the answer."""

    codes: np.ndarray  # raters × items, float codes, NaN = no answer
    keys: list[dict[int, Hashable]]  # per item: code → answer key
    gold: list[int | None]  # per item: the gold's code, or None


def _string_order(count: int, cache: dict[int, list[int]]) -> list[int]:
    """Ranks of the first ``count`` string codes ``"a0"``, ``"a1"``, … in sorted order."""
    if count not in cache:
        ranks = [0] * count
        for rank, index in enumerate(sorted(range(count), key=lambda i: f"a{i}")):
            ranks[index] = rank
        cache[count] = ranks
    return cache[count]


def _code_items(
    items: list[ItemSpec], rows: Iterable[tuple[int, Answered]]
) -> tuple[dict[str, _Group], _WholeAnswers, list[int]]:
    """One pass over the answers, a rater at a time (``rows`` is read once, so it may
    stream from the database): every item's whole-answer codes and its units, and the
    raters' attempt ids. What is kept per rater is one small integer per item; each item's
    distinct answers are kept once."""
    column_of = {item.id: column for column, item in enumerate(items)}
    same_key = [item.kind in _KEY_IS_ANSWER for item in items]  # answer_key is the answer
    code_of: list[dict[Hashable, int]] = [{} for _ in items]
    firsts: list[list[Any]] = [[] for _ in items]  # per item, the first answer with each key
    attempts: list[int] = []
    indexes: list[np.ndarray] = []
    for attempt_id, answered in rows:
        attempts.append(attempt_id)
        index = np.full(len(items), -1, dtype=np.int32)
        for item_id, answer in answered.items():
            column = column_of.get(item_id)
            if column is None or answer is None:
                continue
            key: Hashable
            if same_key[column] and isinstance(answer, str):
                key = answer
            else:
                key = _key_or_none(items[column], answer)
                if key is None:
                    continue  # not an answer this item can take: counted as no answer
            codes_seen = code_of[column]
            code = codes_seen.get(key)
            if code is None:
                code = codes_seen[key] = len(firsts[column])
                firsts[column].append(answer)
            index[column] = code
        indexes.append(index)
    raters = len(attempts)
    answer_indexes = np.vstack(indexes) if indexes else np.empty((0, len(items)), dtype=np.int32)
    del indexes

    groups: dict[str, _Group] = {}
    codes = np.full((raters, len(items)), np.nan)
    keys: list[dict[int, Hashable]] = []
    gold: list[int | None] = []
    orders: dict[int, list[int]] = {}
    for column, item in enumerate(items):
        answer_index = answer_indexes[:, column].astype(np.int64)
        item_codes, item_firsts = code_of[column], firsts[column]
        gold_key = coding.answer_key(item, item.gold)
        new_gold = gold_key is not None and gold_key not in item_codes
        ranks = _string_order(len(item_firsts), orders)
        gold_code: int | None = None
        if new_gold:
            gold_code = len(item_firsts)  # "gold" sorts after every "a…"
        elif gold_key is not None:
            gold_code = ranks[item_codes[gold_key]]
        gold.append(gold_code)
        item_keys = {ranks[code]: key for key, code in item_codes.items()}
        if new_gold:
            item_keys[len(item_firsts)] = gold_key
        keys.append(item_keys)
        has_answer = answer_index >= 0
        codes[has_answer, column] = np.asarray(ranks, dtype=float)[answer_index[has_answer]]

        _add_units(groups, item, item_firsts, answer_index)
    for group in groups.values():
        group.close(raters)
    return groups, _WholeAnswers(codes=codes, keys=keys, gold=gold), attempts


def _rows(
    answers: Mapping[int, Answered] | Iterable[tuple[int, Answered]],
    accuracy: Mapping[int, float],
) -> Iterator[tuple[int, Answered]]:
    """(attempt id, item id → answer) of every rater in attempt id order: the attempts with
    answers and those with an accuracy, merged. ``answers`` is a mapping or an iterable of
    (attempt id, answers) pairs in increasing attempt id, read once."""
    if isinstance(answers, Mapping):
        for pk in sorted(set(answers) | set(accuracy)):
            yield pk, answers.get(pk, {})
        return
    others, position = sorted(accuracy), 0
    for pk, answered in answers:
        while position < len(others) and others[position] < pk:
            yield others[position], {}
            position += 1
        if position < len(others) and others[position] == pk:
            position += 1
        yield pk, answered
    for pk in others[position:]:
        yield pk, {}


# What a malformed stored answer raises when coded; the cohort then treats it as missing,
# so one bad row cannot stop everyone's agreement.
_MALFORMED = (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError)


def _key_or_none(item: ItemSpec, answer: Any) -> Hashable:
    try:
        key = coding.answer_key(item, answer)
        hash(key)
    except _MALFORMED:
        return None
    return key


def _units_or_none(item: ItemSpec, answer: Any) -> dict[str, Hashable | float]:
    try:
        return dict(coding.units(item, answer))
    except _MALFORMED:
        return {}


def _add_units(
    groups: dict[str, _Group], item: ItemSpec, firsts: list[Any], answer_index: np.ndarray
) -> None:
    """The item's units, from each distinct answer once, appended to its group."""
    per_answer = [_units_or_none(item, answer) for answer in firsts]
    suffixes = list(dict.fromkeys(suffix for units in per_answer for suffix in units))
    if not suffixes:
        return
    level, label = _group_of(item, suffixes[0])
    group = groups.setdefault(
        label, _Group(level=level, domain=coding.value_domain(item, suffixes[0]))
    )
    values = group.values
    table = np.full((len(firsts) + 1, len(suffixes)), -1, dtype=np.int64)  # last row: missing
    for code, units in enumerate(per_answer):
        for position, suffix in enumerate(suffixes):
            if suffix in units:
                value = units[suffix]
                if not _missing(value):
                    table[code, position] = values.setdefault(value, len(values))
    group.units.extend((item.id, suffix) for suffix in suffixes)
    group.blocks.append(table[answer_index])


def _strict_alpha(groups: dict[str, _Group], raters: int) -> float | None:
    """Every unit at the nominal level: agreement means identical answers (same ``repr``)."""
    book: dict[str, int] = {}
    parts = [
        _lookup(_string_codes(list(g.values), repr, book), g.id_matrix) for g in groups.values()
    ]
    if not raters or not parts:
        return None
    matrix = np.hstack(parts)
    return agreement.krippendorff_alpha(matrix, "nominal") if matrix.shape[1] else None


def _str_matrix(group: _Group) -> np.ndarray:
    """The nominal group with every value read as ``str(value)``."""
    return _lookup(_string_codes(list(group.values), str, {}), group.id_matrix)


def _nominal_figures(data: np.ndarray | None, raters: int) -> tuple[float | None, float | None]:
    if data is None:
        return None, None
    # Fleiss: the units every candidate answered, among candidates who answered any.
    answering = data[~np.isnan(data).all(axis=1)]
    complete = ~np.isnan(answering).any(axis=0)
    fleiss = (
        agreement.fleiss_kappa(answering[:, complete])
        if complete.any() and len(answering) >= 2
        else None
    )
    return fleiss, agreement.gwet_ac1(data)


def _accepted_keys(item: ItemSpec) -> set[Hashable]:
    return {coding.answer_key(item, answer) for answer in (item.gold, *item.alternatives)} - {None}


def _per_item(
    items: list[ItemSpec],
    whole: _WholeAnswers,
    item_alphas: Mapping[int, list[float]],
    accuracy_rows: list[float | None],
) -> list[JSONDict]:
    raters = whole.codes.shape[0]
    table = agreement.unit_agreement(whole.codes, "nominal") if raters and items else []
    suspects = (
        agreement.gold_suspects(whole.codes, whole.gold, accuracy_rows) if raters and items else []
    )
    rows = []
    for column, item in enumerate(items):
        keys = whole.keys[column]
        unit = table[column] if table else {}
        suspect = suspects[column] if suspects else {}
        accepted = _accepted_keys(item)
        answered = whole.codes[:, column]
        answered = answered[~np.isnan(answered)].astype(np.int64)
        top_majority = suspect.get("top_majority")
        top_key = None if top_majority is None else keys.get(top_majority)
        alphas = item_alphas.get(item.id, [])
        alpha = sum(alphas) / len(alphas) if alphas else None
        gold_share = None
        if len(answered) and accepted:
            counts = np.bincount(answered, minlength=max(keys, default=-1) + 1)
            hits = sum(int(counts[code]) for code, key in keys.items() if key in accepted)
            gold_share = _round(hits / len(answered))
        rows.append(
            {
                "item": item.id,
                "position": column + 1,
                "kind": item.kind,
                "level": coding.LEVELS[item.kind],
                "edge_case": item.is_edge_case,
                "answers": len(answered),
                "alpha": _round(alpha),
                "majority": (
                    coding.display(item, keys[unit["majority"]])
                    if unit.get("majority") is not None
                    else None
                ),
                "majority_share": _round(unit.get("majority_share")),
                "gold_share": gold_share,
                "low_agreement": alpha is not None and alpha < LOW_AGREEMENT,
                "gold_suspect": bool(suspect.get("suspect")) and top_key not in accepted,
                "top_majority": None if top_key is None else coding.display(item, top_key),
                "top_share": _round(suspect.get("top_share")),
            }
        )
    return rows


def _per_candidate(
    groups: dict[str, _Group], matrices: Mapping[str, np.ndarray], raters: int
) -> list[float | None]:
    """Leave-one-out agreement per rater, each group weighted by the rater's answers in it."""
    totals, weights = np.zeros(raters), np.zeros(raters, dtype=np.int64)
    for label, group in groups.items():
        values = agreement.leave_one_out_agreement(matrices[label], group.level)
        present = np.asarray([value is not None for value in values], dtype=bool)
        if not present.any():
            continue
        scores = np.asarray([0.0 if value is None else value for value in values])
        answered = (group.id_matrix >= 0).sum(axis=1)
        totals += np.where(present, scores * answered, 0.0)
        weights += np.where(present, answered, 0)
    return [float(totals[r] / weights[r]) if weights[r] else None for r in range(raters)]


def cohort_agreement(
    items: list[ItemSpec],
    answers: Mapping[int, Answered] | Iterable[tuple[int, Answered]],
    accuracy: Mapping[int, float],
) -> CohortResult:
    """Agreement of everyone in ``answers`` (attempt id → item id → answer) and ``accuracy``
    on ``items`` (in position order); ``accuracy`` (attempt id → accuracy) ranks the top
    third. ``answers`` may also be an iterable of (attempt id, answers) pairs in increasing
    attempt id — a stream from the database, read once, so that a large cohort's answers
    are never all in memory: only compact integer codes are kept."""
    items = [item for item in items if item.kind in coding.LEVELS]
    groups, whole, attempts = _code_items(items, _rows(answers, accuracy))
    raters = len(attempts)

    by_level: dict[str, JSONDict] = {}
    item_alphas: defaultdict[int, list[float]] = defaultdict(list)
    matrices: dict[str, np.ndarray] = {}
    for label, group in groups.items():
        matrix = matrices[label] = group.matrix()
        by_level[label] = {
            "level": group.level,
            "alpha": _round(agreement.krippendorff_alpha(matrix, group.level)),
            "units": len(group.units),
        }
        for (item_id, _), row in zip(
            group.units, agreement.unit_agreement(matrix, group.level), strict=True
        ):
            if row["alpha"] is not None:
                item_alphas[item_id].append(row["alpha"])

    nominal = groups.get("nominal")
    labels = _str_matrix(nominal) if nominal is not None else None
    fleiss, ac1 = _nominal_figures(labels, raters)
    accuracy_rows = [accuracy.get(pk) for pk in attempts]
    loo = _per_candidate(groups, matrices, raters)

    details: JSONDict = {
        "by_level": by_level,
        "thresholds": {"low_agreement": LOW_AGREEMENT},
        "collusion": [
            {**pair, "a": attempts[pair["a"]], "b": attempts[pair["b"]]}
            for pair in coincident_errors(whole.codes, whole.gold)
        ]
        if raters >= 2
        else [],
    }
    if labels is not None and 2 <= raters <= PAIRWISE_MAX:
        details["pairwise"] = {
            "attempts": attempts,
            "kappa": [
                [_round(value) for value in row] for row in agreement.pairwise_cohen_kappa(labels)
            ],
        }
    return CohortResult(
        alpha=_round(_strict_alpha(groups, raters)),
        fleiss_kappa=_round(fleiss),
        gwet_ac1=_round(ac1),
        per_item=_per_item(items, whole, item_alphas, accuracy_rows),
        per_candidate=[
            {"attempt": pk, "agreement": _round(value)}
            for pk, value in zip(attempts, loo, strict=True)
        ],
        details=details,
    )
