"""Reads for the candidate detail and compare pages and their API.

One application seen by the pipeline: the score breakdown against the role's cohort, the
answers item by item beside gold and the cohort majority, integrity flags, rationales with
their review scores, the profile and the history — with the identity as ``core.blind``
decides. And two to four applications of one role side by side on the items they share.

Callers pass applications and roles already scoped to the user's pipeline
(``hiring.pipeline.selectors.pipeline_application_get`` / ``pipeline_role_get``). Query counts are
fixed: they grow neither with the cohort, nor with the items, nor with the history.

Gold (the expected answer with its accepted alternatives or free-text reference, the
edge-case marks and the scorer's details) is read only ``with_gold``, which callers set
from ``core.access.Access.sees_gold``: authors see it; recruiters see whether each answer
matched (its score) and nothing of the gold. Nothing here is ever used on a candidate's
endpoint.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo
from decimal import Decimal
from typing import Any, NotRequired, TypedDict

from django.db.models import CharField, Count, F, FloatField, Max, Min, Q, Sum, Value
from django.db.models.functions import Floor
from django.http import Http404
from django.utils import timezone

from assessments.integrity import FOCUS_LOSS_FLAG, integrity_summary, is_flagged, too_fast_floor_ms
from assessments.item_kinds import whole_number
from assessments.models import Attempt, CohortAgreement, Response, ScoreReport
from assessments.operations.selectors import payout_exports_naming
from assessments.results import display
from assessments.results import selectors as results
from assessments.results.selectors import ComponentSummary, ItemRow, KindAccuracy
from assessments.scoring.components import COMPONENTS
from candidates.models import CandidateProfile
from config.errors import ApplicationError
from core import blind
from core.charts import (
    BINS,
    CohortStats,
    KindChart,
    StripChart,
    TimeChart,
    component_strips,
    kind_bars,
    time_bars,
)
from core.overlap import overlap_hours
from core.pseudonyms import pseudonym
from hiring.models import Application, IdentityReveal, Role, ShortlistEntry
from hiring.pipeline import selectors
from rubrics.review.selectors import SettledCriterion, attempt_review_summaries

COHORT_FIELDS = ("composite", *COMPONENTS)
COMPOSITE_LABEL = "Composite"
MIN_COMPARE, MAX_COMPARE = 2, 4
# A value on a bin's lower edge lands in that bin even when ``value * BINS`` rounds below.
BIN_EPSILON = 1e-9


# --- The cohort ---------------------------------------------------------------------------


def cohort_stats(*, role: Role, values: Mapping[str, float | None]) -> dict[str, CohortStats]:
    """The role's scored cohort per component (composite included), in ONE query over its
    shortlist entries: per component and bin, how many values, their min, max and sum, and
    how many sit below the candidate's ``values`` — a few dozen rows whatever the cohort."""
    entries = ShortlistEntry.objects.filter(role=role).order_by()
    parts = []
    for name in COHORT_FIELDS:
        value = values.get(name)
        cut = -1.0 if value is None else float(value)  # nothing is below -1: counts of 0
        parts.append(
            entries.filter(**{f"{name}__isnull": False})
            .annotate(
                component=Value(name, output_field=CharField()),
                bin=Floor(F(name) * BINS + BIN_EPSILON, output_field=FloatField()),
            )
            .values("component", "bin")
            .annotate(
                n=Count("pk"),
                low=Min(name),
                high=Max(name),
                total=Sum(name),
                below=Count("pk", filter=Q(**{f"{name}__lt": cut})),
                at_or_below=Count("pk", filter=Q(**{f"{name}__lte": cut})),
            )
        )
    rows: dict[str, list[Mapping[str, Any]]] = {name: [] for name in COHORT_FIELDS}
    for row in parts[0].union(*parts[1:], all=True):
        rows[row["component"]].append(row)
    stats = {}
    for name in COHORT_FIELDS:
        groups = rows[name]
        bins = [0] * BINS
        for group in groups:
            bins[min(max(int(group["bin"]), 0), BINS - 1)] += group["n"]
        n = sum(bins)
        known = values.get(name) is not None
        stats[name] = CohortStats(
            n=n,
            low=min((g["low"] for g in groups), default=None),
            high=max((g["high"] for g in groups), default=None),
            mean=sum(g["total"] for g in groups) / n if n else None,
            bins=tuple(bins),
            below=sum(g["below"] for g in groups) if known else None,
            at_or_below=sum(g["at_or_below"] for g in groups) if known else None,
        )
    return stats


