"""Pay for good-faith work: approve, mark paid, void with a reason, export for payout."""

import csv
import io

import pytest
from django.urls import reverse

from assessments.attempts.submission import attempt_submit
from assessments.models import Payment, PayoutExport
from assessments.operations.payments import (
    payment_void,
    payments_approve,
    payments_mark_paid,
    payout_csv,
)
from config.errors import ApplicationError
from core.spreadsheet import spreadsheet_safe
from tests.factories import AttemptFactory
from tests.factories.ops import PaymentFactory

pytestmark = pytest.mark.django_db


def pay(org, **kwargs):
    return PaymentFactory(attempt__assessment__organization=org, **kwargs)


def test_a_submitted_attempt_is_due_its_pay_whatever_the_score(org):
    attempt = AttemptFactory(assessment__organization=org, pay_amount=35)

    attempt_submit(attempt_id=attempt.pk)

    payment = Payment.objects.get(attempt=attempt)
    assert (payment.state, payment.amount) == (Payment.State.PENDING, 35)


def test_approve_then_mark_paid_records_who_and_when(org, recruiter):
    payment = pay(org)

    assert payments_approve(organization=org, payment_ids=[payment.pk], by=recruiter) == 1
    payment.refresh_from_db()
    assert (payment.state, payment.approved_by) == (Payment.State.APPROVED, recruiter)
    assert payment.approved_at is not None
    assert payment.paid_at is None

    assert payments_mark_paid(organization=org, payment_ids=[payment.pk]) == 1
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID
    assert payment.paid_at >= payment.approved_at


@pytest.mark.parametrize(
    ("state", "move"),
    [
        ("pending", "mark_paid"),
        ("approved", "approve"),
        ("paid", "approve"),
        ("paid", "mark_paid"),
        ("voided", "approve"),
        ("voided", "mark_paid"),
    ],
)
def test_moves_that_make_no_sense_are_refused_with_a_message(org, recruiter, state, move):
    payment = pay(org, state=state, void_reason="Duplicate" if state == "voided" else "")

    moves = {
        "approve": lambda: payments_approve(
            organization=org, payment_ids=[payment.pk], by=recruiter
        ),
        "mark_paid": lambda: payments_mark_paid(organization=org, payment_ids=[payment.pk]),
    }

    with pytest.raises(ApplicationError) as refusal:
        moves[move]()

    assert f"{payment.pk} ({state})" in refusal.value.message
    assert Payment.objects.get(pk=payment.pk).state == state


def test_bulk_approve_is_all_or_nothing(org, recruiter):
    pending = [pay(org) for _ in range(3)]
    paid = pay(org, state=Payment.State.PAID)

    with pytest.raises(ApplicationError, match="Nothing was changed"):
        payments_approve(
            organization=org, payment_ids=[p.pk for p in [*pending, paid]], by=recruiter
        )

    assert set(Payment.objects.values_list("state", flat=True)) == {"pending", "paid"}
    assert (
        payments_approve(organization=org, payment_ids=[p.pk for p in pending], by=recruiter) == 3
    )
    assert Payment.objects.filter(state=Payment.State.APPROVED).count() == 3


def test_another_organisations_payments_cannot_be_approved(org, other_org, recruiter):
    mine, theirs = pay(org), pay(other_org)

    with pytest.raises(ApplicationError, match="No such payments in this organisation"):
        payments_approve(organization=org, payment_ids=[mine.pk, theirs.pk], by=recruiter)

    assert Payment.objects.get(pk=theirs.pk).state == Payment.State.PENDING
    assert Payment.objects.get(pk=mine.pk).state == Payment.State.PENDING


