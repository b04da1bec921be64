"""Reads for a role's shortlist: one page of ranked candidates, and the pipeline summary.

A page is one query on the read model (``ShortlistEntry``, joined to the application for its
stage and candidate) that asks for one row more than it shows, so it knows whether a next
page exists without counting the role's candidates; then the identities of the rows on the
page (``core.blind``, at most four small queries). Nothing else is read per row: the query
count is the same for 30 candidates and 10,000.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from types import SimpleNamespace

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast

from assessments.integrity import Flag, flags_of
from assessments.results.display import score_text
from assessments.scoring.components import COMPONENTS
from core.blind import Identity, identities, identity_annotations
from hiring.models import Application, Role, ShortlistEntry
from hiring.shortlist.filters import COMPONENT_LABELS, ShortlistFilters, Sort
from hiring.shortlist.services import skill_token

PAGE_SIZE = 25
CHUNK_SIZE = 500  # rows per query when the CSV reads every matching row
# The stages a scored candidate can be at, in pipeline order (the summary above the table).
SHORTLIST_STAGES = (
    Application.Stage.SCORED,
    Application.Stage.SHORTLISTED,
    Application.Stage.INTERVIEW,
    Application.Stage.OFFER,
    Application.Stage.HIRED,
    Application.Stage.REJECTED,
    Application.Stage.WITHDRAWN,
)
STAGE_LABELS = dict(Application.Stage.choices)


@dataclass
class ShortlistRow:
    entry: SimpleNamespace  # a ShortlistEntry's fields, with .application.candidate (_entry)
    identity: Identity
    failed_gates: list[str] = field(default_factory=list)  # labels, with the minimum
    pending_gates: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def application_id(self) -> int:
        return self.entry.application_id

    @property
    def stage(self) -> str:
        return self.entry.application.stage

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS.get(self.stage, self.stage)

    @property
    def scores(self) -> list[float | None]:
        """Each component (0–1, None while missing), in the table's order."""
        return [getattr(self.entry, name) for name in COMPONENTS]


@dataclass
class ShortlistPage:
    rows: list[ShortlistRow]
    offset: int
    limit: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def start(self) -> int:
        return self.offset + 1 if self.rows else 0

    @property
    def end(self) -> int:
        return self.offset + len(self.rows)


# --- Filtering and ordering ------------------------------------------------------------------


def shortlist_entries(*, role: Role, filters: ShortlistFilters) -> QuerySet[ShortlistEntry]:
    """The role's entries that pass ``filters``, unordered."""
    entries = ShortlistEntry.objects.filter(role=role)
    # Domains and languages are read from the entry's own tokens (``hiring.shortlist.services``),
    # so these filters scan the role's entries and join nothing.
    if filters.domain:
        entries = entries.filter(domains__contains=skill_token(filters.domain))
    if filters.language:
        entries = entries.filter(
            reduce(
                or_,
                (
                    Q(languages__contains=skill_token(filters.language, level))
                    for level in filters.levels
                ),
            )
        )
    if filters.overlap_min is not None:
        entries = entries.filter(tz_overlap_hours__gte=filters.overlap_min)
    if filters.rate_min is not None or filters.rate_max is not None:
        # Rates are compared in the role's pay currency only: 35 GBP is not 35 INR.
        entries = entries.filter(rate_currency=role.pay_currency)
        if filters.rate_min is not None:
            entries = entries.filter(hourly_rate__gte=filters.rate_min)
        if filters.rate_max is not None:
            entries = entries.filter(hourly_rate__lte=filters.rate_max)
    for name, minimum in filters.minimums:
        entries = entries.filter(**{f"{name}__gte": minimum})
    if filters.passed is not None:
        entries = entries.filter(passed_all_gates=filters.passed)
    if filters.flagged is not None:
        entries = entries.filter(flagged=filters.flagged)
    if filters.stages:
        entries = entries.filter(application__stage__in=filters.stages)
    return entries


_SORT_FIELDS = {
    **{name: (name,) for name in COMPONENT_LABELS},
    "gates": ("passed_all_gates",),
    "flags": ("flagged", "flag_count"),
    "rate": ("hourly_rate",),
    "overlap": ("tz_overlap_hours",),
    "stage": ("stage_order",),
}


def shortlist_ordered(entries: QuerySet[ShortlistEntry], *, sort: Sort) -> QuerySet:
    """``entries`` in ``sort`` order, empty values last either way, ties by application id."""
    if sort.column == "stage":
        entries = entries.annotate(
            stage_order=Case(
                *(
                    When(application__stage=stage, then=Value(position))
                    for position, stage in enumerate(Application.Stage.values)
                ),
                output_field=IntegerField(),
            )
        )
    elif sort.column == "flags":
        entries = entries.annotate(
            flag_count=F("paste_events")
            + F("focus_losses")
            + F("too_fast_items")
            + Cast("collusion", IntegerField())
        )
    ordering = [
        F(name).desc(nulls_last=True) if sort.descending else F(name).asc(nulls_last=True)
        for name in _SORT_FIELDS[sort.column]
    ]
    return entries.order_by(*ordering, "application_id")


# --- Rows ------------------------------------------------------------------------------------


