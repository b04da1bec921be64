from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from assessments.attempts.selectors import attempts_of_candidate
from assessments.audits.mine import my_quality
from assessments.audits.selectors import batches_of_trainer
from candidates import services
from candidates.forms import PROFILE_FORMSETS, ProfileForm
from candidates.selectors import (
    applications_for_candidate_page,
    profile_missing_sections,
    profile_of,
    profile_section_rows,
)
from config.errors import ApplicationError
from hiring.models import Application
from hiring.pipeline.applying import application_withdraw


@login_required
def dashboard(request):
    profile = profile_of(user=request.user)
    return TemplateResponse(
        request,
        "candidates/dashboard.html",
        {
            "profile": profile,
            "missing_sections": profile_missing_sections(profile=profile),
            "applications": applications_for_candidate_page(user=request.user),
            "attempts": attempts_of_candidate(user=request.user),
            "audit_batches": batches_of_trainer(user=request.user),
        },
    )


@login_required
def my_quality_page(request):
    """A hired trainer's own quality: weekly measures and 90-day progress, per role."""
    return TemplateResponse(
        request,
        "candidates/quality.html",
        {"roles": my_quality(user=request.user)},
    )


def _profile_forms(request, profile):
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, initial=ProfileForm.initial_from(profile))
    formsets = {
        section: formset_class(
            data, prefix=section, initial=profile_section_rows(profile=profile, section=section)
        )
        for section, formset_class in PROFILE_FORMSETS.items()
    }
    return form, formsets


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    """The whole profile on one page; it saves entirely or not at all."""
    profile = services.profile_get_or_create(user=request.user)
    form, formsets = _profile_forms(request, profile)
    status = 200
    if request.method == "POST":
        if form.is_valid() and all(formset.is_valid() for formset in formsets.values()):
            had_consent = profile.has_consented
            values = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
            try:
                services.profile_update(
                    user=request.user,
                    values=values,
                    nested={section: fs.rows() for section, fs in formsets.items()},
                    consent=form.cleaned_data["consent"],
                )
            except ValidationError as error:
                for field, field_errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            else:
                if had_consent and not form.cleaned_data["consent"]:
                    messages.warning(
                        request,
                        "You withdrew your consent to processing of your data. You cannot "
                        "apply to roles until you give it again.",
                    )
                else:
                    messages.success(request, "Your profile is saved.")
                return redirect("candidates:profile")
        status = 400
    return TemplateResponse(
        request,
        "candidates/profile_form.html",
        {
            "form": form,
            "formsets": formsets,
            "formsets_have_errors": any(
                formset.is_bound and not formset.is_valid() for formset in formsets.values()
            ),
            "profile": profile,
        },
        status=status,
    )


@login_required
def applications(request):
    return TemplateResponse(
        request,
        "candidates/applications.html",
        {"applications": applications_for_candidate_page(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw_confirm(request, pk: int):
    application = get_object_or_404(
        Application.objects.filter(candidate=request.user).select_related(
            "role", "role__organization"
        ),
        pk=pk,
    )
    if request.method == "POST":
        try:
            application_withdraw(candidate=request.user, application_id=application.pk)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"You withdrew your application to {application.role}.")
        return redirect("candidates:applications")
    return TemplateResponse(
        request, "candidates/application_withdraw.html", {"application": application}
    )
