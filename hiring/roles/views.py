"""The team's role pages: the organisation dashboard, a role, its spec form (create, edit,
credential check) and its status. Thin: forms check shapes, ``hiring.roles.services``
writes, ``hiring.roles.selectors`` reads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from config.errors import ApplicationError
from config.pagination import KnownCountPaginator
from core import blind
from core.access import WRITE_ROLES, access_for, organization_access
from core.vocabulary import Domain
from hiring.models import Application, Role
from hiring.pipeline import selectors as pipeline_selectors
from hiring.roles import selectors, services
from hiring.roles.attention import attention_lines
from hiring.roles.credentials import credential_warning
from hiring.roles.forms import CredentialCheckForm, RoleFilterForm, RoleSpecForms
from hiring.roles.role_templates import ROLE_TEMPLATES, role_template


@login_required
def organization_dashboard(request, slug: str):
    """The member's home in an organisation. The role list filters by status in
    place (HTMX swaps only the table); a bad filter gets a message and a 400."""
    access = organization_access(user=request.user, slug=slug)
    organization = access.organization
    role_filter = RoleFilterForm(request.GET)
    status = role_filter.cleaned_data["status"] if role_filter.is_valid() else ""
    overview = selectors.organization_overview(access=access, status=status)
    template = (
        "hiring/partials/_roles.html" if request.htmx else "hiring/organization_dashboard.html"
    )
    return TemplateResponse(
        request,
        template,
        {
            "organization": organization,
            "role_filter": role_filter,
            **overview,
            # The role tabs swap only the table: the panel is counted for the whole page.
            "attention": [] if request.htmx else attention_lines(access=access, user=request.user),
        },
        status=200 if role_filter.is_valid() else 400,
    )


APPLICATIONS_PER_PAGE = 50


@login_required
def role_detail(request, slug: str, pk: int):
    role = selectors.pipeline_role_get(user=request.user, slug=slug, pk=pk)
    role = selectors.role_with_spec(role=role)
    stage_counts = selectors.stage_counts(role=role)
    stage = request.GET.get("stage", "")
    stage_error = ""
    if stage and stage not in Application.Stage.values:
        stage_error = f"“{stage[:40]}” is not a pipeline stage: showing every application."
        stage = ""
    counts = {value: count for value, _, count in stage_counts}
    applications = KnownCountPaginator(
        pipeline_selectors.applications_for_role(role=role, stage=stage),
        APPLICATIONS_PER_PAGE,
        count=counts[stage] if stage else sum(counts.values()),
    )
    can_write = access_for(user=request.user, organization=role.organization).may_author
    page = applications.get_page(request.GET.get("page"))
    # Names come from blind mode, never from the candidate: a pseudonym until the interview.
    identities = blind.identities(page.object_list, role=role)
    for application in page.object_list:
        application.identity = identities[application.pk]
    return TemplateResponse(
        request,
        "hiring/role_detail.html",
        {
            "organization": role.organization,
            "role": role,
            "stage_counts": stage_counts,
            "funnel": selectors.pipeline_funnel(role=role, stage_counts=stage_counts),
            "stage": stage,
            "stage_label": Application.Stage(stage).label if stage else "",
            "stage_error": stage_error,
            "page_obj": page,
            "credential_warning": selectors.role_credential_warning(role=role),
            "status_actions": _status_actions(role) if can_write else [],
        },
    )


_STATUS_ACTIONS = {
    Role.Status.PUBLISHED: "Publish",
    Role.Status.PAUSED: "Pause",
    Role.Status.CLOSED: "Close",
}


def _status_actions(role: Role) -> list[tuple[str, str]]:
    """(status, button label) for each lifecycle move open to the role, in order."""
    actions = []
    for status in Role.Status:
        if role.can_move_to(status):
            label = _STATUS_ACTIONS[status]
            if status == Role.Status.PUBLISHED and role.status == Role.Status.PAUSED:
                label = "Reopen"
            actions.append((status.value, label))
    return actions


@login_required
def role_new(request, slug: str):
    """Step one of a new role: choose the kind of role; its template prefills the form."""
    organization = organization_access(
        user=request.user, slug=slug, needs=[WRITE_ROLES]
    ).organization
    return TemplateResponse(
        request,
        "hiring/role_new.html",
        {"organization": organization, "templates": ROLE_TEMPLATES},
    )


@login_required
def role_create(request, slug: str, role_type: str):
    organization = organization_access(
        user=request.user, slug=slug, needs=[WRITE_ROLES]
    ).organization
    template = role_template(role_type)
    if template is None:
        raise Http404("No such role type.")
    spec = RoleSpecForms(
        request.POST if request.method == "POST" else None,
        organization=organization,
        template=template,
    )
    if request.method == "POST" and spec.is_valid():
        try:
            role = services.role_create(
                organization=organization, by=request.user, **spec.service_kwargs()
            )
        except ApplicationError as refused:
            spec.add_error(refused.field, refused.message)
        else:
            messages.success(request, f"“{role.title}” is saved as a draft.")
            return redirect("hiring:role", slug=organization.slug, pk=role.pk)
    return _role_form_page(request, spec, organization=organization, template=template)


@login_required
def role_edit(request, slug: str, pk: int):
    role = selectors.authoring_role_get(user=request.user, slug=slug, pk=pk)
    if role.status == Role.Status.CLOSED:
        messages.error(request, "This role is closed: it is kept as it was, with its applications.")
        return redirect("hiring:role", slug=slug, pk=role.pk)
    spec = RoleSpecForms(
        request.POST if request.method == "POST" else None,
        organization=role.organization,
        role=role,
    )
    if request.method == "POST" and spec.is_valid():
        try:
            role = services.role_update(role=role, **spec.service_kwargs())
        except ApplicationError as refused:
            spec.add_error(refused.field, refused.message)
        else:
            messages.success(request, f"“{role.title}” is saved.")
            return redirect("hiring:role", slug=slug, pk=role.pk)
    return _role_form_page(
        request, spec, organization=role.organization, template=role_template(role.role_type)
    )


def _role_form_page(request, spec: RoleSpecForms, *, organization, template):
    role_form = spec.role_form
    values = role_form.data if role_form.is_bound else {**role_form.initial}
    if not role_form.is_bound and role_form.instance.pk:
        instance = role_form.instance
        values = {f: getattr(instance, f) for f in ("credential", "task_complexity", "domain")}
    return TemplateResponse(
        request,
        "hiring/role_form.html",
        {
            "organization": organization,
            "spec": spec,
            "form": role_form,
            "role": role_form.instance if role_form.instance.pk else None,
            "template": template,
            "credential_warning": _warning_for(values),
        },
        status=400 if role_form.is_bound else 200,
    )


def _warning_for(values) -> object:
    form = CredentialCheckForm(
        {k: values.get(k) or "" for k in ("credential", "task_complexity", "domain")}
    )
    if not form.is_valid():
        return None
    domain = form.cleaned_data["domain"]
    return credential_warning(
        credential=form.cleaned_data["credential"],
        complexity=form.cleaned_data["task_complexity"],
        domain=Domain(domain).label if domain and domain != Domain.GENERAL else "",
    )


@login_required
@require_GET
def role_credential_check(request, slug: str):
    """The credential warning for the form's current values (fetched by HTMX as the
    fields change); empty when credential and complexity fit."""
    organization = organization_access(
        user=request.user, slug=slug, needs=[WRITE_ROLES]
    ).organization
    return TemplateResponse(
        request,
        "hiring/partials/_credential_warning.html",
        {
            "organization": organization,
            "credential_warning": _warning_for(request.GET),
            "on_form": True,
        },
    )


@login_required
@require_POST
def role_status(request, slug: str, pk: int):
    role = selectors.authoring_role_get(user=request.user, slug=slug, pk=pk)
    status = request.POST.get("status", "")
    if status not in Role.Status.values:
        messages.error(request, f"“{status}” is not a role status.")
        return redirect("hiring:role", slug=slug, pk=role.pk)
    try:
        role = services.role_set_status(role=role, status=status, by=request.user)
    except ApplicationError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"The role is now {role.get_status_display().lower()}.")
    return redirect("hiring:role", slug=slug, pk=role.pk)