# --- The attempt behind the scores --------------------------------------------------------


def scored_attempt(*, application: Application) -> Attempt | None:
    """The application's latest submitted calibration attempt (the one its shortlist entry
    summarises), with its assessment; None before one is submitted."""
    return (
        Attempt.objects.filter(application=application, purpose=Attempt.Purpose.CALIBRATION)
        .exclude(state=Attempt.State.IN_PROGRESS)
        .select_related("assessment")
        .order_by("-submitted_at", "-id")
        .first()
    )


def _latest_attempts(application_ids: list[int]) -> dict[int, Attempt]:
    attempts = (
        Attempt.objects.filter(
            application_id__in=application_ids, purpose=Attempt.Purpose.CALIBRATION
        )
        .exclude(state=Attempt.State.IN_PROGRESS)
        .select_related("assessment")
        .order_by("application_id", "submitted_at", "id")
    )
    # The latest wins; the filter's attempts all have an application.
    return {a.application_id: a for a in attempts if a.application_id is not None}


def _latest_agreements(assessment_ids: Iterable[int]) -> dict[int, CohortAgreement]:
    """The latest agreement run of each assessment, in one query."""
    ids = set(assessment_ids)
    if not ids:
        return {}
    return {run.assessment_id: run for run in results.latest_agreements(ids)}


class WrittenAnswer(TypedDict):
    """A rationale (or a free-text or error-explanation answer sent for review) with its
    review, as ``ReviewSummary`` gives it; ``task_id`` is None while no task reviews it."""

    task_id: int | None
    source: str
    source_label: str
    item_id: int
    item_position: int | None
    text: str
    state: str
    state_label: str
    final_score: float | None
    rubric: str
    criteria: list[SettledCriterion]
    tiers: list[str]
    comments: list[str]
    number: int | None  # the item's number in the attempt
    kind_label: str
    prompt: str
    reviewed: bool


def written_answers(*, attempt: Attempt, items: Sequence[ItemRow]) -> list[WrittenAnswer]:
    """Rationales (and free-text and error-explanation answers sent for review) in the
    order the candidate saw the items, each with its review: state, final score, settled
    level per criterion, comments. A rationale no task reviews yet still shows its text."""
    numbers = {row["item"]: row for row in items}
    summaries = attempt_review_summaries(attempt_id=attempt.pk)
    reviewed = {(s["item_id"], s["source"]) for s in summaries}
    rows: list[WrittenAnswer] = []
    for summary in summaries:
        item = numbers.get(summary["item_id"])
        rows.append(
            {
                **summary,
                "number": item["number"] if item else None,
                "kind_label": item["kind_label"] if item else "",
                "prompt": item["prompt"] if item else "",
                "reviewed": True,
            }
        )
    rationales = (
        Response.objects.filter(attempt=attempt)
        .exclude(rationale="")
        .order_by()
        .values_list("item_id", "rationale")
    )
    for item_id, text in rationales:
        if (item_id, "rationale") in reviewed or not text.strip():
            continue
        item = numbers.get(item_id)
        rows.append(
            {
                "task_id": None,
                "source": "rationale",
                "source_label": "Rationale",
                "item_id": item_id,
                "item_position": item["position"] if item else None,
                "text": text,
                "state": "",
                "state_label": "Not sent for review",
                "final_score": None,
                "rubric": "",
                "criteria": [],
                "tiers": [],
                "comments": [],
                "number": item["number"] if item else None,
                "kind_label": item["kind_label"] if item else "",
                "prompt": item["prompt"] if item else "",
                "reviewed": False,
            }
        )
    rows.sort(key=lambda r: (r["number"] is None, r["number"] or 0, r["source"]))
    return rows


