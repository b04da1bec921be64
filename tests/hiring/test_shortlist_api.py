"""The shortlist API: the same rows, filters, sort, blind-mode rule and permissions as the
page; limit/offset pages that never count; bulk moves with skipped rows; a valid schema."""

from io import StringIO

import pytest
import yaml
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from core.blind import identity_reveal
from core.pseudonyms import pseudonym
from hiring.models import Application, Membership
from hiring.shortlist.filters import FIELDS, ShortlistFilters, Sort
from hiring.shortlist.selectors import shortlist_page
from hiring.shortlist.serializers import ShortlistRowSerializer, row_data
from tests.factories import MembershipFactory
from tests.factories.shortlist import entries, scored_application, shortlist_role

pytestmark = pytest.mark.django_db

Stage = Application.Stage
NAME, EMAIL = "Philippa Quellington", "p.quellington@example.org"


def url(role, name="shortlist"):
    return reverse(f"api:{name}", args=[role.organization.slug, role.pk])


@pytest.fixture
def role(org):
    return shortlist_role(org, title="Clause reviewer")


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api(recruiter):
    return client_for(recruiter)


# --- Reading ---------------------------------------------------------------------------------


def test_rows_are_ranked_with_scores_gates_flags_rate_overlap_and_stage(api, role):
    low = scored_application(role, composite=0.4, failed_gates=["accuracy"])
    top = scored_application(
        role,
        composite=0.9,
        components={"accuracy": 0.95, "edge_cases": 0.5, "agreement": 0.8, "throughput": 0.7},
        pending_gates=["rationale"],
        paste=2, focus=1, too_fast=1, collusion=True,
        profile={"hourly_rate": "42.50", "time_zone": "UTC"},
        stage=Stage.SHORTLISTED,
    )  # fmt: skip

    response = api.get(url(role))

    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    assert body["previous"] is None
    assert [row["application"] for row in body["results"]] == [top.pk, low.pk]
    row = body["results"][0]
    assert row["composite"] == 0.9
    assert row["components"] == {
        "accuracy": 0.95, "edge_cases": 0.5, "agreement": 0.8, "throughput": 0.7,
        "rationale": None,
    }  # fmt: skip
    assert row["gates"] == {"passed_all": True, "failed": [], "pending": ["rationale"]}
    assert row["flags"] == {
        "flagged": True, "paste_events": 2, "focus_losses": 1, "too_fast_items": 1,
        "collusion": True,
    }  # fmt: skip
    assert row["hourly_rate"] == "42.50"
    assert row["rate_currency"] == "USD"
    assert row["tz_overlap_hours"] == 8
    assert (row["stage"], row["stage_label"]) == ("shortlisted", "Shortlisted")
    failed = body["results"][1]
    assert failed["gates"]["failed"] == ["accuracy"]
    assert failed["failed_gate_labels"] == ["Accuracy (min 60%)"]


def test_blind_mode_gives_the_pseudonym_and_null_identity(api, role):
    application = scored_application(role, name=NAME, email=EMAIL)

    response = api.get(url(role))
    row = response.json()["results"][0]

    assert row["pseudonym"] == pseudonym(application.pk)
    assert row["identity_visible"] is False
    assert row["name"] is None
    assert row["email"] is None
    raw = response.content.decode()
    assert NAME not in raw
    assert EMAIL not in raw
    assert "Quellington" not in raw


@pytest.mark.parametrize("how", ["interview", "reveal", "blind_off"])
def test_the_identity_is_there_once_visible(api, role, recruiter, how):
    application = scored_application(
        role, name=NAME, email=EMAIL, stage=Stage.INTERVIEW if how == "interview" else "scored"
    )
    if how == "reveal":
        identity_reveal(application=application, by=recruiter, reason="Client referral")
    if how == "blind_off":
        role.blind_mode = False
        role.save()

    row = api.get(url(role)).json()["results"][0]

    assert row["identity_visible"] is True
    assert (row["name"], row["email"]) == (NAME, EMAIL)
    assert row["pseudonym"] == pseudonym(application.pk)


def test_filters_and_sort_are_query_parameters(api, role):
    cheap = scored_application(role, composite=0.6, profile={"hourly_rate": "20"}, domains=["law"])
    scored_application(role, composite=0.9, profile={"hourly_rate": "60"}, domains=["law"])
    dear = scored_application(role, composite=0.7, profile={"hourly_rate": "40"}, domains=["law"])
    scored_application(role, composite=0.8, profile={"hourly_rate": "30"})

    response = api.get(url(role), {"domain": "law", "rate_max": "45", "sort": "-rate"})

    assert [row["application"] for row in response.json()["results"]] == [dear.pk, cheap.pk]


