"""The candidate's attempt in the browser: start, one item per screen, review, submitted.

Thin views over ``assessments.attempts.services`` (writes) and ``assessments.attempts.selectors``
(reads). Another candidate's attempt or an item outside the attempt is a 404. Answers are
autosaved by HTMX: a refused answer answers 400 and a closed attempt 409, each with a
message swapped into the page, and the previous answer stays saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from assessments.attempts import selectors
from assessments.attempts.feedback import attempt_feedback
from assessments.attempts.posted_answers import answer_from_form
from assessments.attempts.services import (
    CONTEST_MIN_LENGTH,
    RATIONALE_MIN_LENGTH,
    AttemptClosedError,
    RationaleError,
    attempt_close_if_overdue,
    attempt_finish,
    attempt_rationales_save,
    attempt_record_activity,
    attempt_start,
    contest_create,
    rationale_rule,
    response_autosave,
    response_flag,
)
from assessments.item_kinds import AnswerError, whole_number
from assessments.models import Attempt, Contest, Item
from assessments.scoring.bands import BANDS
from config import json_input
from config.errors import ApplicationError
from hiring.models import Application


def _own_attempt(request, pk: int) -> Attempt:
    try:
        attempt = selectors.attempt_of_candidate(user=request.user, pk=pk)
    except Attempt.DoesNotExist:
        raise Http404("No such attempt.") from None
    return attempt_close_if_overdue(attempt=attempt)


def _item_at(attempt: Attempt, position: int) -> Item:
    try:
        return selectors.item_at(attempt=attempt, position=position)
    except Item.DoesNotExist:
        raise Http404("No such item in this attempt.") from None


def _closed_redirect(request, attempt: Attempt):
    if attempt.auto_submitted and attempt.purpose == Attempt.Purpose.AUDIT:
        messages.info(
            request,
            "The due date passed before you submitted, so this batch is recorded as missed. "
            "Every answer you saved is kept.",
        )
    elif attempt.auto_submitted:
        messages.info(
            request,
            "Time was up, so your attempt was submitted automatically with every answer "
            "you saved before the deadline.",
        )
    return redirect("attempts:submitted", pk=attempt.pk)


@login_required
@require_http_methods(["GET", "POST"])
def start(request, application_pk: int):
    try:
        application = selectors.application_of_candidate(user=request.user, pk=application_pk)
    except Application.DoesNotExist:
        raise Http404("No such application.") from None
    existing = selectors.attempt_for_application(application=application)
    if existing is not None:
        return redirect("attempts:attempt", pk=existing.pk)
    assessment = application.role.assessment
    error = None
    if request.method == "POST":
        try:
            attempt = attempt_start(application=application, candidate=request.user)
        except ApplicationError as refused:
            error = refused.message
        else:
            return redirect("attempts:attempt", pk=attempt.pk)
    item_count = 0
    if assessment is not None:
        item_count = assessment.items_per_attempt or assessment.items.count()
        item_count = min(item_count, assessment.items.count())
    can_start = (
        assessment is not None and item_count > 0 and application.stage == Application.Stage.INVITED
    )
    return TemplateResponse(
        request,
        "assessments/attempt/start.html",
        {
            "application": application,
            "a": assessment,
            "item_count": item_count,
            "can_start": can_start,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
def attempt(request, pk: int):
    attempt = _own_attempt(request, pk)
    if attempt.state != Attempt.State.IN_PROGRESS:
        return _closed_redirect(request, attempt)
    position = min(attempt.current_position, len(attempt.item_order) - 1) + 1
    return redirect("attempts:item", pk=attempt.pk, position=position)


@login_required
def item(request, pk: int, position: int):
    attempt = _own_attempt(request, pk)
    if attempt.state != Attempt.State.IN_PROGRESS:
        return _closed_redirect(request, attempt)
    item = _item_at(attempt, position)
    attempt_record_activity(attempt_id=attempt.pk, number=None, position=position - 1)
    responses = selectors.responses_by_item(attempt=attempt)
    nav = selectors.attempt_nav(attempt=attempt, responses=responses)
    total = len(attempt.item_order)
    return TemplateResponse(
        request,
        "assessments/attempt/item.html",
        {
            "attempt": attempt,
            "assessment": attempt.assessment,
            "item": item,
            "response": responses.get(item.pk),
            "readonly": False,
            "key": position,
            "position": position,
            "total": total,
            "answered": sum(entry.answered for entry in nav),
            "nav": nav,
            "previous": position - 1 if position > 1 else None,
            "next": position + 1 if position < total else None,
            "now": timezone.now(),
        },
    )


def _status(request, template: str, context: dict, status: int = 200):
    return TemplateResponse(request, f"assessments/attempt/{template}", context, status=status)


def _partial(template: str, context: dict, status: int = 200) -> HttpResponse:
    """An HTMX fragment that needs no request context (and so no context processors)."""
    html = render_to_string(f"assessments/attempt/{template}", context)
    return HttpResponse(html, status=status)


def _closed_status(request, attempt: Attempt, error: ApplicationError):
    attempt_close_if_overdue(attempt=attempt)
    return _partial(
        "_save_status.html", {"error": error.message, "closed": True, "attempt": attempt}, 409
    )


@transaction.non_atomic_requests
@login_required
@require_POST
def answer(request, pk: int, position: int):
    """The autosave: kept to a handful of queries, as every change of every candidate lands here.

    Not wrapped in the request's transaction: ``response_autosave`` is the one transaction
    (its row lock included), so a save costs no savepoints."""
    try:
        events = _events(request.POST.get("events"))
    except json_input.JSONInputError as refused:
        message = f"The page's activity report (events) could not be read: {refused}"
        return _partial("_save_status.html", {"error": message}, status=400)
    try:
        saved_at = response_autosave(
            candidate=request.user,
            attempt_id=pk,
            position=position,
            read_answer=lambda item: answer_from_form(item, request.POST),
            elapsed_ms=request.POST.get("elapsed_ms", 0),
            events=events,
        )
    except (Attempt.DoesNotExist, Item.DoesNotExist):
        raise Http404("No such item in your attempts.") from None
    except AttemptClosedError as closed:
        return _closed_status(request, Attempt.objects.get(pk=pk, candidate=request.user), closed)
    except AnswerError as refused:
        return _partial("_save_status.html", {"error": str(refused)}, status=400)
    except ApplicationError as refused:
        return _partial("_save_status.html", {"error": refused.message}, status=400)
    return _partial("_save_status.html", {"saved_at": saved_at})


@login_required
@require_POST
def flag(request, pk: int, position: int):
    attempt = _own_attempt(request, pk)
    try:
        response = response_flag(
            attempt_id=attempt.pk,
            number=position,
            flagged=request.POST.get("flagged") == "on",
            note=request.POST.get("ambiguity_note", ""),
        )
    except Item.DoesNotExist:
        raise Http404("No such item in this attempt.") from None
    except AttemptClosedError as closed:
        return _closed_status(request, attempt, closed)
    except ApplicationError as refused:
        return _partial("_save_status.html", {"error": refused.message}, status=400)
    return _partial("_save_status.html", {"saved_at": response.updated_at})


def _events(raw: str | None) -> list:
    """The integrity events the page posted (a JSON list); ``JSONInputError`` when they
    cannot be read safely."""
    events = json_input.loads(raw or "[]")
    return events if isinstance(events, list) else []


@login_required
@require_POST
def activity(request, pk: int):
    """The page's beacon: time on the item shown (posted as its number), tab switches,
    focus losses. Never refuses."""
    try:
        attempt = selectors.attempt_of_candidate(user=request.user, pk=pk)
    except Attempt.DoesNotExist:
        raise Http404("No such attempt.") from None
    try:
        number = int(request.POST.get("item", ""))
    except ValueError:
        number = None
    try:
        events = _events(request.POST.get("events"))
    except json_input.JSONInputError:
        events = []  # telemetry: an unreadable report is dropped, never refused
    attempt_record_activity(
        attempt_id=attempt.pk,
        number=number,
        elapsed_ms=request.POST.get("elapsed_ms", 0),
        events=events,
    )
    return HttpResponse(status=204)


def _review_context(attempt: Attempt, *, posted=None, errors=None) -> dict:
    items = selectors.items_in_order(attempt=attempt)
    responses = selectors.responses_by_item(attempt=attempt)
    rule = rationale_rule(attempt)
    rows = []
    for number, item in enumerate(items, start=1):
        response = responses.get(item.pk)
        if posted is not None:
            hardest = str(number) in posted.getlist("hardest")
            rationale = posted.get(f"rationale_{number}", "")
        else:
            hardest = bool(response and response.hardest)
            rationale = response.rationale if response else ""
        rows.append(
            {
                "number": number,
                "item": item,
                "answered": bool(response and response.answer is not None),
                "asked": item.pk in rule.asked,
                "flagged": bool(response and response.flagged_ambiguous),
                "note": response.ambiguity_note if response else "",
                "hardest": hardest,
                "rationale": rationale,
                "error": (errors or {}).get(f"rationale_{number}"),
            }
        )
    return {
        "attempt": attempt,
        "assessment": attempt.assessment,
        "rows": rows,
        "answered": sum(row["answered"] for row in rows),
        "flagged": sum(row["flagged"] for row in rows),
        "slots": rule.slots,
        "picks_needed": rule.picks_needed,
        "min_length": RATIONALE_MIN_LENGTH,
        "errors": errors or {},
        "now": timezone.now(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    attempt = _own_attempt(request, pk)
    if attempt.state != Attempt.State.IN_PROGRESS:
        return _closed_redirect(request, attempt)
    if request.method == "GET":
        return _status(request, "review.html", _review_context(attempt))
    hardest = request.POST.getlist("hardest")
    rationales = {
        key.removeprefix("rationale_"): value
        for key, value in request.POST.items()
        if key.startswith("rationale_")
    }
    try:
        if request.POST.get("action") == "submit":
            attempt_finish(attempt_id=attempt.pk, hardest=hardest, rationales=rationales)
            attempt.refresh_from_db()
            if attempt.auto_submitted:
                return _closed_redirect(request, attempt)
            messages.success(request, "Submitted. Thank you: your answers are in.")
            return redirect("attempts:submitted", pk=attempt.pk)
        attempt_rationales_save(attempt_id=attempt.pk, hardest=hardest, rationales=rationales)
    except AttemptClosedError:
        attempt = attempt_close_if_overdue(attempt=attempt)
        return _closed_redirect(request, attempt)
    except RationaleError as refused:
        context = _review_context(attempt, posted=request.POST, errors=refused.errors)
        return _status(request, "review.html", context, status=400)
    except ApplicationError as refused:
        context = _review_context(
            attempt, posted=request.POST, errors={refused.field: refused.message}
        )
        return _status(request, "review.html", context, status=400)
    messages.success(request, "Rationales saved.")
    return redirect("attempts:review", pk=attempt.pk)


@login_required
def submitted(request, pk: int):
    attempt = _own_attempt(request, pk)
    if attempt.state == Attempt.State.IN_PROGRESS:
        return redirect("attempts:attempt", pk=attempt.pk)
    contests = list(selectors.contests_of(attempt=attempt))
    numbers = selectors.item_numbers(attempt=attempt)
    return _status(
        request,
        "submitted.html",
        {
            "attempt": attempt,
            "assessment": attempt.assessment,
            "payment": selectors.payment_of(attempt=attempt),
            "contests": [(numbers.get(c.item_id), c) for c in contests],
            "contests_left": max(0, Contest.MAX_PER_ATTEMPT - len(contests)),
            "max_contests": Contest.MAX_PER_ATTEMPT,
        },
    )


@login_required
def feedback(request, pk: int):
    """After scoring: my components as cohort percentile bands, what the team looks at
    next, and how to contest an item. Never gold, never another candidate."""
    attempt = _own_attempt(request, pk)
    if attempt.state == Attempt.State.IN_PROGRESS:
        return redirect("attempts:attempt", pk=attempt.pk)
    if attempt.purpose == Attempt.Purpose.AUDIT:
        raise Http404("Audit batches have no feedback page.")
    context = {
        "attempt": attempt,
        "assessment": attempt.assessment,
        "feedback": attempt_feedback(attempt=attempt),
        "bands": BANDS,
    }
    return _status(request, "feedback.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contest(request, pk: int):
    attempt = _own_attempt(request, pk)
    if attempt.state == Attempt.State.IN_PROGRESS:
        return redirect("attempts:attempt", pk=attempt.pk)
    if attempt.purpose == Attempt.Purpose.AUDIT:
        raise Http404("Audit batches are not contested.")
    items = selectors.items_in_order(attempt=attempt)
    responses = selectors.responses_by_item(attempt=attempt)
    contested = set(selectors.contests_of(attempt=attempt).values_list("item_id", flat=True))
    raw_number = request.POST.get("item") or request.GET.get("item") or ""
    number = whole_number(raw_number)
    chosen = items[number - 1] if number and 1 <= number <= len(items) else None
    if raw_number and chosen is None:
        raise Http404("No such item in this attempt.")
    error, reason = {}, request.POST.get("reason", "")
    if request.method == "POST":
        try:
            if chosen is None:
                raise ApplicationError("Choose the item you want to contest.", field="item")
            contest_create(attempt_id=attempt.pk, number=number, reason=reason)
        except ApplicationError as refused:
            error = {refused.field: refused.message}
        else:
            messages.success(
                request, f"Item {number} contested. The team reviews it and replies here."
            )
            return redirect("attempts:submitted", pk=attempt.pk)
    return _status(
        request,
        "contest.html",
        {
            "attempt": attempt,
            "assessment": attempt.assessment,
            "rows": [
                {"number": n, "item": it, "contested": it.pk in contested}
                for n, it in enumerate(items, start=1)
            ],
            "chosen": chosen,
            "number": number,
            "item": chosen,
            "key": number,
            "response": responses.get(chosen.pk) if chosen else None,
            "readonly": True,
            "reason": reason,
            "error": error,
            "min_length": CONTEST_MIN_LENGTH,
            "contests_left": max(0, Contest.MAX_PER_ATTEMPT - len(contested)),
        },
        status=400 if error else 200,
    )
