"""Reads for the team's results pages: scores, agreement, background jobs, one attempt.

Every read here takes an assessment the view has already scoped to the user's organisation.
The query count does not grow with the cohort: the cohort table is three queries (attempts,
current reports, responses carrying integrity signals) whatever its size. Gold is read only
by ``attempt_items`` with ``with_gold=True``, which only authors' views ask for.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, cast

from django.db.models import Max, QuerySet
from django.shortcuts import get_object_or_404

from assessments.integrity import IntegritySummary, attempts_integrity
from assessments.models import (
    Assessment,
    Attempt,
    CohortAgreement,
    GoldAnswer,
    Item,
    Response,
    ScoreReport,
    ScoringJob,
)
from assessments.results import display
from assessments.scoring.attempt import item_rows
from assessments.scoring.collusion import CollusionPair
from assessments.scoring.components import pending as pending_gates
from assessments.scoring.types import JSONDict
from core.blind import application_identities, shown_name
from hiring.models import Organization

SUBMITTED_STATES = (Attempt.State.SUBMITTED, Attempt.State.SCORED)
RECENT_JOBS = 5
SORTS = ("composite", "-composite", "submitted", "-submitted", "candidate", "-candidate")
DEFAULT_SORT = "-composite"


# --- Cohort -------------------------------------------------------------------------------


@dataclass
class CohortRow:
    attempt: int
    candidate: str
    email: str
    application: int | None
    submitted_at: Any
    state: str
    has_report: bool = False
    composite: float | None = None
    components: dict[str, float] = field(default_factory=dict)
    failed_gates: list[str] = field(default_factory=list)
    pending_gates: list[str] = field(default_factory=list)
    scored_at: Any = None
    gold_version: int | None = None
    integrity: IntegritySummary | dict = field(default_factory=dict)  # {} until read
    agreement: float | None = None  # leave-one-out agreement with the rest of the cohort
    colluders: list[int] = field(default_factory=list)  # attempt ids of flagged pairs
    component_cells: list[float | None] = field(default_factory=list)  # a table's, see cells()

    @property
    def passed(self) -> bool | None:
        """True when every gate passed, False when one failed, None while unscored."""
        if not self.has_report:
            return None
        return not self.failed_gates

    def cells(self, columns: list[str]) -> list[float | None]:
        return [self.components.get(name) for name in columns]


def _sort_rows(rows: list[CohortRow], sort: str) -> list[CohortRow]:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == "composite":
        present = [r for r in rows if r.composite is not None]
        absent = [r for r in rows if r.composite is None]
        present.sort(key=lambda r: (r.composite, -r.attempt), reverse=descending)
        return present + absent  # unscored attempts always last
    if key == "submitted":
        return sorted(rows, key=lambda r: (r.submitted_at, r.attempt), reverse=descending)
    return sorted(rows, key=lambda r: (r.candidate.casefold(), r.attempt), reverse=descending)


COHORT_FIELDS = (
    "id",
    "candidate__full_name",
    "candidate__email",
    "application_id",
    "submitted_at",
    "state",
    "integrity_events",
)


def cohort_attempts(*, assessment: Assessment):
    """The cohort's submitted calibration attempts, as values, for the API's cursor pagination
    to order and slice: one query per page whatever the cohort's size."""
    return Attempt.objects.filter(
        assessment=assessment,
        purpose=Attempt.Purpose.CALIBRATION,
        state__in=SUBMITTED_STATES,
    ).values(*COHORT_FIELDS)


