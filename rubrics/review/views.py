"""Blind review in the browser, under ``/org/<slug>/reviews/``: the queue, one task (its
primary review, senior re-score or adjudication), reviewer agreement, and the share of
answers a senior re-scores.

Thin: ``rubrics.review.selectors`` reads (blind: no identity, no score, no gold),
``rubrics.review.services`` decides. Owners, hiring managers, reviewers and senior
reviewers reach these pages; a recruiter gets a 403, another organisation a 404.
"""

from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.item_kinds import whole_number
from config.errors import ApplicationError
from core.access import QUEUE, SET_SHARE, organization_access
from rubrics.models import Review, ReviewTask
from rubrics.review import arithmetic as review_math
from rubrics.review import selectors
from rubrics.review.services import (
    ReviewScoresError,
    review_submit,
    senior_share_set,
)

PER_PAGE = 50
State = ReviewTask.State
Tier = Review.Tier
SUBMIT_LABELS: dict[str, str] = {
    Tier.PRIMARY: "Save review",
    Tier.SENIOR: "Save re-score",
    Tier.ADJUDICATION: "Save adjudication",
}
SUBMITTED: dict[str, str] = {
    Tier.PRIMARY: "Review saved.",
    Tier.SENIOR: "Re-score saved.",
    Tier.ADJUDICATION: "Adjudication saved: the answer's review is finished.",
}


def _queue_url(slug: str, tab: str = "") -> str:
    url = reverse("reviews:queue", args=[slug])
    return f"{url}?{urlencode({'tab': tab})}" if tab else url


def _next_url(slug: str, tier: str, after: int | None = None) -> str:
    query = {"tier": tier, **({"after": after} if after else {})}
    return f"{reverse('reviews:next', args=[slug])}?{urlencode(query)}"


# --- The queue ------------------------------------------------------------------------------


@login_required
@require_GET
def queue(request, slug: str):
    access = organization_access(user=request.user, slug=slug, needs=[QUEUE])
    organization = access.organization
    tiers = access.review_tiers
    tab = request.GET.get("tab") or (tiers[0] if tiers else State.DONE)
    if tab not in State.values:
        tab = State.PRIMARY
    counts = selectors.queue_counts(organization=organization)
    tasks = selectors.review_queue(organization=organization, state=tab, user=request.user)
    page_obj = Paginator(tasks, PER_PAGE).get_page(request.GET.get("page"))
    rows = [selectors.queue_row(task) for task in page_obj.object_list]
    return TemplateResponse(
        request,
        "rubrics/reviews/queue.html",
        {
            "organization": organization,
            "tab": tab,
            "tabs": [(state.value, label, counts[state.value]) for state, label in selectors.TABS],
            "counts": counts,
            "rows": rows,
            "page_obj": page_obj,
            "can_review_tab": tab != State.DONE and access.may_review_tier(tab),
            "share_percent": round(float(organization.senior_review_share) * 100),
        },
    )


@login_required
@require_GET
def review_next(request, slug: str):
    """Opens the oldest task waiting for the tier that the user may score, skipping the
    ones they scored already (and, with ``after``, the one they are skipping)."""
    access = organization_access(user=request.user, slug=slug, needs=[QUEUE])
    organization = access.organization
    tier = request.GET.get("tier") or Tier.PRIMARY
    if tier not in Tier.values or not access.may_review_tier(tier):
        raise PermissionDenied("You do not review at that tier.")
    after = None
    if (after_pk := whole_number(request.GET.get("after"))) is not None:
        after = (
            selectors.review_queue(organization=organization, state=tier)
            .filter(pk=after_pk)
            .first()
        )
    task = selectors.next_task_for(
        reviewer=request.user, organization=organization, tier=tier, after=after
    )
    if task is None:
        messages.info(request, "Nothing left for you to score here. Thank you!")
        return redirect(_queue_url(slug, tier))
    return redirect("reviews:task", slug=slug, pk=task.pk)


# --- One task -------------------------------------------------------------------------------


def _posted_levels(request, criteria: list[selectors.CriterionShown]) -> dict:
    """{criterion id: the level posted, as text or None}; the service checks them."""
    return {c["id"]: request.POST.get(f"criterion_{c['id']}") or None for c in criteria}


