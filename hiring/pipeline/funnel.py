"""The role's pipeline as a funnel (pure: no Django).

Each stage of the main path (applied → … → hired) shows how many applications are there
now and how many ever reached it or a later stage; the step from one stage to the next
says what share moved on. An application that left (rejected, withdrawn) counts as having
reached the furthest stage of its history, so a funnel never loses the people who left.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FunnelStep:
    stage: str
    label: str
    now: int  # applications at this stage now
    reached: int  # applications that reached this stage or a later one
    share: int  # reached, as a whole percentage of the first stage's (a bar's width)
    moved_on: int | None  # of those that reached it, the percentage that reached the next

    @property
    def left_here(self) -> int:
        return self.reached - self.now


@dataclass(frozen=True, slots=True)
class Funnel:
    steps: tuple[FunnelStep, ...]
    exits: tuple[tuple[str, str, int], ...]  # (stage, label, count): rejected, withdrawn

    @property
    def total(self) -> int:
        return self.steps[0].reached if self.steps else 0


def _percent(part: int, whole: int) -> int:
    return (part * 200 + whole) // (2 * whole)  # half up, in integers


def funnel(
    path: Sequence[tuple[str, str]],
    exits: Sequence[tuple[str, str]],
    now: Mapping[str, int],
    furthest_of_exited: Iterable[str | None],
) -> Funnel:
    """``path``: the main stages in order, (stage, label); ``exits``: the leaving stages;
    ``now``: applications per current stage; ``furthest_of_exited``: for each application
    that left, the furthest main stage its history reached (None: none recorded, counted
    as the first stage)."""
    order = {stage: index for index, (stage, _) in enumerate(path)}
    beyond = [0] * (len(path) + 1)  # beyond[i]: applications whose furthest stage is i
    for stage, _ in path:
        beyond[order[stage]] += now.get(stage, 0)
    for furthest in furthest_of_exited:
        beyond[order.get(furthest or "", 0)] += 1
    reached = [sum(beyond[i:]) for i in range(len(path))]
    first = reached[0] if path else 0
    steps = []
    for index, (stage, label) in enumerate(path):
        count = reached[index]
        following = reached[index + 1] if index + 1 < len(path) else None
        steps.append(
            FunnelStep(
                stage=stage,
                label=label,
                now=now.get(stage, 0),
                reached=count,
                share=_percent(count, first) if first else 0,
                moved_on=_percent(following, count) if following is not None and count else None,
            )
        )
    return Funnel(
        steps=tuple(steps),
        exits=tuple((stage, label, now.get(stage, 0)) for stage, label in exits),
    )
