"""Cohort agreement (``scoring.cohort``): its figures against independent references built
plainly here (the ``krippendorff`` package, statsmodels, scikit-learn, ``collections.Counter``),
and the signals it reports — gold suspects, low agreement, copying pairs. No database."""

import math
import random
from collections import Counter, defaultdict

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from assessments.item_kinds import KINDS, PREFERENCE_SCALE
from assessments.scoring import agreement, coding
from assessments.scoring.cohort import PAIRWISE_MAX, cohort_agreement
from assessments.scoring.types import ItemSpec
from tests.factories.answers import LABELS, item_material, wrong_answer

GROUPS = {
    "nominal",
    "ordinal: preference scale",
    "ordinal: ranks of 4 outputs",
    "interval: ratings 1–5",
    "interval: numeric answers",
}
ROUNDED = 1e-4  # the cohort rounds its figures to 4 places


def make_items(count: int, rng: random.Random, kinds=KINDS) -> list[ItemSpec]:
    items = []
    for n in range(count):
        kind = kinds[n % len(kinds)]
        content, options, gold = item_material(kind, rng)
        alternatives = ()
        if kind == "single_choice" and rng.random() < 0.3:
            alternatives = (rng.choice([label for label in LABELS if label != gold]),)
        items.append(
            ItemSpec(
                id=100 + 7 * n,
                kind=kind,
                content=content,
                options=tuple(options),
                gold=gold,
                alternatives=alternatives,
                tolerance=1.0 if kind == "numeric" else None,
                is_edge_case=n % 10 == 9,
            )
        )
    return items


def make_cohort(seed: int, attempts: int = 30, items: int = 27, missing: float = 0.1):
    """Items of every kind; each attempt answers with its skill, misses ``missing``."""
    rng = random.Random(seed)
    specs = make_items(items, rng)
    ids = rng.sample(range(1, 10 * attempts + 10), attempts)
    answers, accuracy = {}, {}
    for pk in ids:
        skill = rng.uniform(0.3, 0.95)
        answered = {}
        for item in specs:
            if rng.random() < missing:
                continue
            answered[item.id] = (
                item.gold
                if rng.random() < skill and item.kind != "free_text"
                else wrong_answer(item.kind, item.content, list(item.options), item.gold, rng)
            )
        answers[pk] = answered
        if rng.random() < 0.9:
            accuracy[pk] = round(skill, 2)  # ties in accuracy happen
    accuracy[max(ids) + 1] = 0.5  # scored but no answers kept
    return specs, answers, accuracy


# --- Independent references ---------------------------------------------------------------


def raters(answers, accuracy) -> list[dict]:
    """Each attempt's answers, in attempt-id order; an attempt with only a score has none."""
    return [answers.get(pk, {}) for pk in sorted(set(answers) | set(accuracy))]


def group_label(item: ItemSpec) -> str:
    """The group an item's units are compared in (as ``cohort``'s docstring describes)."""
    if item.kind == "pairwise":
        return "ordinal: preference scale"
    if item.kind == "ranking":
        return f"ordinal: ranks of {len(item.content['outputs'])} outputs"
    if item.kind == "rating":
        return f"interval: ratings 1–{item.content['scale']}"
    if item.kind == "numeric":
        return "interval: numeric answers"
    return "nominal"


def unit_columns(items, rows) -> dict[str, list[tuple[ItemSpec, str, list]]]:
    """Per group: one ``(item, suffix, values)`` per unit, a value per rater (None = missing)."""
    groups = defaultdict(list)
    for item in items:
        if item.kind not in coding.LEVELS:
            continue
        per_rater = [dict(coding.units(item, row.get(item.id))) for row in rows]
        for suffix in dict.fromkeys(suffix for units in per_rater for suffix in units):
            values = [units.get(suffix) for units in per_rater]
            groups[group_label(item)].append((item, suffix, values))
    return groups


def integer_codes(values: list, book: dict, write=lambda value: value) -> list[float]:
    """One integer per distinct ``write(value)`` (shared through ``book``); NaN for None."""
    return [math.nan if v is None else book.setdefault(write(v), len(book)) for v in values]


