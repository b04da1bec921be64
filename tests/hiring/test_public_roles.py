"""Public role pages and API: published roles only, filters, and applying in the browser's
HTTP terms (login, consent, knock-outs)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hiring.models import Application, Role, RoleLanguage
from tests.factories import (
    ApplicationFactory,
    ResponsibilityFactory,
    RoleFactory,
    SuccessMetricFactory,
)
from tests.factories.profiles import consented_profile

pytestmark = pytest.mark.django_db

LIST = reverse("public_roles:list")
API_LIST = reverse("api:public-roles")


def titles(response) -> set[str]:
    return {role.title for role in response.context["page_obj"].object_list}


@pytest.fixture
def roles(org, other_org):
    law = RoleFactory(organization=org, title="Law annotator", pay_max=Decimal("45"))
    RoleLanguage.objects.create(role=law, language="German", min_level="B2")
    medicine = RoleFactory(
        organization=other_org,
        title="Clinical rater",
        domain="medicine",
        role_type=Role.RoleType.LLM_EVALUATOR,
        modality="audio",
        engagement=Role.Engagement.FREELANCE,
        pay_min=Decimal("60"),
        pay_max=Decimal("90"),
    )
    for status in ("draft", "paused", "closed"):
        RoleFactory(organization=org, title=f"{status} role", status=status)
    return law, medicine


def test_anonymous_visitors_see_only_published_roles_of_every_organisation(client, roles):
    response = client.get(LIST)

    assert response.status_code == 200
    assert titles(response) == {"Law annotator", "Clinical rater"}
    page = response.content.decode()
    assert "draft role" not in page
    assert "closed role" not in page
    assert "paused role" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"domain": "medicine"}, {"Clinical rater"}),
        ({"role_type": "llm_evaluator"}, {"Clinical rater"}),
        ({"modality": "text"}, {"Law annotator"}),
        ({"engagement": "freelance"}, {"Clinical rater"}),
        ({"min_pay": "50"}, {"Clinical rater"}),
        ({"min_pay": "45"}, {"Law annotator", "Clinical rater"}),
        ({"language": "german"}, {"Law annotator"}),
        ({"language": "French"}, set()),
        ({"domain": "law", "modality": "audio"}, set()),
    ],
)
def test_filters_narrow_the_list_on_the_page_and_in_the_api(client, roles, query, expected):
    assert titles(client.get(LIST, query)) == expected
    api = client.get(API_LIST, query)
    assert api.status_code == 200
    assert {role["title"] for role in api.json()["results"]} == expected


def test_a_bad_filter_is_a_400_with_a_message_on_the_page_and_in_the_api(client, roles):
    page = client.get(LIST, {"domain": "astrology", "min_pay": "-3"})

    assert page.status_code == 400
    assert "“astrology” is not a domain we hire in." in page.content.decode()
    assert titles(page) == {"Law annotator", "Clinical rater"}  # the bad filter is ignored
    api = client.get(API_LIST, {"domain": "astrology", "min_pay": "-3"})
    assert api.status_code == 400
    assert api.json() == {
        "domain": ["“astrology” is not a domain we hire in."],
        "min_pay": ["The minimum pay cannot be negative."],
    }


def test_htmx_gets_only_the_results_and_a_plain_get_the_whole_page(client, roles):
    full = client.get(LIST, {"domain": "law"}).content.decode()
    partial = client.get(LIST, {"domain": "law"}, headers={"HX-Request": "true"}).content.decode()

    assert "<html" in full
    assert 'id="role-results"' in full
    assert "<html" not in partial
    assert partial.lstrip().startswith('<section id="role-results"')
    assert "Law annotator" in partial
    assert "Clinical rater" not in partial


def test_the_list_is_paginated_keeping_the_filters(client, org):
    RoleFactory.create_batch(21, organization=org, domain="finance")

    first = client.get(LIST, {"domain": "finance"})
    second = client.get(LIST, {"domain": "finance", "page": 2})

    assert len(first.context["page_obj"].object_list) == 20
    assert len(second.context["page_obj"].object_list) == 1
    assert "domain=finance&amp;page=2" in first.content.decode()


def test_the_list_query_count_does_not_grow_with_roles(client, org, django_assert_max_num_queries):
    for role in RoleFactory.create_batch(15, organization=org):
        RoleLanguage.objects.create(role=role, language="English", min_level="C1")

    with django_assert_max_num_queries(6):
        client.get(LIST)


def test_the_role_page_shows_everything_a_candidate_needs(client, org):
    role = RoleFactory(
        organization=org,
        title="Contract reviewer",
        description="**Bold** claim <script>alert(1)</script>",
        weekly_hours=20,
        tz_overlap_hours=3,
        tz_reference="Europe/London",
        task_complexity=Role.Complexity.EXPERT,
    )
    RoleLanguage.objects.create(role=role, language="English", min_level="C1")
    ResponsibilityFactory(role=role, position=2, text="Second duty")
    ResponsibilityFactory(role=role, position=1, text="First duty")
    SuccessMetricFactory(role=role, target=Decimal("92"), unit="%")

    response = client.get(reverse("public_roles:detail", args=[role.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Bold</strong>" in page
    assert "<script>alert(1)" not in page
    assert page.index("First duty") < page.index("Second duty")
    assert "Accuracy vs gold" in page
    assert "92 %" in page
    assert "Lexicon Legal AI" in page
    assert "20 hours a week" in page
    assert "3 hours a day with Europe/London" in page
    assert "English C2 (proficient)" not in page
    assert "English C1 (advanced) or above" in page
    assert "Expert" in page
    assert "Pending" in page  # no assessment attached yet
    assert reverse("public_roles:apply", args=[role.pk]) in page
    assert "How many years of experience do you have in Law?" in page


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_draft_and_closed_roles_are_404_for_everyone(client, org, hiring_manager, status):
    role = RoleFactory(organization=org, status=status)

    assert client.get(reverse("public_roles:detail", args=[role.pk])).status_code == 404
    assert client.get(reverse("api:public-role", args=[role.pk])).status_code == 404
    client.force_login(hiring_manager)  # even for the team that owns it
    assert client.get(reverse("public_roles:detail", args=[role.pk])).status_code == 404


def test_a_paused_role_is_shown_as_not_accepting_applications(client, org):
    role = RoleFactory(organization=org, status=Role.Status.PAUSED)

    page = client.get(reverse("public_roles:detail", args=[role.pk])).content.decode()

    assert "not accepting applications" in page
    assert reverse("public_roles:apply", args=[role.pk]) not in page


def test_the_public_api_role_detail_has_questions_and_no_pipeline(client, org):
    role = RoleFactory(organization=org, tz_overlap_hours=2)
    ApplicationFactory(role=role)

    data = client.get(reverse("api:public-role", args=[role.pk])).json()

    assert data["organization"] == "Lexicon Legal AI"
    assert [q["key"] for q in data["knockout_questions"]] == ["tz_overlap", "domain_years"]
    assert "stage_counts" not in data
    assert "applications" not in data
    assert "assessment" not in data


def test_applying_needs_an_account(client, org):
    role = RoleFactory(organization=org)

    response = client.get(reverse("public_roles:apply", args=[role.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.fixture
def law_role(org):
    role = RoleFactory(organization=org, title="Contract reviewer", tz_overlap_hours=0)
    RoleLanguage.objects.create(role=role, language="English", min_level="C1")
    return role


def test_the_apply_form_is_prefilled_from_the_profile(client, candidate, law_role):
    consented_profile(user=candidate, languages=(("English", "C2"),), domains=(("law", 6),))
    client.force_login(candidate)

    form = client.get(reverse("public_roles:apply", args=[law_role.pk])).context["form"]

    assert form.initial == {"language:English": "C2", "domain_years": 6}


def test_applying_through_the_page_records_and_redirects(client, candidate, law_role):
    consented_profile(user=candidate)
    client.force_login(candidate)

    response = client.post(
        reverse("public_roles:apply", args=[law_role.pk]),
        {"language:English": "B1", "domain_years": "6"},
        follow=True,
    )

    application = Application.objects.get(candidate=candidate)
    assert application.stage == Application.Stage.REJECTED
    page = response.content.decode()
    assert "English at C1 or above is required; you answered B1." in page
    assert response.redirect_chain[-1][0] == reverse("candidates:applications")


def test_a_bad_answer_on_the_page_is_a_400_with_a_message(client, candidate, law_role):
    consented_profile(user=candidate)
    client.force_login(candidate)

    response = client.post(
        reverse("public_roles:apply", args=[law_role.pk]),
        {"language:English": "Z9", "domain_years": "-1"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "“Z9” is not a CEFR level" in page
    assert "greater than or equal to 0" in page
    assert not Application.objects.exists()


def test_without_consent_the_apply_page_says_why_and_links_to_the_profile(
    client, candidate, law_role
):
    client.force_login(candidate)

    get = client.get(reverse("public_roles:apply", args=[law_role.pk]))
    post = client.post(reverse("public_roles:apply", args=[law_role.pk]), {})

    assert "needs your consent to processing of your data" in get.content.decode()
    assert reverse("candidates:profile") in get.content.decode()
    assert post.status_code == 400
    assert not Application.objects.exists()


def test_a_second_application_through_the_page_gets_a_clear_message(client, candidate, law_role):
    consented_profile(user=candidate)
    ApplicationFactory(candidate=candidate, role=law_role)
    client.force_login(candidate)

    response = client.post(
        reverse("public_roles:apply", args=[law_role.pk]),
        {"language:English": "C2", "domain_years": "6"},
    )

    assert response.status_code == 400
    assert "You have already applied to this role." in response.content.decode()
    assert Application.objects.count() == 1


def test_a_team_member_is_told_the_role_is_not_theirs_to_apply_to(client, recruiter, law_role):
    consented_profile(user=recruiter)
    client.force_login(recruiter)

    response = client.post(
        reverse("public_roles:apply", args=[law_role.pk]),
        {"language:English": "C2", "domain_years": "6"},
    )

    assert response.status_code == 400
    assert "its roles are not yours to apply to" in response.content.decode()
    assert not Application.objects.exists()


def test_a_bad_filter_through_htmx_still_swaps_in_the_message(client, roles):
    response = client.get(LIST, {"min_pay": "-3"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "The minimum pay cannot be negative." in response.content.decode()
