"""The team's results pages for one assessment: cohort, agreement, jobs, one attempt.

Who sees what: owners, hiring managers and recruiters read the results; only authors
(owners, hiring managers) see gold answers, retry a failed job, cancel a running one or
rescore the cohort — recruiters get a 403 there. Reviewers and other organisations get a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from assessments.authoring import selectors as authoring_selectors
from assessments.integrity import IntegritySummary, integrity_summary
from assessments.results import selectors
from assessments.results.display import COMPONENT_LABELS
from assessments.scoring.runs import assessment_rescore, scoring_job_cancel, scoring_job_retry
from config.errors import ApplicationError
from core.access import PIPELINE, RESCORE, organization_access
from core.charts import histogram


def _assessment(request, slug: str, pk: int, *, write: bool = False):
    """The assessment and whether the user is an author; 404 for reviewers and strangers,
    403 when ``write`` and the user only reads."""
    needs = [PIPELINE, RESCORE] if write else [PIPELINE]
    access = organization_access(user=request.user, slug=slug, needs=needs)
    assessment = authoring_selectors.assessment_get(user=request.user, slug=slug, pk=pk)
    return assessment, access.sees_gold


def _index_url(assessment) -> str:
    return reverse("results:index", args=[assessment.organization.slug, assessment.pk])


@login_required
@require_GET
def results_index(request, slug: str, pk: int):
    assessment, is_author = _assessment(request, slug, pk)
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    if sort not in selectors.SORTS:
        sort = selectors.DEFAULT_SORT
    agreement = selectors.latest_agreement(assessment=assessment)
    rows = selectors.cohort_rows(assessment=assessment, sort=sort, agreement=agreement)
    gate_value, gate_label = selectors.pass_gate(assessment)
    scored = [r for r in rows if r.has_report]
    chart = histogram(
        [r.composite for r in scored],
        passed=[bool(r.passed) for r in scored],
        marker=gate_value,
        marker_label=gate_label,
    )
    names = {row.attempt: row.candidate for row in rows}
    collusion = [
        {**pair, "a_name": names.get(pair["a"]), "b_name": names.get(pair["b"])}
        for pair in selectors.collusion_pairs(agreement)
    ]
    columns = selectors.component_columns(rows)
    for row in rows:
        row.component_cells = row.cells(columns)
    return TemplateResponse(
        request,
        "assessments/results/index.html",
        {
            "organization": assessment.organization,
            "assessment": assessment,
            "is_author": is_author,
            "rows": rows,
            "columns": [(name, COMPONENT_LABELS.get(name, name)) for name in columns],
            "summary": selectors.cohort_summary(rows),
            "sort": sort,
            "chart": chart,
            "gate_label": gate_label,
            "agreement": agreement,
            "agreement_stale": agreement is not None
            and agreement.gold_version != assessment.gold_version,
            "figures": selectors.agreement_figures(agreement),
            "item_rows": selectors.item_agreement_rows(assessment=assessment, agreement=agreement),
            "low_agreement_threshold": ((agreement.details or {}).get("thresholds") or {}).get(
                "low_agreement"
            )
            if agreement
            else None,
            "collusion": collusion,
            **selectors.jobs_panel(assessment, is_author=is_author),
        },
    )


@login_required
@require_GET
def results_jobs(request, slug: str, pk: int):
    """The jobs panel alone, polled by HTMX every 2 s while a job is active."""
    assessment, is_author = _assessment(request, slug, pk)
    return TemplateResponse(
        request,
        "assessments/results/_jobs.html",
        {**selectors.jobs_panel(assessment, is_author=is_author, polled=bool(request.htmx))},
    )


@login_required
@require_POST
def results_retry(request, slug: str, pk: int, job_pk: int):
    assessment, _ = _assessment(request, slug, pk, write=True)
    job = selectors.scoring_job_get(assessment=assessment, pk=job_pk)
    count = len(job.failures or ()) or job.failed_count
    try:
        scoring_job_retry(job=job)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Retrying {count} attempt{'s' if count != 1 else ''} that failed to score."
        )
    return redirect(_index_url(assessment) + "#scoring-jobs")


@login_required
@require_POST
def results_cancel(request, slug: str, pk: int, job_pk: int):
    assessment, _ = _assessment(request, slug, pk, write=True)
    job = selectors.scoring_job_get(assessment=assessment, pk=job_pk)
    try:
        scoring_job_cancel(job=job, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{job.get_kind_display()} cancelled; a new run may start.")
    return redirect(_index_url(assessment) + "#scoring-jobs")


@login_required
@require_POST
def results_rescore(request, slug: str, pk: int):
    assessment, _ = _assessment(request, slug, pk, write=True)
    try:
        job = assessment_rescore(assessment=assessment, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        count = job.total_count
        messages.success(
            request,
            f"Rescoring {count} attempt{'s' if count != 1 else ''} against gold version "
            f"{assessment.gold_version}; the current reports stay until the new ones are ready.",
        )
    return redirect(_index_url(assessment) + "#scoring-jobs")


@login_required
@require_GET
def results_attempt(request, slug: str, pk: int, attempt_pk: int):
    assessment, is_author = _assessment(request, slug, pk)
    attempt = selectors.attempt_get(assessment=assessment, pk=attempt_pk)
    report = selectors.current_report(attempt=attempt)
    agreement = selectors.latest_agreement(assessment=assessment)
    items = selectors.attempt_items(
        attempt=attempt, report=report, agreement=agreement, with_gold=is_author
    )
    per_candidate = {
        entry.get("attempt"): entry.get("agreement")
        for entry in ((agreement.per_candidate or ()) if agreement else ())
        if isinstance(entry, dict)
    }
    colluders = [
        pair["b"] if pair["a"] == attempt.pk else pair["a"]
        for pair in selectors.collusion_pairs(agreement)
        if attempt.pk in (pair["a"], pair["b"])
    ]
    name, email = selectors.attempt_identity(attempt)
    return TemplateResponse(
        request,
        "assessments/results/attempt.html",
        {
            "organization": assessment.organization,
            "assessment": assessment,
            "is_author": is_author,
            "attempt": attempt,
            "candidate_name": name,
            "candidate_email": email,
            "report": report,
            "summary": selectors.report_summary(report=report),
            "items": items,
            "agreement": agreement,
            "cohort_agreement": per_candidate.get(attempt.pk),
            "colluders": colluders,
            "signals": _signals(attempt, items),
        },
    )


def _signals(attempt, items) -> IntegritySummary:
    """Integrity signals counted from the rows already read: no extra query."""
    return integrity_summary(
        attempt.integrity_events, [{"integrity_events": row["events"]} for row in items]
    )
