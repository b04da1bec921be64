"""SLOW REFERENCE — a verbatim copy of ``assessments/scoring/cohort.py`` before the numpy
rewrite (Calibrate issue 5), kept only so ``test_cohort.py`` can check that the fast module
gives equal results. Not used by the application; do not optimise it or import it elsewhere.

A cohort's agreement on one assessment: the figures, the per-item table, each candidate's
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
"""

from collections import defaultdict
from dataclasses import dataclass, field

from assessments.scoring import agreement, coding
from assessments.scoring.collusion import coincident_errors
from assessments.scoring.types import ItemSpec

LOW_AGREEMENT = 0.4
PAIRWISE_MAX = 60  # a kappa matrix larger than this is not stored
_PLACES = 4


@dataclass
class CohortResult:
    alpha: float | None
    fleiss_kappa: float | None
    gwet_ac1: float | None
    per_item: list[dict] = field(default_factory=list)
    per_candidate: list[dict] = field(default_factory=list)
    details: dict = field(default_factory=dict)


def _round(value):
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


@dataclass
class _Group:
    level: str
    domain: list | None = None
    units: list[tuple[int, str]] = field(default_factory=list)  # (item id, suffix)
    columns: dict = field(default_factory=dict)  # unit → {rater index: value}

    def matrix(self, raters: int) -> list[list]:
        return [[self.columns[unit].get(r) for unit in self.units] for r in range(raters)]


def _groups(items: list[ItemSpec], answers: list[dict]) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for item in items:
        for rater, answered in enumerate(answers):
            if item.id not in answered:
                continue
            for suffix, value in coding.units(item, answered[item.id]):
                level, label = _group_of(item, suffix)
                group = groups.setdefault(
                    label, _Group(level=level, domain=coding.value_domain(item, suffix))
                )
                unit = (item.id, suffix)
                if unit not in group.columns:
                    group.units.append(unit)
                    group.columns[unit] = {}
                group.columns[unit][rater] = value
    return groups


def _strict_alpha(groups: dict[str, _Group], raters: int) -> float | None:
    """Every unit at the nominal level: agreement means identical answers."""
    rows = [[] for _ in range(raters)]
    for group in groups.values():
        for r, row in enumerate(group.matrix(raters)):
            rows[r] += [None if value is None else f"{value!r}" for value in row]
    return agreement.krippendorff_alpha(rows, "nominal") if rows and rows[0] else None


def _nominal_figures(group: _Group | None, raters: int) -> tuple:
    if group is None:
        return None, None
    data = [[None if v is None else str(v) for v in row] for row in group.matrix(raters)]
    complete = [i for i in range(len(group.units)) if all(row[i] is not None for row in data)]
    fleiss = (
        agreement.fleiss_kappa([[row[i] for i in complete] for row in data])
        if complete and raters >= 2
        else None
    )
    return fleiss, agreement.gwet_ac1(data)


@dataclass
class _WholeAnswers:
    """Whole answers per item coded as small strings, with the way back to the answer."""

    codes: list[list]  # raters × items
    keys: list[dict]  # per item: code → answer key
    gold: list  # per item: the gold's code, or None

    @classmethod
    def build(cls, items: list[ItemSpec], answers: list[dict]) -> "_WholeAnswers":
        codes = [[None] * len(items) for _ in answers]
        keys, gold = [], []
        for column, item in enumerate(items):
            code_of: dict = {}
            for rater, answered in enumerate(answers):
                key = coding.answer_key(item, answered.get(item.id))
                if key is not None:
                    codes[rater][column] = code_of.setdefault(key, f"a{len(code_of)}")
            gold_key = coding.answer_key(item, item.gold)
            gold.append(None if gold_key is None else code_of.setdefault(gold_key, "gold"))
            keys.append({code: key for key, code in code_of.items()})
        return cls(codes=codes, keys=keys, gold=gold)


def _accepted_keys(item: ItemSpec) -> set:
    return {coding.answer_key(item, answer) for answer in (item.gold, *item.alternatives)} - {None}


def _item_alpha(item: ItemSpec, groups: dict[str, _Group], unit_alpha: dict) -> float | None:
    values = [
        unit_alpha[unit]
        for group in groups.values()
        for unit in group.units
        if unit[0] == item.id and unit_alpha.get(unit) is not None
    ]
    return sum(values) / len(values) if values else None


