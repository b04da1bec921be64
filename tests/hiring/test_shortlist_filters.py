"""The shortlist's filters and sort: parsing (one specific message per bad parameter) and
what each filter and sort does to the rows, on entries written by ``shortlist_refresh``."""

from decimal import Decimal

import pytest
from django.http import QueryDict

from hiring.models import Application, ShortlistEntry
from hiring.shortlist.filters import (
    DEFAULT_SORT,
    LEVEL_WITHOUT_LANGUAGE,
    OVERLAP_MESSAGE,
    SORT_COLUMNS,
    ShortlistFilters,
    Sort,
    query_string,
    shortlist_query,
)
from hiring.shortlist.selectors import shortlist_page
from tests.factories.shortlist import scored_application, shortlist_role

Stage = Application.Stage


def parse(text: str):
    return shortlist_query(QueryDict(text))


# --- Parsing (no database) -------------------------------------------------------------------


def test_an_empty_query_is_every_candidate_highest_composite_first():
    query = parse("")

    assert query.is_valid
    assert query.filters == ShortlistFilters()
    assert query.filters.is_empty
    assert query.sort == Sort("composite", descending=True)
    assert query.sort.key == DEFAULT_SORT


def test_a_full_query_is_read_into_filters():
    query = parse(
        "domain=law&language=English&level=B2&overlap=4&rate_min=20&rate_max=45.50"
        "&min_accuracy=70&min_composite=55.5%25&passed=yes&flagged=no"
        "&stage=scored&stage=shortlisted&stage=scored&sort=rate&page=3&limit=9"
    )

    assert query.is_valid, query.errors
    filters = query.filters
    assert filters.domain == "law"
    assert filters.language == "English"
    assert filters.levels == ["B2", "C1", "C2", "native"]
    assert filters.overlap_min == 4
    assert filters.rate_min == Decimal("20")
    assert filters.rate_max == Decimal("45.50")
    assert dict(filters.minimums) == {"composite": 0.555, "accuracy": 0.7}
    assert filters.passed is True
    assert filters.flagged is False
    assert filters.stages == ("scored", "shortlisted")
    assert query.sort == Sort("rate", descending=False)


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ("domain=astrology", "domain", "“astrology” is not a domain: use one of law,"),
        ("level=C3&language=English", "level", "“C3” is not a CEFR level"),
        ("level=B2", "level", LEVEL_WITHOUT_LANGUAGE),
        ("language=" + "x" * 41, "language", "at most 40 characters"),
        ("overlap=25", "overlap", OVERLAP_MESSAGE),
        ("overlap=-1", "overlap", OVERLAP_MESSAGE),
        ("overlap=2.5", "overlap", OVERLAP_MESSAGE),
        ("overlap=lots", "overlap", OVERLAP_MESSAGE),
        ("rate_min=cheap", "rate_min", "“cheap” is not an hourly rate"),
        ("rate_max=NaN", "rate_max", "“NaN” is not an hourly rate"),
        ("rate_min=-5", "rate_min", "An hourly rate cannot be negative."),
        ("rate_max=10000000", "rate_max", "An hourly rate is at most 999,999.99."),
        ("rate_min=40&rate_max=20", "rate_max", "The top of the rate range (20) is below its"),
        ("min_accuracy=120", "min_accuracy", "Accuracy: A minimum score is a percentage from 0"),
        ("min_rationale=abc", "min_rationale", "Rationale: A minimum score is a percentage"),
        ("min_composite=-3", "min_composite", "Composite: A minimum score is a percentage"),
        ("min_throughput=inf", "min_throughput", "Throughput: A minimum score"),
        ("passed=maybe", "passed", "“maybe”: Use yes or no"),
        ("flagged=1", "flagged", "“1”: Use yes or no"),
        ("stage=limbo", "stage", "“limbo” is not a pipeline stage"),
        ("sort=name", "sort", "“name” is not a column to sort by"),
        ("sort=-email", "sort", "“-email” is not a column to sort by"),
    ],
)  # fmt: skip
def test_each_bad_value_gets_its_own_message(text, field, message):
    query = parse(text)

    assert not query.is_valid
    assert set(query.errors) == {field}
    assert message in query.errors[field]