# --- Score breakdown ------------------------------------------------------------------------


class ComponentFigures(ComponentSummary):
    """A component of the score section: ``report_summary``'s, with the role's cohort
    and where the candidate stands in it."""

    cohort: CohortStats
    percentile: float | None  # None without a value
    q1: float | None
    median: float | None
    q3: float | None


@dataclass(frozen=True)
class ScoreBreakdown:
    """The candidate detail's score section."""

    components: list[ComponentFigures]  # composite first, then each component
    failed_gates: list[str]
    pending_gates: list[str]
    gates: list[ComponentFigures]  # the component rows that have a gate
    by_kind: list[KindAccuracy]
    accuracy: dict
    edge_cases: dict | None
    throughput: dict | None
    chart: StripChart
    kind_chart: KindChart | None


def _with_cohort(component: ComponentSummary, stats: CohortStats) -> ComponentFigures:
    return {
        **component,
        "cohort": stats,
        "percentile": stats.percentile if component["value"] is not None else None,
        "q1": stats.q1,
        "median": stats.median,
        "q3": stats.q3,
    }


def score_breakdown(
    *, report: ScoreReport | None, cohort: Mapping[str, CohortStats]
) -> ScoreBreakdown | None:
    """The composite and each component with weight, gate and the cohort's distribution,
    accuracy by kind, edge cases and pace (from
    ``assessments.results.selectors.report_summary``)."""
    if report is None:
        return None
    summary = results.report_summary(report=report)
    gates = {
        gate.get("component"): gate
        for gate in (report.details or {}).get("gates") or ()
        if isinstance(gate, dict)
    }
    composite_gate = gates.get("composite") or {}
    composite: ComponentSummary = {
        "name": "composite",
        "label": COMPOSITE_LABEL,
        "value": report.composite,
        "weight": None,
        "minimum": composite_gate.get("minimum"),
        "passed": composite_gate.get("passed"),
        "has_gate": bool(composite_gate),
    }
    rows = [
        _with_cohort(component, cohort.get(component["name"]) or CohortStats())
        for component in [composite, *summary["components"]]
        if component is composite or component["name"] != "composite"
    ]
    return ScoreBreakdown(
        components=rows,
        failed_gates=list(report.failed_gates or []),
        pending_gates=[
            name for name, gate in gates.items() if name is not None and gate.get("passed") is None
        ],
        gates=[row for row in rows if row["has_gate"]],
        by_kind=summary["by_kind"],
        accuracy=summary["accuracy"],
        edge_cases=summary["edge_cases"],
        throughput=summary["throughput"],
        chart=component_strips(rows),
        kind_chart=kind_bars(summary["by_kind"]) if summary["by_kind"] else None,
    )


# --- Flags ---------------------------------------------------------------------------------


class CollusionPartner(TypedDict):
    """Another attempt whose wrong answers coincide with this one's, under its pseudonym."""

    attempt: int
    application: int | None
    pseudonym: str
    shared_wrong: int | None
    both_wrong: int | None
    p_value: float | None


def collusion_partners(
    *, attempt: Attempt, agreement: CohortAgreement | None
) -> list[CollusionPartner]:
    """The other candidates whose wrong answers coincide with this one's far beyond chance,
    each under their pseudonym (one query for all of them)."""
    pairs = [
        pair for pair in results.collusion_pairs(agreement) if attempt.pk in (pair["a"], pair["b"])
    ]
    if not pairs:
        return []
    others = {pair["b"] if pair["a"] == attempt.pk else pair["a"]: pair for pair in pairs}
    applications = dict(
        Attempt.objects.filter(pk__in=list(others)).order_by().values_list("pk", "application_id")
    )
    partners: list[CollusionPartner] = []
    for other, pair in others.items():
        application_id = applications.get(other)
        partners.append(
            {
                "attempt": other,
                "application": application_id,
                "pseudonym": pseudonym(application_id) if application_id else "",
                "shared_wrong": pair.get("shared_wrong"),
                "both_wrong": pair.get("both_wrong"),
                "p_value": pair.get("p_value"),
            }
        )
    return partners


