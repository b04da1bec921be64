"""The access layer: one table of who may do what, one resolver for pages and API (404 for
strangers, 404 or 403 for members as each need says), and navigation that reads it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from core import access
from hiring.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory

Role = Membership.Role

# role, senior -> (author, pipeline, queue, tiers, share, everyone's agreement, gold)
TABLE = {
    (Role.OWNER, False): (
        True, True, True, ("primary", "senior", "adjudication"), True, True, True,
    ),
    (Role.HIRING_MANAGER, False): (True, True, True, ("primary",), True, True, True),
    (Role.HIRING_MANAGER, True): (
        True, True, True, ("primary", "senior", "adjudication"), True, True, True,
    ),
    (Role.RECRUITER, False): (False, True, False, (), False, False, False),
    (Role.RECRUITER, True): (
        False, True, True, ("senior", "adjudication"), False, True, False,
    ),
    (Role.REVIEWER, False): (False, False, True, ("primary",), False, False, False),
    (Role.REVIEWER, True): (
        False, False, True, ("primary", "senior", "adjudication"), False, True, False,
    ),
}  # fmt: skip


@pytest.mark.parametrize(("role", "senior"), list(TABLE))
def test_capabilities_follow_one_table(role, senior):
    organization = OrganizationFactory.build()
    membership = MembershipFactory.build(organization=organization, role=role)
    membership.is_senior_reviewer = senior
    got = access.access_of(membership, organization)
    author, pipeline, queue, tiers, share, everyone, gold = TABLE[(role, senior)]
    assert got.may_author is author
    assert got.may_write_rubrics is author
    assert got.may_work_pipeline is pipeline
    assert got.may_read_assessments is pipeline
    assert got.may_use_queue is queue
    assert got.review_tiers == tiers
    assert got.may_set_share is share
    assert got.may_see_everyones_agreement is everyone
    assert got.sees_gold is gold
    assert got.may_read_rubrics is True


def test_a_stranger_may_do_nothing():
    stranger = access.access_of(None, OrganizationFactory.build())
    assert not stranger.is_member
    assert not any(
        (
            stranger.may_author,
            stranger.may_work_pipeline,
            stranger.may_use_queue,
            stranger.may_read_rubrics,
            stranger.sees_gold,
            stranger.may_see_everyones_agreement,
        )
    )
    assert stranger.review_tiers == ()


@pytest.mark.django_db
def test_resolver_answers_404_to_strangers_then_each_need_its_own_way(
    org, other_recruiter, recruiter, reviewer
):
    with pytest.raises(Http404):
        access.organization_access(user=other_recruiter, slug=org.slug)
    with pytest.raises(Http404):
        access.organization_access(user=recruiter, slug="no-such-organisation")
    # The pipeline hides itself from a reviewer (404); a write refuses a reader (403).
    with pytest.raises(Http404):
        access.organization_access(user=reviewer, slug=org.slug, needs=[access.PIPELINE])
    with pytest.raises(PermissionDenied, match="write roles"):
        access.organization_access(user=recruiter, slug=org.slug, needs=[access.WRITE_ROLES])
    with pytest.raises(PermissionDenied, match="review answers"):
        access.organization_access(user=recruiter, slug=org.slug, needs=[access.QUEUE])
    got = access.organization_access(user=reviewer, slug=org.slug, needs=[access.QUEUE])
    assert got.organization == org
    assert got.role == Role.REVIEWER


NAV = {
    Role.OWNER: {"Assessments", "Calibration", "Reviews", "Rubrics"},
    Role.HIRING_MANAGER: {"Assessments", "Calibration", "Reviews", "Rubrics"},
    Role.RECRUITER: {"Assessments", "Calibration", "Rubrics"},
    Role.REVIEWER: {"Reviews", "Rubrics"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(NAV))
def test_navigation_shows_what_the_access_allows(client, org, role):
    user = MembershipFactory(organization=org, role=role).user
    client.force_login(user)
    html = client.get(reverse("hiring:organization", args=[org.slug])).content.decode()
    nav = html[html.index('<nav class="mainnav"') : html.index("</nav>")]
    links = {
        "Assessments": reverse("authoring:list", args=[org.slug]),
        "Calibration": reverse("calibration:index", args=[org.slug]),
        "Reviews": reverse("reviews:queue", args=[org.slug]),
        "Rubrics": reverse("rubrics:index", args=[org.slug]),
    }
    shown = {name for name, url in links.items() if f'href="{url}"' in nav}
    assert shown == NAV[role]
    assert Role(role).label in nav


@pytest.mark.django_db
def test_a_senior_recruiter_gets_the_review_queue_in_the_navigation(client, org):
    membership = MembershipFactory(organization=org, role=Role.RECRUITER, is_senior_reviewer=True)
    client.force_login(membership.user)
    html = client.get(reverse("hiring:organization", args=[org.slug])).content.decode()
    assert f'href="{reverse("reviews:queue", args=[org.slug])}"' in html


@pytest.mark.django_db
def test_the_api_refuses_before_it_reads_the_request(org, reviewer, recruiter, other_recruiter):
    """A malformed body does not tell a stranger or a reviewer that the endpoint is there:
    the 404 (or a member's 403) comes before any 400 about the body."""
    from rest_framework.test import APIClient

    api = APIClient()
    invite = reverse("api:ops-bulk-invite", args=[org.slug])
    for user in (reviewer, other_recruiter):
        api.force_authenticate(user)
        assert api.post(invite, {"role": "x"}, format="json").status_code == 404
    api.force_authenticate(recruiter)
    assert api.post(invite, {"role": "x"}, format="json").status_code == 400
    settings = reverse("api:reviews-settings", args=[org.slug])
    response = api.put(settings, {"senior_review_share": "x"}, format="json")
    assert response.status_code == 403