def test_bad_values_are_left_out_and_the_good_ones_kept():
    query = parse("domain=astrology&overlap=99&min_accuracy=50&flagged=yes&sort=nonsense")

    assert set(query.errors) == {"domain", "overlap", "sort"}
    assert query.filters.domain == ""
    assert query.filters.overlap_min is None
    assert query.filters.minimums == (("accuracy", 0.5),)
    assert query.filters.flagged is True
    assert query.sort.key == DEFAULT_SORT


def test_an_unknown_stage_is_left_out_and_the_known_ones_kept():
    query = parse("stage=scored&stage=limbo&stage=offer")

    assert set(query.errors) == {"stage"}
    assert query.filters.stages == ("scored", "offer")


def test_a_level_goes_with_a_language_that_was_refused_without_a_second_message():
    query = parse("language=" + "x" * 41 + "&level=B2")

    assert set(query.errors) == {"language"}
    assert (query.filters.language, query.filters.level) == ("", "")


def test_a_long_bad_value_is_quoted_short():
    query = parse("domain=" + "z" * 500)

    assert len(query.errors["domain"]) < 250


def test_a_plain_dict_works_like_a_query_dict():
    query = shortlist_query({"stage": ["scored", "offer"], "min_agreement": "40"})

    assert query.is_valid
    assert query.filters.stages == ("scored", "offer")
    assert query.filters.minimums == (("agreement", 0.4),)


def test_the_query_string_keeps_what_was_asked_and_drops_the_default_sort():
    query = parse("domain=law&stage=scored&stage=offer&sort=-composite&min_accuracy=")

    assert query_string(query.values) == "domain=law&stage=scored&stage=offer"
    assert query_string(query.values, sort="rate", page=2) == (
        "domain=law&stage=scored&stage=offer&sort=rate&page=2"
    )


def test_a_header_click_flips_the_current_column_and_starts_others_high():
    sort = Sort("composite", descending=True)

    assert sort.toggled("composite") == Sort("composite", descending=False)
    assert sort.toggled("accuracy") == Sort("accuracy", descending=True)
    assert sort.toggled("stage") == Sort("stage", descending=False)


# --- What the filters select -----------------------------------------------------------------


def ids(role, text="", **kwargs):
    query = parse(text)
    assert query.is_valid, query.errors
    page = shortlist_page(role=role, filters=query.filters, sort=query.sort, limit=100, **kwargs)
    return [row.application_id for row in page.rows]


@pytest.fixture
def role(org):
    return shortlist_role(org, tz_reference="UTC", pay_currency="USD")


@pytest.mark.django_db
def test_the_shortlist_is_ranked_by_composite_with_unscored_composites_last(role):
    middle = scored_application(role, composite=0.5)
    pending = scored_application(role, composite=None, components={"accuracy": 0.9})
    top = scored_application(role, composite=0.93)
    low = scored_application(role, composite=0.12)

    assert ids(role) == [top.pk, middle.pk, low.pk, pending.pk]
    assert ids(role, "sort=composite") == [low.pk, middle.pk, top.pk, pending.pk]


@pytest.mark.django_db
def test_only_the_roles_own_entries_are_listed(org, role):
    mine = scored_application(role)
    scored_application(shortlist_role(org))

    assert ids(role) == [mine.pk]


@pytest.mark.django_db
def test_domain_filter_reads_the_candidates_profile(role):
    lawyer = scored_application(role, domains=["law", "finance"])
    scored_application(role, domains=["medicine"])
    scored_application(role, profile={"_none": True})

    assert ids(role, "domain=law") == [lawyer.pk]
    assert ids(role, "domain=finance") == [lawyer.pk]
    assert ids(role, "domain=physics") == []


@pytest.mark.django_db
def test_language_filter_matches_any_case_at_the_level_or_above(role):
    native = scored_application(role, composite=0.9, languages=[("English", "native")])
    b2 = scored_application(role, composite=0.8, languages=[("english", "B2")])
    a2 = scored_application(role, composite=0.7, languages=[("English", "A2")])
    scored_application(role, composite=0.6, languages=[("French", "C2")])

    assert ids(role, "language=English") == [native.pk, b2.pk, a2.pk]
    assert ids(role, "language=ENGLISH&level=B2") == [native.pk, b2.pk]
    assert ids(role, "language=English&level=C1") == [native.pk]
    assert ids(role, "language=French&level=native") == []


