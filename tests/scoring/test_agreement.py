"""Agreement statistics on published worked examples, edge cases and malformed input."""

import math

import numpy as np
import pytest

from assessments.scoring import agreement
from assessments.scoring.agreement import (
    cohen_kappa,
    fleiss_kappa,
    gold_suspects,
    gwet_ac1,
    krippendorff_alpha,
    leave_one_out_agreement,
    pairwise_cohen_kappa,
    unit_agreement,
)

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# 4 observers × 12 units, values 1–5, with missing answers.
KRIPPENDORFF_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
PUBLISHED_ALPHA = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}


@pytest.fixture(params=["dense", "closed_form"])
def engine(request, monkeypatch):
    """Run a test through the coincidence-matrix path and through the large-domain path."""
    if request.param == "closed_form":
        monkeypatch.setattr(agreement, "DENSE_MAX_VALUES", 0)
        monkeypatch.setattr(agreement, "_FEW_VALUES", -1)
    return request.param


@pytest.mark.parametrize(("level", "published"), PUBLISHED_ALPHA.items())
def test_krippendorff_section_c_example(engine, level, published):
    import krippendorff

    value = krippendorff_alpha(KRIPPENDORFF_C, level)
    assert round(value, 3) == published
    reference = krippendorff.alpha(
        reliability_data=np.array(KRIPPENDORFF_C, dtype=float), level_of_measurement=level
    )
    assert value == pytest.approx(reference, abs=1e-9)
    # The same data as a float array with NaN takes the numeric fast path.
    array = np.array(KRIPPENDORFF_C, dtype=float)
    assert krippendorff_alpha(array, level) == pytest.approx(reference, abs=1e-9)


def test_krippendorff_ordinal_string_labels_with_value_domain():
    names = {1: "very low", 2: "low", 3: "mid", 4: "high", 5: "very high"}
    data = [[names.get(v) for v in row] for row in KRIPPENDORFF_C]
    domain = ["very low", "low", "mid", "high", "very high"]
    assert round(krippendorff_alpha(data, "ordinal", value_domain=domain), 3) == 0.815
    assert round(krippendorff_alpha(data, "nominal"), 3) == 0.743
    # A numpy string array (NaN became "nan") works too.
    strings = np.array([[names.get(v, np.nan) for v in row] for row in KRIPPENDORFF_C])
    assert round(krippendorff_alpha(strings, "ordinal", value_domain=domain), 3) == 0.815


def test_krippendorff_hand_computed_nominal():
    # Two coders, four units: (a,a) (a,b) (b,b) (b,b). Coincidences: o_aa=2, o_ab=o_ba=1,
    # o_bb=4; n_a=3, n_b=5, n=8. D_o = 2/8; D_e = 2·3·5/(8·7) → alpha = 1 − (7·2)/(2·15).
    data = [["a", "a", "b", "b"], ["a", "b", "b", "b"]]
    assert krippendorff_alpha(data) == pytest.approx(1 - 14 / 30, abs=1e-12)


def test_krippendorff_undefined_cases_return_none():
    assert krippendorff_alpha([[1, 1, 1], [1, 1, 1]]) is None  # one category only
    assert krippendorff_alpha([[1, N, N], [N, 2, N], [N, N, 3]]) is None  # no pairable unit
    assert krippendorff_alpha([[N, N], [N, N]]) is None
    assert krippendorff_alpha(np.full((3, 4), np.nan), "interval") is None
    assert krippendorff_alpha([]) is None
    assert krippendorff_alpha([[1, 1], [1, 1]], "interval") is None
    # Ratio: -1 vs 1 has distance 0 (c + k = 0), so no expected disagreement.
    assert krippendorff_alpha([[-1, 1], [1, -1]], "ratio") is None


