"""The shortlist's filters and sort, read from a query string by ``ShortlistFilterSet``.

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

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from drf_spectacular.utils import extend_schema_field

from assessments.scoring.components import COMPONENTS
from core.vocabulary import CEFRLevel, Domain
from hiring.models import Application, ShortlistEntry

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
    # What was asked, to refill a form: one text per parameter, a list for ``stage``.
    values: dict[str, str | list[str]] = field(default_factory=dict)

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


# --- Parsing: one django-filter FilterSet ----------------------------------------------------
#
# Each parameter is a filter whose form field turns the stripped text into its value or
# refuses it with the message above; the two rules that read two parameters (a level needs a
# language, the rate range must not be upside down) live in the form's ``clean``. The
# FilterSet builds the ``ShortlistFilters`` and ``Sort`` spec the selectors apply (one query
# on the read model, whatever is asked), and is what DRF and the OpenAPI schema read.


def _number(text: str) -> float | None:
    try:
        number = float(text)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _domain(text: str) -> str:
    if text not in Domain.values:
        raise ValidationError(_unknown_domain(text))
    return text


def _language(text: str) -> str:
    if len(text) > LANGUAGE_MAX:
        raise ValidationError(f"A language name has at most {LANGUAGE_MAX} characters.")
    return text


def _level(text: str) -> str:
    if text not in CEFRLevel.values:
        raise ValidationError(_unknown_level(text))
    return text


def _overlap(text: str) -> int:
    number = _number(text)
    if number is None or number != int(number) or not 0 <= number <= 24:
        raise ValidationError(OVERLAP_MESSAGE)
    return int(number)


def _rate(text: str) -> Decimal:
    try:
        rate = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_not_a_rate(text)) from None
    if not rate.is_finite():
        raise ValidationError(_not_a_rate(text))
    if rate < 0:
        raise ValidationError("An hourly rate cannot be negative.")
    if rate > RATE_MAX:
        raise ValidationError(f"An hourly rate is at most {RATE_MAX:,}.")
    return rate


def _minimum(name: str):
    """``min_<name>`` given as 0–100 (a trailing ``%`` allowed), read as a fraction; a
    minimum of 0 narrows nothing and reads as none."""

    def parse(text: str) -> float | None:
        number = _number(text.removesuffix("%").strip())
        if number is None or not 0 <= number <= 100:
            raise ValidationError(f"{COMPONENT_LABELS[name]}: {PERCENT_MESSAGE}")
        return round(number / 100, 6) if number > 0 else None

    return parse


def _yes_no(text: str) -> bool:
    if text.lower() not in (YES, NO):
        raise ValidationError(f"{_quoted(text)}: {YES_NO_MESSAGE}")
    return text.lower() == YES


def _sort(text: str) -> Sort:
    column = text.removeprefix("-")
    if column not in SORT_COLUMNS:
        raise ValidationError(_unknown_sort(text))
    return Sort(column, text.startswith("-"))


def _stages(asked: list[str]) -> tuple[tuple[str, ...], str]:
    """The known stages asked for, once each, and the last unknown one ("" if none)."""
    stages: list[str] = []
    unknown = ""
    for stage in asked:
        if stage not in Application.Stage.values:
            unknown = stage
        elif stage not in stages:
            stages.append(stage)
    return tuple(stages), unknown


def _texts(value) -> list[str]:
    values = value if isinstance(value, list | tuple) else [value]
    return [text for v in values if v is not None and (text := str(v).strip())]


class _ParsedField(forms.Field):
    """A parameter's stripped text read by ``parse`` (which raises the specific message);
    empty is ``empty``."""

    def __init__(self, *, parse, empty=None, **kwargs):
        self.parse, self.empty = parse, empty
        super().__init__(**kwargs)

    def clean(self, value):
        texts = _texts(value)
        return self.parse(texts[-1]) if texts else self.empty


class _StagesField(forms.Field):
    widget = forms.SelectMultiple

    def clean(self, value) -> tuple[str, ...]:
        stages, unknown = _stages(_texts(value))
        if unknown:
            raise ValidationError(_unknown_stage(unknown))
        return stages


class _ParsedFilter(django_filters.Filter):
    field_class = _ParsedField


class _StagesFilter(django_filters.MultipleChoiceFilter):
    field_class = _StagesField


def _parameter(parse, description: str, schema: str = "string", empty=None, **extra):
    """A filter for one parameter, documented for the OpenAPI schema."""
    documented = extend_schema_field({"type": schema, "description": description, **extra})
    return documented(_ParsedFilter(parse=parse, empty=empty))


def _minimum_parameter(name: str):
    label = COMPONENT_LABELS[name]
    return _parameter(_minimum(name), f"{label} at least this percentage (0–100).", "number")


class _ShortlistForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("level") and not data.get("language"):
            if "language" in self.errors:
                data["level"] = ""  # dropped with the language, said once
            else:
                self.add_error("level", LEVEL_WITHOUT_LANGUAGE)
        rate_min, rate_max = data.get("rate_min"), data.get("rate_max")
        if rate_min is not None and rate_max is not None and rate_max < rate_min:
            self.add_error(
                "rate_max",
                f"The top of the rate range ({rate_max}) is below its bottom ({rate_min}).",
            )
        return data


_YES_NO = [YES, NO]


class ShortlistFilterSet(django_filters.FilterSet):
    """The shortlist's parameters (see the module's table) for the page, the CSV and the
    API. ``query`` is what was asked, read: filters and sort with every bad parameter left
    out, and one message per bad parameter."""

    domain = _parameter(
        _domain, "A domain in the candidate's profile.", empty="", enum=Domain.values
    )
    language = _parameter(_language, "A language the candidate speaks (any case).", empty="")
    level = _parameter(
        _level, "With `language`: at this CEFR level or above.", empty="", enum=CEFRLevel.values
    )
    overlap = _parameter(
        _overlap,
        "At least this many working hours shared with the role's time zone (0–24).",
        schema="integer",
    )
    rate_min = _parameter(
        _rate, "Hourly rate at least this, in the role's pay currency.", schema="number"
    )
    rate_max = _parameter(
        _rate, "Hourly rate at most this, in the role's pay currency.", schema="number"
    )
    min_composite = _minimum_parameter("composite")
    min_accuracy = _minimum_parameter("accuracy")
    min_edge_cases = _minimum_parameter("edge_cases")
    min_agreement = _minimum_parameter("agreement")
    min_throughput = _minimum_parameter("throughput")
    min_rationale = _minimum_parameter("rationale")
    passed = _parameter(_yes_no, "yes: passed every gate; no: failed at least one.", enum=_YES_NO)
    flagged = _parameter(_yes_no, "yes: at least one integrity flag; no: none.", enum=_YES_NO)
    stage = extend_schema_field(
        {
            "type": "string",
            "enum": Application.Stage.values,
            "description": "Pipeline stage; repeat for several.",
        }
    )(_StagesFilter())
    sort = _parameter(
        _sort,
        "Column to sort by, `-` in front for highest first (default "
        "`-composite`). Empty values last; ties by application id.",
        empty=Sort(),
        enum=[*SORT_COLUMNS, *(f"-{column}" for column in SORT_COLUMNS)],
    )

    class Meta:
        form = _ShortlistForm

    def __init__(self, data: Mapping | None = None, queryset=None, **kwargs):
        queryset = ShortlistEntry.objects.none() if queryset is None else queryset
        super().__init__(_query_dict(data or {}), queryset, **kwargs)

    def filter_queryset(self, queryset):  # pragma: no cover - the selectors apply ``query``
        raise NotImplementedError("Read through shortlist_page() or shortlist_csv_lines().")

    @property
    def query(self) -> "ShortlistQuery":
        form = self.form
        form.is_valid()
        errors = {name: form.errors[name][0] for name in FIELDS if name in form.errors}
        read = form.cleaned_data
        asked = {name: self.data.getlist(name) for name in FIELDS}
        values: dict[str, str | list[str]] = {
            name: "".join(_texts(asked[name][-1:])) for name in FIELDS if name != "stage"
        }
        asked_stages = _texts(asked["stage"])
        values["stage"] = asked_stages
        filters = ShortlistFilters(
            domain=read.get("domain", ""),
            language=read.get("language", ""),
            level=read.get("level", ""),
            overlap_min=read.get("overlap"),
            rate_min=read.get("rate_min"),
            rate_max=read.get("rate_max"),
            minimums=tuple(
                (name, read[f"min_{name}"]) for name in SCORES if read.get(f"min_{name}")
            ),
            passed=read.get("passed"),
            flagged=read.get("flagged"),
            # Unknown stages are left out, the known ones kept.
            stages=read["stage"] if "stage" in read else _stages(asked_stages)[0],
        )
        return ShortlistQuery(filters, read.get("sort", Sort()), errors, values)


# The parameters in the form's order (the order messages come in).
FIELDS = tuple(ShortlistFilterSet.base_filters)


def _query_dict(data: Mapping) -> QueryDict:
    """``data`` as a ``QueryDict``: ``request.GET`` and DRF's ``query_params`` as they are, a
    plain dict's lists as repeated parameters."""
    if isinstance(data, QueryDict):
        return data
    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, list(value) if isinstance(value, list | tuple) else [value])
    return query


def shortlist_query(data: Mapping) -> ShortlistQuery:
    """Reads filters and sort from ``data`` (``request.GET``, DRF's ``query_params`` or a
    plain dict) through ``ShortlistFilterSet``. Unknown parameters (``page``, ``limit``…) are
    ignored."""
    return ShortlistFilterSet(data).query


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