def test_several_stages(api, role):
    a = scored_application(role, composite=0.9, stage=Stage.SHORTLISTED)
    scored_application(role, composite=0.8)
    b = scored_application(role, composite=0.7, stage=Stage.INTERVIEW)

    response = api.get(url(role) + "?stage=shortlisted&stage=interview")

    assert [row["application"] for row in response.json()["results"]] == [a.pk, b.pk]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"domain": "astrology"}, "domain", "“astrology” is not a domain"),
        ({"level": "B2"}, "level", "Choose the language this minimum level applies to."),
        ({"overlap": "30"}, "overlap", "Time-zone overlap is a whole number of hours"),
        ({"rate_min": "50", "rate_max": "10"}, "rate_max", "The top of the rate range (10)"),
        ({"min_agreement": "300"}, "min_agreement", "Agreement: A minimum score is a percentage"),
        ({"passed": "sure"}, "passed", "Use yes or no"),
        ({"stage": "limbo"}, "stage", "“limbo” is not a pipeline stage"),
        ({"sort": "name"}, "sort", "“name” is not a column to sort by"),
        ({"limit": "0"}, "limit", "Use a whole number from 1 to 100."),
        ({"limit": "many"}, "limit", "Use a whole number from 1 to 100."),
        ({"offset": "-1"}, "offset", "Use a whole number from 0"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_field(api, role, params, field, message):
    response = api.get(url(role), params)

    assert response.status_code == 400
    errors = response.json()
    assert field in errors
    assert message in errors[field][0]


def test_limit_offset_pages_link_to_each_other_without_counting(api, role):
    ids = entries(role, 12)

    with CaptureQueriesContext(connection) as queries:
        first = api.get(url(role), {"limit": 5, "passed": "yes"}).json()
    assert not any("COUNT(" in q["sql"].upper() for q in queries)

    assert len(first["results"]) == 5
    assert first["previous"] is None
    assert "limit=5" in first["next"]
    assert "offset=5" in first["next"]
    assert "passed=yes" in first["next"]
    second = api.get(first["next"]).json()
    assert "offset" not in second["previous"]
    assert "limit=5" in second["previous"]
    rest = []
    page = second
    while page["next"]:
        rest.extend(page["results"])
        page = api.get(page["next"]).json()
    rest.extend(page["results"])
    seen = [row["application"] for row in first["results"] + rest]
    assert len(seen) == len(set(seen))
    assert set(seen) <= set(ids)


def test_the_last_page_has_no_next(api, role):
    entries(role, 4)

    body = api.get(url(role), {"limit": 4}).json()

    assert len(body["results"]) == 4
    assert body["next"] is None


def test_the_query_count_does_not_grow_with_the_shortlist(api, role, django_assert_max_num_queries):
    entries(role, 30)
    with django_assert_max_num_queries(8) as small:
        assert api.get(url(role), {"limit": 100, "sort": "stage"}).status_code == 200
    entries(role, 270)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = api.get(url(role), {"limit": 100, "sort": "stage"})
    assert len(response.json()["results"]) == 100


# --- Permissions -----------------------------------------------------------------------------


@pytest.fixture
def people(org, hiring_manager, recruiter, reviewer, other_recruiter):
    return {
        "owner": MembershipFactory(organization=org, role=Membership.Role.OWNER).user,
        "hiring_manager": hiring_manager,
        "recruiter": recruiter,
        "reviewer": reviewer,
        "other_org": other_recruiter,
        "anonymous": None,
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("hiring_manager", 200), ("recruiter", 200), ("reviewer", 404),
     ("other_org", 404), ("anonymous", 403)],
)  # fmt: skip
@pytest.mark.parametrize("name", ["shortlist", "shortlist-csv"])
def test_who_reads_the_shortlist(people, role, who, status, name):
    scored_application(role)

    assert client_for(people[who]).get(url(role, name)).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("recruiter", 200), ("reviewer", 404), ("other_org", 404),
     ("anonymous", 403)],
)  # fmt: skip
@pytest.mark.django_db(transaction=True)  # the bulk view runs outside the request transaction
def test_who_moves_in_bulk(people, role, who, status):
    application = scored_application(role)

    response = client_for(people[who]).post(
        url(role, "shortlist-bulk"),
        {"action": "move", "application_ids": [application.pk], "to_stage": "shortlisted"},
        format="json",
    )

    assert response.status_code == status
    moved = Application.objects.get(pk=application.pk).stage == Stage.SHORTLISTED
    assert moved is (status == 200)


