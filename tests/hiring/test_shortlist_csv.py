"""The shortlist CSV: every matching row in the chosen order (not one page), the table's
columns, pseudonyms in blind mode, cells that never run as formulas, and the same
permissions as the page."""

import csv
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.pseudonyms import pseudonym
from hiring.models import Application
from hiring.shortlist.csv_export import COLUMNS, shortlist_csv_lines
from hiring.shortlist.filters import ShortlistFilters, Sort
from tests.factories.shortlist import entries, scored_application, shortlist_role

pytestmark = pytest.mark.django_db

Stage = Application.Stage
NAME, EMAIL = "Philippa Quellington", "p.quellington@example.org"


@pytest.fixture
def role(org):
    return shortlist_role(org, title="Clause reviewer")


def url(role):
    return reverse("api:shortlist-csv", args=[role.organization.slug, role.pk])


@pytest.fixture
def team(client, recruiter):
    client.force_login(recruiter)
    return client


def download(client, role, params=None, **headers):
    response = client.get(url(role), params or {}, **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="shortlist-{role.organization.slug}-{role.pk}-'
    )
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_columns_are_the_tables(team, role):
    scored_application(
        role,
        composite=0.875,
        components={"accuracy": 0.9, "edge_cases": 0.5, "agreement": 0.8, "throughput": 0.7},
        failed_gates=["accuracy"],
        paste=2, too_fast=1, collusion=True,
        profile={"hourly_rate": "42.5", "time_zone": "UTC"},
        stage=Stage.SHORTLISTED,
    )  # fmt: skip

    rows = download(team, role)

    assert tuple(rows[0]) == COLUMNS
    row = rows[0]
    assert row["Composite (%)"] == "87.5"
    assert row["Accuracy (%)"] == "90.0"
    assert row["Rationale (%)"] == ""
    assert row["Gates"] == "failed"
    assert row["Failed gates"] == "Accuracy (min 60%)"
    assert row["Flags"] == "possible collusion; 2 pastes; 1 item too fast"
    assert (row["Hourly rate"], row["Currency"]) == ("42.50", "USD")
    assert row["TZ overlap (h)"] == "8"
    assert row["Stage"] == "Shortlisted"


def test_every_matching_row_not_just_a_page_in_the_chosen_order(team, role):
    ids = entries(role, 40)

    everyone = download(team, role)
    by_rate = download(team, role, {"sort": "rate", "passed": "no"})

    assert len(everyone) == 40
    assert {int(r["Application"]) for r in everyone} == set(ids)
    composites = [float(r["Composite (%)"]) for r in everyone]
    assert composites == sorted(composites, reverse=True)
    assert by_rate
    assert all(r["Gates"] == "failed" for r in by_rate)
    rates = [float(r["Hourly rate"]) for r in by_rate]
    assert rates == sorted(rates)
    assert len(by_rate) < 40


def test_rows_are_read_in_chunks(role, django_assert_max_num_queries):
    entries(role, 7)

    with django_assert_max_num_queries(4 * 3 + 2):
        lines = list(
            shortlist_csv_lines(role=role, filters=ShortlistFilters(), sort=Sort(), chunk_size=3)
        )

    assert len(lines) == 8  # the header and seven rows
    ids = [int(line.split(",")[0]) for line in lines[1:]]
    assert len(set(ids)) == 7


def test_blind_mode_leaves_name_and_email_empty_and_gives_the_pseudonym(team, role):
    application = scored_application(role, name=NAME, email=EMAIL)

    response = team.get(url(role))
    text = b"".join(response.streaming_content).decode()
    row = next(csv.DictReader(io.StringIO(text)))

    assert row["Candidate"] == pseudonym(application.pk)
    assert row["Name"] == ""
    assert row["E-mail"] == ""
    assert NAME not in text
    assert EMAIL not in text
    assert "Quellington" not in text


def test_names_appear_from_the_interview_stage(team, role):
    scored_application(role, name=NAME, email=EMAIL, stage=Stage.INTERVIEW)

    row = download(team, role)[0]

    assert (row["Name"], row["E-mail"]) == (NAME, EMAIL)


@pytest.mark.parametrize("evil", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_cells_never_run_as_formulas(team, role, evil):
    role.blind_mode = False
    role.save()
    scored_application(role, name=evil)

    row = download(team, role)[0]

    assert row["Name"] == "'" + evil


def test_a_client_asking_for_csv_gets_it(role, recruiter):
    api = APIClient()
    api.force_authenticate(recruiter)
    scored_application(role)

    rows = download(api, role, HTTP_ACCEPT="text/csv")

    assert len(rows) == 1


def test_a_bad_filter_is_a_400_naming_it(team, role):
    response = team.get(url(role), {"min_accuracy": "500"}, HTTP_ACCEPT="application/json")

    assert response.status_code == 400
    assert "min_accuracy" in response.json()


def test_a_bad_filter_asked_as_csv_is_still_a_readable_400(role, recruiter):
    api = APIClient()
    api.force_authenticate(recruiter)

    response = api.get(url(role), {"stage": "limbo"}, HTTP_ACCEPT="text/csv")

    assert response.status_code == 400
    assert response.content.decode().startswith("field,message\nstage,")


@pytest.mark.parametrize("who", ["reviewer", "other_recruiter"])
def test_reviewers_and_other_organisations_get_a_404(client, role, who, reviewer, other_recruiter):
    client.force_login({"reviewer": reviewer, "other_recruiter": other_recruiter}[who])
    scored_application(role, name=NAME)

    response = client.get(url(role))

    assert response.status_code == 404
    assert NAME not in response.content.decode()


def test_the_page_links_to_the_csv_of_its_filters(team, role):
    scored_application(role)

    page = team.get(
        reverse("shortlist:page", args=[role.organization.slug, role.pk]),
        {"passed": "yes", "sort": "rate"},
    ).content.decode()

    assert f'href="{url(role)}?passed=yes&amp;sort=rate"' in page