def cohort_page_rows(
    *,
    assessment: Assessment,
    attempts: Sequence[Mapping[str, Any]],
    agreement: CohortAgreement | None,
) -> list[CohortRow]:
    """The rows of ``attempts`` (from ``cohort_attempts``: the whole cohort, or one page of
    the API's), in their order: two queries, the attempts' current reports and their
    responses that carry an integrity event (most carry none)."""
    rows = {
        a["id"]: CohortRow(
            attempt=a["id"],
            candidate=a["candidate__full_name"] or a["candidate__email"],
            email=a["candidate__email"],
            application=a["application_id"],
            submitted_at=a["submitted_at"],
            state=a["state"],
        )
        for a in attempts
    }
    if not rows:
        return []
    ids = list(rows)
    reports = (
        ScoreReport.objects.filter(is_current=True, attempt_id__in=ids)
        .order_by()
        .values(
            "attempt_id", "composite", "components", "failed_gates", "details__gates",
            "created_at", "gold_version",
        )
    )  # fmt: skip
    for report in reports:
        row = rows[report["attempt_id"]]
        row.has_report = True
        row.composite = report["composite"]
        row.components = report["components"] or {}
        row.failed_gates = list(report["failed_gates"] or [])
        row.pending_gates = pending_gates(report["details__gates"])
        row.scored_at = report["created_at"]
        row.gold_version = report["gold_version"]

    integrity = attempts_integrity({a["id"]: a["integrity_events"] for a in attempts})
    for a in attempts:
        rows[a["id"]].integrity = integrity[a["id"]]

    named = application_identities(row.application for row in rows.values() if row.application)
    for row in rows.values():
        identity = named.get(row.application) if row.application is not None else None
        row.candidate, row.email = shown_name(identity, row.candidate, row.email)

    if agreement is not None:
        for entry in agreement.per_candidate or ():
            attempt = entry.get("attempt") if isinstance(entry, dict) else None
            scored = rows.get(attempt) if isinstance(attempt, int) else None
            if scored is not None:
                scored.agreement = entry.get("agreement")
        for pair in collusion_pairs(agreement):
            for this, other in ((pair["a"], pair["b"]), (pair["b"], pair["a"])):
                if this in rows:
                    rows[this].colluders.append(other)
    return [rows[a["id"]] for a in attempts]


def cohort_rows(
    *, assessment: Assessment, sort: str = DEFAULT_SORT, agreement: CohortAgreement | None = None
) -> list[CohortRow]:
    """One row per submitted calibration attempt, with its current report (if any yet)."""
    attempts = list(cohort_attempts(assessment=assessment).order_by())
    rows = cohort_page_rows(assessment=assessment, attempts=attempts, agreement=agreement)
    return _sort_rows(rows, sort if sort in SORTS else DEFAULT_SORT)


def component_columns(rows: list[CohortRow]) -> list[str]:
    """The components any row has, in the canonical order (unknown names last)."""
    present = {name for row in rows for name in row.components}
    known = [name for name in display.COMPONENT_ORDER if name in present]
    return known + sorted(present - set(known))


class CohortSummary(TypedDict):
    submitted: int
    scored: int
    pending: int
    passed: int
    median: float | None  # of the composites


def cohort_summary(rows: list[CohortRow]) -> CohortSummary:
    scored = [r for r in rows if r.has_report]
    composites = [r.composite for r in scored if r.composite is not None]
    return {
        "submitted": len(rows),
        "scored": len(scored),
        "pending": len(rows) - len(scored),
        "passed": sum(1 for r in scored if r.passed),
        "median": median(composites) if composites else None,
    }


def pass_gate(assessment: Assessment) -> tuple[float | None, str]:
    """The gate the distribution chart marks, and its label.

    Gates apply per component, and the chart shows the composite: it marks the accuracy
    gate when one is set (accuracy is most of the composite), else the lowest gate set.
    """
    gates = {
        name: float(value)
        for name, value in (assessment.pass_gates or {}).items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }
    if not gates:
        return None, ""
    name = "accuracy" if "accuracy" in gates else min(gates, key=lambda n: (gates[n], n))
    label = display.COMPONENT_LABELS.get(name, name.replace("_", " ").capitalize())
    return gates[name], f"{label} gate ≥ {display.score_text(gates[name])}"


# --- Agreement ----------------------------------------------------------------------------


def latest_agreement(*, assessment: Assessment) -> CohortAgreement | None:
    return (
        CohortAgreement.objects.filter(assessment=assessment)
        .order_by("-computed_at", "-id")
        .first()
    )


def latest_agreements(assessment_ids: Iterable[int]) -> QuerySet[CohortAgreement]:
    """The latest agreement run of each of these assessments (the highest id), one query."""
    latest = (
        CohortAgreement.objects.filter(assessment_id__in=sorted(set(assessment_ids)))
        .order_by()
        .values("assessment_id")
        .annotate(latest=Max("id"))
        .values("latest")
    )
    return CohortAgreement.objects.filter(pk__in=latest)