def level_matrix(columns, level: str) -> np.ndarray:
    """raters × units: nominal → integer codes, ordinal → index in the value domain,
    interval → the number; NaN where the rater gave no answer."""
    book: dict = {}
    matrix = []
    for item, suffix, values in columns:
        if level == coding.ORDINAL:
            domain = coding.value_domain(item, suffix)
            matrix.append([math.nan if v is None else domain.index(v) for v in values])
        elif level == coding.INTERVAL:
            matrix.append([math.nan if v is None else float(v) for v in values])
        else:
            matrix.append(integer_codes(values, book))
    return np.asarray(matrix, dtype=float).T


def kripp(matrix: np.ndarray, level: str) -> float:
    return krippendorff.alpha(reliability_data=matrix, level_of_measurement=level)


def strict_matrix(groups: dict) -> np.ndarray:
    """Every unit of every group, coded by ``repr(value)`` — one code book for all groups."""
    book: dict = {}
    matrix = [
        integer_codes(values, book, repr) for columns in groups.values() for _, _, values in columns
    ]
    return np.asarray(matrix, dtype=float).T


def reference_fleiss(nominal: np.ndarray) -> float | None:
    """statsmodels' Fleiss' kappa over the nominal units every rater answered."""
    complete = nominal[:, ~np.isnan(nominal).any(axis=0)]
    if complete.shape[1] == 0:
        return None
    return sm_fleiss_kappa(aggregate_raters(complete.T.astype(int))[0])


def answer_counts(item: ItemSpec, rows) -> Counter:
    return Counter(
        coding.answer_key(item, row[item.id]) for row in rows if row.get(item.id) is not None
    )


def accepted_keys(item: ItemSpec) -> set:
    return {coding.answer_key(item, a) for a in (item.gold, *item.alternatives)} - {None}


def assert_groups_match_krippendorff(result, groups: dict) -> None:
    by_level = result.details["by_level"]
    assert set(by_level) == set(groups)
    for label, columns in groups.items():
        level = coding.LEVELS[columns[0][0].kind]
        assert by_level[label]["level"] == level, label
        assert by_level[label]["units"] == len(columns), label
        expected = kripp(level_matrix(columns, level), level)
        assert by_level[label]["alpha"] == pytest.approx(expected, abs=ROUNDED), label


def assert_headline_alpha_matches_krippendorff(result, groups: dict) -> None:
    expected = kripp(strict_matrix(groups), "nominal")
    assert result.alpha == pytest.approx(expected, abs=ROUNDED)


def assert_items_match_counter(result, items, rows) -> None:
    listed = [item for item in items if item.kind in coding.LEVELS]
    assert [row["item"] for row in result.per_item] == [item.id for item in listed]
    for row, item in zip(result.per_item, listed, strict=True):
        counts = answer_counts(item, rows)
        answered = sum(counts.values())
        assert row["answers"] == answered, item.id
        if not answered:
            assert (row["majority"], row["majority_share"], row["gold_share"]) == (None,) * 3
            continue
        top = max(counts.values())
        tied = [coding.display(item, key) for key, count in counts.items() if count == top]
        assert row["majority"] in tied, item.id  # ties: see test_majority_ties_…
        assert row["majority_share"] == pytest.approx(top / answered, abs=ROUNDED), item.id
        hits = sum(counts[key] for key in accepted_keys(item))
        assert row["gold_share"] == pytest.approx(hits / answered, abs=ROUNDED), item.id


def assert_matches_references(items, answers, accuracy):
    """Group alphas, headline alpha, AC1 and per-item counts against the references."""
    rows = raters(answers, accuracy)
    groups = unit_columns(items, rows)
    result = cohort_agreement(items, answers, accuracy)
    assert_groups_match_krippendorff(result, groups)
    assert_headline_alpha_matches_krippendorff(result, groups)
    nominal = level_matrix(groups["nominal"], coding.NOMINAL) if "nominal" in groups else None
    if nominal is not None:
        assert result.gwet_ac1 == pytest.approx(agreement.gwet_ac1(nominal), abs=ROUNDED)
    assert_items_match_counter(result, items, rows)
    return result, groups


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_random_cohorts_match_the_references(seed):
    items, answers, accuracy = make_cohort(seed, attempts=24 + 3 * seed, missing=0.05 * seed)
    result, groups = assert_matches_references(items, answers, accuracy)
    assert set(groups) == GROUPS
    assert result.alpha is not None
    # make_cohort adds an attempt with a score and no answers: Fleiss leaves it out.
    nominal = level_matrix(groups["nominal"], coding.NOMINAL)
    expected = reference_fleiss(nominal[~np.isnan(nominal).all(axis=1)])
    if expected is None:
        assert result.fleiss_kappa is None
    else:
        assert result.fleiss_kappa == pytest.approx(expected, abs=ROUNDED)