def gate_labels(role: Role, names) -> list[str]:
    """``["Accuracy (min 60%)", …]`` for gate names, with the minimum when the role's
    assessment (already loaded with the role) still sets one."""
    # A null foreign key reads as None without a query.
    minimums = (role.assessment.pass_gates or {}) if role.assessment is not None else {}
    labels = []
    for name in names or ():
        label = COMPONENT_LABELS.get(name, str(name).replace("_", " ").capitalize())
        minimum = minimums.get(name) if isinstance(minimums, dict) else None
        if isinstance(minimum, int | float):
            label = f"{label} (min {score_text(minimum)})"
        labels.append(label)
    return labels


def shortlist_rows(*, role: Role, entries: list[SimpleNamespace]) -> list[ShortlistRow]:
    """Rows for entries read with their application, candidate and identity annotations
    (``_page_queryset``): no query at all. The shortlist shows a visible candidate's name
    and e-mail only, never their country or institutions."""
    known = {
        entry.application_id: (entry.identity_reveal_reason, entry.identity_past_interview)
        for entry in entries
    }
    people = identities(
        [entry.application for entry in entries], role=role, known=known, profile=False
    )
    return [
        ShortlistRow(
            entry=entry,
            identity=people[entry.application_id],
            failed_gates=gate_labels(role, entry.failed_gates),
            pending_gates=gate_labels(role, entry.pending_gates),
            flags=flags_of(entry),
        )
        for entry in entries
    ]


# What a row shows, read as plain values: a page of 25 needs no model instances.
ROW_VALUES = (
    "application_id", "composite", *COMPONENTS, "passed_all_gates", "failed_gates",
    "pending_gates", "paste_events", "focus_losses", "too_fast_items", "collusion", "flagged",
    "hourly_rate", "rate_currency", "tz_overlap_hours", "application__stage",
    "application__candidate_id", "application__candidate__email",
    "application__candidate__full_name", "identity_reveal_reason", "identity_past_interview",
)  # fmt: skip


def _page_queryset(
    *, role: Role, filters: ShortlistFilters, sort: Sort, offset: int, limit: int
) -> QuerySet:
    """One query. In the ranking's own order (composite, highest first) PostgreSQL walks the
    ``shortlist_role_ranked`` index and joins just the rows it keeps. In any other order the
    page's entry ids are chosen on the read model alone first (filtered, sorted, sliced — the
    database sorts the role's entries, not their joins), and only those rows are joined to
    their application and candidate."""
    entries = shortlist_ordered(shortlist_entries(role=role, filters=filters), sort=sort)
    if sort == Sort():
        return _with_row_values(entries)[offset : offset + limit]
    chosen = entries.values("pk")[offset : offset + limit]
    return _with_row_values(
        shortlist_ordered(ShortlistEntry.objects.filter(pk__in=chosen), sort=sort)
    )


def _with_row_values(entries: QuerySet) -> QuerySet:
    return entries.annotate(**identity_annotations("application_id")).values(*ROW_VALUES)


def _entry(values: dict) -> SimpleNamespace:
    """A row's values with the attribute shape of an entry and its application and
    candidate (``entry.application.candidate.email``), as the templates, CSV and
    ``core.blind.identities`` read them."""
    candidate = SimpleNamespace(
        pk=values.pop("application__candidate_id"),
        email=values.pop("application__candidate__email"),
        full_name=values.pop("application__candidate__full_name"),
    )
    application = SimpleNamespace(
        pk=values["application_id"],
        stage=values.pop("application__stage"),
        candidate_id=candidate.pk,
        candidate=candidate,
    )
    return SimpleNamespace(**values, application=application)


def shortlist_page(
    *, role: Role, filters: ShortlistFilters, sort: Sort, offset: int = 0, limit: int = PAGE_SIZE
) -> ShortlistPage:
    """One page of the shortlist. Reads ``limit + 1`` rows to learn whether another page
    follows: the role's candidates are never counted."""
    offset, limit = max(0, offset), max(1, limit)
    entries = [
        _entry(values)
        for values in _page_queryset(
            role=role, filters=filters, sort=sort, offset=offset, limit=limit + 1
        )
    ]
    has_next = len(entries) > limit
    return ShortlistPage(
        rows=shortlist_rows(role=role, entries=entries[:limit]),
        offset=offset,
        limit=limit,
        has_next=has_next,
    )


def shortlist_chunks(
    *, role: Role, filters: ShortlistFilters, sort: Sort, size: int = CHUNK_SIZE
) -> Iterator[list[ShortlistRow]]:
    """Every matching row, ``size`` at a time (for the CSV): a few queries per chunk."""
    offset = 0
    while True:
        page = shortlist_page(role=role, filters=filters, sort=sort, offset=offset, limit=size)
        if page.rows:
            yield page.rows
        if not page.has_next:
            return
        offset += size


# --- The summary above the table ----------------------------------------------------------


def shortlist_stage_counts(*, role: Role) -> list[tuple[str, str, int]]:
    """(stage, label, applications) for the stages a scored candidate can be at, in
    pipeline order: one grouped ``COUNT(*)`` that PostgreSQL answers from the (role, stage)
    index alone, without visiting the table."""
    counts = dict(
        Application.objects.filter(role=role)
        .order_by()
        .values("stage")
        .annotate(n=Count("*"))
        .values_list("stage", "n")
    )
    return [(stage.value, stage.label, counts.get(stage.value, 0)) for stage in SHORTLIST_STAGES]