@pytest.mark.parametrize(
    ("data", "kwargs", "message"),
    [
        ([[1, 2, 3], [1, 2]], {}, "ragged data"),
        ([[1, 2], [1, 2]], {"level": "cardinal"}, "unknown level 'cardinal'"),
        ([["a", "b"], ["a", "a"]], {"level": "interval"}, "needs numeric values; got 'a'"),
        ([["a", "b"], ["a", "a"]], {"level": "ratio"}, "needs numeric values"),
        ([["a", "b"], ["a", "a"]], {"level": "ordinal"}, "needs value_domain"),
        ([["a", "b"], ["a", "c"]], {"value_domain": ["a", "b"]}, "'c' is not in value_domain"),
        ([[1, 2], [1, 7]], {"value_domain": [1, 2, 3]}, "7 is not in value_domain"),
        ([[1, 2], [1, 2]], {"value_domain": [1, 1, 2]}, "more than once"),
        ([1, 2, 3], {}, "not a sequence of answers"),
        ("abc", {}, "list of rows"),
        (np.zeros(3), {}, "must be 2-D"),
        ([[[1], [2]], [[1], [2]]], {}, "hashable"),
    ],
)
def test_krippendorff_malformed_input(data, kwargs, message):
    with pytest.raises(ValueError, match=message):
        krippendorff_alpha(data, **kwargs)


def fleiss_wikipedia_table():
    # Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.
    return [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]


def raters_from_counts(table):
    """raters × units from a units × categories count table (raters assigned in order)."""
    columns = [[c for c, count in enumerate(row, start=1) for _ in range(count)] for row in table]
    return [list(rater) for rater in zip(*columns, strict=True)]


def test_fleiss_wikipedia_example():
    from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

    data = raters_from_counts(fleiss_wikipedia_table())
    assert len(data) == 14
    assert len(data[0]) == 10
    value = fleiss_kappa(data)
    assert round(value, 3) == 0.210
    assert value == pytest.approx(sm_fleiss(np.array(fleiss_wikipedia_table())), abs=1e-12)


def test_fleiss_missing_answer_is_an_error():
    with pytest.raises(ValueError, match="complete data, but rater 1 has no answer for unit 2"):
        fleiss_kappa([[1, 2, 3], [1, 2, None]])


def test_fleiss_undefined():
    assert fleiss_kappa([["x", "x"], ["x", "x"]]) is None
    assert fleiss_kappa([[1, 2, 3]]) is None  # one rater


def test_cohen_wikipedia_example():
    # Wikipedia, "Cohen's kappa": 50 grant proposals, yes/yes 20, yes/no 5, no/yes 10,
    # no/no 15 → p_o = 0.7, p_e = 0.5, kappa = 0.4.
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4, abs=1e-12)


def test_cohen_weighted_hand_computed():
    # Ranks 0..2; confusion [[1,1,0],[0,1,0],[0,1,1]]: linear observed Σ w·c = 2,
    # marginals rows (2,1,2), columns (1,3,1): expected Σ w·r·c/5 = (2·1+2·3·... ) computed
    a = [0, 0, 1, 2, 2]
    b = [0, 1, 1, 1, 2]
    rows, cols = np.array([2, 1, 2]), np.array([1, 3, 1])
    w = np.abs(np.subtract.outer(np.arange(3), np.arange(3)))
    expected = (w * np.outer(rows, cols)).sum() / 5
    assert cohen_kappa(a, b, weights="linear") == pytest.approx(1 - 2 / expected, abs=1e-12)


def test_cohen_skips_missing_and_ignores_labels_outside():
    assert cohen_kappa(["a", None, "b", "a"], ["a", "b", "b", float("nan")]) == 1.0
    # "c" is outside labels, so that pair is ignored (as scikit-learn does).
    assert cohen_kappa(["a", "b", "c"], ["a", "b", "a"], labels=["a", "b"]) == 1.0