@dataclass(frozen=True)
class IntegrityFlags:
    """An attempt's integrity signals and whether they flag it (``assessments.integrity``)."""

    paste_events: int
    items_with_paste: int
    focus_losses: int
    too_fast_items: int
    collusion: list[CollusionPartner]
    flagged: bool
    focus_loss_threshold: int


def integrity_signals(
    *, attempt: Attempt, items: Sequence[ItemRow], partners: list[CollusionPartner]
) -> IntegrityFlags:
    """Paste, focus losses, too-fast items and collusion, counted from the rows already read
    (the same figures as the shortlist entry)."""
    signals = integrity_summary(
        attempt.integrity_events or [], [{"integrity_events": row["events"]} for row in items]
    )
    return IntegrityFlags(
        paste_events=signals["paste"],
        items_with_paste=signals["items_with_paste"],
        focus_losses=signals["focus_lost"],
        too_fast_items=signals["items_too_fast"],
        collusion=partners,
        flagged=is_flagged(signals, collusion=bool(partners)),
        focus_loss_threshold=FOCUS_LOSS_FLAG,
    )


# --- Profile -----------------------------------------------------------------------------


class LanguageShown(TypedDict):
    language: str
    level: str


class DomainShown(TypedDict):
    domain: str
    label: str
    years: int


class DegreeShown(TypedDict):
    level: str
    level_label: str
    field: str
    institution: str | None  # None while the identity is hidden


class ExperienceShown(TypedDict):
    what_trained: str
    data: str
    measurement: str
    started_on: date | None
    ended_on: date | None


class WorkSampleShown(TypedDict):
    title: str
    url: str


class ProfileView(TypedDict):
    """What the team reads of a profile (``None`` where blind mode hides it)."""

    headline: str
    country: str | None
    time_zone: tzinfo  # a ZoneInfo (``core.time_zones.TimeZoneField``)
    overlap_hours: int | None
    overlap_needed: int
    tz_reference: tzinfo
    hourly_rate: Decimal | None
    rate_currency: str
    hours_per_week: int | None
    tools: list[str]
    modalities: list[str]
    languages: list[LanguageShown]
    domains: list[DomainShown]
    education: list[DegreeShown]
    experience: list[ExperienceShown]
    work_samples: list[WorkSampleShown] | None


def profile_view(
    *, profile: CandidateProfile | None, identity: blind.Identity, role: Role
) -> ProfileView | None:
    """What the team reads of the profile: institutions, country and work-sample links (which
    can name the candidate) only while the identity is visible."""
    if profile is None:
        return None
    visible = identity.visible
    return {
        "headline": profile.headline,
        "country": profile.country if visible else None,
        "time_zone": profile.time_zone,
        "overlap_hours": overlap_hours(
            profile.time_zone, role.tz_reference, on=timezone.now().date()
        ),
        "overlap_needed": role.tz_overlap_hours,
        "tz_reference": role.tz_reference,
        "hourly_rate": profile.hourly_rate,
        "rate_currency": profile.rate_currency,
        "hours_per_week": profile.hours_per_week,
        "tools": list(profile.tools or []),
        "modalities": list(profile.modalities or []),
        "languages": [
            {"language": skill.language, "level": skill.level} for skill in profile.languages.all()
        ],
        "domains": [
            {"domain": d.domain, "label": d.get_domain_display(), "years": d.years}
            for d in profile.domains.all()
        ],
        "education": [
            {
                "level": degree.level,
                "level_label": degree.get_level_display(),
                "field": degree.field,
                "institution": degree.institution if visible else None,
            }
            for degree in profile.education.all()
        ],
        "experience": [
            {
                "what_trained": entry.what_trained,
                "data": entry.data,
                "measurement": entry.measurement,
                "started_on": entry.started_on,
                "ended_on": entry.ended_on,
            }
            for entry in profile.experience.all()
        ],
        "work_samples": [
            {"title": sample.title, "url": sample.url} for sample in profile.work_samples.all()
        ]
        if visible
        else None,
    }


