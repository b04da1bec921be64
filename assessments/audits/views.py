"""The team's audits page of a role: its audit plan and each hired trainer's batches.

Owners, hiring managers and recruiters read it; only owners and hiring managers set the
plan (403 for recruiters). Reviewers and other organisations get a 404. The trainer's side
is the attempt screen itself (``assessments.attempts``) and the dashboard's list.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from assessments.audits import board, selectors
from assessments.audits.alerts import NEXT_STEPS, State, alert_step
from assessments.audits.forms import AuditPlanForm, WeightDecisionForm
from assessments.audits.outcomes import (
    ValidityTable,
    assessment_validity,
    ninety_day_report,
    ninety_day_reports,
    role_validity,
)
from assessments.audits.quality import MEASURE_LABELS
from assessments.audits.services import audit_plan_set
from assessments.audits.weights import (
    composite_weights_accept,
    composite_weights_revert,
    weight_decisions_of,
)
from assessments.operations.selectors import assessment_get
from assessments.results.display import COMPONENT_LABELS
from assessments.scoring.components import COMPONENTS
from config.errors import ApplicationError
from core.access import ALERT_STEPS, DECIDE_WEIGHTS, PIPELINE, organization_access
from core.charts import interval_rows
from hiring.models import SuccessMetric
from hiring.roles.selectors import authoring_role_get, pipeline_role_get

LABELS = {**COMPONENT_LABELS, "composite": "Composite"}


def _page(request, role, form, status=200):
    plan = selectors.plan_of(role=role)
    return TemplateResponse(
        request,
        "assessments/audits/role.html",
        {
            "organization": role.organization,
            "role": role,
            "plan": plan,
            "gold_pool": selectors.gold_pool_of(plan) if plan else None,
            "trainers": selectors.hired_trainers(role=role),
            "form": form,
        },
        status=status,
    )


@login_required
@require_GET
def role_audits(request, slug: str, pk: int):
    role = pipeline_role_get(user=request.user, slug=slug, pk=pk, lean=True)
    plan = selectors.plan_of(role=role)
    form = AuditPlanForm(initial=AuditPlanForm.initial_from(plan), organization=role.organization)
    return _page(request, role, form)


@login_required
@require_POST
def audit_plan(request, slug: str, pk: int):
    role = authoring_role_get(user=request.user, slug=slug, pk=pk)
    form = AuditPlanForm(request.POST, organization=role.organization)
    if form.is_valid():
        values = dict(form.cleaned_data)
        try:
            audit_plan_set(role=role, assessment=values.pop("assessment"), values=values)
        except ApplicationError as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            messages.success(request, "Audit plan saved. Batches go out each week.")
            return redirect("audits:role", slug=slug, pk=pk)
    return _page(request, role, form, status=400)


def _validity_context(table: ValidityTable) -> dict:
    """What ``_validity_table.html`` and the page heads need of a validity table, a role's
    or an assessment's."""
    chart = interval_rows(
        [
            {
                "name": row.component,
                "label": LABELS[row.component],
                "r": row.pearson,
                "ci": row.pearson_ci,
            }
            for row in table.rows
        ]
    )
    return {
        "table": table,
        "chart": chart,
        "rows": [(LABELS[row.component], row) for row in table.rows],
        "metric_labels": [str(SuccessMetric.Kind(kind).label) for kind in table.metrics],
    }


def _validity_page(
    request, role, form: WeightDecisionForm | None = None, status=200, error: str = ""
):
    """The validity page; ``form`` a refused decision's, ``error`` what the service refused
    (the form then shows the suggestion as it is now)."""
    table = role_validity(role=role)
    decisions = weight_decisions_of(role=role)
    suggested = table.suggested
    return TemplateResponse(
        request,
        "assessments/audits/validity.html",
        {
            "organization": role.organization,
            "role": role,
            **_validity_context(table),
            "weights": [
                (LABELS[name], table.weights.get(name, 0.0), (table.suggested or {}).get(name, 0.0))
                for name in COMPONENTS
            ],
            "form": form or WeightDecisionForm(initial=WeightDecisionForm.initial_from(suggested)),
            "decisions": [
                (decision, [(LABELS[n], w) for n, w in decision.weights.items() if w])
                for decision in decisions
            ],
            "in_force": decisions[0] if decisions else None,
            "weights_error": error,
        },
        status=status,
    )


@login_required
@require_GET
def role_validity_page(request, slug: str, pk: int):
    """The validity table: how well each calibration component predicted the 90-day
    outcome of the role's hires, with a chart of the intervals; the composite weights in
    force beside the suggested ones, and (owners) the form to accept or revert them."""
    role = pipeline_role_get(user=request.user, slug=slug, pk=pk, lean=True)
    return _validity_page(request, role)


@login_required
@require_GET
def assessment_validity_page(request, slug: str, pk: int):
    """The validity table of an assessment: how well each of its calibration scores
    predicted the 90-day outcome of every hire who took it, across the organisation's
    roles. Who may read it: as the role's validity page (404 for reviewers and strangers)."""
    access = organization_access(user=request.user, slug=slug, needs=(PIPELINE,))
    assessment = assessment_get(organization=access.organization, pk=pk)
    return TemplateResponse(
        request,
        "assessments/audits/assessment_validity.html",
        {
            "organization": access.organization,
            "assessment": assessment,
            **_validity_context(assessment_validity(assessment=assessment)),
        },
    )