def test_cohen_undefined_and_malformed():
    assert cohen_kappa(["a", "a"], ["a", "a"]) is None
    assert cohen_kappa([None], ["a"]) is None
    assert cohen_kappa(["a"], ["b"], labels=["z"]) is None
    with pytest.raises(ValueError, match="same length"):
        cohen_kappa([1, 2], [1])
    with pytest.raises(ValueError, match="unknown weights 'cubic'"):
        cohen_kappa([1, 2], [1, 2], weights="cubic")
    with pytest.raises(ValueError, match="mixed types"):
        cohen_kappa([1, "a"], [1, "a"])


def test_gwet_ac1_handbook_example():
    # Gwet (2014), Handbook of Inter-Rater Reliability, 4th ed., p. 120 (irrCAC
    # cac.raw4raters — the same data as Krippendorff's section C): pa 0.818,
    # pe 0.190, AC1 0.775.
    units = list(zip(*KRIPPENDORFF_C, strict=True))
    rated = [[v for v in unit if v is not None] for unit in units]
    pairable = [u for u in rated if len(u) >= 2]
    pa = sum(
        sum(u.count(k) * (u.count(k) - 1) for k in set(u)) / (len(u) * (len(u) - 1))
        for u in pairable
    ) / len(pairable)
    pi = [sum(u.count(k) / len(u) for u in rated if u) / len(rated) for k in range(1, 6)]
    pe = sum(p * (1 - p) for p in pi) / (5 - 1)
    assert round(pa, 3) == 0.818
    assert round(pe, 3) == 0.190
    value = gwet_ac1(KRIPPENDORFF_C)
    assert value == pytest.approx((pa - pe) / (1 - pe), abs=1e-12)
    assert round(value, 3) == 0.775


def test_gwet_ac1_stays_high_where_kappa_collapses():
    # 100 items, two raters, 95% "no error" agreed, plus 3 + 2 disagreements.
    a = ["ok"] * 95 + ["error"] * 3 + ["ok"] * 2
    b = ["ok"] * 95 + ["ok"] * 3 + ["error"] * 2
    kappa = cohen_kappa(a, b)
    ac1 = gwet_ac1([a, b])
    # p_o = 0.95, p_e = 0.97·0.98 + 0.03·0.02 = 0.9512: kappa ≈ −0.025 despite 95% agreement.
    assert kappa == pytest.approx((0.95 - 0.9512) / (1 - 0.9512), abs=1e-12)
    # pa = 0.95; π_error = 5/200 → pe = 2·0.025·0.975 = 0.04875; AC1 = 0.90013…
    assert ac1 == pytest.approx((0.95 - 0.04875) / (1 - 0.04875), abs=1e-12)
    assert fleiss_kappa([a, b]) < 0


def test_gwet_ac1_categories_and_undefined():
    assert gwet_ac1([["a", "a"], ["a", "a"]]) is None
    assert gwet_ac1([["a", N], [N, "b"]]) is None
    # With an unused third category q = 3: pe = Σπ(1−π)/2.
    value = gwet_ac1([["a", "b"], ["a", "a"]], categories=["a", "b", "c"])
    pi = np.array([0.75, 0.25, 0.0])
    pe = (pi * (1 - pi)).sum() / 2
    assert value == pytest.approx((0.5 - pe) / (1 - pe), abs=1e-12)
    with pytest.raises(ValueError, match="'d' is not in value_domain"):
        gwet_ac1([["a", "d"]], categories=["a", "b"])


def test_pairwise_matrix_matches_cohen_on_shared_units():
    rng = np.random.default_rng(7)
    data = rng.integers(1, 5, size=(6, 30)).astype(object)
    data[rng.random(data.shape) < 0.25] = None
    data = data.tolist()
    labels = sorted({v for row in data for v in row if v is not None})
    for weights in (None, "linear", "quadratic"):
        matrix = pairwise_cohen_kappa(data, weights=weights)
        for i in range(6):
            assert matrix[i][i] is None
            for j in range(6):
                if i == j:
                    continue
                shared = [(x, y) for x, y in zip(data[i], data[j], strict=True) if N not in (x, y)]
                expected = cohen_kappa(*zip(*shared, strict=True), weights=weights, labels=labels)
                assert matrix[i][j] == pytest.approx(expected, abs=1e-12)


