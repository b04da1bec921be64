"""Per-attempt item order: pure, so no database."""

import pytest

from assessments.attempts.ordering import SEED_BITS, attempt_item_order, new_attempt_seed

ITEMS = list(range(101, 131))


def test_the_same_seed_gives_the_same_order_every_time():
    assert attempt_item_order(ITEMS, seed=42, shuffle=True) == attempt_item_order(
        ITEMS, seed=42, shuffle=True
    )


def test_the_order_is_a_permutation_of_the_items():
    order = attempt_item_order(ITEMS, seed=7, shuffle=True)

    assert sorted(order) == ITEMS
    assert order != ITEMS


def test_different_attempts_see_different_orders():
    orders = {tuple(attempt_item_order(ITEMS, seed=seed, shuffle=True)) for seed in range(20)}

    assert len(orders) == 20


def test_without_shuffle_the_authoring_order_stands():
    assert attempt_item_order(ITEMS, seed=99, shuffle=False) == ITEMS


def test_the_order_is_plain_ints_ready_for_a_json_field():
    assert all(type(i) is int for i in attempt_item_order(ITEMS, seed=3, shuffle=True))


def test_duplicate_items_are_refused():
    with pytest.raises(ValueError, match="unique"):
        attempt_item_order([1, 2, 2], seed=1, shuffle=True)


def test_seeds_fit_a_signed_64_bit_column():
    assert all(0 <= new_attempt_seed() < 2**SEED_BITS for _ in range(100))