def test_bad_filters_are_checked_after_permissions(people, role):
    response = client_for(people["other_org"]).get(url(role), {"domain": "astrology"})

    assert response.status_code == 404


# --- Bulk ------------------------------------------------------------------------------------


def test_bulk_move_answers_moved_and_skipped_with_reasons(
    api, role, django_capture_on_commit_callbacks
):
    first = scored_application(role, stage=Stage.SHORTLISTED)
    already = scored_application(role, stage=Stage.INTERVIEW)
    rejected = scored_application(role, stage=Stage.REJECTED)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            url(role, "shortlist-bulk"),
            {
                "action": "move",
                "application_ids": [first.pk, already.pk, rejected.pk, 999_999],
                "to_stage": "interview",
                "notify": True,
            },
            format="json",
        )

    assert response.status_code == 200
    assert response.json() == {
        "moved": [first.pk],
        "skipped": [
            {"application": already.pk, "reason": "Already at Interview"},
            {
                "application": rejected.pk,
                "reason": "A rejected application cannot move to Interview",
            },
            {"application": 999_999, "reason": "Not part of this role"},
        ],
    }  # fmt: skip
    assert [m.to for m in mail.outbox] == [[first.candidate.email]]


@pytest.mark.django_db(transaction=True)
def test_bulk_reject_needs_a_reason(api, role):
    application = scored_application(role)

    response = api.post(
        url(role, "shortlist-bulk"),
        {"action": "reject", "application_ids": [application.pk]},
        format="json",
    )

    assert response.status_code == 400
    assert "Give a reason for the rejection" in response.json()["reason"][0]
    assert Application.objects.get(pk=application.pk).stage == Stage.SCORED


def test_bulk_reject_with_a_reason(api, role, django_capture_on_commit_callbacks):
    application = scored_application(role)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            url(role, "shortlist-bulk"),
            {"action": "reject", "application_ids": [application.pk], "reason": "Too slow"},
            format="json",
        )

    assert response.json() == {"moved": [application.pk], "skipped": []}
    assert Application.objects.get(pk=application.pk).stage == Stage.REJECTED
    assert "Too slow" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"action": "move", "application_ids": [1]}, "to_stage"),
        ({"action": "promote", "application_ids": [1], "to_stage": "offer"}, "action"),
        ({"action": "move", "application_ids": [], "to_stage": "offer"}, "application_ids"),
        ({"action": "move", "application_ids": ["x"], "to_stage": "offer"}, "application_ids"),
        ({"action": "move", "application_ids": [1], "to_stage": "limbo"}, "to_stage"),
        ({"action": "move", "application_ids": [1], "to_stage": "invited"}, "to_stage"),
        ({"action": "move", "application_ids": [2**40], "to_stage": "offer"}, "application_ids"),
    ],
)
@pytest.mark.django_db(transaction=True)
def test_bad_bulk_requests_are_a_400_naming_the_field(api, role, payload, field):
    application = scored_application(role)

    response = api.post(url(role, "shortlist-bulk"), payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert Application.objects.get(pk=application.pk).stage == Stage.SCORED


def test_the_schema_is_valid_and_describes_the_shortlist(tmp_path):
    schema = tmp_path / "schema.yml"

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(schema), stdout=StringIO()
    )

    text = schema.read_text()
    for path in ("/shortlist/:", "/shortlist/bulk/:", "/shortlist.csv:"):
        assert path in text


def test_the_api_rows_are_exactly_what_the_schema_serializer_gives(role, recruiter):
    scored_application(role, composite=0.4, failed_gates=["accuracy"], name=NAME)
    visible = scored_application(
        role, composite=0.8, paste=1, collusion=True, stage=Stage.INTERVIEW,
        profile={"hourly_rate": "42.50", "time_zone": "Asia/Kolkata"},
    )  # fmt: skip
    identity_reveal(application=visible, by=recruiter, reason="Client referral")
    page = shortlist_page(role=role, filters=ShortlistFilters(), sort=Sort())

    assert len(page.rows) == 2
    for row in page.rows:
        assert row_data(row) == dict(ShortlistRowSerializer(row).data)


def test_the_schema_documents_every_filter_of_the_filterset(tmp_path):
    schema = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(schema), stdout=StringIO())

    paths = yaml.safe_load(schema.read_text())["paths"]
    for path, operation in paths.items():
        if path.endswith(("/shortlist/", "/shortlist.csv")):
            documented = {p["name"]: p for p in operation["get"]["parameters"]}
            assert set(FIELDS) <= set(documented), path
            assert documented["stage"]["explode"] is True
            assert documented["overlap"]["schema"]["type"] == "integer"
            assert documented["level"]["schema"]["enum"][-1] == "native"