def reveals_of(*, application: Application) -> list[IdentityReveal]:
    return list(
        IdentityReveal.objects.filter(application=application)
        .select_related("revealed_by")
        .order_by("created_at", "id")
    )


# --- One candidate -------------------------------------------------------------------------


@dataclass
class CandidateDetail:
    application: Application
    identity: blind.Identity
    reveals: list[IdentityReveal]
    profile: ProfileView | None
    payout_exports: list = field(default_factory=list)  # payout files that named them
    attempt: Attempt | None = None
    report: ScoreReport | None = None
    agreement: CohortAgreement | None = None
    score: ScoreBreakdown | None = None
    items: list[ItemRow] = field(default_factory=list)
    flags: IntegrityFlags | None = None
    written: list[WrittenAnswer] = field(default_factory=list)
    time_chart: TimeChart | None = None
    cohort_agreement: float | None = None
    with_gold: bool = False


def candidate_detail(*, application: Application, with_gold: bool) -> CandidateDetail:
    """Everything the candidate detail shows, in a fixed number of queries; the items'
    gold only ``with_gold`` (``Access.sees_gold``)."""
    application = selectors.application_detail(application=application)
    role = application.role
    identity = blind.identities([application], role=role)[application.pk]
    blind.name_stage_changes(
        application.stage_changes.all(), application=application, identity=identity
    )
    detail = CandidateDetail(
        application=application,
        identity=identity,
        reveals=reveals_of(application=application),
        payout_exports=payout_exports_naming(application_id=application.pk),
        profile=profile_view(
            profile=getattr(application.candidate, "candidate_profile", None),
            identity=identity,
            role=role,
        ),
        with_gold=with_gold,
    )
    attempt = scored_attempt(application=application)
    if attempt is None:
        return detail
    report = results.current_report(attempt=attempt)
    agreement = results.latest_agreement(assessment=attempt.assessment)
    items = results.attempt_items(
        attempt=attempt, report=report, agreement=agreement, with_gold=with_gold
    )
    values = {"composite": report.composite if report else None}
    values.update((report.components or {}) if report else {})
    detail.attempt, detail.report, detail.agreement, detail.items = (
        attempt,
        report,
        agreement,
        items,
    )
    detail.score = score_breakdown(
        report=report, cohort=cohort_stats(role=role, values=values) if report else {}
    )
    detail.flags = integrity_signals(
        attempt=attempt,
        items=items,
        partners=collusion_partners(attempt=attempt, agreement=agreement),
    )
    detail.written = written_answers(attempt=attempt, items=items)
    expected = float(attempt.assessment.expected_items_per_hour or 0) or None
    detail.time_chart = (
        time_bars(
            items,
            expected_items_per_hour=expected,
            too_fast_ms=too_fast_floor_ms(expected) if expected else None,
            score_text=display.score_text,
        )
        if items
        else None
    )
    for entry in (agreement.per_candidate or ()) if agreement else ():
        if isinstance(entry, dict) and entry.get("attempt") == attempt.pk:
            detail.cohort_agreement = entry.get("agreement")
    return detail


# --- Compare --------------------------------------------------------------------------------


def compare_ids(raw: Iterable[str]) -> list[int]:
    """The application ids of ``?a=…&a=…`` in the order given, duplicates dropped; a
    specific ``ApplicationError`` (field ``a``) for anything but 2–4 whole numbers."""
    ids: list[int] = []
    for value in raw:
        text = str(value).strip()
        number = whole_number(text)
        if number is None or len(text) > 12:
            raise ApplicationError(f"“{text}” is not an application id.", field="a")
        if number not in ids:
            ids.append(number)
    if len(ids) < MIN_COMPARE:
        picked = "none" if not ids else "only one"
        raise ApplicationError(
            f"Pick {MIN_COMPARE} to {MAX_COMPARE} candidates to compare; you picked {picked}.",
            field="a",
        )
    if len(ids) > MAX_COMPARE:
        raise ApplicationError(
            f"Compare at most {MAX_COMPARE} candidates at a time; you picked {len(ids)}.",
            field="a",
        )
    return ids


