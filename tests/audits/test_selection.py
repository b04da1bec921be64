"""The pure draw of a weekly audit batch (assessments/audits/selection.py)."""

import pytest

from assessments.audits.selection import gold_count, gold_needed, overlap_items, plan_batch

GOLD = list(range(1, 41))
WORK = list(range(100, 200))


def batch(**overrides):
    values = {
        "gold": GOLD,
        "work": WORK,
        "recent": set(),
        "overlap": [],
        "size": 10,
        "gold_share": 0.2,
        "seed": 7,
    }
    return plan_batch(**(values | overrides))


@pytest.mark.parametrize(
    ("size", "share", "expected"), [(10, 0.2, 2), (10, 0.25, 3), (10, 0, 0), (3, 1, 3), (7, 0.2, 1)]
)
def test_the_gold_share_rounds_half_up(size, share, expected):
    assert gold_count(size, share) == expected


@pytest.mark.parametrize(("size", "share"), [(-1, 0.2), (10, 1.5), (10, -0.1)])
def test_a_size_or_share_out_of_range_is_refused(size, share):
    with pytest.raises(ValueError, match="gold share"):
        gold_count(size, share)


def test_a_batch_mixes_its_share_of_gold_into_work():
    plan = batch(size=20, gold_share=0.2)

    assert len(plan.item_order) == 20
    assert len(set(plan.item_order)) == 20
    assert len(plan.gold) == 4
    assert set(plan.gold) <= set(GOLD)
    assert set(plan.item_order) - set(plan.gold) <= set(WORK)


def test_gold_seen_within_the_window_is_never_drawn_again_and_the_batch_takes_fewer_gold():
    recent = set(GOLD[:39])

    plan = batch(recent=recent, size=10, gold_share=0.5)

    assert plan.gold == [40]
    assert len(plan.item_order) == 10


def test_fresh_work_comes_before_work_seen_recently():
    recent = set(WORK[:95])

    plan = batch(recent=recent, size=10, gold_share=0.0)

    assert set(WORK[95:]) <= set(plan.item_order)


def test_the_overlap_is_in_every_batch_of_the_week():
    shared = overlap_items(WORK, count=3, seed=11)

    plans = [batch(overlap=shared, seed=seed) for seed in range(5)]

    assert shared == overlap_items(WORK, count=3, seed=11)
    assert all(set(shared) <= set(plan.item_order) for plan in plans)
    assert all(plan.overlap == shared for plan in plans)
    assert not set(shared) & set(GOLD)


def test_the_order_is_seeded_by_the_batch_and_tells_nothing_of_gold():
    assert batch(seed=3).item_order == batch(seed=3).item_order
    plans = [batch(seed=seed) for seed in range(200)]
    first_positions = [plan.item_order.index(plan.gold[0]) for plan in plans]
    # Gold lands anywhere in the batch, not first or last by construction.
    assert set(first_positions) == set(range(10))


def test_a_pool_smaller_than_the_batch_gives_what_it_has():
    plan = batch(gold=[1, 2], work=[100, 101], size=10, gold_share=0.5)

    assert sorted(plan.item_order) == [1, 2, 100, 101]


@pytest.mark.parametrize(
    ("gold", "work", "overlap", "message"),
    [([1, 2], [2, 3], [], "either gold or work"), ([1], [2], [1], "Overlap items are work")],
)
def test_inconsistent_pools_are_refused(gold, work, overlap, message):
    with pytest.raises(ValueError, match=message):
        batch(gold=gold, work=work, overlap=overlap)


@pytest.mark.parametrize(
    ("size", "share", "weeks", "expected"),
    [(10, 0.2, 4, 10), (10, 0.2, 0, 2), (5, 1.0, 4, 25), (10, 0.0, 8, 0), (3, 0.5, 1, 4)],
)
def test_the_gold_a_plan_needs_covers_the_no_repeat_window(size, share, weeks, expected):
    assert gold_needed(size=size, share=share, repeat_weeks=weeks) == expected
