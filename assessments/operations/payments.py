"""Pay for calibration work: approve, mark paid, void, and export approved payouts.

Pay is for good-faith work, not for passing: every submitted attempt gets a pending
payment (``attempt_submit``). Each move follows ``Payment.TRANSITIONS``.
"""

import csv
import io
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from assessments.models import Payment, PayoutExport
from assessments.operations.selectors import payments_to_pay_out
from config.errors import ApplicationError, required_reason
from config.limits import max_length
from core.spreadsheet import spreadsheet_row
from hiring.models import Organization

VOID_REASON_MAX = 300
EXPORT_REASON_MAX = max_length(PayoutExport, "reason")
# A spreadsheet runs a cell that starts with one of these as a formula.

PAYOUT_COLUMNS = (
    "candidate name",
    "e-mail",
    "amount",
    "currency",
    "attempt id",
    "assessment",
    "approved at",
)


def _refuse_move(payment: Payment, to_state: str) -> None:
    if not payment.can_move_to(to_state):
        raise ApplicationError(
            f"Payment {payment.pk} is {payment.get_state_display().lower()} and cannot "
            f"become {Payment.State(to_state).label.lower()}.",
            field="state",
        )


def _locked(*, organization: Organization, payment_ids: Iterable[int]) -> list[Payment]:
    """The organisation's payments with those ids, locked; refuses unknown ids or none."""
    wanted = list(dict.fromkeys(payment_ids))
    if not wanted:
        raise ApplicationError("Choose at least one payment.", field="payments")
    payments = list(
        Payment.objects.for_organization(organization)
        .select_for_update()
        .filter(pk__in=wanted)
        .order_by("pk")
    )
    missing = sorted(set(wanted) - {p.pk for p in payments})
    if missing:
        raise ApplicationError(
            "No such payments in this organisation: " + ", ".join(map(str, missing)) + ".",
            field="payments",
        )
    return payments


def _move_all(payments: list[Payment], to_state: str) -> None:
    refused = [p for p in payments if not p.can_move_to(to_state)]
    if refused:
        listed = ", ".join(f"{p.pk} ({p.get_state_display().lower()})" for p in refused)
        raise ApplicationError(
            f"Nothing was changed: {len(refused)} of the chosen payments cannot become "
            f"{Payment.State(to_state).label.lower()}: {listed}.",
            field="payments",
        )


@transaction.atomic
def payments_approve(*, organization: Organization, payment_ids: Iterable[int], by) -> int:
    """Approves pending payments, all or none; returns how many."""
    payments = _locked(organization=organization, payment_ids=payment_ids)
    _move_all(payments, Payment.State.APPROVED)
    now = timezone.now()
    for payment in payments:
        payment.state = Payment.State.APPROVED
        payment.approved_by = by
        payment.approved_at = now
        payment.updated_at = now
    Payment.objects.bulk_update(payments, ["state", "approved_by", "approved_at", "updated_at"])
    return len(payments)


@transaction.atomic
def payments_mark_paid(*, organization: Organization, payment_ids: Iterable[int]) -> int:
    """Marks approved payments as paid out, all or none; returns how many."""
    payments = _locked(organization=organization, payment_ids=payment_ids)
    _move_all(payments, Payment.State.PAID)
    now = timezone.now()
    for payment in payments:
        payment.state = Payment.State.PAID
        payment.paid_at = now
        payment.updated_at = now
    Payment.objects.bulk_update(payments, ["state", "paid_at", "updated_at"])
    return len(payments)


@transaction.atomic
def payment_void(*, payment: Payment, reason: str) -> Payment:
    """Voids a pending or approved payment; the reason is required and kept."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    reason = required_reason(
        reason,
        missing="Say why this payment is voided: pay is for good-faith work, so voiding "
        "needs a reason.",
        limit=VOID_REASON_MAX,
    )
    _refuse_move(payment, Payment.State.VOIDED)
    payment.state = Payment.State.VOIDED
    payment.void_reason = reason
    payment.save(update_fields=["state", "void_reason", "updated_at"])
    return payment


def payout_rows(payments: Iterable[Payment]) -> Iterable[tuple[str, ...]]:
    for payment in payments:
        attempt = payment.attempt
        yield (
            attempt.candidate.full_name,
            attempt.candidate.email,
            f"{payment.amount:.2f}",
            payment.currency,
            str(attempt.pk),
            str(attempt.assessment),
            payment.approved_at.isoformat() if payment.approved_at else "",
        )


def payout_csv(payments: Iterable[Payment]) -> str:
    """The payout file for approved payments, one row each, safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PAYOUT_COLUMNS)
    for row in payout_rows(payments):
        writer.writerow(spreadsheet_row(row))
    return out.getvalue()


def payout_filename(slug: str) -> str:
    return f"payouts-{slug}-{timezone.now().strftime('%Y%m%d-%H%M')}.csv"


@transaction.atomic
def payout_export(*, organization: Organization, by, reason: str) -> tuple[PayoutExport, str]:
    """The payout CSV of the approved payments, recorded as a reveal: the file names the
    candidates (blind mode or not), so the export keeps who, when, why and which payments.
    Refused without a reason."""
    reason = required_reason(
        reason,
        missing="Say why you export the payout file: it names every candidate paid, "
        "whatever blind mode hides, so the reason is recorded with your name.",
        limit=EXPORT_REASON_MAX,
    )
    payments = list(payments_to_pay_out(organization=organization))
    export = PayoutExport.objects.create(
        organization=organization, exported_by=by, reason=reason, payment_count=len(payments)
    )
    export.payments.set(payments)
    return export, payout_csv(payments)
