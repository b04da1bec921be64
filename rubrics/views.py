"""The rubric builder's pages, under ``/org/<slug>/rubrics/``.

Every member reads rubrics (reviewers score against them); owners and hiring managers
create, edit and delete them (403 for other members); non-members get a 404. Saving a
rubric a review has used makes a new version (see ``rubrics.services``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from config.errors import ApplicationError
from core.access import WRITE_RUBRICS, organization_access
from rubrics import selectors, services
from rubrics.forms import LEVELS, RubricBuilder
from rubrics.rubric_templates import RUBRIC_TEMPLATES, rubric_template


def _detail(rubric):
    return redirect("rubrics:detail", slug=rubric.organization.slug, pk=rubric.pk)


@login_required
def rubric_index(request, slug: str):
    organization = organization_access(user=request.user, slug=slug).organization
    return TemplateResponse(
        request,
        "rubrics/index.html",
        {
            "organization": organization,
            "rubrics": selectors.rubric_list(organization=organization),
            "templates": RUBRIC_TEMPLATES,
        },
    )


@login_required
def rubric_create(request, slug: str):
    organization = organization_access(
        user=request.user, slug=slug, needs=[WRITE_RUBRICS]
    ).organization
    builder = RubricBuilder(request.POST if request.method == "POST" else None)
    if request.method == "POST" and builder.is_valid():
        try:
            rubric = services.rubric_create(
                organization=organization, by=request.user, **builder.service_kwargs()
            )
        except ApplicationError as refused:
            _refused(builder, refused)
        else:
            messages.success(request, f"“{rubric.name}” is saved.")
            return _detail(rubric)
    return _form_page(request, builder, organization=organization, rubric=None)


@login_required
@require_POST
def rubric_from_template(request, slug: str, key: str):
    """Copies a template into a new rubric and opens it for editing."""
    organization = organization_access(
        user=request.user, slug=slug, needs=[WRITE_RUBRICS]
    ).organization
    try:
        rubric = services.rubric_from_template(
            organization=organization, template_key=key, by=request.user
        )
    except ApplicationError as refused:
        messages.error(request, refused.message)
        return redirect("rubrics:index", slug=slug)
    template = rubric_template(key)  # the service found it
    named = template.name.lower() if template is not None else key
    messages.success(
        request,
        f"“{rubric.name}” is started from the {named} template. Adjust the "
        "criteria and anchors to your task, then save.",
    )
    return redirect("rubrics:edit", slug=slug, pk=rubric.pk)


@login_required
def rubric_detail(request, slug: str, pk: int):
    organization = organization_access(user=request.user, slug=slug).organization
    rubric = selectors.rubric_get(user=request.user, slug=slug, pk=pk)
    usage = selectors.rubric_usage(rubric=rubric)
    versions = selectors.rubric_versions(rubric=rubric)
    criteria = selectors.criteria_with_shares(rubric=rubric)
    return TemplateResponse(
        request,
        "rubrics/detail.html",
        {
            "organization": organization,
            "rubric": rubric,
            "criteria": criteria,
            "levels": LEVELS,
            "usage": usage,
            "versions": versions,
            "latest": versions[-1],
            "assessments": selectors.assessments_using(rubric=rubric).order_by("title"),
        },
    )


@login_required
def rubric_edit(request, slug: str, pk: int):
    organization = organization_access(
        user=request.user, slug=slug, needs=[WRITE_RUBRICS]
    ).organization
    rubric = selectors.rubric_get(user=request.user, slug=slug, pk=pk)
    if not rubric.is_latest:
        latest = selectors.rubric_versions(rubric=rubric)[-1]
        messages.info(
            request,
            f"Version {rubric.version} was replaced by version {latest.version}: "
            "you are editing the current one.",
        )
        return redirect("rubrics:edit", slug=slug, pk=latest.pk)
    builder = RubricBuilder(
        request.POST if request.method == "POST" else None,
        initial=selectors.rubric_input(rubric=rubric),
    )
    if request.method == "POST" and builder.is_valid():
        try:
            saved = services.rubric_update(
                rubric=rubric, by=request.user, **builder.service_kwargs()
            )
        except ApplicationError as refused:
            _refused(builder, refused)
        else:
            messages.success(request, _saved_message(rubric, saved))
            return _detail(saved)
    return _form_page(request, builder, organization=organization, rubric=rubric)


def _saved_message(before, saved) -> str:
    if saved.pk == before.pk:
        return f"“{saved.name}” is saved."
    moved = selectors.assessments_using(rubric=saved).count()
    return (
        f"Saved as version {saved.version}. Version {before.version} stays as it was for the "
        f"reviews already scored against it; {moved} assessment{'s' if moved != 1 else ''} "
        "and the answers still waiting for review now use the new version."
    )


@login_required
@require_POST
def rubric_delete(request, slug: str, pk: int):
    organization_access(user=request.user, slug=slug, needs=[WRITE_RUBRICS])
    rubric = selectors.rubric_get(user=request.user, slug=slug, pk=pk)
    try:
        services.rubric_delete(rubric=rubric, by=request.user)
    except ApplicationError as refused:
        messages.error(request, refused.message)
        return _detail(rubric)
    messages.success(request, f"“{rubric}” is deleted.")
    return redirect("rubrics:index", slug=slug)


def _refused(builder: RubricBuilder, refused: ApplicationError) -> None:
    problems = getattr(refused, "problems", None) or {refused.field: refused.message}
    builder.add_problems(problems)


def _form_page(request, builder: RubricBuilder, *, organization, rubric):
    usage = selectors.rubric_usage(rubric=rubric) if rubric else None
    return TemplateResponse(
        request,
        "rubrics/form.html",
        {
            "organization": organization,
            "builder": builder,
            "form": builder.form,
            "criteria": builder.criteria,
            "rubric": rubric,
            "usage": usage,
            "assessment_count": (
                selectors.assessments_using(rubric=rubric).count() if rubric else 0
            ),
        },
        status=400 if builder.form.is_bound else 200,
    )
