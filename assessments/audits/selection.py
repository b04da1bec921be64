"""Which items go in a trainer's weekly audit batch, and in what order. Pure: no Django.

An audit assessment's items are of two sorts that look the same to the trainer: gold
items (they have a ``GoldAnswer``; only they count toward accuracy) and work items (no
gold: ordinary work). A batch of ``size`` items holds:

- ``round(size × gold_share)`` gold items the trainer has not been given within the last
  N weeks (``recent``); when fewer fresh gold items are left, the batch takes fewer gold
  items, never a repeat, and fills up with work;
- the week's overlap items: work items the role's trainers all get that week (drawn once
  per role and week by ``overlap_items``), which give the agreement measures;
- further work items, the ones the trainer has not seen recently first.

The order is a shuffle seeded by the batch (``assessments.attempts.ordering``): nothing
in the position of an item depends on whether it is gold, work or overlap.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from assessments.attempts.ordering import attempt_item_order


@dataclass(frozen=True)
class BatchPlan:
    item_order: list[int]  # the ids in the order the trainer sees them
    gold: list[int]  # the gold ids among them, ascending
    overlap: list[int]  # the overlap ids among them, ascending


def gold_count(size: int, share: float) -> int:
    """How many of ``size`` items are gold at ``share`` (half rounds up)."""
    if size < 0 or not 0 <= share <= 1:
        raise ValueError("A batch has a size of at least 0 and a gold share from 0 to 1.")
    return min(size, int(size * share + 0.5))


def gold_needed(*, size: int, share: float, repeat_weeks: int) -> int:
    """The gold items a plan needs for every batch of a trainer to hold its full share:
    one batch's gold for this week and for each of the ``repeat_weeks`` before it (no gold
    item comes back within the window). Every trainer draws from the same pool on their own,
    so the need is the same for one trainer or fifty."""
    return gold_count(size, share) * (max(0, repeat_weeks) + 1)


def _sample(ids: Sequence[int], count: int, rng: np.random.Generator) -> list[int]:
    """``count`` of ``ids`` (all of them if fewer), drawn without replacement."""
    pool = sorted(set(ids))
    if count >= len(pool):
        return pool
    picked = rng.choice(len(pool), size=count, replace=False)
    return sorted(pool[i] for i in picked.tolist())


def overlap_items(work: Sequence[int], *, count: int, seed: int) -> list[int]:
    """The work items every trainer of a role gets in one week (same seed, same items)."""
    return _sample(work, max(0, count), np.random.default_rng(seed))


def plan_batch(
    *,
    gold: Sequence[int],
    work: Sequence[int],
    recent: Collection[int],
    overlap: Sequence[int],
    size: int,
    gold_share: float,
    seed: int,
) -> BatchPlan:
    """One trainer's batch: ``gold`` and ``work`` are the audit assessment's item ids,
    ``recent`` the items the trainer got within the no-repeat window, ``overlap`` the
    week's shared work items. Draws are seeded by ``seed``, as is the order."""
    if set(gold) & set(work):
        raise ValueError("An item is either gold or work, not both.")
    if not set(overlap) <= set(work):
        raise ValueError("Overlap items are work items.")
    rng = np.random.default_rng(seed)
    fresh_gold = [item for item in gold if item not in recent]
    chosen_gold = _sample(fresh_gold, gold_count(size, gold_share), rng)
    shared = sorted(set(overlap))[: max(0, size - len(chosen_gold))]
    left = size - len(chosen_gold) - len(shared)
    others = [item for item in work if item not in set(shared)]
    fresh_work = [item for item in others if item not in recent]
    chosen_work = _sample(fresh_work, left, rng)
    if len(chosen_work) < left:
        seen_work = [item for item in others if item in recent]
        chosen_work += _sample(seen_work, left - len(chosen_work), rng)
    ids = sorted(chosen_gold + shared + chosen_work)
    return BatchPlan(
        item_order=attempt_item_order(ids, seed=seed, shuffle=True),
        gold=chosen_gold,
        overlap=sorted(shared),
    )
