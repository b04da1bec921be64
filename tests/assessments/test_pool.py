"""Drawing an attempt's items from a larger pool: pure, so no database."""

from collections import Counter

import numpy as np
import pytest

from assessments.attempts.pool import PoolItem, attempt_items, draw_items, stratum_quotas


def pool(spec: list[tuple[str, bool, int]]) -> list[PoolItem]:
    """Items from (kind, is_edge_case, exposure_count), ids 101… in authoring order."""
    return [
        PoolItem(id=101 + n, position=n + 1, kind=kind, is_edge_case=edge, exposure_count=seen)
        for n, (kind, edge, seen) in enumerate(spec)
    ]


# 20 items: 10 single choice (2 edge), 6 spans (2 edge), 4 pairwise.
MIXED = pool(
    [("single_choice", False, 0)] * 8
    + [("single_choice", True, 0)] * 2
    + [("spans", False, 0)] * 4
    + [("spans", True, 0)] * 2
    + [("pairwise", False, 0)] * 4
)


def mix(items: list[PoolItem], ids: list[int]) -> Counter:
    by_id = {item.id: item for item in items}
    return Counter((by_id[i].kind, by_id[i].is_edge_case) for i in ids)


def test_half_the_pool_keeps_the_mix_of_kinds_and_edge_cases_exactly():
    drawn = draw_items(MIXED, count=10, seed=1)

    assert len(drawn) == 10
    assert mix(MIXED, drawn) == {
        ("single_choice", False): 4,
        ("single_choice", True): 1,
        ("spans", False): 2,
        ("spans", True): 1,
        ("pairwise", False): 2,
    }


@pytest.mark.parametrize("count", range(1, 20))
def test_every_stratum_gets_its_share_rounded_down_or_up(count):
    drawn = draw_items(MIXED, count=count, seed=count)
    sizes = mix(MIXED, [item.id for item in MIXED])

    assert len(drawn) == len(set(drawn)) == count
    for stratum, got in mix(MIXED, drawn).items():
        share = count * sizes[stratum] / len(MIXED)
        assert int(share) <= got <= int(share) + 1


def test_largest_remainders_get_the_leftover_items():
    quotas = stratum_quotas({"a": 5, "b": 3, "c": 2}, 6, np.random.default_rng(0))

    # exact shares 3.0, 1.8 and 1.2: the one seat left goes to the largest remainder, .8
    assert quotas == {"a": 3, "b": 2, "c": 1}


def test_the_least_exposed_items_are_drawn_first():
    items = pool([("single_choice", False, seen) for seen in (5, 0, 3, 0, 9, 1)])

    drawn = draw_items(items, count=3, seed=7)

    assert sorted(drawn) == [102, 104, 106]  # exposures 0, 0 and 1


def test_exposure_ties_are_broken_by_the_seed_so_the_pool_wears_evenly():
    items = pool([("single_choice", False, 0)] * 10)

    draws = {tuple(draw_items(items, count=3, seed=seed)) for seed in range(30)}

    assert len(draws) > 10


def test_the_same_seed_draws_the_same_items():
    assert draw_items(MIXED, count=7, seed=42) == draw_items(MIXED, count=7, seed=42)
    assert attempt_items(MIXED, count=7, seed=42, shuffle=True) == attempt_items(
        MIXED, count=7, seed=42, shuffle=True
    )


def test_drawn_items_come_back_in_authoring_order():
    drawn = draw_items(MIXED, count=12, seed=3)

    assert drawn == sorted(drawn)


def test_no_count_or_a_count_above_the_pool_draws_everything():
    every = [item.id for item in MIXED]

    assert draw_items(MIXED, count=None, seed=1) == every
    assert draw_items(MIXED, count=50, seed=1) == every


def test_a_count_below_one_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        draw_items(MIXED, count=0, seed=1)


def test_without_shuffle_the_attempt_keeps_authoring_order():
    assert attempt_items(MIXED, count=None, seed=5, shuffle=False) == [i.id for i in MIXED]


def test_the_order_does_not_depend_on_which_items_are_edge_cases():
    flipped = [
        PoolItem(i.id, i.position, i.kind, not i.is_edge_case, i.exposure_count) for i in MIXED
    ]

    for seed in range(10):
        for shuffle in (True, False):
            assert attempt_items(MIXED, count=None, seed=seed, shuffle=shuffle) == attempt_items(
                flipped, count=None, seed=seed, shuffle=shuffle
            )


def test_edge_cases_are_not_clustered_at_the_start_or_the_end():
    edge_ids = {i.id for i in MIXED if i.is_edge_case}
    first_positions = Counter()
    for seed in range(400):
        order = attempt_items(MIXED, count=None, seed=seed, shuffle=True)
        first_positions[order[0] in edge_ids] += 1

    # 4 of 20 items are edge cases: about one attempt in five opens with one
    assert 0.12 < first_positions[True] / 400 < 0.28
