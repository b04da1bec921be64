"""Revealing one candidate before the interview stage: a reason is required, and who, when
and why are recorded and shown — on the page and over the API."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from hiring.models import Application, IdentityReveal
from hiring.pipeline.services import application_move
from tests.factories import ApplicationFactory, CandidateProfileFactory, RoleFactory

pytestmark = pytest.mark.django_db

NAME = "Ottoline Marchbanks-Wren"
EMAIL = "ottoline.wren@example.net"
REASON = "Checking a referral from our own annotator team."


@pytest.fixture
def application(org):
    application = ApplicationFactory(
        role=RoleFactory(organization=org),
        candidate__full_name=NAME,
        candidate__email=EMAIL,
        stage=Application.Stage.SCORED,
    )
    CandidateProfileFactory(user=application.candidate, country="PT")
    return application


def page_url(application, name="application"):
    return reverse(f"hiring:{name}", args=[application.role.organization.slug, application.pk])


def api_url(application, name="candidate-reveal"):
    return reverse(f"api:{name}", args=[application.role.organization.slug, application.pk])


@pytest.fixture
def team(client, recruiter):
    client.force_login(recruiter)
    return client


@pytest.fixture
def api(recruiter):
    client = APIClient()
    client.force_authenticate(recruiter)
    return client


# --- The page --------------------------------------------------------------------------------


def test_revealing_records_who_when_and_why_and_shows_the_identity(team, application, recruiter):
    before = timezone.now()

    response = team.post(page_url(application, "application-reveal"), {"reason": f"  {REASON} "})

    assert response.status_code == 302
    reveal = IdentityReveal.objects.get(application=application)
    assert (reveal.revealed_by, reveal.reason) == (recruiter, REASON)
    assert reveal.created_at >= before
    page = team.get(page_url(application)).content.decode()
    assert NAME in page
    assert EMAIL in page
    revealed = page[page.index('data-testid="reveals"') :]
    assert f"Revealed by <strong>{recruiter}</strong> on" in revealed
    assert timezone.localtime(reveal.created_at).strftime("%-d %b %Y") in revealed
    assert REASON in revealed


def test_a_reveal_needs_a_reason(team, application):
    response = team.post(page_url(application, "application-reveal"), {"reason": "   "})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="reveal-errors"' in page
    assert "the reason is recorded" in page
    assert NAME not in page
    assert not IdentityReveal.objects.exists()


def test_a_reason_longer_than_the_record_keeps_is_refused_with_its_limit(team, application):
    response = team.post(page_url(application, "application-reveal"), {"reason": "x" * 501})

    assert response.status_code == 400
    assert "Keep the reason under 500 characters." in response.content.decode()
    assert not IdentityReveal.objects.exists()


def test_an_identity_already_visible_is_not_revealed_again(team, application, hiring_manager):
    for stage in (Application.Stage.SHORTLISTED, Application.Stage.INTERVIEW):
        application_move(application=application, to_stage=stage, by=hiring_manager)

    response = team.post(page_url(application, "application-reveal"), {"reason": REASON})

    assert response.status_code == 302
    assert not IdentityReveal.objects.exists()
    page = team.get(page_url(application)).content.decode()
    assert "already visible (interview stage)" in page
    assert page_url(application, "application-reveal") not in page  # no form to show


def test_the_reveal_form_shows_only_while_hidden(team, application):
    page = team.get(page_url(application)).content.decode()

    assert page_url(application, "application-reveal") in page
    assert "Reveal identity" in page


def test_revealing_is_for_the_pipeline_of_the_organisation(
    client, application, reviewer, other_recruiter
):
    for user in (reviewer, other_recruiter):
        client.force_login(user)
        response = client.post(page_url(application, "application-reveal"), {"reason": REASON})
        assert response.status_code == 404
    assert not IdentityReveal.objects.exists()


def test_revealing_takes_a_post(team, application):
    assert team.get(page_url(application, "application-reveal")).status_code == 405


# --- The API --------------------------------------------------------------------------------


def test_the_api_reveals_with_a_reason_and_answers_201_with_the_identity(
    api, application, recruiter
):
    response = api.post(api_url(application), {"reason": REASON}, format="json")

    assert response.status_code == 201
    data = response.json()
    assert data["identity"]["visible"] is True
    assert data["identity"]["name"] == NAME
    assert data["identity"]["email"] == EMAIL
    assert data["identity"]["country"] == "PT"
    assert data["identity"]["why"] == f"revealed: {REASON}"
    assert data["reveal"]["reason"] == REASON
    assert data["reveal"]["revealed_by"]["email"] == recruiter.email
    assert IdentityReveal.objects.get(application=application).revealed_by == recruiter


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}])
def test_the_api_refuses_a_reveal_without_a_reason(api, application, body):
    response = api.post(api_url(application), body, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "reason": [
            "Say why you need to see this candidate's identity before the interview stage: "
            "the reason is recorded."
        ]
    }
    assert not IdentityReveal.objects.exists()


def test_the_api_says_when_the_identity_is_already_visible(api, application):
    application.role.blind_mode = False
    application.role.save(update_fields=["blind_mode"])

    response = api.post(api_url(application), {"reason": REASON}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["The identity is already visible (blind mode off)."]
    }


def test_the_api_reveal_is_a_404_outside_the_pipeline(application, reviewer, other_recruiter):
    client = APIClient()
    for user in (reviewer, other_recruiter):
        client.force_authenticate(user)
        assert client.post(api_url(application), {"reason": REASON}).status_code == 404
    assert not IdentityReveal.objects.exists()


def test_the_api_reveal_is_a_404_under_another_organisations_slug(api, application, other_org):
    url = reverse("api:candidate-reveal", args=[other_org.slug, application.pk])

    assert api.post(url, {"reason": REASON}, format="json").status_code == 404
