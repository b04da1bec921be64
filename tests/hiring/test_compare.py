"""Two to four candidates of one role side by side on the items they share — the page and
the API: identities per blind mode, validation with a specific message, 404 across
organisations, and a query count that does not grow with the cohort."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.models import GoldAnswer, ScoreReport
from core.blind import identity_reveal
from core.pseudonyms import pseudonym
from tests.factories import ApplicationFactory, RoleFactory
from tests.factories.candidate_detail import (
    EMAIL,
    NAME,
    SECRETS,
    reviewed_rationale,
    scored_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(org):
    return scored_role(org, candidates=5, items=10)


@pytest.fixture
def team(client, recruiter):
    client.force_login(recruiter)
    return client


@pytest.fixture
def api(recruiter):
    client = APIClient()
    client.force_authenticate(recruiter)
    return client


def query(applications) -> str:
    return "?" + "&".join(f"a={getattr(a, 'pk', a)}" for a in applications)


def page_url(role, applications) -> str:
    return reverse("hiring:compare", args=[role.organization.slug, role.pk]) + query(applications)


def api_url(role, applications) -> str:
    return reverse("api:role-compare", args=[role.organization.slug, role.pk]) + query(applications)


# --- The page --------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 3, 4])
def test_two_to_four_candidates_get_a_column_each(team, scored, count):
    picked = scored.applications[:count]

    response = team.get(page_url(scored.role, picked))

    assert response.status_code == 200
    page = response.content.decode()
    head = page[page.index('data-testid="compare-summary"') : page.index("</thead>")]
    assert re.findall(r'data-application="(\d+)"', head) == [str(a.pk) for a in picked]
    assert page.count('data-testid="compare-composite"') == count


def test_identities_follow_blind_mode(team, scored, recruiter):
    picked = scored.applications[:3]

    page = team.get(page_url(scored.role, picked)).content.decode()
    for secret in SECRETS:
        assert secret not in page
    for application in picked:
        assert pseudonym(application.pk) in page

    identity_reveal(application=scored.star, by=recruiter, reason="Referral check")
    page = team.get(page_url(scored.role, picked)).content.decode()
    assert NAME in page
    assert EMAIL not in page  # the compare columns name people, nothing more


def test_shared_items_show_majority_and_each_answer_with_differences_marked(team, scored):
    picked = scored.applications[:3]

    page = team.get(page_url(scored.role, picked)).content.decode()

    table = page[page.index('data-testid="compare-items"') :]
    rows = re.findall(r'<tr class="(cmp-differ|)" data-item="(\d+)"', table)
    assert len(rows) == 10
    assert table.count('class="cmp-answer') == 30
    differing = sum(1 for marked, _ in rows if marked)
    assert "answered differently" in page
    assert f"; {differing} answered differently" in page
    first = scored.cohort.items[0]
    assert "gold-cell" not in table  # a recruiter sees no gold, only the scores
    assert f"<code>{GoldAnswer.objects.get(item=first).answer}</code>" not in table


def test_an_author_sees_the_gold_of_the_shared_items(client, hiring_manager, scored):
    client.force_login(hiring_manager)

    page = client.get(page_url(scored.role, scored.applications[:3])).content.decode()

    table = page[page.index('data-testid="compare-items"') :]
    assert table.count('class="gold-cell"') == 10
    first = scored.cohort.items[0]
    assert f"<code>{GoldAnswer.objects.get(item=first).answer}</code>" in table


def test_an_answer_off_gold_is_marked(team, scored):
    picked = scored.applications[:2]
    reports = {r.attempt_id: r for r in ScoreReport.objects.filter(is_current=True)}
    off = sum(
        1
        for application in picked
        for score in reports[scored.attempt_of(application).pk].details["items"]["score"]
        if score is not None and score < 0.999
    )

    page = team.get(page_url(scored.role, picked)).content.decode()

    assert page.count("cmp-answer--off") == off


def test_components_gates_flags_rate_and_rationale_reviews_are_compared(team, scored, reviewer):
    reviewed_rationale(scored, reviewer=reviewer, final_score=0.75)

    page = team.get(page_url(scored.role, scored.applications[:2])).content.decode()
    summary = page[page.index('data-testid="compare-summary"') : page.index("</table>")]

    for label in ("Accuracy", "Edge cases", "Agreement", "Throughput", "Gates", "Flags"):
        assert f'<th scope="row">{label}</th>' in summary
    assert "2 pastes" in summary
    assert "3 focus losses" in summary
    assert "35.00 USD/h" in summary
    reviews = summary[summary.index('data-testid="compare-reviews"') :]
    assert "Item 1 rationale: <strong>75%</strong>" in reviews


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ([], "Pick 2 to 4 candidates to compare; you picked none."),
        (["first"], "Pick 2 to 4 candidates to compare; you picked only one."),
        (["first", "first"], "Pick 2 to 4 candidates to compare; you picked only one."),
        (["0", "1", "2", "3", "4"], "Compare at most 4 candidates at a time; you picked 5."),
        (["first", "abc"], "“abc” is not an application id."),
    ],
)
def test_a_wrong_selection_gets_a_page_that_says_why(team, scored, ids, message):
    ids = [
        scored.applications[0].pk
        if value == "first"
        else scored.applications[int(value)].pk
        if value.isdigit()
        else value
        for value in ids
    ]

    response = team.get(page_url(scored.role, ids))

    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="compare-error"' in page
    assert message in page


def test_a_candidate_of_another_role_is_named_and_refused(team, scored, org):
    elsewhere = ApplicationFactory(role=RoleFactory(organization=org, title="Medical coder"))

    response = team.get(page_url(scored.role, [scored.star, elsewhere]))

    assert response.status_code == 400
    assert f"#{elsewhere.pk} (“Medical coder”) applied to another role" in response.content.decode()


def test_another_organisations_application_is_a_404(team, scored, other_org):
    stranger = ApplicationFactory(role=RoleFactory(organization=other_org))

    assert team.get(page_url(scored.role, [scored.star, stranger])).status_code == 404
    assert team.get(page_url(scored.role, [scored.star, 987654])).status_code == 404


def test_the_compare_page_is_for_the_pipeline_only(client, scored, reviewer, other_recruiter):
    for user in (reviewer, other_recruiter):
        client.force_login(user)
        assert client.get(page_url(scored.role, scored.applications[:2])).status_code == 404


def test_candidates_without_attempts_compare_without_items(team, org):
    role = RoleFactory(organization=org)
    picked = [ApplicationFactory(role=role), ApplicationFactory(role=role)]

    response = team.get(page_url(role, picked))

    assert response.status_code == 200
    assert "share no answered item" in response.content.decode()


@pytest.mark.parametrize("candidates", [4, 20])
def test_the_page_costs_the_same_queries_for_any_cohort(
    team, org, candidates, django_assert_max_num_queries
):
    scored = scored_role(org, candidates=candidates, items=12, seed=candidates)
    address = page_url(scored.role, scored.applications[:4])

    # A handful per compared candidate (their items, answers, gold, reviews), none per member
    # of the cohort.
    with django_assert_max_num_queries(32):
        response = team.get(address)
    assert response.status_code == 200


# --- The API --------------------------------------------------------------------------------


def test_the_api_compares_with_identities_null_while_hidden(api, scored):
    picked = scored.applications[:3]

    response = api.get(api_url(scored.role, picked))

    assert response.status_code == 200
    data = response.json()
    assert [c["application"] for c in data["candidates"]] == [a.pk for a in picked]
    star = data["candidates"][0]
    assert star["identity"]["pseudonym"] == pseudonym(scored.star.pk)
    for field in ("name", "email", "country", "institutions"):
        assert star["identity"][field] is None
    for secret in SECRETS:
        assert secret not in response.content.decode()
    assert len(data["items"]) == 10
    assert all(len(item["cells"]) == 3 for item in data["items"])
    assert data["differing"] == sum(item["differ"] for item in data["items"])
    assert all("gold" not in item and "edge_case" not in item for item in data["items"])
    report = ScoreReport.objects.get(attempt=scored.attempt_of(scored.star), is_current=True)
    assert star["composite"] == pytest.approx(report.composite)
    assert {c["name"] for c in star["components"]} == set(report.components)
    assert star["flags"]["paste_events"] == 2


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (1, "Pick 2 to 4 candidates to compare; you picked only one."),
        (5, "Compare at most 4 candidates at a time; you picked 5."),
    ],
)
def test_the_api_refuses_a_wrong_number_with_a_400(api, scored, count, message):
    response = api.get(api_url(scored.role, scored.applications[:count]))

    assert response.status_code == 400
    assert response.json() == {"a": [message]}


def test_the_api_refuses_another_roles_candidate_and_404s_another_organisations(
    api, scored, org, other_org
):
    elsewhere = ApplicationFactory(role=RoleFactory(organization=org))
    stranger = ApplicationFactory(role=RoleFactory(organization=other_org))

    refused = api.get(api_url(scored.role, [scored.star, elsewhere]))
    assert refused.status_code == 400
    assert "applied to another role" in refused.json()["a"][0]
    assert api.get(api_url(scored.role, [scored.star, stranger])).status_code == 404


def test_the_api_compare_is_a_404_for_reviewers_and_other_organisations(
    scored, reviewer, other_recruiter
):
    client = APIClient()
    for user in (reviewer, other_recruiter):
        client.force_authenticate(user)
        assert client.get(api_url(scored.role, scored.applications[:2])).status_code == 404


def test_the_api_gives_an_author_the_gold_of_the_shared_items(scored, hiring_manager):
    author = APIClient()
    author.force_authenticate(hiring_manager)

    data = author.get(api_url(scored.role, scored.applications[:2])).json()

    assert all(item["gold"] for item in data["items"])
    assert all(isinstance(item["edge_case"], bool) for item in data["items"])
