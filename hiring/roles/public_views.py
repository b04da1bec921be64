"""Public role pages: anyone may browse published roles; applying needs an account."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from candidates.forms import KnockoutForm, RoleSearchForm
from config.errors import ApplicationError
from hiring.pipeline.applying import application_apply, application_refusal
from hiring.roles.public_selectors import (
    knockout_prefill,
    knockout_questions,
    public_role_get,
    published_roles,
    role_languages_offered,
)

ROLES_PER_PAGE = 20


def role_list(request):
    """Published roles with filters; HTMX swaps only the results, a plain GET works too."""
    search = RoleSearchForm(request.GET or None)
    valid = search.is_valid() if search.is_bound else True
    roles = Paginator(published_roles(**search.filters()), ROLES_PER_PAGE)
    page_obj = roles.get_page(request.GET.get("page"))
    swap = request.htmx and not request.htmx.history_restore_request
    template = "roles/partials/_results.html" if swap else "roles/list.html"
    return TemplateResponse(
        request,
        template,
        {
            "search": search,
            "page_obj": page_obj,
            "languages_offered": role_languages_offered(),
        },
        # HTMX does not swap 4xx responses: its partial shows the message with a 200.
        status=200 if valid or swap else 400,
    )


def role_detail(request, pk: int):
    role = public_role_get(pk=pk)
    return TemplateResponse(
        request,
        "roles/detail.html",
        {
            "role": role,
            "questions": knockout_questions(role),
            "refusal": (
                application_refusal(candidate=request.user, role=role)
                if request.user.is_authenticated
                else None
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_apply(request, pk: int):
    role = public_role_get(pk=pk)
    questions = knockout_questions(role)
    refusal = application_refusal(candidate=request.user, role=role)
    form = KnockoutForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        initial=knockout_prefill(user=request.user, role=role, questions=questions),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if refusal is None and form.is_valid():
            try:
                application = application_apply(
                    candidate=request.user, role_id=role.pk, answers=form.answers()
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                if application.stage == application.Stage.REJECTED:
                    messages.warning(
                        request,
                        f"Your application to {role.title} is recorded, but it does not meet "
                        f"the role's requirements: {application.knockout_reason}",
                    )
                else:
                    messages.success(
                        request,
                        f"You applied to {role.title}. We sent you a confirmation e-mail.",
                    )
                return redirect("candidates:applications")
    return TemplateResponse(
        request,
        "roles/apply.html",
        {"role": role, "form": form, "refusal": refusal},
        status=status,
    )
