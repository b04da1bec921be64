"""The shortlist's filters and sort, read from a query string.

One parser for the page, the CSV and the API, so all three accept the same parameters and
refuse a bad value with the same specific message, keyed by the parameter's name:

=================  =========================================================================
``domain``         a domain (``core.vocabulary.Domain``) in the candidate's profile
``language``       a language the candidate speaks (any case) …
``level``          … at this CEFR level or above (needs ``language``)
``overlap``        at least this many working hours shared with the role's time zone (0–24)
``rate_min``       hourly rate at least / at most this, in the role's pay currency
``rate_max``       (candidates quoting another currency drop out while a rate is set)
``min_<name>``     composite or component at least this percentage (0–100), for ``composite``,
                   ``accuracy``, ``edge_cases``, ``agreement``, ``throughput``, ``rationale``
``passed``         ``yes``: passed every gate; ``no``: failed at least one
``flagged``        ``yes``: at least one integrity flag; ``no``: none
``stage``          pipeline stage, repeatable (``stage=scored&stage=shortlisted``)
``sort``           a column of ``SORT_COLUMNS``, ``-`` in front for descending
=================  =========================================================================

Sorting puts empty values last in both directions and breaks ties by application id, so a
page boundary never shows a row twice or skips one.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from assessments.scoring.components import COMPONENTS
from core.vocabulary import CEFRLevel, Domain
from hiring.models import Application

COMPONENT_LABELS = {
    "composite": "Composite",
    "accuracy": "Accuracy",
    "edge_cases": "Edge cases",
    "agreement": "Agreement",
    "throughput": "Throughput",
    "rationale": "Rationale",
}
SCORES = ("composite", *COMPONENTS)

# Column → header label. The order is the table's.
SORT_COLUMNS = {
    **COMPONENT_LABELS,
    "gates": "Gates",
    "flags": "Flags",
    "rate": "Rate",
    "overlap": "TZ overlap",
    "stage": "Stage",
}
DEFAULT_SORT = "-composite"

LANGUAGE_MAX = 40
RATE_MAX = Decimal("999999.99")  # what ``hourly_rate`` (8 digits, 2 decimals) can hold
YES, NO = "yes", "no"
FIELDS = (
    "domain", "language", "level", "overlap", "rate_min", "rate_max",
    *(f"min_{name}" for name in SCORES), "passed", "flagged", "stage", "sort",
)  # fmt: skip


@dataclass(frozen=True)
class Sort:
    column: str = "composite"
    descending: bool = True

    @property
    def key(self) -> str:
        return f"-{self.column}" if self.descending else self.column

    def toggled(self, column: str) -> "Sort":
        """The sort a click on ``column``'s header asks for: the other direction when it is
        the current column, else highest first (scores) or lowest first (stage)."""
        if column == self.column:
            return Sort(column, not self.descending)
        return Sort(column, column != "stage")


@dataclass(frozen=True)
class ShortlistFilters:
    """What narrows the shortlist; the empty value of each field means "any"."""

    domain: str = ""
    language: str = ""
    level: str = ""
    overlap_min: int | None = None
    rate_min: Decimal | None = None
    rate_max: Decimal | None = None
    minimums: tuple[tuple[str, float], ...] = ()  # (score name, minimum in [0, 1])
    passed: bool | None = None
    flagged: bool | None = None
    stages: tuple[str, ...] = ()

    @property
    def levels(self) -> list[str]:
        """The CEFR levels at or above ``level`` (all of them without one)."""
        values = CEFRLevel.values
        return values[CEFRLevel.rank(self.level) :] if self.level else values

    @property
    def is_empty(self) -> bool:
        return self == ShortlistFilters()


@dataclass
class ShortlistQuery:
    """The parsed query: filters and sort with every bad parameter left out, and one
    message per bad parameter (``errors`` is empty when the whole query was sound)."""

    filters: ShortlistFilters = field(default_factory=ShortlistFilters)
    sort: Sort = field(default_factory=Sort)
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)  # what was asked, to refill a form

    @property
    def is_valid(self) -> bool:
        return not self.errors


# --- Messages ------------------------------------------------------------------------------


def _quoted(value: str) -> str:
    return f"“{value[:60]}{'…' if len(value) > 60 else ''}”"


def _unknown_domain(value: str) -> str:
    return f"{_quoted(value)} is not a domain: use one of {', '.join(Domain.values)}."


def _unknown_level(value: str) -> str:
    return f"{_quoted(value)} is not a CEFR level: use A1, A2, B1, B2, C1, C2 or native."


LEVEL_WITHOUT_LANGUAGE = "Choose the language this minimum level applies to."
OVERLAP_MESSAGE = "Time-zone overlap is a whole number of hours from 0 to 24."
PERCENT_MESSAGE = "A minimum score is a percentage from 0 to 100."
YES_NO_MESSAGE = "Use yes or no (or leave it empty for either)."


def _not_a_rate(value: str) -> str:
    return f"{_quoted(value)} is not an hourly rate: use a number such as 35 or 42.50."


def _unknown_stage(value: str) -> str:
    stages = ", ".join(Application.Stage.values)
    return f"{_quoted(value)} is not a pipeline stage: use one of {stages}."


def _unknown_sort(value: str) -> str:
    return (
        f"{_quoted(value)} is not a column to sort by: use one of {', '.join(SORT_COLUMNS)}, "
        "with a leading “-” for highest first."
    )


# --- Parsing -------------------------------------------------------------------------------


def _first(data: Mapping, name: str) -> str:
    """The parameter's value, stripped ("" when absent); the last one if repeated."""
    value = data.get(name, "")
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return "" if value is None else str(value).strip()