def collusion_pairs(agreement: CohortAgreement | None) -> list[CollusionPair]:
    if agreement is None:
        return []
    return valid_collusion_pairs((agreement.details or {}).get("collusion"))


def valid_collusion_pairs(pairs) -> list[CollusionPair]:
    """The well-formed pairs of a stored ``details["collusion"]`` list."""
    return [
        cast(CollusionPair, p) for p in pairs or () if isinstance(p, dict) and "a" in p and "b" in p
    ]


def _alpha_sort_key(entry: dict):
    alpha = entry.get("alpha")
    return (alpha is None, alpha if alpha is not None else 0.0, entry.get("position") or 0)


def item_agreement_rows(*, assessment: Assessment, agreement: CohortAgreement | None) -> list:
    """The per-item table, lowest agreement first (items whose alpha is undefined last),
    with each item's prompt read in one query."""
    if agreement is None:
        return []
    entries = [e for e in agreement.per_item or () if isinstance(e, dict)]
    prompts = dict(
        Item.objects.filter(assessment=assessment, id__in=[e.get("item") for e in entries])
        .order_by()
        .values_list("id", "prompt")
    )
    rows = []
    for entry in sorted(entries, key=_alpha_sort_key):
        tone, words = display.alpha_meaning(entry.get("alpha"))
        item, kind = entry.get("item"), entry.get("kind")
        rows.append(
            {
                **entry,
                "prompt": prompts.get(item, "") if isinstance(item, int) else "",
                "kind_label": display.KIND_LABELS.get(kind, kind)
                if isinstance(kind, str)
                else kind,
                "tone": tone,
                "meaning": words,
            }
        )
    return rows


class AgreementFigure(TypedDict):
    """One agreement statistic, its value and what it means in words."""

    name: str
    value: float | None
    tone: str
    meaning: str
    note: str


def agreement_figures(agreement: CohortAgreement | None) -> list[AgreementFigure]:
    """Alpha overall and per level, Fleiss' kappa, Gwet's AC1: value and plain words."""
    if agreement is None:
        return []
    figures: list[AgreementFigure] = []

    def add(
        name: str,
        value: float | None,
        meaning: Callable[[float | None], tuple[str, str]],
        note: str = "",
        undefined: str = "",
    ) -> None:
        tone, words = meaning(value)
        if value is None and undefined:
            words = undefined
        figures.append({"name": name, "value": value, "tone": tone, "meaning": words, "note": note})

    add("Krippendorff's alpha", agreement.krippendorff_alpha, display.alpha_meaning,
        "all items; only identical answers count as agreeing")  # fmt: skip
    by_level = (agreement.details or {}).get("by_level") or {}
    for label, group in sorted(by_level.items()):
        if isinstance(group, dict):
            units = group.get("units")
            note = f"{units} unit{'s' if units != 1 else ''}" if units is not None else ""
            add(f"Alpha, {label}", group.get("alpha"), display.alpha_meaning, note)
    add("Fleiss' kappa", agreement.fleiss_kappa, display.kappa_meaning,
        "items everyone answered",
        "undefined: it needs items that every candidate answered")  # fmt: skip
    add("Gwet's AC1", agreement.gwet_ac1, display.kappa_meaning,
        "stays meaningful when one answer dominates")  # fmt: skip
    return figures


# --- Background jobs ----------------------------------------------------------------------


def scoring_jobs(*, assessment: Assessment, limit: int = RECENT_JOBS) -> list[ScoringJob]:
    """Active jobs (however old) followed by the most recent finished ones."""
    # The chunk plan (up to every attempt id) is the workers' business, not the page's.
    jobs = ScoringJob.objects.filter(assessment=assessment).defer("chunks")
    jobs = jobs.select_related("cancelled_by")
    active = list(jobs.filter(state__in=ScoringJob.ACTIVE_STATES))
    recent = list(jobs.exclude(pk__in=[j.pk for j in active]).order_by("-created_at", "-id"))
    return active + recent[: max(0, limit - len(active))]


