"""The shortlist page of a role: ranked candidates, filters, sort, pages, bulk actions.

Owners, hiring managers and recruiters work it; reviewers and other organisations get a
404. Only owners and hiring managers switch blind mode (a recruiter gets a 403). Filters
and sort narrow the table in place through HTMX (the URL follows, so a filtered view can be
shared and the back button works) and as a plain GET form without JavaScript; the bulk bar
is a plain POST form that comes back to the same filtered page with what happened.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST

from config.errors import ApplicationError
from core.blind import identities, role_blind_mode_set
from core.vocabulary import CEFRLevel, Domain
from hiring.models import Application, Role
from hiring.pipeline.bulk import BULK_STAGES, applications_bulk_move
from hiring.roles import selectors
from hiring.shortlist.filters import (
    COMPONENT_LABELS,
    FIELDS,
    SCORES,
    SORT_COLUMNS,
    ShortlistQuery,
    query_string,
    shortlist_query,
)
from hiring.shortlist.selectors import (
    PAGE_SIZE,
    SHORTLIST_STAGES,
    shortlist_page,
    shortlist_stage_counts,
)

COMPARE_MIN, COMPARE_MAX = 2, 4
MOVE_STAGES = [(s.value, s.label) for s in BULK_STAGES if s != Application.Stage.REJECTED]


def _page_url(role: Role) -> str:
    return reverse("shortlist:page", args=[role.organization.slug, role.pk])


def compare_url(role: Role, application_ids) -> str:
    """The compare page for these applications (``hiring:compare``)."""
    try:
        base = reverse("hiring:compare", args=[role.organization.slug, role.pk])
    except NoReverseMatch:  # until the compare page is mounted
        base = f"/org/{role.organization.slug}/roles/{role.pk}/compare/"
    return f"{base}?{urlencode([('a', pk) for pk in application_ids])}"


def _page_number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), 10**6)


def _columns(query: ShortlistQuery) -> list[dict]:
    """The sortable headers: label, the query their link asks for, and aria-sort."""
    sort = query.sort
    columns = []
    for column, label in SORT_COLUMNS.items():
        current = column == sort.column
        columns.append(
            {
                "key": column,
                "label": label,
                "query": query_string(query.values, sort=sort.toggled(column).key),
                "current": current,
                "aria_sort": ("descending" if sort.descending else "ascending") if current else "",
                "arrow": ("↓" if sort.descending else "↑") if current else "↕",
                "num": column not in ("gates", "flags", "stage"),
            }
        )
    return columns


def _results_context(request, role: Role, query: ShortlistQuery) -> dict:
    number = _page_number(request.GET.get("page"))
    page = shortlist_page(
        role=role,
        filters=query.filters,
        sort=query.sort,
        offset=(number - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    base = query_string(query.values)
    return {
        "role": role,
        "organization": role.organization,
        "page": page,
        "page_number": number,
        "previous_query": query_string(query.values, page=number - 1 if number > 2 else ""),
        "next_query": query_string(query.values, page=number + 1),
        "query": base,
        "return_query": query_string(query.values, page=number if number > 1 else ""),
        "page_url": _page_url(role),
        # Each row links to its candidate page: the prefix once, not a reverse() per row.
        "detail_prefix": reverse("hiring:application", args=[role.organization.slug, 0])[:-2],
        "csv_url": reverse("api:shortlist-csv", args=[role.organization.slug, role.pk])
        + (f"?{base}" if base else ""),
        "columns": _columns(query),
        "sort_key": query.sort.key,
        "errors": query.errors,
        "field_errors": [(name, query.errors.get(name, "")) for name in FIELDS],
        "filtered": not query.filters.is_empty,
    }


@login_required
@require_GET
def shortlist(request, slug: str, pk: int):
    """The page, or (for HTMX) the results card alone. A bad filter is left out, shown
    beside its field, and answered with a 400."""
    role = selectors.pipeline_role_get(user=request.user, slug=slug, pk=pk, lean=True)
    query = shortlist_query(request.GET)
    context = _results_context(request, role, query)
    status = 200 if query.is_valid else 400
    if request.htmx and not request.htmx.history_restore_request:
        return TemplateResponse(
            request, "hiring/shortlist/_results.html", {**context, "oob": True}, status=status
        )
    values = query.values
    return TemplateResponse(
        request,
        "hiring/shortlist/page.html",
        {
            **context,
            "values": values,
            "stage_counts": shortlist_stage_counts(role=role),
            "domains": Domain.choices,
            "levels": CEFRLevel.choices,
            "role_languages": list(role.languages.values_list("language", flat=True)),
            "stages": [(s.value, s.label, s.value in values["stage"]) for s in SHORTLIST_STAGES],
            "minimums": [
                (
                    f"min_{name}",
                    COMPONENT_LABELS[name],
                    values[f"min_{name}"],
                    query.errors.get(f"min_{name}", ""),
                )
                for name in SCORES
            ],
            "move_stages": MOVE_STAGES,
            "read_only": role.status == Role.Status.CLOSED,
        },
        status=status,
    )


def _back(role: Role, request) -> str:
    """The shortlist page with the filters, sort and page the form was posted from (read
    again, so nothing but known parameters makes it into the redirect)."""
    posted = QueryDict(request.POST.get("query", ""))
    query = shortlist_query(posted)
    page = _page_number(posted.get("page"))
    back = query_string(query.values, page=page if page > 1 else "")
    return _page_url(role) + (f"?{back}" if back else "")


def _ids(values) -> list[int] | None:
    try:
        ids = [int(value) for value in values]
    except (TypeError, ValueError):
        return None
    return ids if all(0 < pk < 2**31 for pk in ids) else None


def _sentence(text: str) -> str:
    return text[:1].lower() + text[1:]


def bulk_message(role: Role, result) -> str:
    """ "Moved 3. Skipped 1: Amber Heron · 7KQ2MX — already at Interview." Names as blind
    mode allows (pseudonyms while hidden); ids outside the role are named by id only."""
    parts = [f"Moved {len(result.moved)}."]
    if result.skipped:
        ids = [pk for pk, _ in result.skipped]
        applications = Application.objects.filter(role=role, pk__in=ids).select_related("candidate")
        people = identities(applications, role=role)
        skipped = [
            f"{people[pk].display_name if pk in people else f'application #{pk}'} — "
            f"{_sentence(why)}"
            for pk, why in result.skipped
        ]
        parts.append(f"Skipped {len(result.skipped)}: {'; '.join(skipped)}.")
    return " ".join(parts)


@login_required
@require_POST
def shortlist_bulk(request, slug: str, pk: int):
    """Move, reject or compare the selected candidates; back to the same page after."""
    role = selectors.pipeline_role_get(user=request.user, slug=slug, pk=pk)
    back = _back(role, request)
    action = request.POST.get("action", "")
    ids = _ids(request.POST.getlist("a"))
    if ids is None:
        messages.error(request, "The selection holds something that is not an application.")
        return redirect(back)
    if action == "compare":
        if not COMPARE_MIN <= len(set(ids)) <= COMPARE_MAX:
            messages.error(
                request,
                f"Select {COMPARE_MIN} to {COMPARE_MAX} candidates to compare "
                f"(you selected {len(set(ids))}).",
            )
            return redirect(back)
        return redirect(compare_url(role, list(dict.fromkeys(ids))))
    if action not in ("move", "reject"):
        messages.error(request, "Choose what to do with the selected candidates.")
        return redirect(back)
    to_stage = (
        Application.Stage.REJECTED if action == "reject" else request.POST.get("to_stage", "")
    )
    try:
        result = applications_bulk_move(
            role=role,
            application_ids=ids,
            to_stage=to_stage,
            by=request.user,
            reason=request.POST.get("reason", "") if action == "reject" else "",
            notify=action == "move" and request.POST.get("notify") == "on",
        )
    except ApplicationError as refused:
        messages.error(request, refused.message)
        return redirect(back)
    text = bulk_message(role, result)
    if result.skipped:
        messages.warning(request, text)
    else:
        messages.success(request, text)
    return redirect(back)


@login_required
@require_POST
def shortlist_blind_mode(request, slug: str, pk: int):
    """Owners and hiring managers switch the role's blind mode (403 for recruiters)."""
    role = selectors.authoring_role_get(user=request.user, slug=slug, pk=pk)
    blind = request.POST.get("blind", "")
    if blind not in ("on", "off"):
        messages.error(request, "Say whether blind mode should be on or off.")
        return redirect(_back(role, request))
    role = role_blind_mode_set(role=role, blind=blind == "on")
    messages.success(
        request,
        "Blind mode is on: identities are hidden until the interview stage."
        if role.blind_mode
        else "Blind mode is off: the team sees every candidate's name.",
    )
    return redirect(_back(role, request))
