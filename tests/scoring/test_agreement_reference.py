"""Agreement statistics against the reference libraries on random inputs (to 1e-9).

``krippendorff`` (alpha), statsmodels (Fleiss' kappa) and scikit-learn (Cohen's kappa) are
test-only references; undefined cases must come back as None where they give NaN or raise.
"""

import math
import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from assessments.scoring import agreement
from assessments.scoring.agreement import (
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    leave_one_out_agreement,
    pairwise_cohen_kappa,
)

LEVELS = ("nominal", "ordinal", "interval", "ratio")
SETTINGS = settings(max_examples=100, deadline=None)


def reference_or_none(call):
    """The reference's value, None where it is NaN or refuses the input as degenerate."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            try:
                value = float(call())
            except (ValueError, ZeroDivisionError):
                return None
    return None if math.isnan(value) else value


def assert_matches(ours, reference):
    if reference is None:
        assert ours is None
    else:
        assert ours is not None
        assert ours == pytest.approx(reference, abs=1e-9)


SMALL_INTEGERS = st.integers(min_value=0, max_value=5)


@st.composite
def reliability_data(draw, values=SMALL_INTEGERS):
    raters = draw(st.integers(min_value=1, max_value=6))
    units = draw(st.integers(min_value=1, max_value=12))
    cell = st.one_of(st.none(), values)
    return [[draw(cell) for _ in range(units)] for _ in range(raters)]


def as_float_array(data):
    return np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)


@SETTINGS
@given(data=reliability_data(), level=st.sampled_from(LEVELS))
def test_alpha_matches_krippendorff_package(data, level):
    array = as_float_array(data)
    reference = reference_or_none(
        lambda: krippendorff.alpha(reliability_data=array, level_of_measurement=level)
    )
    assert_matches(krippendorff_alpha(data, level), reference)  # lists with None
    assert_matches(krippendorff_alpha(array, level), reference)  # float array with NaN


@SETTINGS
@given(
    data=reliability_data(values=st.sampled_from(["lo", "mid", "hi", "top"])),
    domain=st.permutations(["lo", "mid", "hi", "top", "unused"]),
)
def test_alpha_ordinal_string_labels_match_krippendorff(data, domain):
    array = np.array([[np.nan if v is None else v for v in row] for row in data], dtype=object)
    strings = array.astype(str)  # NaN → "nan", as the package expects
    reference = reference_or_none(
        lambda: krippendorff.alpha(
            reliability_data=strings, level_of_measurement="ordinal", value_domain=domain
        )
    )
    assert_matches(krippendorff_alpha(data, "ordinal", value_domain=domain), reference)
    nominal = reference_or_none(
        lambda: krippendorff.alpha(reliability_data=strings, level_of_measurement="nominal")
    )
    assert_matches(krippendorff_alpha(data, "nominal"), nominal)


@SETTINGS
@given(
    data=reliability_data(
        values=st.floats(min_value=-50, max_value=50, allow_nan=False).map(lambda x: round(x, 2))
    ),
    level=st.sampled_from(LEVELS),
)
def test_alpha_continuous_values_match_krippendorff(data, level):
    array = as_float_array(data)
    reference = reference_or_none(
        lambda: krippendorff.alpha(reliability_data=array, level_of_measurement=level)
    )
    assert_matches(krippendorff_alpha(data, level), reference)


@pytest.mark.parametrize("engine", ["dense", "closed_form"])
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("seed", range(4))
def test_alpha_seeded_random_with_missing(monkeypatch, engine, level, seed):
    if engine == "closed_form":
        monkeypatch.setattr(agreement, "DENSE_MAX_VALUES", 0)
        monkeypatch.setattr(agreement, "_FEW_VALUES", -1)
    rng = np.random.default_rng(seed)
    categorical = rng.integers(1, 6, size=(20, 60)).astype(float)
    continuous = np.round(rng.normal(10, 3, size=(8, 40)), 3)
    for array in (categorical, continuous):
        array[rng.random(array.shape) < 0.3] = np.nan
        reference = krippendorff.alpha(reliability_data=array, level_of_measurement=level)
        assert krippendorff_alpha(array, level) == pytest.approx(reference, abs=1e-9)
        as_lists = [[None if np.isnan(v) else float(v) for v in row] for row in array]
        assert krippendorff_alpha(as_lists, level) == pytest.approx(reference, abs=1e-9)


@pytest.mark.parametrize("level", LEVELS)
def test_leave_one_out_is_consistent_with_alpha_on_random_data(level):
    rng = np.random.default_rng(11)
    array = rng.integers(1, 6, size=(30, 50)).astype(float)
    array[rng.random(array.shape) < 0.3] = np.nan
    answered = ~np.isnan(array)
    pairable = answered & (answered.sum(axis=0) >= 2)
    values = np.array(leave_one_out_agreement(array, level), dtype=float)
    weights = pairable.sum(axis=1)
    reference = krippendorff.alpha(reliability_data=array, level_of_measurement=level)
    assert (values * weights).sum() / weights.sum() == pytest.approx(reference, abs=1e-9)


@st.composite
def complete_data(draw):
    raters = draw(st.integers(min_value=2, max_value=7))
    units = draw(st.integers(min_value=1, max_value=12))
    labels = st.sampled_from(["a", "b", "c", "d"])
    return [[draw(labels) for _ in range(units)] for _ in range(raters)]


@SETTINGS
@given(data=complete_data())
def test_fleiss_matches_statsmodels(data):
    table = aggregate_raters(np.array(data).T)[0]
    reference = reference_or_none(lambda: sm_fleiss_kappa(table))
    assert_matches(fleiss_kappa(data), reference)


def test_fleiss_seeded_random_matches_statsmodels():
    rng = np.random.default_rng(3)
    for raters, units, categories in ((5, 1000, 5), (12, 80, 3), (2, 40, 7)):
        data = rng.integers(0, categories, size=(raters, units))
        reference = sm_fleiss_kappa(aggregate_raters(data.T)[0])
        assert fleiss_kappa(data) == pytest.approx(reference, abs=1e-9)


@st.composite
def two_raters(draw):
    length = draw(st.integers(min_value=1, max_value=30))
    label = st.integers(min_value=0, max_value=5)
    a = [draw(label) for _ in range(length)]
    b = [draw(label) for _ in range(length)]
    labels = draw(
        st.one_of(
            st.none(),
            st.permutations(list(range(8))),
            st.lists(st.integers(min_value=0, max_value=7), min_size=1, max_size=8, unique=True),
        )
    )
    return a, b, labels


@SETTINGS
@given(case=two_raters(), weights=st.sampled_from([None, "linear", "quadratic"]))
def test_cohen_matches_sklearn(case, weights):
    a, b, labels = case
    reference = reference_or_none(lambda: cohen_kappa_score(a, b, labels=labels, weights=weights))
    assert_matches(cohen_kappa(a, b, weights=weights, labels=labels), reference)


@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_cohen_seeded_random_matches_sklearn(weights):
    rng = np.random.default_rng(5)
    for _ in range(20):
        a = rng.integers(1, 6, size=200)
        b = np.where(rng.random(200) < 0.6, a, rng.integers(1, 6, size=200))
        labels = [5, 3, 1, 2, 4, 6]  # a custom rank order, with an unused label
        assert cohen_kappa(a, b, weights=weights) == pytest.approx(
            cohen_kappa_score(a, b, weights=weights), abs=1e-9
        )
        assert cohen_kappa(a, b, weights=weights, labels=labels) == pytest.approx(
            cohen_kappa_score(a, b, weights=weights, labels=labels), abs=1e-9
        )


@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_pairwise_matrix_matches_sklearn(weights):
    rng = np.random.default_rng(9)
    array = rng.integers(1, 5, size=(7, 40)).astype(float)
    array[rng.random(array.shape) < 0.3] = np.nan
    labels = [1, 2, 3, 4]
    matrix = pairwise_cohen_kappa(array, weights=weights)
    for i in range(7):
        for j in range(7):
            if i == j:
                continue
            shared = ~np.isnan(array[i]) & ~np.isnan(array[j])
            reference = reference_or_none(
                lambda i=i, j=j, shared=shared: cohen_kappa_score(
                    array[i][shared], array[j][shared], labels=labels, weights=weights
                )
            )
            assert_matches(matrix[i][j], reference)


def gwet_by_the_book(data):
    """Gwet (2014), Handbook 4th ed., AC1 for multiple raters with missing ratings."""
    units = [[v for v in column if v is not None] for column in zip(*data, strict=True)]
    categories = sorted({v for unit in units for v in unit})
    rated = [unit for unit in units if unit]
    pairable = [unit for unit in units if len(unit) >= 2]
    q = len(categories)
    if not pairable or q < 2:
        return None
    pa = sum(
        sum(unit.count(k) * (unit.count(k) - 1) for k in categories) / (len(unit) * (len(unit) - 1))
        for unit in pairable
    ) / len(pairable)
    pi = [sum(unit.count(k) / len(unit) for unit in rated) / len(rated) for k in categories]
    pe = sum(p * (1 - p) for p in pi) / (q - 1)
    return (pa - pe) / (1 - pe)


@SETTINGS
@given(data=reliability_data(values=st.sampled_from(["x", "y", "z"])))
def test_gwet_ac1_matches_the_handbook_formulas(data):
    assert_matches(gwet_ac1(data), gwet_by_the_book(data))
