"""The calibration operations API: same services, same permissions as the pages."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import Accommodation, Contest, Payment
from hiring.models import Application, Membership
from tests.factories import (
    ApplicationFactory,
    AttemptFactory,
    GoldAnswerFactory,
    ItemFactory,
    MembershipFactory,
    ResponseFactory,
    RoleFactory,
)
from tests.factories.ops import ContestFactory, PaymentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def world(org):
    payment = PaymentFactory(attempt__assessment__organization=org)
    attempt = payment.attempt
    role = RoleFactory(organization=org, assessment=attempt.assessment)
    return {
        "assessment": attempt.assessment,
        "attempt": attempt,
        "role": role,
        "application": ApplicationFactory(role=role),
        "contest": ContestFactory(attempt=attempt),
        "payment": payment,
    }


def url(name, slug, *args):
    return reverse(f"api:ops-{name}", args=[slug, *args])


def endpoints(slug, w):
    """(method, url, body) for every endpoint, with a valid body."""
    return {
        "invite": ("post", url("application-invite", slug, w["application"].pk), {}),
        "bulk-invite": (
            "post",
            url("bulk-invite", slug),
            {"role": w["role"].pk, "applications": [w["application"].pk]},
        ),
        "accommodations": ("get", url("accommodations", slug), None),
        "grant": (
            "post",
            url("accommodations", slug),
            {
                "assessment": w["assessment"].pk,
                "candidate": w["application"].candidate_id,
                "extra_minutes": 10,
                "reason": "Screen reader",
            },
        ),
        "attempts": ("get", url("attempts", slug), None),
        "attempt": ("get", url("attempt", slug, w["attempt"].pk), None),
        "contests": ("get", url("contests", slug), None),
        "contest-resolve": (
            "post",
            url("contest-resolve", slug, w["contest"].pk),
            {"outcome": "upheld", "resolution": "Both readings fit."},
        ),
        "payments": ("get", url("payments", slug), None),
        "approve": ("post", url("payments-approve", slug), {"payments": [w["payment"].pk]}),
        "mark-paid": ("post", url("payments-mark-paid", slug), {"payments": [w["payment"].pk]}),
        "void": ("post", url("payment-void", slug, w["payment"].pk), {"reason": "Duplicate"}),
        "payout-csv": ("post", url("payout-csv", slug), {"reason": "March payout run"}),
        "payout-exports": ("get", url("payout-exports", slug), None),
    }


ENDPOINTS = [
    "invite",
    "bulk-invite",
    "accommodations",
    "grant",
    "attempts",
    "attempt",
    "contests",
    "contest-resolve",
    "payments",
    "approve",
    "mark-paid",
    "void",
    "payout-csv",
    "payout-exports",
]
# mark-paid needs an approved payment; with the pending one it is a (correct) 400.
EXPECTED_FOR_PIPELINE = {"grant": 201, "mark-paid": 400}


def call(api, method, target, body):
    return (
        getattr(api, method)(target, body, format="json")
        if body is not None
        else getattr(api, method)(target)
    )


@pytest.mark.parametrize("role", list(Membership.PIPELINE))
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_pipeline_members_reach_every_endpoint(api, org, world, role, endpoint):
    api.force_authenticate(MembershipFactory(organization=org, role=role).user)
    method, target, body = endpoints(org.slug, world)[endpoint]

    response = call(api, method, target, body)

    assert response.status_code == EXPECTED_FOR_PIPELINE.get(endpoint, 200), response.content


@pytest.mark.parametrize("who", ["reviewer", "candidate", "other_org_member"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_everyone_else_gets_a_404_and_changes_nothing(api, org, other_org, world, who, endpoint):
    user = {
        "reviewer": lambda: MembershipFactory(organization=org, role="reviewer").user,
        "candidate": lambda: world["attempt"].candidate,
        "other_org_member": lambda: MembershipFactory(organization=other_org, role="owner").user,
    }[who]()
    api.force_authenticate(user)
    method, target, body = endpoints(org.slug, world)[endpoint]

    assert call(api, method, target, body).status_code == 404
    assert Payment.objects.get(pk=world["payment"].pk).state == Payment.State.PENDING
    assert Contest.objects.get(pk=world["contest"].pk).state == Contest.State.OPEN
    assert not Accommodation.objects.exists()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_callers_are_refused(api, org, world, endpoint):
    method, target, body = endpoints(org.slug, world)[endpoint]

    assert call(api, method, target, body).status_code in (401, 403)


def test_another_organisations_objects_are_404_under_my_slug(api, org, other_org, recruiter):
    theirs = PaymentFactory(attempt__assessment__organization=other_org)
    api.force_authenticate(recruiter)

    assert api.get(url("attempt", org.slug, theirs.attempt_id)).status_code == 404
    assert api.post(url("payment-void", org.slug, theirs.pk), {"reason": "x"}).status_code == 404
    response = api.post(url("payments-approve", org.slug), {"payments": [theirs.pk]}, format="json")
    assert response.status_code == 400
    assert "payments" in response.json()
    assert api.get(url("payments", org.slug)).json()["results"] == []


def test_invite_moves_the_application_and_sends_the_email(
    api, org, world, recruiter, django_capture_on_commit_callbacks
):
    api.force_authenticate(recruiter)
    application = world["application"]

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(url("application-invite", org.slug, application.pk))

    assert response.json()["stage"] == "invited"
    assert len(mail.outbox) == 1
    response = api.post(url("application-invite", org.slug, application.pk))
    assert response.status_code == 400
    assert "cannot be invited" in response.json()["application"][0]


def test_bulk_invite_reports_each_refusal(api, org, world, recruiter):
    shortlisted = ApplicationFactory(role=world["role"], stage=Application.Stage.SHORTLISTED)
    api.force_authenticate(recruiter)

    response = api.post(
        url("bulk-invite", org.slug),
        {"role": world["role"].pk, "applications": [world["application"].pk, shortlisted.pk]},
        format="json",
    )

    body = response.json()
    assert [a["id"] for a in body["invited"]] == [world["application"].pk]
    assert [r["application"] for r in body["refused"]] == [shortlisted.pk]
    response = api.post(url("bulk-invite", org.slug), {"role": world["role"].pk}, format="json")
    assert response.status_code == 400
    assert "applications" in response.json()


def test_grants_during_an_attempt_move_its_deadline_and_bad_input_gets_field_errors(
    api, org, recruiter
):
    started = timezone.now() - timedelta(minutes=5)
    attempt = AttemptFactory(
        assessment__organization=org, started_at=started, deadline=started + timedelta(minutes=45)
    )
    api.force_authenticate(recruiter)
    target = url("accommodations", org.slug)
    base = {"assessment": attempt.assessment_id, "candidate": attempt.candidate_id}

    response = api.post(target, {**base, "extra_percent": 20, "reason": "Outage"}, format="json")
    assert response.status_code == 201
    assert response.json()["minutes"] == 9
    assert response.json()["granted_by"]["id"] == recruiter.pk
    attempt.refresh_from_db()
    assert attempt.deadline == started + timedelta(minutes=54)

    for body, field in [
        ({**base, "extra_minutes": 5}, "reason"),
        ({**base, "reason": "x"}, "extra_minutes"),
        ({**base, "extra_minutes": 5, "extra_percent": 5, "reason": "x"}, "extra_minutes"),
        ({**base, "extra_minutes": "lots", "reason": "x"}, "extra_minutes"),
        ({**base, "candidate": 999_999, "extra_minutes": 5, "reason": "x"}, "candidate"),
    ]:
        response = api.post(target, body, format="json")
        assert response.status_code == 400, body
        assert field in response.json(), (body, response.json())
    listed = api.get(target, {"assessment": attempt.assessment_id}).json()["results"]
    assert [g["reason"] for g in listed] == ["Outage"]


def test_attempts_list_and_detail_carry_signals_and_answers_but_no_gold(api, org, recruiter):
    attempt = AttemptFactory(assessment__organization=org)
    item = ItemFactory(assessment=attempt.assessment)
    GoldAnswerFactory(item=item, answer="termination", explanation="SECRET-GOLD")
    attempt.item_order = [item.pk]
    attempt.save()
    ResponseFactory(
        attempt=attempt,
        item=item,
        answer="indemnity",
        rationale="Because.",
        integrity_events=[{"type": "paste"}],
    )
    api.force_authenticate(recruiter)

    listed = api.get(url("attempts", org.slug), {"assessment": attempt.assessment_id}).json()
    row = listed["results"][0]
    assert row["integrity"]["paste"] == 1
    assert (row["answered_count"], row["item_count"]) == (1, 1)
    detail = api.get(url("attempt", org.slug, attempt.pk))
    assert detail.json()["responses"][0]["answer"] == "indemnity"
    assert detail.json()["responses"][0]["shown_at"] == 1
    assert "termination" not in detail.content.decode()
    assert "SECRET-GOLD" not in detail.content.decode()
    assert api.get(url("attempts", org.slug), {"state": "nonsense"}).status_code == 400


def test_contests_list_and_resolve(api, org, world, recruiter):
    ResponseFactory(attempt=world["attempt"], item=world["contest"].item, answer="limitation")
    api.force_authenticate(recruiter)

    listed = api.get(url("contests", org.slug), {"state": "open"}).json()["results"]
    assert [(c["id"], c["candidate_answer"]) for c in listed] == [
        (world["contest"].pk, "limitation")
    ]
    target = url("contest-resolve", org.slug, world["contest"].pk)
    response = api.post(target, {"outcome": "maybe", "resolution": "x"}, format="json")
    assert response.status_code == 400
    assert "outcome" in response.json()
    response = api.post(target, {"outcome": "dismissed", "resolution": "Gold holds."})
    assert response.json()["state"] == "dismissed"
    assert response.json()["resolved_by"]["id"] == recruiter.pk
    response = api.post(target, {"outcome": "upheld", "resolution": "Again"})
    assert response.status_code == 400


def test_payments_move_through_the_api_and_export(api, org, world, recruiter):
    api.force_authenticate(recruiter)
    payment = world["payment"]
    ids = {"payments": [payment.pk]}

    response = api.post(url("payments-mark-paid", org.slug), ids, format="json")
    assert response.status_code == 400
    assert "cannot become paid" in response.json()["payments"][0]
    assert api.post(url("payments-approve", org.slug), ids, format="json").json() == {"count": 1}
    csv_body = api.post(url("payout-csv", org.slug), {"reason": "Run"}).content.decode()
    assert payment.attempt.candidate.email in csv_body
    listed = api.get(url("payments", org.slug), {"state": "approved"}).json()["results"]
    assert [p["id"] for p in listed] == [payment.pk]
    assert api.get(url("payments", org.slug), {"state": "lost"}).status_code == 400
    assert api.post(url("payments-mark-paid", org.slug), ids, format="json").json() == {"count": 1}
    response = api.post(url("payment-void", org.slug, payment.pk), {"reason": "Oops"})
    assert response.status_code == 400
    assert "cannot become voided" in response.json()["state"][0]
    assert (
        api.post(url("payments-approve", org.slug), {"payments": []}, format="json").status_code
        == 400
    )


def test_void_requires_a_reason(api, org, world, recruiter):
    api.force_authenticate(recruiter)
    target = url("payment-void", org.slug, world["payment"].pk)

    response = api.post(target, {"reason": ""}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()
    response = api.post(target, {"reason": "Duplicate account"}, format="json")
    assert response.json()["state"] == "voided"
    assert response.json()["void_reason"] == "Duplicate account"