@pytest.mark.parametrize("state", ["pending", "approved"])
def test_void_needs_a_reason_and_keeps_it(org, state):
    payment = pay(org, state=state)

    with pytest.raises(ApplicationError) as refusal:
        payment_void(payment=payment, reason="  ")
    assert refusal.value.field == "reason"
    assert Payment.objects.get(pk=payment.pk).state == state

    payment_void(payment=payment, reason="Same person, second account")
    payment.refresh_from_db()
    assert (payment.state, payment.void_reason) == ("voided", "Same person, second account")


def test_a_paid_payment_cannot_be_voided(org):
    payment = pay(org, state=Payment.State.PAID)

    with pytest.raises(ApplicationError, match="is paid and cannot become voided"):
        payment_void(payment=payment, reason="Changed our mind")


def test_the_payout_csv_lists_approved_payments_only(org, recruiter):
    approved = pay(org, attempt__candidate__full_name="Ana Lima", amount=40)
    pay(org)  # pending: not in the payout
    payments_approve(organization=org, payment_ids=[approved.pk], by=recruiter)
    approved.refresh_from_db()

    rows = list(csv.reader(io.StringIO(payout_csv(Payment.objects.filter(state="approved")))))

    assert rows[0] == [
        "candidate name",
        "e-mail",
        "amount",
        "currency",
        "attempt id",
        "assessment",
        "approved at",
    ]
    assert rows[1] == [
        "Ana Lima",
        approved.attempt.candidate.email,
        "40.00",
        "USD",
        str(approved.attempt_id),
        str(approved.attempt.assessment),
        approved.approved_at.isoformat(),
    ]
    assert len(rows) == 2


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 555", "'+1 555"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Ana = Lima", "Ana = Lima"),
        ("40.00", "40.00"),
        (None, ""),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_quoted(value, safe):
    assert spreadsheet_safe(value) == safe


def test_a_candidate_named_like_a_formula_is_exported_as_text(org, recruiter):
    payment = pay(org, attempt__candidate__full_name='=cmd|" /C calc"!A0')
    payment.attempt.assessment.title = "@risky"
    payment.attempt.assessment.save()
    payments_approve(organization=org, payment_ids=[payment.pk], by=recruiter)

    body = payout_csv(Payment.objects.filter(pk=payment.pk))
    row = list(csv.reader(io.StringIO(body)))[1]

    assert row[0] == '\'=cmd|" /C calc"!A0'
    assert row[5].startswith("'@risky")


# --- The page -------------------------------------------------------------------------------


def test_the_payments_page_filters_by_state_and_assessment(client, org, recruiter):
    pending = pay(org, attempt__candidate__full_name="Pending Person")
    pay(org, state="paid", attempt__candidate__full_name="Paid Person")
    client.force_login(recruiter)
    url = reverse("calibration:payments", args=[org.slug])

    page = client.get(url, {"state": "paid"}).content.decode()
    assert "Paid Person" in page
    assert "Pending Person" not in page
    page = client.get(url, {"assessment": pending.attempt.assessment_id}).content.decode()
    assert "Pending Person" in page
    assert "Paid Person" not in page
    response = client.get(url, {"state": "lost"})
    assert response.status_code == 400
    assert "“lost” is not a payment state." in response.content.decode()


def test_the_payments_page_bulk_approves_and_refuses_nonsense(client, org, recruiter):
    first, second = pay(org), pay(org)
    paid = pay(org, state="paid")
    client.force_login(recruiter)
    url = reverse("calibration:payments", args=[org.slug])

    response = client.post(url, {"action": "approve", "payments": [first.pk, paid.pk]})
    assert response.status_code == 400
    assert "Nothing was changed" in response.content.decode()
    assert Payment.objects.get(pk=first.pk).state == "pending"

    response = client.post(
        url, {"action": "approve", "payments": [first.pk, second.pk]}, follow=True
    )
    assert "2 payments approved." in response.content.decode()
    assert client.post(url, {"action": "approve"}).status_code == 400
    assert client.post(url, {"action": "steal", "payments": [first.pk]}).status_code == 400

    response = client.post(url, {"action": "mark_paid", "payments": [first.pk]}, follow=True)
    assert "1 payment marked paid." in response.content.decode()


