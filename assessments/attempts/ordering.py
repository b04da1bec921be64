"""The order an attempt shows its items in. Pure: no Django, no ORM.

Each attempt has its own seed, so the order is fixed for that attempt — a reload,
a closed tab or a second device sees the same sequence — while two candidates
see different orders, which keeps neighbours from comparing item by item.
"""

import secrets
from collections.abc import Sequence

import numpy as np

SEED_BITS = 62  # fits a signed 64-bit database column


def new_attempt_seed() -> int:
    return secrets.randbits(SEED_BITS)


def attempt_item_order(item_ids: Sequence[int], *, seed: int, shuffle: bool) -> list[int]:
    """``item_ids`` in authoring order, or permuted by the attempt's seed."""
    ids = np.asarray(item_ids, dtype=np.int64)
    if len(np.unique(ids)) != len(ids):
        raise ValueError("Item ids must be unique within an attempt.")
    if shuffle:
        ids = np.random.default_rng(seed).permutation(ids)
    ordered: list[int] = ids.tolist()
    return ordered