def _per_item(items, whole: _WholeAnswers, groups, unit_alpha, accuracy_rows) -> list[dict]:
    table = agreement.unit_agreement(whole.codes, "nominal") if whole.codes else []
    suspects = (
        agreement.gold_suspects(whole.codes, whole.gold, accuracy_rows) if whole.codes else []
    )
    rows = []
    for column, item in enumerate(items):
        keys = whole.keys[column]
        unit = table[column] if table else {}
        suspect = suspects[column] if suspects else {}
        accepted = _accepted_keys(item)
        answered = [row[column] for row in whole.codes if row[column] is not None]
        top_key = keys.get(suspect.get("top_majority"))
        alpha = _item_alpha(item, groups, unit_alpha)
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
                "gold_share": (
                    _round(sum(keys[code] in accepted for code in answered) / len(answered))
                    if answered and accepted
                    else None
                ),
                "low_agreement": alpha is not None and alpha < LOW_AGREEMENT,
                "gold_suspect": bool(suspect.get("suspect")) and top_key not in accepted,
                "top_majority": None if top_key is None else coding.display(item, top_key),
                "top_share": _round(suspect.get("top_share")),
            }
        )
    return rows


def _per_candidate(groups: dict[str, _Group], raters: int) -> list[float | None]:
    """Leave-one-out agreement per rater, each group weighted by the rater's answers in it."""
    totals, weights = [0.0] * raters, [0] * raters
    for group in groups.values():
        matrix = group.matrix(raters)
        values = agreement.leave_one_out_agreement(matrix, group.level, group.domain)
        for r, value in enumerate(values):
            if value is None:
                continue
            answered = sum(v is not None for v in matrix[r])
            totals[r] += value * answered
            weights[r] += answered
    return [totals[r] / weights[r] if weights[r] else None for r in range(raters)]


def cohort_agreement(
    items: list[ItemSpec], answers: dict[int, dict[int, object]], accuracy: dict[int, float]
) -> CohortResult:
    """Agreement of everyone in ``answers`` (attempt id → item id → answer) on ``items``
    (in position order); ``accuracy`` (attempt id → accuracy) ranks the top third."""
    items = [item for item in items if item.kind in coding.LEVELS]
    attempts = sorted(set(answers) | set(accuracy))
    rows = [answers.get(pk, {}) for pk in attempts]
    raters = len(attempts)
    groups = _groups(items, rows)

    by_level, unit_alpha = {}, {}
    for label, group in groups.items():
        matrix = group.matrix(raters)
        by_level[label] = {
            "level": group.level,
            "alpha": _round(agreement.krippendorff_alpha(matrix, group.level, group.domain)),
            "units": len(group.units),
        }
        for unit, row in zip(
            group.units,
            agreement.unit_agreement(matrix, group.level, group.domain),
            strict=True,
        ):
            unit_alpha[unit] = row["alpha"]

    nominal = groups.get("nominal")
    fleiss, ac1 = _nominal_figures(nominal, raters)
    whole = _WholeAnswers.build(items, rows)
    accuracy_rows = [accuracy.get(pk) for pk in attempts]
    loo = _per_candidate(groups, raters)

    details = {
        "by_level": by_level,
        "thresholds": {"low_agreement": LOW_AGREEMENT},
        "collusion": [
            {**pair, "a": attempts[pair["a"]], "b": attempts[pair["b"]]}
            for pair in coincident_errors(whole.codes, whole.gold)
        ]
        if raters >= 2
        else [],
    }
    if nominal is not None and 2 <= raters <= PAIRWISE_MAX:
        matrix = [[None if v is None else str(v) for v in row] for row in nominal.matrix(raters)]
        details["pairwise"] = {
            "attempts": attempts,
            "kappa": [
                [_round(value) for value in row] for row in agreement.pairwise_cohen_kappa(matrix)
            ],
        }
    return CohortResult(
        alpha=_round(_strict_alpha(groups, raters)),
        fleiss_kappa=_round(fleiss),
        gwet_ac1=_round(ac1),
        per_item=_per_item(items, whole, groups, unit_alpha, accuracy_rows),
        per_candidate=[
            {"attempt": pk, "agreement": _round(value)}
            for pk, value in zip(attempts, loo, strict=True)
        ],
        details=details,
    )


def collusion_by_attempt(details: dict) -> dict[int, list[dict]]:
    """Each attempt's collusion flags from a stored ``details`` (both sides of a pair)."""
    flags = defaultdict(list)
    for pair in details.get("collusion", ()):
        flags[pair["a"]].append({**pair, "other": pair["b"]})
        flags[pair["b"]].append({**pair, "other": pair["a"]})
    return dict(flags)