def test_large_cohort_with_many_values_matches_the_references():
    # 90 attempts: no pairwise matrix; numeric and spans answers take > 32 distinct values.
    items, answers, accuracy = make_cohort(11, attempts=90, items=36, missing=0.15)
    result, groups = assert_matches_references(items, answers, accuracy)
    assert set(groups) == GROUPS
    assert len({v for _, _, values in groups["interval: numeric answers"] for v in values}) > 32
    assert "pairwise" not in result.details


@pytest.mark.parametrize("seed", [3, 7, 10])
def test_fleiss_kappa_matches_statsmodels(seed):
    items, answers, accuracy = make_cohort(seed, attempts=20, missing=0.01)
    answering = {pk: score for pk, score in accuracy.items() if pk in answers}
    rows = raters(answers, answering)
    nominal = level_matrix(unit_columns(items, rows)["nominal"], coding.NOMINAL)
    expected = reference_fleiss(nominal)
    assert expected is not None  # some nominal units have every answer
    result = cohort_agreement(items, answers, accuracy)
    assert result.fleiss_kappa == pytest.approx(expected, abs=ROUNDED)


@pytest.mark.parametrize("seed", [2, 6])
def test_pairwise_kappa_matches_scikit_learn(seed):
    items, answers, accuracy = make_cohort(seed, attempts=15, missing=0.2)
    rows = raters(answers, accuracy)
    nominal = level_matrix(unit_columns(items, rows)["nominal"], coding.NOMINAL)
    kappa = cohort_agreement(items, answers, accuracy).details["pairwise"]["kappa"]
    for i, j in zip(*np.triu_indices(len(rows), k=1), strict=True):
        shared = ~np.isnan(nominal[i]) & ~np.isnan(nominal[j])
        if shared.sum() < 2:
            assert kappa[i][j] is None
            continue
        expected = cohen_kappa_score(nominal[i, shared], nominal[j, shared])
        assert kappa[i][j] == pytest.approx(expected, abs=ROUNDED), (i, j)
        assert kappa[j][i] == kappa[i][j]


def weighted_mean(pairs) -> float:
    pairs = list(pairs)
    return sum(value * weight for value, weight in pairs) / sum(weight for _, weight in pairs)


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "free_text"])
def test_one_kind_at_a_time_matches_the_references(kind):
    rng = random.Random(kind)
    items = make_items(6, rng, kinds=[kind])
    answers = {
        pk: {
            item.id: item.gold
            if rng.random() < 0.6
            else wrong_answer(kind, item.content, list(item.options), item.gold, rng)
            for item in items
            if rng.random() < 0.9
        }
        for pk in range(1, 31)
    }
    accuracy = {pk: rng.random() for pk in answers}
    result, groups = assert_matches_references(items, answers, accuracy)
    ((label, columns),) = groups.items()
    alpha = result.details["by_level"][label]["alpha"]
    # With one group, alpha is the mean of the parts the cohort reports: each candidate's
    # agreement weighted by their answers, each item's (mean unit) alpha by its answers × units.
    answered = level_matrix(columns, coding.LEVELS[kind])
    per_rater = (~np.isnan(answered)).sum(axis=1)
    candidates = [row["agreement"] for row in result.per_candidate]
    assert weighted_mean(zip(candidates, per_rater, strict=True)) == pytest.approx(
        alpha, abs=ROUNDED
    )
    units = Counter(item.id for item, _, _ in columns)
    assert weighted_mean(
        (row["alpha"], row["answers"] * units[row["item"]]) for row in result.per_item
    ) == pytest.approx(alpha, abs=ROUNDED)