def scoring_job_get(*, assessment: Assessment, pk: int) -> ScoringJob:
    jobs = ScoringJob.objects.filter(assessment=assessment).defer("chunks")
    return get_object_or_404(jobs.select_related("cancelled_by"), pk=pk)


def failure_names(*, assessment: Assessment, jobs: Sequence[ScoringJob]) -> dict[int, str]:
    """Candidate names of the attempts listed in the jobs' failures, in one query."""
    ids = {
        attempt
        for job in jobs
        for f in (job.failures or ())
        if isinstance(f, dict) and isinstance(attempt := f.get("attempt"), int)
    }
    if not ids:
        return {}
    attempts = list(
        Attempt.objects.filter(assessment=assessment, id__in=ids)
        .order_by()
        .values("id", "application_id", "candidate__full_name", "candidate__email")
    )
    named = application_identities(a["application_id"] for a in attempts if a["application_id"])
    return {
        a["id"]: shown_name(
            named.get(a["application_id"]) if a["application_id"] is not None else None,
            a["candidate__full_name"],
            a["candidate__email"],
        )[0]
        for a in attempts
    }


def attempt_identity(attempt: Attempt) -> tuple[str, str]:
    """(name, e-mail) of the attempt's candidate as blind mode allows."""
    application_id = attempt.application_id
    named = application_identities([application_id] if application_id else [])
    identity = named.get(application_id) if application_id is not None else None
    candidate = attempt.candidate
    return shown_name(identity, candidate.full_name, candidate.email)


# --- One attempt --------------------------------------------------------------------------


def attempt_get(*, assessment: Assessment, pk: int) -> Attempt:
    """A submitted attempt of this assessment, or 404."""
    return get_object_or_404(
        Attempt.objects.filter(assessment=assessment, state__in=SUBMITTED_STATES).select_related(
            "candidate", "application__role"
        ),
        pk=pk,
    )


def current_report(*, attempt: Attempt) -> ScoreReport | None:
    return ScoreReport.objects.filter(attempt=attempt, is_current=True).first()


class ItemRow(TypedDict):
    """One item of an attempt as the results, candidate detail and compare pages show it
    (mapping access: templates, serializers and the charts read it); ``gold`` only
    ``with_gold``."""

    number: int
    item: int
    position: int
    kind: str
    kind_label: str
    prompt: str
    answer: str | None
    majority: object
    majority_share: float | None
    low_agreement: bool
    gold_suspect: bool
    score: float | None
    has_score: bool
    time_ms: int
    time: str
    flagged: bool
    edge_case: bool
    events: list
    signals: list[str]
    detail: list[str] | dict  # lines on the pages; the API gives authors the scorer's own
    gold: NotRequired[str | None]


def _items_by_id(attempt: Attempt, order: list[int]) -> dict[int, Mapping[str, Any]]:
    return {
        i["id"]: i
        for i in Item.objects.filter(assessment_id=attempt.assessment_id, id__in=order)
        .order_by()
        .values("id", "position", "kind", "prompt", "content")
    }


def _responses_by_item(attempt: Attempt) -> dict[int, Mapping[str, Any]]:
    return {
        r["item_id"]: r
        for r in Response.objects.filter(attempt=attempt)
        .order_by()
        .values("item_id", "answer", "flagged_ambiguous", "time_spent_ms", "integrity_events")
    }


def _gold_by_item(order: list[int]) -> dict[int, Mapping[str, Any]]:
    return {
        g["item_id"]: g
        for g in GoldAnswer.objects.filter(item_id__in=order)
        .order_by()
        .values("item_id", "answer", "accepted_alternatives", "tolerance", "is_edge_case")
    }


def _majority_by_item(agreement: CohortAgreement | None) -> dict[int, Mapping[str, Any]]:
    return {
        item: entry
        for entry in ((agreement.per_item or ()) if agreement else ())
        if isinstance(entry, dict) and isinstance(item := entry.get("item"), int)
    }