@login_required
@require_http_methods(["GET", "POST"])
def task(request, slug: str, pk: int):
    access = organization_access(user=request.user, slug=slug, needs=[QUEUE])
    organization = access.organization
    task = selectors.task_get(organization=organization, pk=pk)
    blind = selectors.blind_task(task=task)
    task_access = selectors.task_access(task=task, access=access, reviewer=request.user)
    tier, can_score = task_access.tier, task_access.can_score
    errors, general_error, posted, status = {}, None, {}, 200
    comment = ""
    if request.method == "POST":
        if not can_score and tier is not None and not access.may_review_tier(tier):
            raise PermissionDenied("You do not review at this tier.")
        posted = _posted_levels(request, blind.criteria)
        comment = request.POST.get("comment", "")
        submitted_tier = request.POST.get("tier") or tier or ""
        try:
            review = review_submit(
                task_id=task.pk,
                reviewer=request.user,
                tier=submitted_tier,
                levels=posted,
                comment=comment,
            )
        except ReviewScoresError as error:
            errors = error.problems
            status = 400
        except ApplicationError as error:
            general_error = error.message
            status = 400
        else:
            message = SUBMITTED[review.tier]
            moved = review.task  # the task as review_submit left it
            if review.tier == Tier.SENIOR and moved and moved.state == State.ADJUDICATION:
                message = (
                    "Re-score saved. The two reviews differ by more than one level on a "
                    "criterion, so the answer goes to adjudication."
                )
            messages.success(request, message)
            return redirect(_next_url(slug, review.tier))
    for criterion in blind.criteria:
        criterion["error"] = errors.get(f"criterion_{criterion['id']}")
        value = posted.get(criterion["id"])
        criterion["chosen"] = whole_number(value)
    side_by_side = None
    if task_access.show_scores:
        side_by_side = selectors.task_reviews(task=task, criteria=blind.criteria)
    return TemplateResponse(
        request,
        "rubrics/reviews/task.html",
        {
            "organization": organization,
            "blind": blind,
            "task": task,
            "tier": tier,
            "tier_label": Tier(tier).label if tier else "",
            "submit_label": SUBMIT_LABELS.get(tier, "") if tier else "",
            "can_score": can_score,
            "mine": task_access.mine,
            "side_by_side": side_by_side,
            "errors": errors,
            "other_errors": [
                message
                for key, message in errors.items()
                if key not in {f"criterion_{c['id']}" for c in blind.criteria}
            ],
            "general_error": general_error,
            "comment": comment,
            "levels": review_math.LEVELS,
            "skip_url": _next_url(slug, tier, after=task.pk) if can_score and tier else "",
        },
        status=status,
    )


# --- Agreement and settings -----------------------------------------------------------------


@login_required
@require_GET
def agreement(request, slug: str):
    access = organization_access(user=request.user, slug=slug, needs=[QUEUE])
    organization = access.organization
    everyone = access.may_see_everyones_agreement
    rows = selectors.reviewer_agreement_rows(
        organization=organization, reviewer_ids=None if everyone else [request.user.pk]
    )
    return TemplateResponse(
        request,
        "rubrics/reviews/agreement.html",
        {
            "organization": organization,
            "rows": rows,
            "everyone": everyone,
            "drift_kappa": review_math.DRIFT_KAPPA,
            "drift_min_pairs": review_math.DRIFT_MIN_PAIRS,
            "share_percent": round(float(organization.senior_review_share) * 100),
        },
    )


@login_required
@require_POST
def share_settings(request, slug: str):
    """Owners and hiring managers: the percentage of answers a senior re-scores blind."""
    organization = organization_access(
        user=request.user, slug=slug, needs=[QUEUE, SET_SHARE]
    ).organization
    refusal = "Give the senior share as a percentage from 0 to 100."
    try:
        percent = Decimal((request.POST.get("share_percent") or "").strip())
    except InvalidOperation:
        messages.error(request, refusal)
        return redirect(_queue_url(slug))
    if not percent.is_finite():
        messages.error(request, refusal)
        return redirect(_queue_url(slug))
    try:
        organization = senior_share_set(
            organization=organization, share=percent / 100, by=request.user
        )
    except ApplicationError:
        messages.error(request, refusal)
    else:
        share = organization.senior_review_share * 100
        messages.success(
            request,
            f"A senior now re-scores {share.normalize():f}% of answers, blind; answers still "
            "waiting for their first review are drawn again at this share.",
        )
    return redirect(_queue_url(slug))
