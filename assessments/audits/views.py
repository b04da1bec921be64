"""The team's audits page of a role: its audit plan and each hired trainer's batches.

Owners, hiring managers and recruiters read it; only owners and hiring managers set the
plan (403 for recruiters). Reviewers and other organisations get a 404. The trainer's side
is the attempt screen itself (``assessments.attempts``) and the dashboard's list.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from assessments.audits import selectors
from assessments.audits.forms import AuditPlanForm
from assessments.audits.services import audit_plan_set
from config.errors import ApplicationError
from hiring.roles.selectors import authoring_role_get, pipeline_role_get


def _page(request, role, form, status=200):
    return TemplateResponse(
        request,
        "assessments/audits/role.html",
        {
            "organization": role.organization,
            "role": role,
            "plan": selectors.plan_of(role=role),
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
