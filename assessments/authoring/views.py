"""Pages where authors build assessments, items and gold; recruiters may look (no gold).

Who sees what (``core.access``): owners and hiring managers read and write
everything, gold included; recruiters see assessments and items without gold and get a
403 on writes; reviewers and other organisations get a 404.
"""

import json
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypedDict, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from assessments.authoring import preview, selectors
from assessments.authoring import services as authoring
from assessments.authoring.exporting import export_jsonl
from assessments.authoring.forms import (
    WIDGET_GOLD_KINDS,
    AssessmentForm,
    GoldImportForm,
    ItemForm,
    MoveForm,
)
from assessments.authoring.importing import GoldSetRefused, parse_gold_set
from assessments.models import Assessment, GoldChange, Item
from assessments.results import selectors as results_selectors
from config.errors import ApplicationError
from core.access import EDIT_ASSESSMENTS, PIPELINE, organization_access

PREVIEW_ROWS = 20
HISTORY_ROWS = 50
IMPORT_SESSION_KEY = "gold_import"


def _organization(request, slug: str, *, write: bool):
    """The user's access: 404 unless they read assessments here, 403 for a reader's write."""
    needs = [PIPELINE, EDIT_ASSESSMENTS] if write else [PIPELINE]
    return organization_access(user=request.user, slug=slug, needs=needs)


def _assessment(request, slug: str, pk: int, *, write: bool):
    access = _organization(request, slug, write=write)
    assessment = selectors.assessment_get(user=request.user, slug=slug, pk=pk)
    return assessment, access


def _pretty(value) -> str:
    return "—" if value is None else json.dumps(value, indent=2, ensure_ascii=False)


def _detail_url(assessment) -> str:
    return reverse("authoring:detail", args=[assessment.organization.slug, assessment.pk])


@login_required
def assessment_list(request, slug: str):
    organization = _organization(request, slug, write=False).organization
    return TemplateResponse(
        request,
        "assessments/authoring/list.html",
        {
            "organization": organization,
            "assessments": selectors.assessment_list(organization=organization),
        },
    )


