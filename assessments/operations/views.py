"""The team's calibration operations in the browser: invitations, extra time, attempts,
contests and payments. Thin: forms (ops_forms) check shapes, services decide, selectors read.

Only owners, hiring managers and recruiters reach these pages; for anyone else (a
reviewer, another organisation) they do not exist (404)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from assessments.models import Attempt, Contest
from assessments.operations import selectors
from assessments.operations.accommodations import accommodation_grant
from assessments.operations.contests import contest_resolve
from assessments.operations.forms import (
    AccommodationForm,
    BulkInviteForm,
    ContestResolveForm,
    PaymentBulkForm,
    PaymentFilterForm,
    PayoutExportForm,
    VoidForm,
)
from assessments.operations.invitations import application_invite, applications_invite
from assessments.operations.payments import (
    payment_void,
    payments_approve,
    payments_mark_paid,
    payout_export,
    payout_filename,
)
from config.errors import ApplicationError
from core.access import PIPELINE, organization_access

PER_PAGE = 50
EXPORTS_SHOWN = 10


def _first_error(form: forms.Form) -> str:
    return str(next(iter(form.errors.values()))[0])


def _add_service_error(form: forms.Form, error: ApplicationError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


# --- Overview -----------------------------------------------------------------------------


def _organization(request, slug: str):
    """The organisation, if the user works its pipeline; 404 otherwise."""
    return organization_access(user=request.user, slug=slug, needs=[PIPELINE]).organization


@login_required
def index(request, slug: str):
    organization = _organization(request, slug)
    return TemplateResponse(
        request,
        "assessments/ops/index.html",
        {
            "organization": organization,
            "assessments": selectors.assessments_overview(organization=organization),
            **selectors.operations_counts(organization=organization),
        },
    )


# --- Invitations ----------------------------------------------------------------------------


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def invite(request, slug: str, application_pk: int):
    organization = _organization(request, slug)
    application = selectors.application_get(organization=organization, pk=application_pk)
    try:
        application_invite(application=application, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        person = selectors.name_applications([application])[0].person
        messages.success(
            request, f"{person.display_name} is invited; the e-mail with the start link is sent."
        )
    fallback = reverse("hiring:role", kwargs={"slug": slug, "pk": application.role_id})
    return redirect(_safe_next(request, fallback))


@login_required
def role_invitations(request, slug: str, role_pk: int):
    """Invite several applicants of a role at once; each refusal is reported by name."""
    organization = _organization(request, slug)
    role = selectors.role_get(organization=organization, pk=role_pk)
    form = BulkInviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = applications_invite(
                    role=role, application_ids=form.cleaned_data["applications"], by=request.user
                )
            except ApplicationError as error:
                _add_service_error(form, error)
            else:
                if result.invited:
                    count = len(result.invited)
                    messages.success(request, f"Invited {count} candidate{'s' * (count != 1)}.")
                refused = dict(result.refused)
                for application in selectors.name_applications(refused):
                    messages.error(
                        request, f"{application.person.display_name}: {refused[application]}"
                    )
                return redirect(request.path)
        status = 400
    return TemplateResponse(
        request,
        "assessments/ops/role_invitations.html",
        {
            "organization": organization,
            "role": role,
            "form": form,
            "to_invite": selectors.name_applications(selectors.applications_to_invite(role=role)),
            "invited": selectors.name_applications(selectors.applications_invited(role=role)),
        },
        status=status,
    )


# --- Attempts and extra time -------------------------------------------------------------------


def _grant(request, form: AccommodationForm, assessment) -> bool:
    """Grants from a valid form; False (with the refusal on the form) when refused."""
    if not form.is_valid():
        return False
    try:
        grant = accommodation_grant(assessment=assessment, by=request.user, **form.grant_kwargs())
    except ApplicationError as error:
        _add_service_error(form, error)
        return False
    minutes = grant.minutes_for(assessment.time_limit_minutes)
    person = selectors.name_grants([grant])[0].person
    messages.success(
        request,
        f"Granted {minutes} extra minute{'s' * (minutes != 1)} to {person.display_name}.",
    )
    return True


@login_required
def attempts(request, slug: str, assessment_pk: int):
    organization = _organization(request, slug)
    assessment = selectors.assessment_get(organization=organization, pk=assessment_pk)
    state = request.GET.get("state", "")
    valid_state = state in ("", *Attempt.State.values)
    rows = selectors.attempts_for_assessment(
        assessment=assessment, state=state if valid_state else ""
    )
    page_obj = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    selectors.attempts_with_signals(page_obj.object_list)
    return TemplateResponse(
        request,
        "assessments/ops/attempts.html",
        {
            "organization": organization,
            "assessment": assessment,
            "page_obj": page_obj,
            "states": Attempt.State.choices,
            "current_state": state if valid_state else "",
            "state_error": "" if valid_state else f"“{state}” is not an attempt state.",
            "now": timezone.now(),
        },
        status=200 if valid_state else 400,
    )


@login_required
def attempt_detail(request, slug: str, pk: int):
    organization = _organization(request, slug)
    attempt = selectors.name_attempts([selectors.attempt_get(organization=organization, pk=pk)])[0]
    form = AccommodationForm(
        request.POST or None, assessment=attempt.assessment, candidate=attempt.candidate
    )
    if request.method == "POST" and _grant(request, form, attempt.assessment):
        return redirect(request.path)
    responses = selectors.attempt_responses(attempt=attempt)
    return TemplateResponse(
        request,
        "assessments/ops/attempt_detail.html",
        {
            "organization": organization,
            "attempt": attempt,
            "responses": responses,
            "item_count": len(attempt.item_order or []),
            "answered_count": sum(1 for r in responses if r.answer is not None),
            "flagged_count": sum(1 for r in responses if r.flagged_ambiguous),
            "signals": selectors.integrity_for(attempt),
            "accommodations": selectors.name_grants(
                selectors.accommodations_for(
                    assessment=attempt.assessment, candidate=attempt.candidate
                )
            ),
            "form": form,
            "can_grant": attempt.state == Attempt.State.IN_PROGRESS
            and attempt.deadline > timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def accommodations(request, slug: str, assessment_pk: int):
    """Every extra-time grant on an assessment, and a form to grant more, before or
    during a candidate's attempt."""
    organization = _organization(request, slug)
    assessment = selectors.assessment_get(organization=organization, pk=assessment_pk)
    form = AccommodationForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and _grant(request, form, assessment):
        return redirect(request.path)
    return TemplateResponse(
        request,
        "assessments/ops/accommodations.html",
        {
            "organization": organization,
            "assessment": assessment,
            "accommodations": selectors.name_grants(
                selectors.accommodations_for(assessment=assessment)
            ),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


# --- Contests -------------------------------------------------------------------------------


def _contests_page(request, organization, *, failed=None, failed_form=None, status=200):
    state = request.GET.get("state", Contest.State.OPEN)
    valid_state = state in ("", *Contest.State.values)
    contests = selectors.contests_for_organization(
        organization=organization, state=state if valid_state else Contest.State.OPEN
    )
    page_obj = Paginator(contests, PER_PAGE).get_page(request.GET.get("page"))
    for contest in selectors.name_by_attempt(page_obj.object_list):
        contest.answer_text = selectors.answer_text(contest.candidate_answer)
        contest.form = (
            failed_form
            if failed is not None and contest.pk == failed
            else ContestResolveForm(auto_id=f"contest-{contest.pk}-%s")
        )
    return TemplateResponse(
        request,
        "assessments/ops/contests.html",
        {
            "organization": organization,
            "page_obj": page_obj,
            "states": [("", "All"), *Contest.State.choices],
            "current_state": state if valid_state else Contest.State.OPEN,
            "state_error": "" if valid_state else f"“{state}” is not a contest state.",
            "failed_form": failed_form,
        },
        status=status if valid_state else 400,
    )


@login_required
def contests(request, slug: str):
    return _contests_page(request, _organization(request, slug))


@login_required
@require_POST
def contest_resolve_view(request, slug: str, pk: int):
    organization = _organization(request, slug)
    contest = selectors.contest_get(organization=organization, pk=pk)
    form = ContestResolveForm(request.POST, auto_id=f"contest-{contest.pk}-%s")
    if form.is_valid():
        try:
            contest = contest_resolve(contest=contest, by=request.user, **form.cleaned_data)
        except ApplicationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, f"Contest {contest.get_state_display().lower()}.")
            return redirect("calibration:contests", slug=slug)
    return _contests_page(request, organization, failed=contest.pk, failed_form=form, status=400)


# --- Payments -------------------------------------------------------------------------------


def _payments_page(
    request, organization, *, bulk_form=None, void_error=None, export_form=None, status=200
):
    filters = PaymentFilterForm(request.GET or None, organization=organization)
    valid = filters.is_valid() if request.GET else True
    chosen = filters.cleaned_data if request.GET and valid else {}
    rows = selectors.payments_for_organization(
        organization=organization,
        state=chosen.get("state") or "",
        assessment_id=chosen["assessment"].pk if chosen.get("assessment") else None,
    )
    page_obj = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    selectors.name_by_attempt(page_obj.object_list)
    return TemplateResponse(
        request,
        "assessments/ops/payments.html",
        {
            "organization": organization,
            "filters": filters,
            "page_obj": page_obj,
            "bulk_form": bulk_form or PaymentBulkForm(),
            "void_error": void_error,
            "export_form": export_form or PayoutExportForm(),
            "exports": selectors.payout_exports(organization=organization)[:EXPORTS_SHOWN],
            **selectors.operations_counts(organization=organization),
        },
        status=status if valid else 400,
    )


@login_required
def payments(request, slug: str):
    """Payments with filters; POST approves or marks paid the ticked ones, all or none."""
    organization = _organization(request, slug)
    if request.method != "POST":
        return _payments_page(request, organization)
    form = PaymentBulkForm(request.POST)
    if form.is_valid():
        ids = form.cleaned_data["payments"]
        try:
            if form.cleaned_data["action"] == "approve":
                count = payments_approve(
                    organization=organization, payment_ids=ids, by=request.user
                )
                done = "approved"
            else:
                count = payments_mark_paid(organization=organization, payment_ids=ids)
                done = "marked paid"
        except ApplicationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, f"{count} payment{'s' * (count != 1)} {done}.")
            return redirect(request.get_full_path())
    return _payments_page(request, organization, bulk_form=form, status=400)


@login_required
@require_POST
def payment_void_view(request, slug: str, pk: int):
    organization = _organization(request, slug)
    payment = selectors.payment_get(organization=organization, pk=pk)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            payment_void(payment=payment, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, f"Payment {payment.pk} voided.")
            return redirect(_safe_next(request, reverse("calibration:payments", args=[slug])))
    return _payments_page(
        request, organization, void_error=(payment.pk, _first_error(form)), status=400
    )


@login_required
@require_POST
def payout_export_view(request, slug: str):
    """The approved payments as CSV for the payout run (cells safe to open in a
    spreadsheet). The file names the candidates whatever blind mode hides, so it is a
    recorded reveal: refused (the payments page, 400) without a reason."""
    organization = _organization(request, slug)
    form = PayoutExportForm(request.POST)
    if form.is_valid():
        try:
            _, body = payout_export(
                organization=organization, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            _add_service_error(form, error)
        else:
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{payout_filename(slug)}"'
            return response
    return _payments_page(request, organization, export_form=form, status=400)