def test_small_cohort_by_hand():
    # Item X: all three say "correct". Item Y: "refusal", "refusal", "off-topic".
    x, y = _single_choice(1, "correct"), _single_choice(2, "refusal")
    answers = {
        1: {x.id: "correct", y.id: "refusal"},
        2: {x.id: "correct", y.id: "refusal"},
        3: {x.id: "correct", y.id: "off-topic"},
    }
    result = cohort_agreement([x, y], answers, dict.fromkeys(answers, 0.5))
    # Alpha: n = 6 values (3, 2, 1 per category); D_o ∝ (2·1·2)/(3 − 1) = 2; D_e ∝ 36 − 14.
    assert result.alpha == round(1 - 5 * 2 / 22, 4)  # 6/11
    # Fleiss: P̄ = (1 + 1/3)/2, P_e = (1/2)² + (1/3)² + (1/6)² = 7/18.
    assert result.fleiss_kappa == round((2 / 3 - 7 / 18) / (1 - 7 / 18), 4)  # 5/11
    # AC1: pa = 2/3, π = (1/2, 1/3, 1/6), pe = Σ π(1 − π)/(3 − 1) = 11/36.
    assert result.gwet_ac1 == round((2 / 3 - 11 / 36) / (1 - 11 / 36), 4)  # 13/25
    rows = {row["item"]: row for row in result.per_item}
    assert (rows[y.id]["majority"], rows[y.id]["majority_share"]) == ("refusal", 0.6667)
    assert rows[y.id]["gold_share"] == 0.6667


def test_majority_ties_go_to_the_first_former_string_code():
    # Answers are numbered by first appearance and were coded "a0", "a1", …, "a10"; a tie
    # goes to the code that sorts first as a string, so "a10" (the 11th) beats "a2".
    items = make_items(1, random.Random(3), kinds=["numeric"])
    values = [float(v) for v in range(11)] + [2.0, 10.0]
    answers = {pk: {items[0].id: value} for pk, value in enumerate(values, start=1)}
    result = cohort_agreement(items, answers, dict.fromkeys(answers, 0.5))
    assert result.per_item[0]["majority"] == "10"
    assert result.per_item[0]["majority_share"] == round(2 / 13, 4)


def test_ordinal_domain_indices_give_the_same_statistics():
    """What the cohort passes (domain indices) equals what the labels with their domain give."""
    rng = np.random.default_rng(5)
    scale = list(PREFERENCE_SCALE)
    picks = rng.choice(len(scale), size=(40, 12), p=[0.05, 0.15, 0.2, 0.4, 0.2])
    missing = rng.random((40, 12)) < 0.15
    labels = [
        [None if m else scale[p] for p, m in zip(row, gaps, strict=True)]
        for row, gaps in zip(picks, missing, strict=True)
    ]
    indices = np.where(missing, np.nan, picks.astype(float))
    alpha_labels = agreement.krippendorff_alpha(labels, "ordinal", scale)
    alpha_indices = agreement.krippendorff_alpha(indices, "ordinal")
    assert alpha_indices == pytest.approx(alpha_labels, abs=1e-12)
    loo_labels = agreement.leave_one_out_agreement(labels, "ordinal", scale)
    loo_indices = agreement.leave_one_out_agreement(indices, "ordinal")
    assert loo_indices == pytest.approx(loo_labels, abs=1e-12)
    units_labels = agreement.unit_agreement(labels, "ordinal", scale)
    units_indices = agreement.unit_agreement(indices, "ordinal")
    assert [u["alpha"] for u in units_indices] == pytest.approx(
        [u["alpha"] for u in units_labels], abs=1e-12
    )
    # Shifting the indices (a value never used at one end) changes nothing either.
    assert agreement.krippendorff_alpha(indices + 3, "ordinal") == pytest.approx(alpha_labels)


# --- What the cohort reports --------------------------------------------------------------


def _single_choice(n: int, gold: str, item_id: int | None = None) -> ItemSpec:
    return ItemSpec(
        id=item_id or 500 + n,
        kind="single_choice",
        content={"text": "Label it."},
        options=tuple(LABELS),
        gold=gold,
    )