def test_pairwise_none_where_few_shared_or_undefined():
    data = [
        ["a", "b", N, N],
        [N, "b", "a", N],
        ["a", "b", "a", "b"],
        ["a", "a", "a", "a"],
        ["a", "a", "a", N],
    ]
    matrix = pairwise_cohen_kappa(data)
    assert matrix[0][1] is None  # one shared unit
    assert matrix[3][2] == 0.0  # p_o = p_e = 0.5
    assert matrix[3][4] is None  # both only ever say "a": undefined
    assert matrix[0][2] == 1.0
    assert pairwise_cohen_kappa(data, min_shared=1)[0][1] is None  # one label in common
    with pytest.raises(ValueError, match="needs value_domain"):
        pairwise_cohen_kappa(data, weights="linear")


def test_leave_one_out_weighted_mean_is_alpha(engine):
    for level in ("nominal", "ordinal", "interval", "ratio"):
        values = leave_one_out_agreement(KRIPPENDORFF_C, level)
        counts = []
        for row in KRIPPENDORFF_C:
            counts.append(
                sum(
                    1
                    for u, v in enumerate(row)
                    if v is not None and sum(r[u] is not None for r in KRIPPENDORFF_C) >= 2
                )
            )
        mean = sum(v * c for v, c in zip(values, counts, strict=True)) / sum(counts)
        assert mean == pytest.approx(krippendorff_alpha(KRIPPENDORFF_C, level), abs=1e-12)


def test_leave_one_out_hand_computed():
    # Rater 2 disagrees on every unit; D_e over 9 values (a: 5, b: 4) = 2·5·4/(9·8).
    data = [["a", "a", "b"], ["a", "a", "b"], ["b", "b", "a"]]
    d_e = 40 / 72
    values = leave_one_out_agreement(data)
    # Raters 0 and 1: each unit, one of the two others disagrees → mean distance 1/2.
    assert values[0] == pytest.approx(1 - 0.5 / d_e)
    assert values[1] == pytest.approx(1 - 0.5 / d_e)
    assert values[2] == pytest.approx(1 - 1.0 / d_e)
    assert leave_one_out_agreement([["a", N], [N, "a"]]) == [None, None]
    assert leave_one_out_agreement([["a", "a"], ["a", N], [N, N]]) == [None, None, None]


def test_unit_agreement_table(engine):
    table = unit_agreement(KRIPPENDORFF_C, "nominal")
    assert len(table) == 12
    assert table[5] == {
        "answers": 4,
        "majority": 1,  # 1, 2, 3, 4 tie: first in domain order
        "majority_share": 0.25,
        "observed_agreement": 0.0,
        "alpha": pytest.approx(
            1 - 1 / (1 - sum(n * (n - 1) for n in (9, 13, 10, 5, 3)) / (40 * 39))
        ),
    }
    assert table[1]["majority"] == 2
    assert table[1]["majority_share"] == 0.75
    assert table[1]["observed_agreement"] == pytest.approx(6 / 12)
    assert table[11] == {
        "answers": 1,
        "majority": 3,
        "majority_share": 1.0,
        "observed_agreement": None,
        "alpha": None,
    }
    # The m_u-weighted mean of the unit disagreements is alpha's.
    d_e = 1 - sum(n * (n - 1) for n in (9, 13, 10, 5, 3)) / (40 * 39)
    weighted = sum(
        row["answers"] * (1 - row["alpha"]) * d_e for row in table if row["alpha"] is not None
    )
    assert 1 - weighted / 40 / d_e == pytest.approx(krippendorff_alpha(KRIPPENDORFF_C))


