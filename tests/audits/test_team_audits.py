"""The team's view of a role's weekly audits: page and API, permissions, the plan."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from assessments.audits.services import audit_batches_issue, audits_close_overdue
from assessments.models import Audit, AuditPlan, ScoreReport
from tests.factories.assessments import AssessmentFactory
from tests.factories.audits import audit_assessment, audited_role

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def audited(org):
    role, plan = audited_role(organization=org, trainers=2, batch_size=5, gold_share=0.4)
    audit_batches_issue()
    submitted, missed = Audit.objects.order_by("pk")
    Audit.objects.filter(pk=submitted.pk).update(
        state=Audit.State.SUBMITTED, submitted_at=submitted.issued_at
    )
    ScoreReport.objects.create(
        attempt=submitted.attempt,
        scorer_version="1",
        gold_version=1,
        components={"accuracy": 0.5},
        composite=0.5,
    )
    audits_close_overdue(now=missed.due_at)
    return role, plan


def page_url(role):
    return reverse("audits:role", args=[role.organization.slug, role.pk])


def api_url(role, name="api:role-audits"):
    return reverse(name, args=[role.organization.slug, role.pk])


@pytest.mark.parametrize("who", ["hiring_manager", "recruiter"])
def test_the_team_sees_each_trainers_batches_on_the_page(audited, who, request):
    role, _ = audited
    page = client_of(request.getfixturevalue(who)).get(page_url(role))

    body = page.content.decode()
    assert page.status_code == 200
    assert "50%" in body  # accuracy against gold of the submitted batch
    assert ">Missed<" in body
    assert ">Submitted<" in body
    assert "2 (2)" in body  # gold (planned)
    assert ("Save plan" in body) == (who == "hiring_manager")


def test_the_api_lists_trainers_with_their_batches(audited, hiring_manager):
    role, plan = audited

    data = client_of(hiring_manager).get(api_url(role)).json()

    assert data["plan"]["assessment"] == plan.assessment_id
    assert data["plan"]["gold_share"] == 0.4
    assert len(data["trainers"]) == 2
    batches = [b for t in data["trainers"] for b in t["batches"]]
    assert sorted(b["state"] for b in batches) == ["missed", "submitted"]
    assert {b["accuracy"] for b in batches} == {0.5, None}
    assert all(b["gold_count"] == 2 and b["item_count"] == 5 for b in batches)
    assert sum(t["missed"] for t in data["trainers"]) == 1


def test_the_page_and_api_read_in_a_fixed_number_of_queries(
    org, hiring_manager, django_assert_max_num_queries
):
    role, _ = audited_role(organization=org, trainers=30)
    audit_batches_issue()
    client = client_of(hiring_manager)
    client.get(api_url(role))  # warm the session and membership caches

    with django_assert_max_num_queries(12):
        assert client.get(api_url(role)).status_code == 200


def test_reviewers_and_other_organisations_get_a_404(audited, reviewer, other_recruiter):
    role, _ = audited
    for user in (reviewer, other_recruiter):
        client = client_of(user)
        assert client.get(page_url(role)).status_code == 404
        assert client.get(api_url(role)).status_code == 404
        assert client.put(api_url(role, "api:role-audit-plan"), {}).status_code == 404


def test_a_recruiter_may_not_set_the_plan(audited, recruiter):
    role, plan = audited
    client = client_of(recruiter)

    page = client.post(reverse("audits:plan", args=[role.organization.slug, role.pk]), {})
    api = client.put(
        api_url(role, "api:role-audit-plan"),
        json.dumps({"assessment": plan.assessment_id}),
        content_type="application/json",
    )

    assert page.status_code == api.status_code == 403


def test_an_owner_sets_the_plan_on_the_page(org, hiring_manager):
    role, _ = audited_role(organization=org, trainers=0)
    AuditPlan.objects.filter(role=role).delete()
    assessment = audit_assessment(organization=org, gold=2, work=4)

    saved = client_of(hiring_manager).post(
        reverse("audits:plan", args=[org.slug, role.pk]),
        {
            "assessment": assessment.pk,
            "batch_size": 6,
            "gold_share": 0.25,
            "overlap_count": 1,
            "gold_repeat_weeks": 4,
            "due_days": 3,
            "is_active": "on",
        },
    )

    assert saved.status_code == 302
    plan = AuditPlan.objects.get(role=role)
    assert (plan.assessment, plan.batch_size, plan.gold_share, plan.due_days) == (
        assessment,
        6,
        0.25,
        3,
    )


def test_a_plan_without_gold_is_refused_on_the_page_with_the_reason(org, hiring_manager):
    role, plan = audited_role(organization=org, trainers=0)
    no_gold = AssessmentFactory(organization=org)

    refused = client_of(hiring_manager).post(
        reverse("audits:plan", args=[org.slug, role.pk]),
        {
            "assessment": no_gold.pk,
            "batch_size": 6,
            "gold_share": 0.2,
            "overlap_count": 1,
            "gold_repeat_weeks": 4,
            "due_days": 3,
        },
    )

    assert refused.status_code == 400
    assert "no gold items" in refused.content.decode()
    assert AuditPlan.objects.get(role=role).assessment == plan.assessment


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"gold_share": 2}, "gold_share"),
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": "ten"}, "batch_size"),
        ({"gold_share": True}, "gold_share"),
        ({"gold_share": False}, "gold_share"),
        ({"gold_share": "0.3"}, "gold_share"),
        ({"batch_size": "6"}, "batch_size"),
        ({"batch_size": True}, "batch_size"),
        ({"overlap_count": "1"}, "overlap_count"),
        ({"gold_repeat_weeks": False}, "gold_repeat_weeks"),
        ({"due_days": "3"}, "due_days"),
        ({"due_days": 2.5}, "due_days"),
        ({"assessment": 10**9}, "assessment"),
        ({"assessment": None}, "assessment"),
    ],
)
def test_the_plan_api_answers_400_field_by_field(audited, hiring_manager, body, field):
    role, plan = audited

    refused = client_of(hiring_manager).put(
        api_url(role, "api:role-audit-plan"),
        json.dumps({"assessment": plan.assessment_id, **body}),
        content_type="application/json",
    )

    assert refused.status_code == 400
    assert field in refused.json()
    plan.refresh_from_db()
    assert (plan.gold_share, plan.batch_size) == (0.4, 5)


def test_a_boolean_gold_share_is_not_read_as_all_gold(audited, hiring_manager):
    role, plan = audited

    refused = client_of(hiring_manager).put(
        api_url(role, "api:role-audit-plan"),
        json.dumps({"assessment": plan.assessment_id, "gold_share": True}),
        content_type="application/json",
    )

    assert refused.status_code == 400
    assert refused.json()["gold_share"] == ["Send a number, not a string or true/false."]


def test_the_plan_api_sets_the_plan(audited, hiring_manager):
    role, plan = audited

    saved = client_of(hiring_manager).put(
        api_url(role, "api:role-audit-plan"),
        json.dumps({"assessment": plan.assessment_id, "gold_share": 0.3, "is_active": False}),
        content_type="application/json",
    )

    assert saved.status_code == 200
    assert saved.json()["gold_share"] == 0.3
    plan.refresh_from_db()
    assert (plan.gold_share, plan.is_active) == (0.3, False)


def test_an_assessment_of_another_organisation_is_no_choice(audited, hiring_manager, other_org):
    role, _ = audited
    foreign = audit_assessment(organization=other_org, gold=1, work=1)

    refused = client_of(hiring_manager).put(
        api_url(role, "api:role-audit-plan"),
        json.dumps({"assessment": foreign.pk}),
        content_type="application/json",
    )

    assert refused.status_code == 400
    assert "assessment" in refused.json()


def test_a_batch_short_of_gold_shows_its_gold_count_against_the_planned_one(org, hiring_manager):
    role, _ = audited_role(organization=org, trainers=1, batch_size=5, gold_share=1.0)
    monday = datetime(2026, 11, 2, 9, tzinfo=UTC)
    for week in range(3):  # ten gold items, five a week, none back within eight weeks
        audit_batches_issue(now=monday + timedelta(weeks=week))
    client = client_of(hiring_manager)

    data = client.get(api_url(role)).json()
    page = client.get(page_url(role)).content.decode()

    counts = [(b["gold_count"], b["planned_gold_count"]) for b in data["trainers"][0]["batches"]]
    assert counts == [(0, 5), (5, 5), (5, 5)]  # newest week first
    assert data["plan"]["gold_pool"] == {"size": 10, "per_batch": 5, "needed": 45, "short": True}
    assert page.count(">Short<") == 1
    assert "0 (5)" in page
    assert 'data-testid="gold-pool-short"' in page
    assert "each trainer needs 45" in page


def test_a_gold_pool_big_enough_for_the_plan_raises_no_warning(org, hiring_manager):
    role, _ = audited_role(  # ten gold items, two a batch, no repeat within four weeks
        organization=org, trainers=1, batch_size=5, gold_share=0.4, gold_repeat_weeks=4
    )
    audit_batches_issue()

    data = client_of(hiring_manager).get(api_url(role)).json()
    page = client_of(hiring_manager).get(page_url(role)).content.decode()

    assert data["plan"]["gold_pool"] == {"size": 10, "per_batch": 2, "needed": 10, "short": False}
    assert "gold-pool-short" not in page
    assert ">Short<" not in page


def test_the_plan_api_answers_the_gold_pool_of_the_plan_it_saved(audited, hiring_manager):
    role, plan = audited

    saved = client_of(hiring_manager).put(
        api_url(role, "api:role-audit-plan"),
        json.dumps({"assessment": plan.assessment_id, "gold_share": 0.6}),
        content_type="application/json",
    )

    assert saved.json()["gold_pool"] == {"size": 10, "per_batch": 3, "needed": 27, "short": True}
