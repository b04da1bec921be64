"""The team's REST API: roles written whole with their lists, the lifecycle, the
pipeline, notes, and a 400 naming the field for every kind of bad input."""

import pytest
from django.core import mail
from django.urls import reverse

from hiring.models import Application, Role
from tests.factories import (
    ApplicationFactory,
    AssessmentFactory,
    RoleFactory,
    SuccessMetricFactory,
)
from tests.factories.roles import NoteFactory, metric, role_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, hiring_manager):
    client.force_login(hiring_manager)
    return client


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_hiring_manager_creates_a_role_with_its_lists(api, org, hiring_manager):
    body = role_payload(
        organization=org,
        responsibilities=[{"text": "Second", "position": 2}, {"text": "First", "position": 1}],
        metrics=[metric(), metric(kind="throughput", target="40", unit="items/hour")],
    )

    response = post(api, reverse("api:roles"), body)

    assert response.status_code == 201, response.json()
    data = response.json()
    role = Role.objects.get(pk=data["id"])
    assert (role.status, role.created_by, role.organization) == ("draft", hiring_manager, org)
    assert [r["text"] for r in data["responsibilities"]] == ["First", "Second"]
    assert [m["kind"] for m in data["success_metrics"]] == ["accuracy", "throughput"]
    assert data["languages"] == [{"language": "English", "min_level": "C1"}]
    assert data["credential_warning"] is None


def test_the_created_role_reports_its_credential_warning(api, org):
    body = role_payload(organization=org, task_complexity="general", credential="phd")

    data = post(api, reverse("api:roles"), body).json()

    assert data["credential_warning"]["direction"] == "over"
    assert "PhD" in data["credential_warning"]["headline"]


ENGLISH_TWICE = [
    {"language": "English", "min_level": "C1"},
    {"language": "english", "min_level": "B2"},
]
BAD_INPUT = {
    "pay": ({"pay_min": "50", "pay_max": "20"}, "pay_max", "pay range (20.00) is below"),
    "currency": ({"pay_currency": "XYZ"}, "pay_currency", "“XYZ” is not a currency we pay in"),
    "time-zone": ({"tz_reference": "Mars/Base"}, "tz_reference", "“Mars/Base” is not a known"),
    "overlap": ({"tz_overlap_hours": 25}, "tz_overlap_hours", "at most 24"),
    "cefr": (
        {"languages": [{"language": "English", "min_level": "D1"}]},
        "languages",
        "“D1” is not a CEFR level",
    ),
    "duplicate-language": ({"languages": ENGLISH_TWICE}, "languages", "“English” is listed twice"),
    "duplicate-metric": (
        {"metrics": [metric(), metric(target="50")]},
        "success_metrics",
        "“Accuracy vs gold” is listed twice",
    ),
}