def compare_applications(*, user, role: Role, ids: list[int]) -> list[Application]:
    """The applications of ``ids`` in that order: 404 when one is outside the user's
    pipeline (another organisation's, or none at all), a specific ``ApplicationError`` when
    one belongs to another role of the organisation."""
    found = {
        application.pk: application
        for application in selectors.pipeline_applications(user=user)
        .filter(pk__in=ids)
        .select_related("candidate", "role")
    }
    if set(found) != set(ids):
        raise Http404("No such application.")
    elsewhere = [pk for pk in ids if found[pk].role_id != role.pk]
    if elsewhere:
        names = ", ".join(f"#{pk} (“{found[pk].role.title}”)" for pk in elsewhere)
        raise ApplicationError(
            f"Only candidates of “{role.title}” can be compared here: {names} applied to "
            f"another role.",
            field="a",
        )
    return [found[pk] for pk in ids]


@dataclass(frozen=True)
class CompareColumn:
    """One candidate's column on the compare page."""

    application: Application
    identity: blind.Identity
    attempt: Attempt | None
    has_report: bool
    composite: float | None
    components: dict[str, ComponentSummary]  # by component name
    failed_gates: list[str]
    entry: ShortlistEntry | None
    flags: IntegrityFlags | None
    hourly_rate: Decimal | None
    rate_currency: str
    tz_overlap_hours: int | None
    reviews: list[WrittenAnswer]  # finished reviews, by score
    reviews_waiting: int  # rationales still in the review queue
    rationale: float | None


@dataclass(frozen=True)
class ComponentRow:
    """One component across the candidates; the best value is marked when two or more have
    one."""

    name: str
    label: str
    cells: list[dict[str, Any]]  # each candidate's ``ComponentSummary`` (if any) and ``best``


class CompareCell(TypedDict):
    application: int
    answer: object
    score: float | None
    time: str
    flagged: bool
    off_gold: bool


class CompareItem(TypedDict):
    """An item every candidate answered (mapping access: the template and the API's
    serializer read it); ``gold`` and ``edge_case`` only ``with_gold``."""

    item: int
    position: int
    kind: str
    kind_label: str
    prompt: str
    majority: object
    majority_share: float | None
    differ: bool
    cells: list[CompareCell]
    gold: NotRequired[object]
    edge_case: NotRequired[bool]


class CompareView(TypedDict):
    """The compare page's context (a mapping: the view spreads it into the template's)."""

    role: Role
    with_gold: bool
    columns: list[CompareColumn]
    component_rows: list[ComponentRow]
    items: list[CompareItem]
    differing: int


def _compare_column(
    application: Application,
    *,
    identity: blind.Identity,
    attempt: Attempt | None,
    report: ScoreReport | None,
    entry: ShortlistEntry | None,
    items: list[ItemRow],
    partners: list[CollusionPartner],
) -> CompareColumn:
    summary = results.report_summary(report=report) if report else {}
    written = written_answers(attempt=attempt, items=items) if attempt else []
    return CompareColumn(
        application=application,
        identity=identity,
        attempt=attempt,
        has_report=report is not None,
        composite=report.composite if report else None,
        components={c["name"]: c for c in summary.get("components", ())},
        failed_gates=list(report.failed_gates or []) if report else [],
        entry=entry,
        flags=integrity_signals(attempt=attempt, items=items, partners=partners)
        if attempt
        else None,
        hourly_rate=entry.hourly_rate if entry else None,
        rate_currency=entry.rate_currency if entry else "",
        tz_overlap_hours=entry.tz_overlap_hours if entry else None,
        reviews=[row for row in written if row.get("final_score") is not None],
        reviews_waiting=sum(
            1 for row in written if row["reviewed"] and row.get("final_score") is None
        ),
        rationale=(report.components or {}).get("rationale") if report else None,
    )


