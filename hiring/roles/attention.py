"""What needs a member's attention, for the organisation dashboard: open contests,
reviews waiting for them, payments to approve and to export, open quality alerts.

Each line is a count and the page that deals with it, and only for a member who may act
there (``core.access``): pipeline work for owners, hiring managers and recruiters,
reviews for those who use the queue (the tiers they may score), alerts for the pipeline.
Counts only: no line names a candidate, so blind mode holds by construction
(``core.blind`` is never needed). A fixed number of queries, whatever the numbers.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from assessments.models import QualityAlert
from assessments.operations.selectors import operations_counts
from core.access import Access
from rubrics.review.selectors import waiting_for


@dataclass(frozen=True)
class AttentionLine:
    key: str  # a stable name for tests and styles
    count: int
    label: str  # what the count counts, in words ("contests to resolve")
    url_name: str  # the page that deals with it, reversed with the organisation's slug
    query: str = ""  # "?state=pending"
    note: str = ""


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def attention_lines(*, access: Access, user) -> list[AttentionLine]:
    """The lines of the member's "needs my attention" panel, in the order to act on them."""
    organization = access.organization
    lines: list[AttentionLine] = []
    if organization is None:  # an Access without its organisation has nothing to count
        return lines
    if access.may_use_queue:
        reviews = waiting_for(organization=organization, reviewer=user, tiers=access.review_tiers)
        lines.append(
            AttentionLine(
                "reviews",
                reviews,
                _plural(
                    reviews,
                    "written answer waiting for your review",
                    "written answers waiting for your review",
                ),
                "reviews:queue",
            )
        )
    if access.may_work_pipeline:
        counts = operations_counts(organization=organization)
        contests = counts["open_contests"]
        pending, approved = counts["pending_payments"], counts["approved_payments"]
        alerts = QualityAlert.objects.filter(
            role__organization=organization, closed_at__isnull=True
        ).aggregate(
            open=Count("pk"), unacknowledged=Count("pk", filter=Q(state=QualityAlert.State.OPEN))
        )
        lines += [
            AttentionLine(
                "contests",
                contests,
                _plural(contests, "contest to resolve", "contests to resolve"),
                "calibration:contests",
            ),
            AttentionLine(
                "payments-to-approve",
                pending,
                _plural(pending, "payment to approve", "payments to approve"),
                "calibration:payments",
                "?state=pending",
            ),
            AttentionLine(
                "payments-to-export",
                approved,
                _plural(approved, "approved payment to pay out", "approved payments to pay out"),
                "calibration:payments",
                "?state=approved",
                note="export the payout file from the payments page",
            ),
            AttentionLine(
                "alerts",
                alerts["open"],
                _plural(alerts["open"], "open quality alert", "open quality alerts"),
                "alerts:list",
                note=(
                    f"{alerts['unacknowledged']} not acknowledged yet"
                    if alerts["unacknowledged"]
                    else ""
                ),
            ),
        ]
    return lines
