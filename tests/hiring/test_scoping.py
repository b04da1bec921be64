"""No one sees what isn't theirs: another organisation's rows are a 404, never a leak."""

import pytest
from django.urls import reverse

from assessments.models import GoldAnswer, Response
from hiring.models import Application, Membership, Role, StageChange
from tests.factories import (
    ApplicationFactory,
    GoldAnswerFactory,
    MembershipFactory,
    ResponseFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def their_role(other_org):
    return RoleFactory(organization=other_org, title="Clinical NLP annotator")


def test_a_member_gets_404_for_another_organisations_dashboard(client, recruiter, other_org):
    client.force_login(recruiter)

    response = client.get(reverse("hiring:organization", args=[other_org.slug]))

    assert response.status_code == 404


def test_a_member_gets_404_for_another_organisations_role_even_under_their_own_slug(
    client, org, recruiter, their_role
):
    client.force_login(recruiter)

    for slug in (org.slug, their_role.organization.slug):
        response = client.get(reverse("hiring:role", args=[slug, their_role.pk]))
        assert response.status_code == 404
        assert b"Clinical NLP annotator" not in response.content


def test_the_api_answers_404_for_another_organisations_role(client, recruiter, their_role):
    client.force_login(recruiter)

    response = client.get(reverse("api:role", args=[their_role.pk]))

    assert response.status_code == 404
    assert response.json() == {"detail": "No Role matches the given query."}


def test_the_api_role_list_holds_only_the_users_organisations_roles(
    client, org, recruiter, their_role
):
    mine = RoleFactory(organization=org)
    client.force_login(recruiter)

    response = client.get(reverse("api:roles"))

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


def test_the_dashboard_lists_only_the_organisations_own_roles(client, org, recruiter, their_role):
    RoleFactory(organization=org, title="Contract review annotator")
    client.force_login(recruiter)

    response = client.get(reverse("hiring:organization", args=[org.slug]))

    assert response.status_code == 200
    assert b"Contract review annotator" in response.content
    assert b"Clinical NLP annotator" not in response.content


def test_a_candidate_without_membership_sees_no_team_page(client, candidate, org):
    role = RoleFactory(organization=org)
    client.force_login(candidate)

    assert client.get(reverse("hiring:organization", args=[org.slug])).status_code == 404
    assert client.get(reverse("hiring:role", args=[org.slug, role.pk])).status_code == 404
    assert client.get(reverse("api:role", args=[role.pk])).status_code == 404


def test_a_reviewer_cannot_open_the_pipeline_which_names_candidates(client, org, reviewer):
    role = RoleFactory(organization=org)
    client.force_login(reviewer)

    assert client.get(reverse("hiring:role", args=[org.slug, role.pk])).status_code == 404
    assert client.get(reverse("api:role", args=[role.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, org):
    response = client.get(reverse("hiring:organization", args=[org.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("api:roles")).status_code == 403


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Role, lambda org: RoleFactory(organization=org)),
        (Application, lambda org: ApplicationFactory(role__organization=org)),
        (GoldAnswer, lambda org: GoldAnswerFactory(item__assessment__organization=org)),
        (Response, lambda org: ResponseFactory(attempt__assessment__organization=org)),
    ],
    ids=["role", "application", "gold", "response"],
)
def test_for_user_scopes_every_owned_model_to_the_users_organisations(
    model, make, org, other_org, recruiter
):
    mine, theirs = make(org), make(other_org)

    visible = set(model.objects.for_user(recruiter))

    assert mine in visible
    assert theirs not in visible


def test_for_user_does_not_duplicate_rows_for_a_member_with_two_memberships(org, other_org):
    person = MembershipFactory(organization=org).user
    MembershipFactory(organization=other_org, user=person)
    RoleFactory(organization=org)

    assert Role.objects.for_user(person).count() == 1


def test_for_user_can_narrow_to_membership_roles(org, reviewer, hiring_manager):
    RoleFactory(organization=org)

    assert Role.objects.for_user(reviewer, roles=Membership.PIPELINE).count() == 0
    assert Role.objects.for_user(hiring_manager, roles=Membership.PIPELINE).count() == 1


def test_stage_history_scopes_through_its_application(org, other_org, recruiter):
    theirs = ApplicationFactory(role__organization=other_org)
    StageChange.objects.create(application=theirs, to_stage="applied")

    assert not StageChange.objects.for_user(recruiter).exists()


def test_the_api_role_list_filters_and_refuses_an_unknown_status_with_a_field_error(
    client, org, recruiter
):
    RoleFactory(organization=org, status="draft", title="Draft role")
    RoleFactory(organization=org, title="Published role")
    client.force_login(recruiter)

    drafts = client.get(reverse("api:roles"), {"status": "draft"}).json()["results"]
    refused = client.get(reverse("api:roles"), {"status": "archived"})

    assert [row["title"] for row in drafts] == ["Draft role"]
    assert refused.status_code == 400
    assert "status" in refused.json()
    assert "archived" in refused.json()["status"][0]