def _skilled_cohort(attempts=30, items=12, seed=4, low=0.7):
    """Single-choice items; attempt skill = accuracy; wrong answers at random."""
    rng = random.Random(seed)
    specs = [_single_choice(n, rng.choice(LABELS)) for n in range(items)]
    answers, accuracy = {}, {}
    for n in range(attempts):
        pk = 1000 + 3 * n
        skill = low + (0.98 - low) * n / attempts
        answers[pk] = {
            item.id: item.gold
            if rng.random() < skill
            else rng.choice([label for label in LABELS if label != item.gold])
            for item in specs
        }
        accuracy[pk] = skill
    return specs, answers, accuracy


def test_planted_gold_error_is_a_gold_suspect():
    specs, answers, accuracy = _skilled_cohort()
    wrong_gold = _single_choice(99, gold="refusal", item_id=999)
    truth = "minor error"
    rng = random.Random(8)
    for pk, answered in answers.items():
        # Everyone good answers the truth; the weaker half scatter.
        answered[999] = truth if accuracy[pk] > 0.8 or rng.random() < 0.3 else rng.choice(LABELS)
    result = cohort_agreement([*specs, wrong_gold], answers, accuracy)
    rows = {row["item"]: row for row in result.per_item}
    assert rows[999]["gold_suspect"] is True
    assert rows[999]["top_majority"] == truth
    assert rows[999]["top_share"] >= 0.75
    assert not any(rows[item.id]["gold_suspect"] for item in specs)


def test_item_answered_at_random_is_low_agreement():
    specs, answers, accuracy = _skilled_cohort(attempts=40, low=0.9)
    noisy = _single_choice(77, gold="correct", item_id=777)
    rng = random.Random(2)
    for answered in answers.values():
        answered[777] = rng.choice(LABELS)
    result = cohort_agreement([*specs, noisy], answers, accuracy)
    rows = {row["item"]: row for row in result.per_item}
    assert rows[777]["low_agreement"] is True
    assert rows[777]["alpha"] < 0.4
    assert not any(rows[item.id]["low_agreement"] for item in specs)


def test_perfect_agreement_gives_alpha_one():
    rng = random.Random(6)
    items = make_items(18, rng)
    answers = {pk: {item.id: item.gold for item in items} for pk in (4, 9, 16, 25)}
    result = cohort_agreement(items, answers, {4: 1.0, 9: 1.0, 16: 1.0, 25: 1.0})
    assert result.alpha == 1.0
    assert result.gwet_ac1 == 1.0
    assert all(group["alpha"] in (1.0, None) for group in result.details["by_level"].values())
    assert [row["agreement"] for row in result.per_candidate] == [1.0] * 4
    assert all(row["majority_share"] == 1.0 for row in result.per_item)
    assert all(row["gold_share"] == 1.0 for row in result.per_item)


def test_copying_pair_is_reported_with_attempt_ids():
    rng = random.Random(12)
    specs = [_single_choice(n, rng.choice(LABELS)) for n in range(60)]
    answers, accuracy = {}, {}
    for n in range(50):
        pk = 7000 + 11 * n
        answers[pk] = {
            item.id: item.gold if rng.random() < 0.7 else rng.choice(LABELS) for item in specs
        }
        accuracy[pk] = 0.7
    source, copier = 7000 + 11 * 5, 7000 + 11 * 31
    answers[source] = {
        item.id: item.gold if rng.random() < 0.35 else rng.choice(LABELS) for item in specs
    }
    answers[copier] = dict(answers[source])
    result = cohort_agreement(specs, answers, accuracy)
    pairs = [(flag["a"], flag["b"]) for flag in result.details["collusion"]]
    assert (source, copier) in pairs
    flag = result.details["collusion"][pairs.index((source, copier))]
    assert flag["shared_wrong"] == flag["both_wrong"] >= 10
    assert flag["p_value"] < 0.001


def test_per_candidate_has_one_row_per_attempt():
    items, answers, accuracy = make_cohort(21, attempts=17)
    result = cohort_agreement(items, answers, accuracy)
    attempts = sorted(set(answers) | set(accuracy))
    assert [row["attempt"] for row in result.per_candidate] == attempts
    rows = {row["attempt"]: row["agreement"] for row in result.per_candidate}
    assert rows[max(attempts)] is None  # scored, but no answers
    assert all(isinstance(rows[pk], float) for pk in answers if answers[pk])