def _component_rows(columns: list[CompareColumn]) -> list[ComponentRow]:
    """The components any candidate has, in the display order, the best value marked."""
    rows = []
    for name in display.COMPONENT_ORDER:
        if not any(name in column.components for column in columns):
            continue
        cells = [column.components.get(name) for column in columns]
        values = [cell["value"] for cell in cells if cell and cell["value"] is not None]
        best = max(values) if len(values) > 1 else None
        marked = [
            {**(cell or {}), "best": bool(best is not None and cell and cell["value"] == best)}
            for cell in cells
        ]
        rows.append(ComponentRow(name, display.COMPONENT_LABELS.get(name, name), marked))
    return rows


def _compare_cell(application_id: int, cell: ItemRow) -> CompareCell:
    score = cell["score"]
    return {
        "application": application_id,
        "answer": cell["answer"],
        "score": score,
        "time": cell["time"],
        "flagged": cell["flagged"],
        "off_gold": score is not None and score < 0.999,
    }


def _compare_item(ids: list[int], cells: list[ItemRow], *, with_gold: bool) -> CompareItem:
    """One shared item: the first candidate's row describes it; each candidate's answer."""
    reference = cells[0]
    answers = [cell["answer"] for cell in cells]
    row: CompareItem = {
        "item": reference["item"],
        "position": reference["position"],
        "kind": reference["kind"],
        "kind_label": reference["kind_label"],
        "prompt": reference["prompt"],
        "majority": reference["majority"],
        "majority_share": reference["majority_share"],
        "differ": len(set(map(str, answers))) > 1,
        "cells": [_compare_cell(pk, cell) for pk, cell in zip(ids, cells, strict=True)],
    }
    if with_gold:
        row["gold"] = next((c["gold"] for c in cells if c.get("gold") is not None), None)
        row["edge_case"] = any(c["edge_case"] for c in cells)
    return row


def _shared_items(
    ids: list[int], item_rows: dict[int, dict[int, ItemRow]], *, with_gold: bool
) -> list[CompareItem]:
    """The items every candidate answered, in the first candidate's order."""
    if not ids:
        return []
    shared = set.intersection(*(set(item_rows[pk]) for pk in ids))
    first = item_rows[ids[0]]
    return [
        _compare_item(ids, [item_rows[pk][item_id] for pk in ids], with_gold=with_gold)
        for item_id in sorted(shared, key=lambda pk: (first[pk]["position"], pk))
    ]


def compare_view(*, role: Role, applications: list[Application], with_gold: bool) -> CompareView:
    """Two to four candidates of ``role`` side by side: identity, composite, components with
    gates, flags, rate, overlap and rationale reviews; then every item they all answered,
    with the cohort majority, each one's answer and score, and (only ``with_gold``, see
    ``Access.sees_gold``) the gold and edge-case marks. Queries grow with the candidates
    compared (four at most), never with the cohort."""
    ids = [application.pk for application in applications]
    identities = blind.identities(applications, role=role)
    entries = {e.application_id: e for e in ShortlistEntry.objects.filter(application_id__in=ids)}
    attempts = _latest_attempts(ids)
    reports = {
        report.attempt_id: report
        for report in ScoreReport.objects.filter(
            attempt_id__in=[a.pk for a in attempts.values()], is_current=True
        )
    }
    agreements = _latest_agreements(a.assessment_id for a in attempts.values())

    columns, item_rows = [], {}
    for application in applications:
        attempt = attempts.get(application.pk)
        report = reports.get(attempt.pk) if attempt else None
        agreement = agreements.get(attempt.assessment_id) if attempt else None
        items = []
        partners = []
        if attempt:
            items = results.attempt_items(
                attempt=attempt, report=report, agreement=agreement, with_gold=with_gold
            )
            partners = collusion_partners(attempt=attempt, agreement=agreement)
        item_rows[application.pk] = {row["item"]: row for row in items}
        columns.append(
            _compare_column(
                application,
                identity=identities[application.pk],
                attempt=attempt,
                report=report,
                entry=entries.get(application.pk),
                items=items,
                partners=partners,
            )
        )
    items_shared = _shared_items(ids, item_rows, with_gold=with_gold)
    return {
        "role": role,
        "with_gold": with_gold,
        "columns": columns,
        "component_rows": _component_rows(columns),
        "items": items_shared,
        "differing": sum(1 for row in items_shared if row["differ"]),
    }