def _all(data: Mapping, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        values = data.getlist(name)
    else:
        values = data.get(name) or []
        values = [values] if isinstance(values, str) else list(values)
    return [str(v).strip() for v in values if str(v).strip()]


def _number(text: str) -> float | None:
    try:
        number = float(text)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _rate(text: str, name: str, errors: dict[str, str]) -> Decimal | None:
    if not text:
        return None
    try:
        rate = Decimal(text)
    except InvalidOperation:
        errors[name] = _not_a_rate(text)
        return None
    if not rate.is_finite():
        errors[name] = _not_a_rate(text)
    elif rate < 0:
        errors[name] = "An hourly rate cannot be negative."
    elif rate > RATE_MAX:
        errors[name] = f"An hourly rate is at most {RATE_MAX:,}."
    else:
        return rate
    return None


def _yes_no(text: str, name: str, errors: dict[str, str]) -> bool | None:
    if not text:
        return None
    if text.lower() in (YES, NO):
        return text.lower() == YES
    errors[name] = f"{_quoted(text)}: {YES_NO_MESSAGE}"
    return None


def _sort(text: str, errors: dict[str, str]) -> Sort:
    if not text:
        text = DEFAULT_SORT
    column = text.removeprefix("-")
    if column not in SORT_COLUMNS:
        errors["sort"] = _unknown_sort(text)
        return _sort(DEFAULT_SORT, {})
    return Sort(column, text.startswith("-"))


def _domain(text: str, errors: dict[str, str]) -> str:
    if text and text not in Domain.values:
        errors["domain"] = _unknown_domain(text)
        return ""
    return text


def _language_and_level(language: str, level: str, errors: dict[str, str]) -> tuple[str, str]:
    """The language (at most ``LANGUAGE_MAX`` characters) and the minimum level, which only
    means something with a language."""
    if len(language) > LANGUAGE_MAX:
        errors["language"] = f"A language name has at most {LANGUAGE_MAX} characters."
        language = ""
    if level and level not in CEFRLevel.values:
        errors["level"] = _unknown_level(level)
        level = ""
    elif level and not language:
        if "language" not in errors:
            errors["level"] = LEVEL_WITHOUT_LANGUAGE
        level = ""
    return language, level


def _overlap(text: str, errors: dict[str, str]) -> int | None:
    if not text:
        return None
    number = _number(text)
    if number is None or number != int(number) or not 0 <= number <= 24:
        errors["overlap"] = OVERLAP_MESSAGE
        return None
    return int(number)


def _rate_range(
    low: str, high: str, errors: dict[str, str]
) -> tuple[Decimal | None, Decimal | None]:
    rate_min = _rate(low, "rate_min", errors)
    rate_max = _rate(high, "rate_max", errors)
    if rate_min is not None and rate_max is not None and rate_max < rate_min:
        errors["rate_max"] = (
            f"The top of the rate range ({rate_max}) is below its bottom ({rate_min})."
        )
        rate_max = None
    return rate_min, rate_max


def _minimums(values: Mapping[str, object], errors: dict[str, str]) -> tuple:
    """``(score name, minimum in [0, 1])`` for each ``min_<name>`` given as 0–100 (a
    trailing ``%`` allowed); a minimum of 0 narrows nothing and is left out."""
    minimums = []
    for name in SCORES:
        text = str(values[f"min_{name}"])
        if not text:
            continue
        number = _number(text.removesuffix("%").strip())
        if number is None or not 0 <= number <= 100:
            errors[f"min_{name}"] = f"{COMPONENT_LABELS[name]}: {PERCENT_MESSAGE}"
        elif number > 0:
            minimums.append((name, round(number / 100, 6)))
    return tuple(minimums)


def _stages(asked: list[str], errors: dict[str, str]) -> tuple[str, ...]:
    stages: list[str] = []
    for stage in asked:
        if stage not in Application.Stage.values:
            errors["stage"] = _unknown_stage(stage)
        elif stage not in stages:
            stages.append(stage)
    return tuple(stages)


def shortlist_query(data: Mapping) -> ShortlistQuery:
    """Reads filters and sort from ``data`` (``request.GET``, DRF's ``query_params`` or a
    plain dict). Unknown parameters (``page``, ``limit``…) are ignored."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {name: _first(data, name) for name in FIELDS if name != "stage"}
    asked_stages = _all(data, "stage")
    values["stage"] = asked_stages
    text = {name: str(value) for name, value in values.items() if name != "stage"}
    # Each parameter in turn, in FIELDS order, so the messages come in the form's order.
    domain = _domain(text["domain"], errors)
    language, level = _language_and_level(text["language"], text["level"], errors)
    overlap = _overlap(text["overlap"], errors)
    rate_min, rate_max = _rate_range(text["rate_min"], text["rate_max"], errors)
    filters = ShortlistFilters(
        domain=domain,
        language=language,
        level=level,
        overlap_min=overlap,
        rate_min=rate_min,
        rate_max=rate_max,
        minimums=_minimums(values, errors),
        passed=_yes_no(text["passed"], "passed", errors),
        flagged=_yes_no(text["flagged"], "flagged", errors),
        stages=_stages(asked_stages, errors),
    )
    sort = _sort(text["sort"], errors)
    return ShortlistQuery(filters=filters, sort=sort, errors=errors, values=values)


def query_string(values: Mapping[str, object], **changes) -> str:
    """``values`` (as ``ShortlistQuery.values``) with ``changes``, as a query string that
    leaves out empty parameters; for sort links, pager links and the CSV link."""
    from urllib.parse import urlencode

    merged = {**values, **changes}
    pairs: list[tuple[str, str]] = []
    for name in (*FIELDS, "page"):
        value = merged.get(name)
        if name == "sort" and value == DEFAULT_SORT:
            continue
        if isinstance(value, list | tuple):
            pairs.extend((name, str(v)) for v in value if v not in ("", None))
        elif value not in ("", None):
            pairs.append((name, str(value)))
    return urlencode(pairs)
