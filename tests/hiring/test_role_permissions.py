"""Who may do what, page by page and endpoint by endpoint.

Owners and hiring managers write roles; recruiters also work the pipeline;
reviewers never see the pipeline; another organisation's member, or a candidate,
gets a 404 (never a 403 that would confirm the object exists); anonymous visitors
are sent to sign in (pages) or refused (API). A member who can see a role but may
not write it (a recruiter) gets a 403 on writes.
"""

import json

import pytest
from django.urls import reverse

from hiring.models import Membership, Role
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    RoleFactory,
    SuccessMetricFactory,
    UserFactory,
)
from tests.factories.roles import role_form_data, role_payload

pytestmark = pytest.mark.django_db

PEOPLE = ["owner", "hiring_manager", "recruiter", "reviewer", "candidate", "other_org", "anonymous"]


@pytest.fixture
def world(org, other_org):
    role = RoleFactory(organization=org, status=Role.Status.DRAFT)
    SuccessMetricFactory(role=role)
    application = ApplicationFactory(role=role)
    people = {
        name: MembershipFactory(organization=org, role=getattr(Membership.Role, name.upper())).user
        for name in ("owner", "hiring_manager", "recruiter", "reviewer")
    }
    people["other_org"] = MembershipFactory(organization=other_org, role=Membership.Role.OWNER).user
    people["candidate"] = application.candidate
    people["anonymous"] = None
    return {"org": org, "role": role, "application": application, "people": people}


def _as(client, world, person):
    user = world["people"][person]
    if user is not None:
        client.force_login(user)
    return client


def expect(authors, recruiter, reviewer, outsiders, anonymous):
    return {
        "owner": authors,
        "hiring_manager": authors,
        "recruiter": recruiter,
        "reviewer": reviewer,
        "candidate": outsiders,
        "other_org": outsiders,
        "anonymous": anonymous,
    }


def _page(name, *args):
    return lambda w: reverse(f"hiring:{name}", args=[w["org"].slug, *(a(w) for a in args)])


role_pk = lambda w: w["role"].pk  # noqa: E731
application_pk = lambda w: w["application"].pk  # noqa: E731

PAGES = {
    "new role chooser": ("get", _page("role-new"), None, expect(200, 403, 403, 404, 302)),
    "new role form": (
        "get",
        lambda w: reverse("hiring:role-create", args=[w["org"].slug, "llm_evaluator"]),
        None,
        expect(200, 403, 403, 404, 302),
    ),
    "create role": (
        "post",
        lambda w: reverse("hiring:role-create", args=[w["org"].slug, "llm_evaluator"]),
        lambda w: role_form_data(),
        expect(302, 403, 403, 404, 302),
    ),
    "credential check": (
        "get",
        _page("role-credential-check"),
        None,
        expect(200, 403, 403, 404, 302),
    ),
    "role page": ("get", _page("role", role_pk), None, expect(200, 200, 404, 404, 302)),
    "edit role": ("get", _page("role-edit", role_pk), None, expect(200, 403, 404, 404, 302)),
    "save role": (
        "post",
        _page("role-edit", role_pk),
        lambda w: role_form_data(),
        expect(302, 403, 404, 404, 302),
    ),
    "publish role": (
        "post",
        _page("role-status", role_pk),
        lambda w: {"status": "published"},
        expect(302, 403, 404, 404, 302),
    ),
    "application page": (
        "get",
        _page("application", application_pk),
        None,
        expect(200, 200, 404, 404, 302),
    ),
    "move application": (
        "post",
        _page("application-move", application_pk),
        lambda w: {"stage": "shortlisted"},
        expect(302, 302, 404, 404, 302),
    ),
    "add note": (
        "post",
        _page("application-note", application_pk),
        lambda w: {"body": "Looks strong"},
        expect(302, 302, 404, 404, 302),
    ),
}


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("page", PAGES.keys())
def test_pages(client, world, person, page):
    method, url, data, expected = PAGES[page]
    client = _as(client, world, person)

    response = getattr(client, method)(url(world), data(world) if data else None)

    assert response.status_code == expected[person]
    if person == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    if response.status_code == 404:
        assert world["role"].title.encode() not in response.content


def _api(name, *args):
    return lambda w: reverse(f"api:{name}", args=[a(w) for a in args])


ENDPOINTS = {
    "list roles": ("get", _api("roles"), None, expect(200, 200, 200, 200, 403)),
    "create role": (
        "post",
        _api("roles"),
        lambda w: role_payload(organization=w["org"]),
        expect(201, 400, 400, 400, 403),
    ),
    "read role": ("get", _api("role", role_pk), None, expect(200, 200, 404, 404, 403)),
    "rewrite role": (
        "put",
        _api("role", role_pk),
        lambda w: role_payload(organization=w["org"]),
        expect(200, 403, 404, 404, 403),
    ),
    "change status": (
        "post",
        _api("role-status", role_pk),
        lambda w: {"status": "published"},
        expect(200, 403, 404, 404, 403),
    ),
    "role templates": ("get", _api("role-templates"), None, expect(200, 200, 200, 200, 403)),
    "applications of a role": (
        "get",
        _api("role-applications", role_pk),
        None,
        expect(200, 200, 404, 404, 403),
    ),
    "read application": (
        "get",
        _api("team-application", application_pk),
        None,
        expect(200, 200, 404, 404, 403),
    ),
    "move application": (
        "post",
        _api("team-application-move", application_pk),
        lambda w: {"stage": "shortlisted"},
        expect(200, 200, 404, 404, 403),
    ),
    "list notes": (
        "get",
        _api("team-application-notes", application_pk),
        None,
        expect(200, 200, 404, 404, 403),
    ),
    "add note": (
        "post",
        _api("team-application-notes", application_pk),
        lambda w: {"body": "Looks strong"},
        expect(201, 201, 404, 404, 403),
    ),
}


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("endpoint", ENDPOINTS.keys())
def test_api(client, world, person, endpoint):
    method, url, data, expected = ENDPOINTS[endpoint]
    client = _as(client, world, person)
    body = json.dumps(data(world), default=str) if data else None

    response = getattr(client, method)(
        url(world), body, **({"content_type": "application/json"} if body else {})
    )

    assert response.status_code == expected[person], response.content[:300]


def test_a_candidate_lists_no_roles_through_the_api(client, world):
    client.force_login(world["people"]["candidate"])

    assert client.get(reverse("api:roles")).json()["results"] == []


def test_another_organisations_member_cannot_reach_a_role_under_their_own_slug(
    client, world, other_org
):
    client.force_login(world["people"]["other_org"])

    for name in ("role", "role-edit"):
        url = reverse(f"hiring:{name}", args=[other_org.slug, world["role"].pk])
        assert client.get(url).status_code == 404
    url = reverse("hiring:application", args=[other_org.slug, world["application"].pk])
    assert client.get(url).status_code == 404


def test_only_authors_see_the_new_role_button_and_lifecycle_buttons(client, world):
    org, role = world["org"], world["role"]
    dashboard = reverse("hiring:organization", args=[org.slug])
    role_page = reverse("hiring:role", args=[org.slug, role.pk])
    new_role = reverse("hiring:role-new", args=[org.slug]).encode()
    status = reverse("hiring:role-status", args=[org.slug, role.pk]).encode()

    client.force_login(world["people"]["hiring_manager"])
    assert new_role in client.get(dashboard).content
    assert status in client.get(role_page).content

    client.force_login(world["people"]["recruiter"])
    assert new_role not in client.get(dashboard).content
    assert status not in client.get(role_page).content

    client.force_login(UserFactory())
    assert client.get(dashboard).status_code == 404
