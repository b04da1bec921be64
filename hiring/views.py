from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from config.errors import ApplicationError
from config.pagination import KnownCountPaginator
from hiring import blind, knockouts, selectors, services
from hiring.access import WRITE_ROLES, access_for, organization_access
from hiring.candidate_detail import (
    candidate_detail,
    compare_applications,
    compare_ids,
    compare_view,
)
from hiring.credentials import credential_warning
from hiring.forms import CredentialCheckForm, MoveForm, NoteForm, RoleFilterForm, RoleSpecForms
from hiring.models import Role
from hiring.public_selectors import knockout_questions
from hiring.role_templates import ROLE_TEMPLATES, role_template
from hiring.vocabulary import Domain


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
        },
        status=200 if role_filter.is_valid() else 400,
    )


APPLICATIONS_PER_PAGE = 50


@login_required
def role_detail(request, slug: str, pk: int):
    role = selectors.pipeline_role_get(user=request.user, slug=slug, pk=pk)
    role = selectors.role_with_spec(role=role)
    stage_counts = selectors.stage_counts(role=role)
    applications = KnownCountPaginator(
        selectors.applications_for_role(role=role),
        APPLICATIONS_PER_PAGE,
        count=sum(count for _, _, count in stage_counts),
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


# --- One application --------------------------------------------------------------------------


def _application_page(
    request, application, *, move_form=None, note_form=None, reveal_error="", status=200
):
    """The candidate detail: identity per blind mode, score breakdown against the cohort,
    answers with their scores beside the cohort majority (and the gold, for those who see
    it), flags, reviewed rationales, profile, history, notes and the move form."""
    access = access_for(user=request.user, organization=application.role.organization)
    detail = candidate_detail(application=application, with_gold=access.sees_gold)
    application = detail.application
    return TemplateResponse(
        request,
        "hiring/application_detail.html",
        {
            "organization": application.role.organization,
            "role": application.role,
            "application": application,
            "detail": detail,
            "identity": detail.identity,
            "profile": detail.profile,
            "score": detail.score,
            "allowed_moves": selectors.allowed_moves(application=application),
            "knockout_rows": knockouts.answered_requirements(
                knockout_questions(application.role), application.knockout_answers
            ),
            "read_only": application.role.status == Role.Status.CLOSED,
            "move_form": move_form or MoveForm(),
            "note_form": note_form or NoteForm(),
            "reveal_error": reveal_error,
            "reveal_reason": request.POST.get("reason", "") if reveal_error else "",
            "reason_max": blind.REASON_MAX,
        },
        status=status,
    )


@login_required
def application_detail(request, slug: str, pk: int):
    application = selectors.pipeline_application_get(user=request.user, slug=slug, pk=pk)
    return _application_page(request, application)


@login_required
@require_POST
def application_move(request, slug: str, pk: int):
    application = selectors.pipeline_application_get(user=request.user, slug=slug, pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            application = services.pipeline_move(
                application=application,
                to_stage=form.cleaned_data["stage"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as refused:
            form.add_error("stage" if refused.field == "stage" else None, refused.message)
        else:
            messages.success(request, f"Moved to “{application.get_stage_display()}”.")
            return redirect("hiring:application", slug=slug, pk=application.pk)
    return _application_page(request, application, move_form=form, status=400)


@login_required
@require_POST
def application_note(request, slug: str, pk: int):
    application = selectors.pipeline_application_get(user=request.user, slug=slug, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_create(
                application=application, author=request.user, body=form.cleaned_data["body"]
            )
        except ApplicationError as refused:
            form.add_error("body" if refused.field == "body" else None, refused.message)
        else:
            messages.success(request, "Note saved.")
            return redirect("hiring:application", slug=slug, pk=application.pk)
    return _application_page(request, application, note_form=form, status=400)


@login_required
@require_POST
def application_reveal(request, slug: str, pk: int):
    """Lifts blind mode for this one candidate, recording who, when and why."""
    application = selectors.pipeline_application_get(user=request.user, slug=slug, pk=pk)
    identity = blind.identity_of(application)
    if identity.visible:
        messages.info(request, f"This candidate's identity is already visible ({identity.why}).")
        return redirect("hiring:application", slug=slug, pk=application.pk)
    try:
        blind.identity_reveal(
            application=application, by=request.user, reason=request.POST.get("reason", "")
        )
    except ApplicationError as refused:
        return _application_page(request, application, reveal_error=refused.message, status=400)
    messages.success(request, "Identity revealed. Your reason is recorded with your name.")
    return redirect("hiring:application", slug=slug, pk=application.pk)


# --- Side by side -----------------------------------------------------------------------------


@login_required
@require_GET
def role_compare(request, slug: str, pk: int):
    """Two to four candidates of one role side by side on the items they share. A wrong
    number of candidates, or one of another role, gets a page that says so (400); another
    organisation's application is a 404."""
    role = selectors.pipeline_role_get(user=request.user, slug=slug, pk=pk)
    context = {"organization": role.organization, "role": role}
    try:
        ids = compare_ids(request.GET.getlist("a"))
        applications = compare_applications(user=request.user, role=role, ids=ids)
    except ApplicationError as refused:
        return TemplateResponse(
            request, "hiring/compare.html", {**context, "error": refused.message}, status=400
        )
    return TemplateResponse(
        request,
        "hiring/compare.html",
        {
            **context,
            **compare_view(
                role=role,
                applications=applications,
                with_gold=access_for(user=request.user, organization=role.organization).sees_gold,
            ),
        },
    )
