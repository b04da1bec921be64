"""Which items an attempt gets when the assessment holds more than it shows. Pure: no Django.

When ``items_per_attempt`` is smaller than the pool, each attempt draws a sample that keeps
the pool's mix — of item kinds and of edge cases — in proportion (largest-remainder
rounding), and within each stratum takes the least-exposed items first so that the pool
wears evenly and fewer items circulate among candidates. Ties are broken by the attempt's
seed, so a given attempt always draws the same items.

The drawn items come back in authoring order, then ``attempt_item_order`` permutes them
with the same seed (or keeps authoring order when shuffle is off). Nothing in the order
depends on whether an item is an edge case.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from assessments.attempts.ordering import attempt_item_order


@dataclass(frozen=True)
class PoolItem:
    id: int
    position: int
    kind: str
    is_edge_case: bool
    exposure_count: int


# A stratum's key: (kind, is edge case) when drawing items; anything sortable will do.
Stratum = TypeVar("Stratum", str, tuple[str, bool])


def stratum_quotas(
    sizes: Mapping[Stratum, int], count: int, rng: np.random.Generator
) -> dict[Stratum, int]:
    """``count`` shared across strata in proportion to ``sizes`` (largest remainder).

    Remainder ties are broken by ``rng``, so they favour no stratum systematically.
    """
    total = sum(sizes.values())
    if not 0 <= count <= total:
        raise ValueError(f"Cannot draw {count} items from a pool of {total}.")
    keys = sorted(sizes)
    exact = {key: count * sizes[key] / total for key in keys}
    quotas = {key: int(exact[key]) for key in keys}
    left = count - sum(quotas.values())
    tiebreak = dict(zip(keys, rng.permutation(len(keys)).tolist(), strict=True))
    by_remainder = sorted(keys, key=lambda key: (-(exact[key] - quotas[key]), tiebreak[key]))
    for key in by_remainder[:left]:
        quotas[key] += 1
    return quotas


def draw_items(items: Sequence[PoolItem], *, count: int | None, seed: int) -> list[int]:
    """The ids of the items one attempt gets, in authoring order.

    ``count`` of None, or at least the pool's size, draws every item.
    """
    ordered = sorted(items, key=lambda item: item.position)
    if len({item.id for item in ordered}) != len(ordered):
        raise ValueError("Item ids must be unique within a pool.")
    if count is None or count >= len(ordered):
        return [item.id for item in ordered]
    if count < 1:
        raise ValueError("An attempt draws at least one item.")
    rng = np.random.default_rng(seed)
    strata: dict[tuple[str, bool], list[PoolItem]] = defaultdict(list)
    for item in ordered:
        strata[(item.kind, item.is_edge_case)].append(item)
    quotas = stratum_quotas({key: len(members) for key, members in strata.items()}, count, rng)
    drawn: set[int] = set()
    for key in sorted(strata):
        members = strata[key]
        tiebreak = rng.permutation(len(members))
        least_exposed = sorted(
            range(len(members)), key=lambda i: (members[i].exposure_count, tiebreak[i])
        )
        drawn.update(members[i].id for i in least_exposed[: quotas[key]])
    return [item.id for item in ordered if item.id in drawn]


def attempt_items(
    items: Sequence[PoolItem], *, count: int | None, seed: int, shuffle: bool
) -> list[int]:
    """The drawn items in the order this attempt shows them."""
    return attempt_item_order(draw_items(items, count=count, seed=seed), seed=seed, shuffle=shuffle)
