"""The team's pipeline pages: one application (its moves, notes and identity reveal) and
the comparison of a role's candidates. Thin: forms check shapes, ``hiring.pipeline.services``
writes, ``hiring.pipeline.selectors`` and ``candidate_detail`` read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from config.errors import ApplicationError
from core import blind
from core.access import access_for
from hiring.models import Role
from hiring.pipeline import selectors, services
from hiring.pipeline.candidate_detail import (
    candidate_detail,
    compare_applications,
    compare_ids,
    compare_view,
)
from hiring.pipeline.forms import MoveForm, NoteForm
from hiring.roles import knockouts
from hiring.roles import selectors as roles_selectors
from hiring.roles.public_selectors import knockout_questions

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
    role = roles_selectors.pipeline_role_get(user=request.user, slug=slug, pk=pk)
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
