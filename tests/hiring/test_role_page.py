"""The team's role page: the spec, the lifecycle buttons and a bounded pipeline."""

import pytest
from django.urls import reverse

from hiring.models import Role
from tests.factories import (
    ApplicationFactory,
    AssessmentFactory,
    CandidateProfileFactory,
    ResponsibilityFactory,
    RoleFactory,
    SuccessMetricFactory,
)
from tests.factories.roles import RoleLanguageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(client, hiring_manager):
    client.force_login(hiring_manager)
    return client


def role_url(role, name="role"):
    return reverse(f"hiring:{name}", args=[role.organization.slug, role.pk])


def test_the_page_shows_the_spec_in_priority_order(team, org):
    role = RoleFactory(
        organization=org,
        task_complexity="expert",
        credential="none",
        domain="medicine",
        description="Review **discharge** summaries.<script>alert(1)</script>",
        tz_overlap_hours=3,
        tz_reference="Europe/Paris",
    )
    ResponsibilityFactory(role=role, position=2, text="Second duty")
    ResponsibilityFactory(role=role, position=1, text="First duty")
    SuccessMetricFactory(role=role, kind="throughput", target="40", unit="items/hour")
    RoleLanguageFactory(role=role, language="French", min_level="B2")

    page = team.get(role_url(role)).content.decode()

    assert page.index("First duty") < page.index("Second duty")
    assert "Throughput" in page
    assert "at least 40 items/hour" in page
    assert "French (≥ B2)" in page
    assert "3 h overlap with Europe/Paris" in page
    assert "<strong>discharge</strong>" in page
    assert "<script>alert(1)" not in page
    assert "No credential is less than expert work in medicine needs." in page
    assert "30.00–45.00 USD per hour" in page


def test_publishing_without_a_metric_is_refused_with_the_services_message(team, org):
    role = RoleFactory(organization=org, status=Role.Status.DRAFT)

    response = team.post(role_url(role, "role-status"), {"status": "published"}, follow=True)

    assert "Add at least one 90-day success metric before publishing" in response.content.decode()
    role.refresh_from_db()
    assert role.status == Role.Status.DRAFT


def test_publishing_without_an_assessment_opens_it_with_assessment_pending(
    team, org, hiring_manager
):
    role = RoleFactory(organization=org, status=Role.Status.DRAFT)
    SuccessMetricFactory(role=role)

    response = team.post(role_url(role, "role-status"), {"status": "published"}, follow=True)

    page = response.content.decode()
    assert "The role is now published." in page
    assert 'data-testid="assessment-pending"' in page
    assert f"Published by {hiring_manager}" in page
    dashboard = team.get(reverse("hiring:organization", args=[org.slug])).content.decode()
    assert "assessment pending" in dashboard


def test_the_lifecycle_buttons_follow_the_status(team, org):
    role = RoleFactory(organization=org, status=Role.Status.PUBLISHED)
    SuccessMetricFactory(role=role)
    url = role_url(role, "role-status")

    page = team.get(role_url(role)).content.decode()
    assert ">Pause<" in page
    assert ">Close<" in page
    assert ">Publish<" not in page

    team.post(url, {"status": "paused"})
    assert ">Reopen<" in team.get(role_url(role)).content.decode()

    team.post(url, {"status": "closed"})
    page = team.get(role_url(role)).content.decode()
    assert "Its applications are kept, read-only." in page
    assert ">Reopen<" not in page
    assert role_url(role, "role-edit") not in page


def test_a_refused_or_unknown_status_says_so(team, org):
    role = RoleFactory(organization=org, status=Role.Status.CLOSED)

    refused = team.post(role_url(role, "role-status"), {"status": "published"}, follow=True)
    unknown = team.post(role_url(role, "role-status"), {"status": "archived"}, follow=True)

    assert "A closed role cannot become published." in refused.content.decode()
    assert "“archived” is not a role status." in unknown.content.decode()


def test_an_attached_assessment_is_named_and_nothing_is_pending(team, org):
    assessment = AssessmentFactory(organization=org, title="Clause task")
    role = RoleFactory(organization=org, assessment=assessment)

    page = team.get(role_url(role)).content.decode()

    assert "Clause task" in page
    assert 'data-testid="assessment-pending"' not in page


@pytest.mark.parametrize("applications", [1, 30])
def test_the_page_costs_the_same_queries_for_any_pipeline_size(
    team, org, applications, django_assert_max_num_queries
):
    role = RoleFactory(organization=org)
    for _ in range(applications):
        CandidateProfileFactory(user=ApplicationFactory(role=role).candidate)
    ResponsibilityFactory.create_batch(3, role=role)

    with django_assert_max_num_queries(13):  # with the navigation's alert badge
        response = team.get(role_url(role))
    assert response.status_code == 200