@pytest.mark.parametrize(
    ("overrides", "field", "message"), BAD_INPUT.values(), ids=BAD_INPUT.keys()
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(
    api, org, overrides, field, message
):
    body = role_payload(organization=org, **overrides)

    response = post(api, reverse("api:roles"), body)

    assert response.status_code == 400
    errors = response.json()[field]
    text = str(errors)
    assert message in text, errors
    assert not Role.objects.exists()


def test_a_role_cannot_be_created_in_an_organisation_where_one_only_recruits(
    client, org, recruiter
):
    client.force_login(recruiter)

    response = post(client, reverse("api:roles"), role_payload(organization=org))

    assert response.status_code == 400
    assert response.json()["organization"] == [
        "You may not write roles in an organisation “lexicon”."
    ]
    assert not Role.objects.exists()


def test_another_organisations_assessment_cannot_be_attached(api, org, other_org):
    theirs = AssessmentFactory(organization=other_org)

    response = post(api, reverse("api:roles"), role_payload(organization=org, assessment=theirs.pk))

    assert response.status_code == 400
    assert response.json()["assessment"] == [f"No assessment #{theirs.pk} in your organisations."]


def test_the_role_list_still_lists_and_filters_the_users_roles(api, org, other_org):
    draft = RoleFactory(organization=org, status=Role.Status.DRAFT)
    RoleFactory(organization=org, status=Role.Status.PUBLISHED)
    RoleFactory(organization=other_org, status=Role.Status.DRAFT)

    response = api.get(reverse("api:roles"), {"status": "draft"})

    assert [row["id"] for row in response.json()["results"]] == [draft.pk]


def test_a_put_rewrites_the_role_and_its_lists_atomically(api, org):
    role = RoleFactory(organization=org, status=Role.Status.DRAFT)
    SuccessMetricFactory(role=role)
    body = role_payload(organization=org, title="Renamed", metrics=[metric(kind="throughput")])

    response = api.put(reverse("api:role", args=[role.pk]), body, content_type="application/json")

    assert response.status_code == 200, response.json()
    role.refresh_from_db()
    assert role.title == "Renamed"
    assert list(role.success_metrics.values_list("kind", flat=True)) == ["throughput"]


def test_a_failed_put_changes_nothing(api, org):
    role = RoleFactory(organization=org, status=Role.Status.DRAFT, title="Kept")
    SuccessMetricFactory(role=role)
    body = role_payload(organization=org, title="Lost", metrics=[metric(), metric()])

    response = api.put(reverse("api:role", args=[role.pk]), body, content_type="application/json")

    assert response.status_code == 400
    role.refresh_from_db()
    assert role.title == "Kept"
    assert role.success_metrics.count() == 1


def test_a_patch_keeps_what_it_does_not_send(api, org):
    role = RoleFactory(organization=org, status=Role.Status.DRAFT, pay_min=30, pay_max=45)
    SuccessMetricFactory(role=role)

    response = api.patch(
        reverse("api:role", args=[role.pk]), {"pay_max": "60"}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    role.refresh_from_db()
    assert (role.pay_max, role.success_metrics.count()) == (60, 1)

    response = api.patch(
        reverse("api:role", args=[role.pk]), {"pay_min": "70"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "below its bottom" in response.json()["pay_max"][0]


def test_the_status_endpoint_publishes_and_records_who_and_when(api, org, hiring_manager):
    role = RoleFactory(organization=org, status=Role.Status.DRAFT)
    url = reverse("api:role-status", args=[role.pk])

    refused = post(api, url, {"status": "published"})
    assert refused.status_code == 400
    assert "90-day success metric" in refused.json()["success_metrics"][0]

    SuccessMetricFactory(role=role)
    data = post(api, url, {"status": "published"}).json()
    assert data["status"] == "published"
    assert data["assessment_pending"] is True
    assert data["status_changed_by"]["email"] == hiring_manager.email
    assert data["status_changed_at"]

    assert post(api, url, {"status": "archived"}).json() == {
        "status": ["“archived” is not a role status."]
    }


def test_the_role_templates_are_listed(api):
    data = api.get(reverse("api:role-templates")).json()

    assert [t["role_type"] for t in data] == Role.RoleType.values
    ml = data[-1]
    assert "rarely needs an ML engineer" in ml["warning"]
    assert ml["metrics"][0]["kind"] == "throughput"


def test_applications_of_a_role_filter_by_stage_and_paginate(api, org):
    role = RoleFactory(organization=org)
    ApplicationFactory.create_batch(3, role=role)
    rejected = ApplicationFactory(role=role, stage=Application.Stage.REJECTED)
    url = reverse("api:role-applications", args=[role.pk])

    everyone = api.get(url, {"page_size": 2}).json()
    assert len(everyone["results"]) == 2
    assert everyone["next"]
    assert len(api.get(everyone["next"]).json()["results"]) == 2

    only_rejected = api.get(url, {"stage": "rejected"}).json()["results"]
    assert [row["id"] for row in only_rejected] == [rejected.pk]

    assert api.get(url, {"stage": "promoted"}).json() == {
        "stage": ["“promoted” is not a pipeline stage."]
    }


def test_the_application_detail_carries_knockout_and_history(api, org):
    application = ApplicationFactory(
        role__organization=org,
        stage=Application.Stage.REJECTED,
        knockout_reason="Needs C1 English; answered B1.",
        knockout_answers={"English level": "B1"},
    )

    data = api.get(reverse("api:team-application", args=[application.pk])).json()

    assert data["knockout_reason"] == "Needs C1 English; answered B1."
    assert data["knockout_answers"] == {"English level": "B1"}
    assert data["allowed_moves"] == ["applied"]


def test_moving_an_application_records_it_and_refuses_nonsense(api, org, hiring_manager):
    application = ApplicationFactory(role__organization=org)
    url = reverse("api:team-application-move", args=[application.pk])

    data = post(api, url, {"stage": "shortlisted", "reason": "Great work sample"}).json()
    assert data["stage"] == "shortlisted"
    assert data["stage_changes"][-1]["reason"] == "Great work sample"
    assert data["stage_changes"][-1]["changed_by"]["email"] == hiring_manager.email

    refused = post(api, url, {"stage": "hired"})
    assert refused.status_code == 400
    assert refused.json() == {
        "stage": ["An application that is “Shortlisted” cannot move to “Hired”."]
    }


def test_rejecting_e_mails_the_candidate_with_the_reason(
    api, org, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(role__organization=org)

    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            api,
            reverse("api:team-application-move", args=[application.pk]),
            {"stage": "rejected", "reason": "We need native-level French."},
        )

    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [application.candidate.email]
    assert "We need native-level French." in mail.outbox[0].body


def test_notes_are_listed_newest_first_and_created_with_their_author(api, org, hiring_manager):
    application = ApplicationFactory(role__organization=org)
    NoteFactory(application=application, body="Older")
    url = reverse("api:team-application-notes", args=[application.pk])

    created = post(api, url, {"body": "  Call on Tuesday  "})
    assert created.status_code == 201
    assert created.json()["body"] == "Call on Tuesday"
    assert created.json()["author"]["email"] == hiring_manager.email

    bodies = [note["body"] for note in api.get(url).json()["results"]]
    assert bodies == ["Call on Tuesday", "Older"]
    assert post(api, url, {"body": "   "}).status_code == 400
