"""Each kind of user lands on their work; every page renders from real rows."""

import pytest
from django.urls import reverse

from assessments.attempts.submission import attempt_submit
from hiring.models import Application, Membership
from rubrics.review.services import review_tasks_create
from tests.factories import (
    ApplicationFactory,
    AttemptFactory,
    CandidateProfileFactory,
    GoldAnswerFactory,
    MembershipFactory,
    ResponseFactory,
    RoleFactory,
    RubricFactory,
)

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_get_the_landing_page_with_sign_up(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert b"Hire AI trainers on evidence" in response.content
    assert reverse("account_signup").encode() in response.content


def test_a_member_of_one_organisation_goes_straight_to_it(client, org, recruiter):
    client.force_login(recruiter)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("hiring:organization", args=[org.slug])


def test_a_member_of_several_organisations_chooses_one(client, org, other_org, recruiter):
    MembershipFactory(user=recruiter, organization=other_org, role=Membership.Role.OWNER)
    client.force_login(recruiter)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert b"Where are you working today?" in response.content
    assert reverse("hiring:organization", args=[other_org.slug]).encode() in response.content


def test_a_candidate_goes_to_their_applications(client, candidate):
    client.force_login(candidate)

    response = client.get(reverse("home"))

    assert response["Location"] == reverse("candidates:dashboard")


def test_the_candidate_dashboard_shows_stage_and_next_step_and_only_their_own(client, candidate):
    CandidateProfileFactory(user=candidate)
    mine = ApplicationFactory(candidate=candidate, stage=Application.Stage.INVITED)
    ApplicationFactory(role__title="Someone else's role")
    AttemptFactory(candidate=candidate, pay_amount=40, assessment__title="Clause review task")
    client.force_login(candidate)

    page = client.get(reverse("candidates:dashboard")).content.decode()

    assert mine.role.title in page
    assert "Invited to assessment" in page
    assert Application.NEXT_STEPS[Application.Stage.INVITED] in page
    assert "Clause review task" in page
    assert "Someone else&#x27;s role" not in page
    assert "Languages" in page  # the profile checklist names what is missing


def test_the_organisation_dashboard_shows_roles_with_counts_and_pending_assessment(
    client, org, hiring_manager
):
    role = RoleFactory(organization=org, title="Clause reviewer")
    ApplicationFactory.create_batch(2, role=role)
    ApplicationFactory(role=role, stage=Application.Stage.REJECTED)
    client.force_login(hiring_manager)

    response = client.get(reverse("hiring:organization", args=[org.slug]))

    page = response.content.decode()
    assert "Clause reviewer" in page
    assert "Open — assessment pending" in page
    roles = {r.title: r for r in response.context["roles"]}
    assert (roles["Clause reviewer"].application_count, roles["Clause reviewer"].active_count) == (
        3,
        2,
    )


def test_a_reviewer_sees_how_many_written_answers_wait_for_review(client, org, reviewer):
    attempt = AttemptFactory(
        assessment__organization=org, assessment__rubric=RubricFactory(organization=org)
    )
    ResponseFactory(attempt=attempt, rationale="The clause caps liability at fees paid.")
    ResponseFactory(attempt=attempt, rationale="")
    attempt_submit(attempt_id=attempt.pk)
    review_tasks_create([attempt.pk])  # as scoring the submission does
    client.force_login(reviewer)

    response = client.get(reverse("hiring:organization", args=[org.slug]))

    assert response.context["reviews_waiting"] == 1
    assert b'data-testid="reviews-waiting">1<' in response.content


def test_the_role_page_counts_every_stage_including_empty_ones(client, org, recruiter):
    role = RoleFactory(organization=org)
    ApplicationFactory.create_batch(3, role=role)
    ApplicationFactory(role=role, stage=Application.Stage.SHORTLISTED)
    client.force_login(recruiter)

    response = client.get(reverse("hiring:role", args=[org.slug, role.pk]))

    counts = {stage: n for stage, _, n in response.context["stage_counts"]}
    assert counts["applied"] == 3
    assert counts["shortlisted"] == 1
    assert counts["hired"] == 0
    assert len(counts) == len(Application.Stage)


@pytest.mark.parametrize("size", [3, 30])
def test_dashboard_queries_do_not_grow_with_roles_or_applications(
    client, org, recruiter, django_assert_max_num_queries, size
):
    for _ in range(size):
        ApplicationFactory(role=RoleFactory(organization=org))
    client.force_login(recruiter)

    with django_assert_max_num_queries(12):
        client.get(reverse("hiring:organization", args=[org.slug]))


@pytest.mark.parametrize("size", [3, 30])
def test_role_page_queries_do_not_grow_with_applications(
    client, org, recruiter, django_assert_max_num_queries, size
):
    role = RoleFactory(organization=org)
    for _ in range(size):
        CandidateProfileFactory(user=ApplicationFactory(role=role).candidate)
    client.force_login(recruiter)

    with django_assert_max_num_queries(12):
        client.get(reverse("hiring:role", args=[org.slug, role.pk]))


def test_health_check_reaches_the_database(client):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


def test_readiness_reports_each_dependency(client):
    response = client.get(reverse("readyz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}


def test_readiness_is_503_naming_an_unreachable_broker(client, monkeypatch):
    from config.celery import app

    # The app reads Django settings under the CELERY_ namespace, so overrides use those keys;
    # Celery prefers the environment's CELERY_BROKER_URL (set in CI) over its settings.
    unreachable = "redis://127.0.0.1:1/0"  # nothing listens on 1
    monkeypatch.setenv("CELERY_BROKER_URL", unreachable)
    saved = app.conf.get("CELERY_BROKER_URL")
    app.conf.update({"CELERY_BROKER_URL": unreachable})
    try:
        response = client.get(reverse("readyz"))
    finally:
        app.conf.update({"CELERY_BROKER_URL": saved})

    assert response.status_code == 503
    assert response.json() == {
        "status": "down",
        "database": "ok",
        "cache": "ok",
        "broker": "down",
    }


def test_the_openapi_schema_describes_the_api(client):
    response = client.get(reverse("api:schema"), {"format": "json"})

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/roles/", "/api/roles/{id}/", "/api/me/", "/api/organizations/"} <= set(paths)


def test_the_api_docs_load_their_assets_from_this_server(client):
    page = client.get(reverse("api:docs")).content.decode()

    assert "cdn" not in page.lower()
    assert "/static/drf_spectacular_sidecar/" in page


def test_the_me_endpoint_names_the_users_memberships(client, org, recruiter):
    client.force_login(recruiter)

    body = client.get(reverse("api:me")).json()

    assert body["user"]["email"] == recruiter.email
    assert body["memberships"] == [
        {
            "organization": org.slug,
            "organization_name": org.name,
            "role": "recruiter",
            "created_at": body["memberships"][0]["created_at"],
        }
    ]


def test_pages_load_no_asset_from_another_host(client):
    page = client.get(reverse("home")).content.decode()

    assert 'src="http' not in page
    assert 'href="http' not in page
    assert "/static/js/htmx.min.js" in page
    assert client.get("/static/js/htmx.min.js").status_code == 200


def test_the_role_list_filters_by_status_and_htmx_gets_only_the_table(client, org, recruiter):
    RoleFactory(organization=org, title="Published clause reviewer")
    RoleFactory(organization=org, title="Draft red-teamer", status="draft")
    client.force_login(recruiter)
    url = reverse("hiring:organization", args=[org.slug])

    response = client.get(url, {"status": "draft"}, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Draft red-teamer" in page
    assert "Published clause reviewer" not in page
    assert 'aria-current="true">Draft <span class="tabs__count">1</span>' in page


def test_an_unknown_status_filter_says_so_and_shows_every_role(client, org, recruiter):
    RoleFactory(organization=org, title="Published clause reviewer")
    client.force_login(recruiter)

    response = client.get(reverse("hiring:organization", args=[org.slug]), {"status": "archived"})

    assert response.status_code == 400
    assert "“archived” is not a role status." in response.content.decode()
    assert "Published clause reviewer" in response.content.decode()


def test_a_404_is_a_branded_page_that_reveals_nothing(client, recruiter, other_org):
    client.force_login(recruiter)

    response = client.get(reverse("hiring:organization", args=[other_org.slug]))

    assert response.status_code == 404
    page = response.content.decode()
    assert "There is nothing here for you" in page
    assert other_org.name not in page


def test_the_role_page_pages_through_applications_fifty_at_a_time(client, org, recruiter):
    role = RoleFactory(organization=org)
    ApplicationFactory.create_batch(60, role=role)
    client.force_login(recruiter)
    url = reverse("hiring:role", args=[org.slug, role.pk])

    first, second = client.get(url), client.get(url, {"page": 2})

    assert len(first.context["page_obj"].object_list) == 50
    assert len(second.context["page_obj"].object_list) == 10
    assert "51–60 of 60" in second.content.decode()
    assert client.get(url, {"page": "last-but-one"}).status_code == 200


def test_the_candidate_dashboard_never_shows_gold(client, candidate):
    attempt = AttemptFactory(candidate=candidate)
    gold = GoldAnswerFactory(
        item__assessment=attempt.assessment,
        answer="limitation-of-liability",
        explanation="Caps the supplier's liability at fees paid in the prior year.",
    )
    ResponseFactory(attempt=attempt, item=gold.item, answer="indemnity")
    client.force_login(candidate)

    page = client.get(reverse("candidates:dashboard")).content.decode()

    assert attempt.assessment.title in page
    assert "limitation-of-liability" not in page
    assert "Caps the supplier" not in page