@pytest.mark.django_db
def test_overlap_filter_uses_the_hours_shared_with_the_roles_time_zone(role):
    utc = scored_application(role, profile={"time_zone": "UTC"})  # 8 h
    india = scored_application(role, profile={"time_zone": "Asia/Kolkata"})  # 2 h
    scored_application(role, profile={"time_zone": "Asia/Tokyo"})  # 0 h
    scored_application(role, profile={"_none": True})  # unknown

    assert ShortlistEntry.objects.get(pk=india.pk).tz_overlap_hours == 2
    assert ids(role, "overlap=2") == [utc.pk, india.pk]
    assert ids(role, "overlap=3") == [utc.pk]
    assert len(ids(role, "overlap=0")) == 3


@pytest.mark.django_db
def test_rate_range_is_in_the_roles_currency(role):
    cheap = scored_application(role, composite=0.9, profile={"hourly_rate": Decimal("18")})
    middle = scored_application(role, composite=0.8, profile={"hourly_rate": Decimal("30")})
    dear = scored_application(role, composite=0.7, profile={"hourly_rate": Decimal("60")})
    scored_application(
        role, composite=0.6, profile={"hourly_rate": Decimal("30"), "rate_currency": "INR"}
    )

    assert ids(role, "rate_min=20") == [middle.pk, dear.pk]
    assert ids(role, "rate_max=30") == [cheap.pk, middle.pk]
    assert ids(role, "rate_min=20&rate_max=30") == [middle.pk]
    assert len(ids(role)) == 4


@pytest.mark.parametrize(
    "component", ["accuracy", "edge_cases", "agreement", "throughput", "rationale"]
)
@pytest.mark.django_db
def test_each_component_minimum_is_a_percentage(role, component):
    strong = scored_application(role, composite=0.5, components={component: 0.81})
    weak = scored_application(role, composite=0.6, components={component: 0.79})
    scored_application(role, composite=0.7, components={})  # not scored on it yet

    assert ids(role, f"min_{component}=80") == [strong.pk]
    assert ids(role, f"min_{component}=79") == [weak.pk, strong.pk]


@pytest.mark.django_db
def test_composite_minimum(role):
    high = scored_application(role, composite=0.75)
    scored_application(role, composite=0.74)

    assert ids(role, "min_composite=75") == [high.pk]


@pytest.mark.django_db
def test_passed_all_gates_filter(role):
    passed = scored_application(role, composite=0.7)
    failed = scored_application(role, composite=0.8, failed_gates=["accuracy"])

    assert ids(role, "passed=yes") == [passed.pk]
    assert ids(role, "passed=no") == [failed.pk]


@pytest.mark.django_db
def test_flagged_filter(role):
    clean = scored_application(role, composite=0.9, focus=2)  # two focus losses: a notice
    pasted = scored_application(role, composite=0.8, paste=1)
    wandering = scored_application(role, composite=0.7, focus=3)
    hurried = scored_application(role, composite=0.6, too_fast=2)
    colluding = scored_application(role, composite=0.5, collusion=True)

    assert ids(role, "flagged=no") == [clean.pk]
    assert ids(role, "flagged=yes") == [pasted.pk, wandering.pk, hurried.pk, colluding.pk]


@pytest.mark.django_db
def test_stage_filter_takes_several_stages(role):
    scored = scored_application(role, composite=0.9)
    shortlisted = scored_application(role, composite=0.8, stage=Stage.SHORTLISTED)
    interview = scored_application(role, composite=0.7, stage=Stage.INTERVIEW)

    assert ids(role, "stage=shortlisted") == [shortlisted.pk]
    assert ids(role, "stage=scored&stage=interview") == [scored.pk, interview.pk]
    assert ids(role, "stage=offer") == []


@pytest.mark.django_db
def test_filters_combine(role):
    match = scored_application(
        role, composite=0.8, domains=["law"], languages=[("English", "C2")], paste=1
    )
    scored_application(role, composite=0.9, domains=["law"], languages=[("English", "C2")])
    scored_application(role, composite=0.7, domains=["law"], paste=1)

    assert ids(role, "domain=law&language=english&level=C1&flagged=yes") == [match.pk]