@login_required
def assessment_create(request, slug: str):
    organization = _organization(request, slug, write=True).organization
    form = AssessmentForm(
        request.POST or None,
        organization=organization,
        initial={
            "time_limit_minutes": 60,
            "shuffle": True,
            "expected_items_per_hour": 30,
            "pay_amount": 0,
            "pay_currency": "USD",
            "rationale_count": 3,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = authoring.assessment_create(
                organization=organization, by=request.user, **form.service_fields()
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Assessment created. Add items or import a gold set.")
            return redirect(_detail_url(assessment))
    return TemplateResponse(
        request,
        "assessments/authoring/assessment_form.html",
        {"organization": organization, "form": form, "assessment": None},
        status=400 if form.errors else 200,
    )


class GoldShown(TypedDict):
    gold_display: str | None  # the gold answer in words; None without gold


class ChangeJson(TypedDict):
    before_json: str  # the gold before and after the change, as indented JSON
    after_json: str


if TYPE_CHECKING:  # django-stubs' types, not installed in production
    from django_stubs_ext import WithAnnotations

    ItemShown = WithAnnotations[Item, GoldShown]
    ChangeShown = WithAnnotations[GoldChange, ChangeJson]


def _items_with_gold_shown(assessment: Assessment) -> "list[ItemShown]":
    items = cast("list[ItemShown]", list(selectors.items_with_gold(assessment=assessment)))
    for item in items:
        gold = getattr(item, "gold", None)
        item.gold_display = ItemForm.show_answer(item.kind, gold.answer) if gold else None
    return items


def _history_shown(assessment: Assessment) -> "list[ChangeShown]":
    history = selectors.gold_history(assessment=assessment)[:HISTORY_ROWS]
    changes = cast("list[ChangeShown]", list(history))
    for change in changes:
        change.before_json = _pretty(change.before)
        change.after_json = _pretty(change.after)
    return changes


@login_required
def assessment_detail(request, slug: str, pk: int):
    assessment, access = _assessment(request, slug, pk, write=False)
    is_author = access.sees_gold
    items: Iterable[Item]
    history: list[ChangeShown] | None = None
    if is_author:
        items = _items_with_gold_shown(assessment)
        history = _history_shown(assessment)
    else:
        items = selectors.items_without_gold(assessment=assessment)
    return TemplateResponse(
        request,
        "assessments/authoring/detail.html",
        {
            "organization": assessment.organization,
            "assessment": assessment,
            "items": items,
            "is_author": is_author,
            "frozen": selectors.is_frozen(assessment),
            "kind_counts": selectors.kind_counts(assessment=assessment),
            "roles": selectors.roles_using(assessment=assessment),
            "gold_history": history,
            "kinds": Item.Kind.choices,
            **results_selectors.jobs_panel(assessment, is_author=is_author),
        },
    )


@login_required
def assessment_edit(request, slug: str, pk: int):
    assessment, _ = _assessment(request, slug, pk, write=True)
    form = AssessmentForm(
        request.POST or None,
        organization=assessment.organization,
        initial=AssessmentForm.initial_from(assessment),
    )
    if request.method == "POST" and form.is_valid():
        try:
            authoring.assessment_update(
                assessment=assessment, by=request.user, **form.service_fields()
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Settings saved.")
            return redirect(_detail_url(assessment))
    return TemplateResponse(
        request,
        "assessments/authoring/assessment_form.html",
        {
            "organization": assessment.organization,
            "form": form,
            "assessment": assessment,
            "frozen": selectors.is_frozen(assessment),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def assessment_new_version(request, slug: str, pk: int):
    assessment, _ = _assessment(request, slug, pk, write=True)
    copy = authoring.assessment_new_version(assessment=assessment, by=request.user)
    messages.success(
        request,
        f"Version {copy.version} created with {assessment.item_count} items and their gold. "
        "Attach it to a role on the role's form.",
    )
    return redirect(_detail_url(copy))


# --- Items ----------------------------------------------------------------------------


def _item_page(request, assessment, form, item=None, *, status=200):
    return TemplateResponse(
        request,
        "assessments/authoring/item_form.html",
        {
            "organization": assessment.organization,
            "assessment": assessment,
            "item": item,
            "form": form,
            "kind_label": Item.Kind(form.kind).label,
            "frozen": form.frozen,
        },
        status=status,
    )


@login_required
def item_create(request, slug: str, pk: int):
    assessment, _ = _assessment(request, slug, pk, write=True)
    if selectors.is_frozen(assessment):
        messages.error(request, authoring.FROZEN_MESSAGE)
        return redirect(_detail_url(assessment))
    kind = request.POST.get("kind") or request.GET.get("kind")
    if kind not in Item.Kind.values:
        return TemplateResponse(
            request,
            "assessments/authoring/item_kind.html",
            {
                "organization": assessment.organization,
                "assessment": assessment,
                "kinds": Item.Kind.choices,
            },
            status=400 if kind else 200,
        )
    form = ItemForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        gold = form.gold_payload()
        if gold is not None:
            try:
                authoring.item_create(
                    assessment=assessment, by=request.user, kind=kind, **form.item_payload(),
                    gold=gold,
                )  # fmt: skip
            except ApplicationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, "Item added.")
                return redirect(_detail_url(assessment) + "#items")
    return _item_page(request, assessment, form, status=400 if form.errors else 200)


@login_required
def item_edit(request, slug: str, pk: int, item_pk: int):
    assessment, _ = _assessment(request, slug, pk, write=True)
    item = selectors.item_get(assessment=assessment, pk=item_pk)
    frozen = selectors.is_frozen(assessment)
    form = ItemForm(
        request.POST or None,
        kind=item.kind,
        frozen=frozen,
        initial=ItemForm.initial_from(item),
    )
    if request.method == "POST" and form.is_valid():
        gold = form.gold_payload()
        if gold is not None:
            summary = form.cleaned_data.get("change_summary", "")
            try:
                if frozen:  # only the gold may change; the item fields are disabled
                    authoring.gold_update(item=item, by=request.user, summary=summary, **gold)
                else:
                    authoring.item_update(
                        item=item, by=request.user, summary=summary, gold=gold,
                        **form.item_payload(),
                    )  # fmt: skip
            except ApplicationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, f"Item #{item.position} saved.")
                return redirect(_detail_url(assessment) + f"#item-{item.pk}")
    return _item_page(request, assessment, form, item, status=400 if form.errors else 200)


@login_required
@require_POST
def gold_widget(request, slug: str, pk: int, item_pk: int | None = None):
    """The item editor's gold widget, rendered again from the item's fields as posted (the
    item is not saved): the candidate's widget for setting the gold without JSON."""
    assessment, _ = _assessment(request, slug, pk, write=True)
    if item_pk is None:
        kind = request.POST.get("kind")
        if kind not in WIDGET_GOLD_KINDS:
            return HttpResponse("Gold is set with a widget only for spans, ranking, rating "
                                "and error identification items.", status=400)  # fmt: skip
        form = ItemForm(request.POST, kind=kind)
    else:
        item = selectors.item_get(assessment=assessment, pk=item_pk)
        form = ItemForm(
            request.POST,
            kind=item.kind,
            frozen=selectors.is_frozen(assessment),
            initial=ItemForm.initial_from(item),
        )
    return TemplateResponse(
        request, "assessments/authoring/_gold_widget.html", {"gold": form.gold_widget()}
    )


def _refused(request, assessment, error: ApplicationError):
    messages.error(request, error.message)
    return redirect(_detail_url(assessment) + "#items")


@login_required
@require_POST
def item_delete(request, slug: str, pk: int, item_pk: int):
    assessment, _ = _assessment(request, slug, pk, write=True)
    item = selectors.item_get(assessment=assessment, pk=item_pk)
    try:
        authoring.item_delete(item=item, by=request.user)
    except ApplicationError as error:
        return _refused(request, assessment, error)
    messages.success(request, f"Item #{item.position} deleted; the others moved up.")
    return redirect(_detail_url(assessment) + "#items")


@login_required
@require_POST
def item_move(request, slug: str, pk: int, item_pk: int):
    assessment, _ = _assessment(request, slug, pk, write=True)
    item = selectors.item_get(assessment=assessment, pk=item_pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, assessment, ApplicationError("Move an item up or down."))
    try:
        authoring.item_move(item=item, direction=form.cleaned_data["direction"], by=request.user)
    except ApplicationError as error:
        return _refused(request, assessment, error)
    return redirect(_detail_url(assessment) + f"#item-{item.pk}")


# --- Import, export, preview ----------------------------------------------------------


def _import_page(request, assessment, *, form, gold_set=None, errors=None, token="", status=200):
    return TemplateResponse(
        request,
        "assessments/authoring/import.html",
        {
            "organization": assessment.organization,
            "assessment": assessment,
            "form": form,
            "gold_set": gold_set,
            "preview_rows": gold_set.items[:PREVIEW_ROWS] if gold_set else None,
            "errors": errors,
            "token": token,
            "frozen": selectors.is_frozen(assessment),
        },
        status=status,
    )


def _parse_stored(assessment, stored: dict):
    return parse_gold_set(
        stored["text"].encode(),
        filename=stored["filename"],
        existing=authoring.existing_fingerprints(assessment),
    )


@login_required
def gold_import(request, slug: str, pk: int):
    """Upload → parse → preview. The file stays in the session until it is confirmed."""
    assessment, _ = _assessment(request, slug, pk, write=True)
    form = GoldImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _import_page(request, assessment, form=form)
    if selectors.is_frozen(assessment):
        form.add_error(None, authoring.FROZEN_MESSAGE)
    if not form.is_valid():
        return _import_page(request, assessment, form=form, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        gold_set = parse_gold_set(
            data, filename=upload.name, existing=authoring.existing_fingerprints(assessment)
        )
    except GoldSetRefused as refused:
        return _import_page(request, assessment, form=form, errors=refused.errors, status=400)
    token = secrets.token_urlsafe(16)
    request.session[IMPORT_SESSION_KEY] = {
        "token": token,
        "assessment": assessment.pk,
        "filename": upload.name,
        "text": data.decode("utf-8-sig"),
    }
    return _import_page(request, assessment, form=GoldImportForm(), gold_set=gold_set, token=token)


@login_required
@require_POST
def gold_import_confirm(request, slug: str, pk: int):
    """Re-reads the previewed file and writes every item, or nothing."""
    assessment, _ = _assessment(request, slug, pk, write=True)
    stored = request.session.get(IMPORT_SESSION_KEY) or {}
    if stored.get("assessment") != assessment.pk or stored.get("token") != request.POST.get(
        "token"
    ):
        messages.error(request, "That preview has expired; upload the file again.")
        return redirect("authoring:import", slug, assessment.pk)
    try:
        gold_set = _parse_stored(assessment, stored)
        count = authoring.gold_set_import(
            assessment=assessment, gold_set=gold_set, by=request.user, source=stored["filename"]
        )
    except GoldSetRefused as refused:
        return _import_page(
            request, assessment, form=GoldImportForm(), errors=refused.errors, status=400
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("authoring:import", slug, assessment.pk)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(request, f"Imported {count} item{'s' if count != 1 else ''} with gold.")
    return redirect(_detail_url(assessment) + "#items")


@login_required
def gold_export(request, slug: str, pk: int):
    assessment, _ = _assessment(request, slug, pk, write=True)
    body = export_jsonl(selectors.items_with_gold(assessment=assessment))
    response = HttpResponse(body, content_type="application/x-ndjson; charset=utf-8")
    filename = f"{assessment.organization.slug}-assessment-{assessment.pk}-v{assessment.version}"
    response["Content-Disposition"] = f'attachment; filename="{filename}-gold.jsonl"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def candidate_preview(request, slug: str, pk: int):
    """The candidate's start screen; Start begins the preview's clock (in the session: the
    preview writes nothing else) and opens the candidate's item screen."""
    assessment, _ = _assessment(request, slug, pk, write=False)
    count = selectors.items_without_gold(assessment=assessment).count()
    if request.method == "POST" and count:
        preview.start(request.session, assessment)
        return redirect("authoring:preview_item", slug, assessment.pk, 1)
    return TemplateResponse(
        request,
        "assessments/attempt/start.html",
        {
            "organization": assessment.organization,
            "preview": True,
            "a": assessment,
            "item_count": count,
            "can_start": count > 0,
        },
    )


@login_required
def preview_item(request, slug: str, pk: int, position: int):
    """One item on the candidate's item screen, read without its gold; nothing is sent
    back (no autosave, no flags, no activity)."""
    assessment, _ = _assessment(request, slug, pk, write=False)
    clock = preview.running(request.session, assessment)
    if clock is None:
        messages.info(
            request,
            "The preview’s clock is not running: it was not started, or its time is up "
            "(a candidate’s saved answers would now be submitted). Start it again.",
        )
        return redirect("authoring:preview", slug, assessment.pk)
    items = list(selectors.items_without_gold(assessment=assessment))
    if not 1 <= position <= len(items):
        raise Http404("No such item in this assessment.")
    return TemplateResponse(
        request,
        "assessments/attempt/item.html",
        {
            "organization": assessment.organization,
            "preview": clock,
            "attempt": clock,
            "assessment": assessment,
            "item": items[position - 1],
            "response": None,
            "readonly": False,
            "key": position,
            "position": position,
            "total": len(items),
            "answered": 0,
            "nav": preview.nav(len(items)),
            "previous": position - 1 if position > 1 else None,
            "next": position + 1 if position < len(items) else None,
            "now": timezone.now(),
        },
    )