def _signals(events: list) -> list[str]:
    """The kinds of integrity event on an item, in words: ``paste``, ``focus lost`` …"""
    kinds = {kind for e in events if isinstance(e, dict) and (kind := e.get("type")) is not None}
    return [str(kind).replace("_", " ") for kind in sorted(kinds)]


def _gold_text(item: Mapping[str, Any], item_gold: Mapping[str, Any] | None) -> str | None:
    if not item_gold:
        return None
    gold = {
        "answer": item_gold["answer"],
        "alternatives": item_gold["accepted_alternatives"],
        "tolerance": item_gold["tolerance"],
    }
    return display.gold_display(item["kind"], gold, item["content"])


def _item_row(
    number: int,
    item: Mapping[str, Any],
    *,
    response: Mapping[str, Any],
    score: Mapping[str, Any],
    cohort: Mapping[str, Any],
    item_gold: Mapping[str, Any] | None,
    with_gold: bool,
) -> ItemRow:
    answer = response.get("answer")
    events = response.get("integrity_events") or []
    time_ms = response.get("time_spent_ms") or score.get("time_ms") or 0
    row: ItemRow = {
        "number": number,
        "item": item["id"],
        "position": item["position"],
        "kind": item["kind"],
        "kind_label": display.KIND_LABELS.get(item["kind"], item["kind"]),
        "prompt": item["prompt"],
        "answer": display.answer_display(item["kind"], answer, item["content"])
        if answer is not None
        else None,
        "majority": cohort.get("majority"),
        "majority_share": cohort.get("majority_share"),
        "low_agreement": bool(cohort.get("low_agreement")),
        "gold_suspect": bool(cohort.get("gold_suspect")),
        "score": score.get("score"),
        "has_score": bool(score),
        "time_ms": time_ms,
        "time": display.duration_display(time_ms),
        "flagged": bool(response.get("flagged_ambiguous") or score.get("flagged")),
        # Whether an item is a deliberate edge case is part of its gold, as on the
        # authoring pages: authors only.
        "edge_case": with_gold
        and (bool(score.get("edge_case")) or bool(item_gold and item_gold["is_edge_case"])),
        "events": events,
        "signals": _signals(events),
        # A scorer's details name the expected answer ("expected", rating diffs…):
        # they are gold, for authors only.
        "detail": display.detail_lines(score.get("detail")) if with_gold else [],
    }
    if with_gold:
        row["gold"] = _gold_text(item, item_gold)
    return row


def attempt_items(
    *,
    attempt: Attempt,
    report: ScoreReport | None,
    agreement: CohortAgreement | None,
    with_gold: bool,
) -> list[ItemRow]:
    """The attempt's items in the order the candidate saw them, each with the answer, the
    cohort majority, the score, time and flags — and the gold only when ``with_gold``."""
    order = [pk for pk in attempt.item_order or () if isinstance(pk, int)]
    items = _items_by_id(attempt, order)
    responses = _responses_by_item(attempt)
    # Items answered but missing from item_order (never expected) still show, at the end.
    order += sorted(set(responses) - set(order))
    gold = _gold_by_item(order) if with_gold else {}
    scored = {row["item"]: row for row in (item_rows(report.details or {}) if report else ())}
    majority = _majority_by_item(agreement)
    return [
        _item_row(
            number,
            items[item_id],
            response=responses.get(item_id) or {},
            score=scored.get(item_id) or {},
            cohort=majority.get(item_id) or {},
            item_gold=gold.get(item_id),
            with_gold=with_gold,
        )
        for number, item_id in enumerate(order, start=1)
        if item_id in items
    ]


class ComponentSummary(TypedDict):
    """One component of a report: its value, weight and gate."""

    name: str
    label: str
    value: float | None
    weight: float | None
    minimum: float | None  # the gate's, when it has one
    passed: bool | None  # None: the gate waits for its component
    has_gate: bool


class KindAccuracy(TypedDict):
    kind: str
    label: str
    n: int | None
    mean: float | None


class ReportSummary(TypedDict, total=False):
    """Components with their weight and gate, accuracy by kind, edge cases, throughput
    (empty, ``{}``, without a report)."""

    components: list[ComponentSummary]
    accuracy: dict
    by_kind: list[KindAccuracy]
    edge_cases: dict | None
    throughput: dict | None


