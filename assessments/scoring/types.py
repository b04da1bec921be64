"""Plain inputs and outputs of the scorers: frozen dataclasses, no Django.

``ItemSpec`` is an item with its gold as the scoring code sees it; ``ResponseData`` is one
candidate's response; ``AttemptScore`` is what ``attempt.score_attempt`` returns and the ORM
layer stores verbatim on a ScoreReport.
"""

from dataclasses import dataclass
from typing import Any, NamedTuple

# A JSON object as the scorers build it and the ORM stores it (``ScoreReport.details``,
# an item's ``content``): keys are strings, values whatever JSON holds.
JSONDict = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ItemSpec:
    id: int
    kind: str  # one of item_kinds.KINDS
    content: JSONDict
    options: tuple[str, ...]
    gold: Any  # gold answer (normalised shape), None if the item has none
    alternatives: tuple[Any, ...] = ()  # accepted alternatives, same shape
    tolerance: float | None = None
    is_edge_case: bool = False


@dataclass(frozen=True, slots=True)
class ResponseData:
    item_id: int
    answer: Any  # normalised answer or None (unanswered)
    flagged: bool = False  # flagged as ambiguous by the candidate
    time_ms: int = 0


class ItemScore(NamedTuple):
    """One item's score in [0, 1] (``None``: not scored, e.g. free text) and its detail."""

    score: float | None
    detail: JSONDict


@dataclass(slots=True)
class AttemptScore:
    """An attempt's components (only those that exist), composite, failed gates, details."""

    components: dict[str, float]
    composite: float | None
    failed_gates: list[str]
    details: JSONDict