def test_unit_agreement_interval_and_empty_unit():
    table = unit_agreement([[1.0, N], [3.0, N]], "interval")
    assert table[1] == {
        "answers": 0,
        "majority": None,
        "majority_share": None,
        "observed_agreement": None,
        "alpha": None,
    }
    assert table[0]["alpha"] == 0.0  # the only pairable unit: D_o(u) = D_e
    table = unit_agreement([[1.0, 2.0, 5.0], [1.0, 3.0, 5.0]], "interval")
    # D_e = Σ n_c n_k (c−k)² / (n(n−1)) over values 1,1,2,3,5,5.
    values = [1, 1, 2, 3, 5, 5]
    d_e = sum((x - y) ** 2 for x in values for y in values) / (6 * 5)
    assert table[0]["alpha"] == 1.0
    assert table[1]["alpha"] == pytest.approx(1 - 1.0 / d_e)


def test_gold_suspects():
    gold = ["a", "a", "b", "b", None]
    data = [
        ["b", "a", "b", "a", "x"],  # scores 0.9
        ["b", "a", "b", "a", "x"],  # 0.8
        ["b", "b", "b", "b", "x"],  # 0.7
        ["b", "a", "a", "a", "x"],  # 0.6
        ["a", "a", "b", "b", "x"],  # 0.5
        ["a", "a", "b", "b", "x"],  # 0.4
        ["a", "a", "b", N, "x"],  # None: never top
        ["a", "b", "b", "b", "x"],  # 0.1
        ["a", "a", "b", "b", "x"],  # 0.2
    ]
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, None, 0.1, 0.2]
    table = gold_suspects(data, gold, scores)
    # 8 ranked raters → top ceil(8/3) = 3: raters 0, 1, 2.
    assert table[0] == {"top_answers": 3, "top_majority": "b", "top_share": 1.0, "suspect": True}
    assert table[1]["suspect"] is False  # majority "a" (2/3 < 0.75) … and it is gold
    assert table[2] == {"top_answers": 3, "top_majority": "b", "top_share": 1.0, "suspect": False}
    assert table[3]["top_majority"] == "a"
    assert table[3]["top_share"] == pytest.approx(2 / 3)
    assert table[3]["suspect"] is False  # below min_share
    assert table[4]["suspect"] is False  # no gold
    assert gold_suspects(data, gold, scores, min_share=0.6)[3]["suspect"] is True
    assert gold_suspects(data, gold, scores, min_answers=4)[0]["suspect"] is False
    with pytest.raises(ValueError, match="one entry per unit"):
        gold_suspects(data, gold[:2], scores)
    with pytest.raises(ValueError, match="one entry per rater"):
        gold_suspects(data, gold, scores[:2])


def test_results_are_plain_floats_never_nan():
    data = [[1, 2, 3, 3], [1, 2, 3, 4]]
    values = [
        krippendorff_alpha(data),
        fleiss_kappa(data),
        cohen_kappa(*data),
        gwet_ac1(data),
        *leave_one_out_agreement(data),
    ]
    for value in values:
        assert type(value) is float
        assert not math.isnan(value)


# Fleiss (1971), "Measuring nominal scale agreement among many raters", Psychological
# Bulletin 76(5): 30 patients, each diagnosed by 6 of the psychiatrists into 5 categories
# (1 depression, 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other). One row
# per patient; the paper reports kappa = .430 (R's irr::kappam.fleiss: 0.4302445).
FLEISS_1971 = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
    [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
    [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
    [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
    [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
]  # fmt: skip


def test_fleiss_1971_psychiatric_diagnoses():
    raters_by_units = np.array(FLEISS_1971).T  # our layout: raters × units
    value = fleiss_kappa(raters_by_units)
    assert round(value, 3) == 0.430
    assert value == pytest.approx(0.4302445, abs=1e-7)