# --- Sorting ---------------------------------------------------------------------------------


@pytest.fixture
def sortable(role):
    """Three candidates that order differently on every column, and one with gaps."""
    a = scored_application(
        role,
        composite=0.9,
        components={
            "accuracy": 0.2,
            "edge_cases": 0.5,
            "agreement": 0.9,
            "throughput": 0.3,
            "rationale": 0.6,
        },
        profile={"hourly_rate": Decimal("50"), "time_zone": "Asia/Kolkata"},
        stage=Stage.INTERVIEW,
        paste=1,
    )
    b = scored_application(
        role,
        composite=0.5,
        components={
            "accuracy": 0.9,
            "edge_cases": 0.1,
            "agreement": 0.4,
            "throughput": 0.8,
            "rationale": 0.2,
        },
        profile={"hourly_rate": Decimal("20"), "time_zone": "UTC"},
        stage=Stage.SCORED,
        failed_gates=["accuracy"],
        paste=3,
        collusion=True,
    )
    c = scored_application(
        role,
        composite=0.7,
        components={
            "accuracy": 0.5,
            "edge_cases": 0.9,
            "agreement": 0.1,
            "throughput": 0.6,
            "rationale": 0.9,
        },
        profile={"hourly_rate": Decimal("35"), "time_zone": "Asia/Tokyo"},
        stage=Stage.SHORTLISTED,
    )
    gaps = scored_application(role, composite=None, components={}, profile={"_none": True})
    return a.pk, b.pk, c.pk, gaps.pk


@pytest.mark.parametrize(
    ("column", "descending"),
    [
        ("composite", ["a", "c", "b"]),
        ("accuracy", ["b", "c", "a"]),
        ("edge_cases", ["c", "a", "b"]),
        ("agreement", ["a", "b", "c"]),
        ("throughput", ["b", "c", "a"]),
        ("rationale", ["c", "a", "b"]),
        ("rate", ["a", "c", "b"]),
        ("overlap", ["b", "a", "c"]),
    ],
)
@pytest.mark.django_db
def test_sort_by_each_score_column_both_ways_with_gaps_last(role, sortable, column, descending):
    a, b, c, gaps = sortable
    named = {"a": a, "b": b, "c": c}
    expected = [named[x] for x in descending]

    assert ids(role, f"sort=-{column}") == [*expected, gaps]
    assert ids(role, f"sort={column}") == [*reversed(expected), gaps]


@pytest.mark.django_db
def test_sort_by_stage_follows_the_pipeline_not_the_alphabet(role, sortable):
    a, b, c, gaps = sortable  # interview, scored, shortlisted, scored

    assert ids(role, "sort=stage") == [b, gaps, c, a]
    assert ids(role, "sort=-stage") == [a, c, b, gaps]


@pytest.mark.django_db
def test_sort_by_gates_and_by_flags(role, sortable):
    a, b, c, gaps = sortable

    assert ids(role, "sort=gates")[0] == b  # the one that failed a gate
    assert ids(role, "sort=-gates")[-1] == b
    assert ids(role, "sort=-flags") == [b, a, c, gaps]  # collusion + 3 pastes, then 1 paste
    assert ids(role, "sort=flags")[:2] == [c, gaps]


@pytest.mark.django_db
def test_ties_are_broken_by_application_id_so_pages_never_overlap(role):
    same = [scored_application(role, composite=0.5).pk for _ in range(5)]

    assert ids(role) == sorted(same)
    assert ids(role, "sort=composite") == sorted(same)
    first = shortlist_page(role=role, filters=ShortlistFilters(), sort=Sort(), offset=0, limit=2)
    second = shortlist_page(role=role, filters=ShortlistFilters(), sort=Sort(), offset=2, limit=2)
    third = shortlist_page(role=role, filters=ShortlistFilters(), sort=Sort(), offset=4, limit=2)
    pages = [row.application_id for p in (first, second, third) for row in p.rows]
    assert pages == sorted(same)
    assert (first.has_next, second.has_next, third.has_next) == (True, True, False)


def test_every_column_can_be_sorted():
    assert set(SORT_COLUMNS) == {
        "composite", "accuracy", "edge_cases", "agreement", "throughput", "rationale",
        "gates", "flags", "rate", "overlap", "stage",
    }  # fmt: skip