def test_the_payments_page_voids_with_a_reason_only(client, org, recruiter):
    payment = pay(org)
    client.force_login(recruiter)
    url = reverse("calibration:payment_void", args=[org.slug, payment.pk])

    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Say why this payment is voided." in response.content.decode()
    assert Payment.objects.get(pk=payment.pk).state == "pending"

    response = client.post(url, {"reason": "Empty answers throughout"}, follow=True)
    assert f"Payment {payment.pk} voided." in response.content.decode()
    assert Payment.objects.get(pk=payment.pk).void_reason == "Empty answers throughout"


def test_the_payout_download_is_a_csv_of_approved_payments_and_a_recorded_reveal(
    client, org, other_org, recruiter
):
    mine = pay(org, state="approved", attempt__candidate__full_name="Ana Lima")
    pay(other_org, state="approved", attempt__candidate__full_name="Someone Else")
    client.force_login(recruiter)
    target = reverse("calibration:payout_csv", args=[org.slug])

    response = client.post(target, {"reason": "  March payout run  "})

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert "Ana Lima" in body
    assert "Someone Else" not in body
    assert mine.attempt.candidate.email in body
    export = PayoutExport.objects.get()
    assert (export.organization, export.exported_by, export.reason) == (
        org,
        recruiter,
        "March payout run",
    )
    assert list(export.payments.all()) == [mine]
    assert export.payment_count == 1
    # The team sees who exported, when and why on the payments page.
    page = client.get(reverse("calibration:payments", args=[org.slug])).content.decode()
    assert "March payout run" in page
    assert str(recruiter) in page[page.index('data-testid="payout-exports"') :]


@pytest.mark.parametrize("reason", ["", "   "])
def test_the_payout_export_is_refused_without_a_reason(client, org, recruiter, reason):
    pay(org, state="approved", attempt__candidate__full_name="Ana Lima")
    client.force_login(recruiter)

    response = client.post(reverse("calibration:payout_csv", args=[org.slug]), {"reason": reason})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Say why you export the payout file" in response.content.decode()
    assert "attachment" not in response.get("Content-Disposition", "")
    assert not PayoutExport.objects.exists()
    # A GET is not an export at all.
    assert client.get(reverse("calibration:payout_csv", args=[org.slug])).status_code == 405


def test_the_payout_export_api_records_the_reveal_and_refuses_without_a_reason(
    org, recruiter, other_org
):
    from rest_framework.test import APIClient

    mine = pay(org, state="approved", attempt__candidate__full_name="Ana Lima")
    api = APIClient()
    api.force_authenticate(recruiter)
    target = reverse("api:ops-payout-csv", args=[org.slug])

    refused = api.post(target, {}, format="json")
    assert refused.status_code == 400
    assert "reason" in refused.json()
    assert api.post(target, {"reason": " "}, format="json").status_code == 400
    assert not PayoutExport.objects.exists()

    body = api.post(target, {"reason": "Payout run"}, format="json").content.decode()
    assert "Ana Lima" in body
    assert mine.attempt.candidate.email in body
    listed = api.get(reverse("api:ops-payout-exports", args=[org.slug])).json()["results"]
    assert [(e["reason"], e["payment_count"], e["exported_by"]["id"]) for e in listed] == [
        ("Payout run", 1, recruiter.pk)
    ]
    assert PayoutExport.objects.get().payments.get() == mine
    # Another organisation's exports are not there.
    assert not PayoutExport.objects.for_organization(other_org).exists()


def test_the_payments_page_costs_the_same_queries_whatever_the_number_of_rows(
    client, org, recruiter, django_assert_max_num_queries
):
    for _ in range(6):
        pay(org)
    client.force_login(recruiter)
    url = reverse("calibration:payments", args=[org.slug])
    client.get(url)

    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