@login_required
@require_POST
def validity_weights(request, slug: str, pk: int):
    """The owner accepts the suggested weights (or reverts to the defaults); the role's
    calibration attempts are rescored. Anyone else in the organisation gets a 403."""
    organization_access(user=request.user, slug=slug, needs=(DECIDE_WEIGHTS,))
    role = pipeline_role_get(user=request.user, slug=slug, pk=pk, lean=True)
    form = WeightDecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                decision = composite_weights_accept(role=role, by=request.user, seen=form.seen())
            else:
                decision = composite_weights_revert(role=role, by=request.user)
        except ApplicationError as refused:
            return _validity_page(request, role, status=400, error=refused.message)
        else:
            count = sum(job.total_count for job in decision.rescore_jobs.all())
            messages.success(
                request,
                f"{decision.get_kind_display()}. A rescore of {count} calibration "
                f"attempt{pluralize(count)} started; the runs are linked below.",
            )
            return redirect("audits:validity", slug=slug, pk=pk)
    return _validity_page(request, role, form, status=400)


@login_required
@require_GET
def ninety_days_team(request, slug: str, pk: int):
    """The team view: every hire of the role, each success metric met or not over their
    first 90 days."""
    role = pipeline_role_get(user=request.user, slug=slug, pk=pk, lean=True)
    reports = ninety_day_reports(role=role)
    return TemplateResponse(
        request,
        "assessments/audits/ninety_days_team.html",
        {
            "organization": role.organization,
            "role": role,
            "reports": reports,
            "metrics": reports[0].metrics if reports else (),
        },
    )


@login_required
@require_GET
def ninety_days_hire(request, slug: str, pk: int, application: int):
    """One hire's 90-day report: each success metric's target against the measured value,
    met or not, with a chart over the weeks."""
    role = pipeline_role_get(user=request.user, slug=slug, pk=pk, lean=True)
    report = ninety_day_report(role=role, application_id=application)
    charts = [(metric, metric.chart()) for metric in report.metrics]
    return TemplateResponse(
        request,
        "assessments/audits/ninety_days_hire.html",
        {"organization": role.organization, "role": role, "report": report, "charts": charts},
    )


def _alert_page(request, alert, access, status=200, error=""):
    return TemplateResponse(
        request,
        "assessments/audits/alert.html",
        {
            "organization": alert.role.organization,
            "alert": alert,
            "measure": MEASURE_LABELS.get(alert.metric, alert.metric),
            "next_steps": [(step, State(step).label) for step in NEXT_STEPS[alert.state]],
            "may_act": access.may_author,
            "error": error,
        },
        status=status,
    )


@login_required
@require_GET
def alerts(request, slug: str):
    access = organization_access(user=request.user, slug=slug, needs=(PIPELINE,))
    return TemplateResponse(
        request,
        "assessments/audits/alerts.html",
        {
            "organization": access.organization,
            "alerts": selectors.alerts_of(organization=access.organization),
            "labels": MEASURE_LABELS,
        },
    )


@login_required
@require_GET
def alert(request, slug: str, pk: int):
    access = organization_access(user=request.user, slug=slug, needs=(PIPELINE,))
    found = selectors.alert_get(organization=access.organization, pk=pk)
    return _alert_page(request, found, access)


@login_required
@require_POST
def alert_act(request, slug: str, pk: int):
    access = organization_access(user=request.user, slug=slug, needs=(PIPELINE, ALERT_STEPS))
    found = selectors.alert_get(organization=access.organization, pk=pk)
    try:
        alert_step(
            alert=found,
            action=request.POST.get("action", ""),
            by=request.user,
            note=request.POST.get("note", ""),
        )
    except ApplicationError as refused:
        return _alert_page(request, found, access, status=400, error=refused.message)
    messages.success(request, "Step recorded.")
    return redirect("alerts:alert", slug=slug, pk=pk)


@login_required
@require_GET
def quality_board(request, slug: str, pk: int):
    role = pipeline_role_get(user=request.user, slug=slug, pk=pk, lean=True)
    found = board.quality_board(role=role)
    measures = [measure for measure, _ in found.measures]
    return TemplateResponse(
        request,
        "assessments/audits/board.html",
        {
            "organization": role.organization,
            "role": role,
            "board": found,
            # each cell with its measure, which says how its value is written
            "rows": [(row, list(zip(measures, row.cells, strict=True))) for row in found.rows],
        },
    )


@login_required
@require_GET
def trainer_timeline(request, slug: str, pk: int, application_pk: int):
    role = pipeline_role_get(user=request.user, slug=slug, pk=pk, lean=True)
    timeline = board.trainer_timeline(role=role, application_id=application_pk)
    return TemplateResponse(
        request,
        "assessments/audits/timeline.html",
        {"organization": role.organization, "role": role, "timeline": timeline},
    )