def report_summary(*, report: ScoreReport | None) -> ReportSummary:
    """Components with their weight and gate, accuracy by kind, edge cases, throughput."""
    if report is None:
        return {}
    details = report.details or {}
    gates = {
        name: g
        for g in details.get("gates") or ()
        if isinstance(g, dict) and (name := g.get("component")) is not None
    }
    weights = details.get("weights") or {}
    names = [n for n in display.COMPONENT_ORDER if n in report.components or n in gates]
    names += sorted((set(report.components) | set(gates)) - set(names))
    components: list[ComponentSummary] = []
    for name in names:
        gate = gates.get(name) or {}
        components.append(
            {
                "name": name,
                "label": display.COMPONENT_LABELS.get(name, name.replace("_", " ").capitalize()),
                "value": report.components.get(name),
                "weight": weights.get(name),
                "minimum": gate.get("minimum"),
                "passed": gate.get("passed"),
                "has_gate": bool(gate),
            }
        )
    accuracy = details.get("accuracy") or {}
    by_kind: list[KindAccuracy] = [
        {
            "kind": kind,
            "label": display.KIND_LABELS.get(kind, kind),
            "n": entry.get("n"),
            "mean": entry.get("mean"),
        }
        for kind, entry in (accuracy.get("by_kind") or {}).items()
        if isinstance(entry, dict)
    ]
    return {
        "components": components,
        "accuracy": accuracy,
        "by_kind": by_kind,
        "edge_cases": details.get("edge_cases"),
        "throughput": details.get("throughput"),
    }


JOBS_POLL = "every 2s"


class JobFailure(TypedDict):
    attempt: int | None
    name: str  # the candidate's, as blind mode allows
    error: str


class JobLayout(TypedDict):
    """What ``jobs_panel`` sets on each job for the panel."""

    unit: str  # "scored" or "computed"
    is_compact: bool  # a finished run with nothing to retry: one line
    failure_rows: list[JobFailure]


if TYPE_CHECKING:  # django-stubs' types, not installed in production
    from django_stubs_ext import WithAnnotations

    ShownJob = WithAnnotations[ScoringJob, JobLayout]


class JobsPanel(TypedDict):
    """The scoring-runs panel's context."""

    assessment: Assessment
    organization: Organization
    jobs: "list[ShownJob]"
    jobs_active: bool
    jobs_poll: str
    jobs_finished_while_watching: bool
    is_author: bool


def _job_failure(failure: dict, names: Mapping[int, str]) -> JobFailure:
    attempt = failure.get("attempt")
    attempt = attempt if isinstance(attempt, int) else None
    return {
        "attempt": attempt,
        "name": names.get(attempt, "") if attempt is not None else "",
        "error": failure.get("error", ""),
    }


def jobs_panel(assessment: Assessment, *, is_author: bool, polled: bool = False) -> JobsPanel:
    """The scoring-runs panel's context; it polls (HTMX) only while a run is active."""
    jobs = cast("list[ShownJob]", scoring_jobs(assessment=assessment))
    active = any(job.is_active for job in jobs)
    names = failure_names(assessment=assessment, jobs=jobs)
    for job in jobs:
        job.unit = "computed" if job.kind == job.Kind.COHORT_AGREEMENT else "scored"
        # A finished run with nothing to retry is one line; the others get their bar.
        job.is_compact = not job.is_active and not job.failed_count and not job.error
        job.failure_rows = [
            _job_failure(f, names) for f in job.failures or () if isinstance(f, dict)
        ]
    return {
        "assessment": assessment,
        "organization": assessment.organization,
        "jobs": jobs,
        "jobs_active": active,
        "jobs_poll": JOBS_POLL if active else "",
        "jobs_finished_while_watching": polled and not active,
        "is_author": is_author,
    }


def scorer_details(*, report: ScoreReport | None) -> dict[int, JSONDict]:
    """Each item's scorer details by item id, as the scorer of its kind stored them (free-form
    JSON per kind; they name the expected answer: authors only)."""
    if report is None:
        return {}
    return {row["item"]: row["detail"] for row in item_rows(report.details or {})}