@pytest.mark.parametrize(("attempts", "present"), [(PAIRWISE_MAX, True), (PAIRWISE_MAX + 1, False)])
def test_pairwise_kappa_only_for_small_cohorts(attempts, present):
    specs, answers, accuracy = _skilled_cohort(attempts=attempts, items=8)
    result = cohort_agreement(specs, answers, accuracy)
    assert ("pairwise" in result.details) is present
    if present:
        pairwise = result.details["pairwise"]
        assert pairwise["attempts"] == sorted(answers)
        assert len(pairwise["kappa"]) == attempts
        assert all(len(row) == attempts for row in pairwise["kappa"])
        assert pairwise["kappa"][0][0] is None


def test_free_text_items_are_left_out():
    items, answers, accuracy = make_cohort(8, attempts=12)
    free = {item.id for item in items if item.kind == "free_text"}
    assert free
    result = cohort_agreement(items, answers, accuracy)
    listed = [row["item"] for row in result.per_item]
    assert not free & set(listed)
    assert listed == [item.id for item in items if item.kind != "free_text"]
    assert [row["position"] for row in result.per_item] == list(range(1, len(listed) + 1))


def test_cohort_of_one_attempt_has_no_figures():
    items, answers, _ = make_cohort(9, attempts=1)
    (pk,) = answers
    result = cohort_agreement(items, answers, {pk: 0.8})
    assert (result.alpha, result.fleiss_kappa, result.gwet_ac1) == (None, None, None)
    assert result.per_candidate == [{"attempt": pk, "agreement": None}]
    assert result.details["collusion"] == []
    assert "pairwise" not in result.details
    assert all(row["alpha"] is None for row in result.per_item)
    assert all(row["answers"] <= 1 for row in result.per_item)


def test_empty_cohort():
    items = make_items(9, random.Random(1))
    result = cohort_agreement(items, {}, {})
    assert (result.alpha, result.fleiss_kappa, result.gwet_ac1) == (None, None, None)
    assert result.per_candidate == []
    assert [row["answers"] for row in result.per_item] == [0] * 8
    assert result.details["by_level"] == {}


def test_values_are_rounded_to_four_places():
    items, answers, accuracy = make_cohort(14, attempts=20)
    result = cohort_agreement(items, answers, accuracy)
    values = [result.alpha, result.fleiss_kappa, result.gwet_ac1]
    values += [row["agreement"] for row in result.per_candidate]
    values += [row["alpha"] for row in result.per_item]
    for value in filter(None, values):
        assert value == round(value, 4)
        assert math.isfinite(value)


def test_a_malformed_stored_answer_counts_as_no_answer():
    """One bad row (say, edited by hand in the database) must not stop the cohort's run."""
    items, answers, accuracy = make_cohort(9, attempts=12, items=9, missing=0.0)
    spans = next(item for item in items if item.kind == "spans")
    choice = next(item for item in items if item.kind == "single_choice")
    number = next(item for item in items if item.kind == "numeric")
    broken = dict(answers)
    first, second, third = sorted(answers)[:3]
    broken[first] = {**answers[first], spans.id: [{"start": "x"}], choice.id: {"not": "a label"}}
    broken[second] = {**answers[second], choice.id: ["a", "list"]}
    # Stored before numbers were bounded: beyond float range, as an integer and as text.
    broken[third] = {**answers[third], number.id: 10**400}
    broken[first][number.id] = "1e999"

    result = cohort_agreement(items, broken, accuracy)

    without = {pk: dict(given) for pk, given in answers.items()}
    del without[first][spans.id], without[first][choice.id], without[second][choice.id]
    del without[third][number.id], without[first][number.id]
    assert result == cohort_agreement(items, without, accuracy)


@pytest.mark.parametrize("seed", [2, 6])
def test_answers_streamed_once_in_attempt_order_give_the_same_result(seed):
    items, answers, accuracy = make_cohort(seed, attempts=40, missing=0.1)
    answers[min(answers) - 1] = {items[0].id: items[0].gold}  # answers but no accuracy
    whole = cohort_agreement(items, answers, accuracy)

    streamed = cohort_agreement(items, iter(sorted(answers.items())), accuracy)

    assert streamed == whole
    assert [row["attempt"] for row in streamed.per_candidate] == sorted(
        set(answers) | set(accuracy)
    )
