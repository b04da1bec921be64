"""Personal API tokens: created on a page or through the API with the key shown once
(only a hash kept, no cache keeping the answer), listed with names and last use,
revocable with immediate effect (a bad token is a 401 with a Bearer challenge), managed
from a signed-in session only, and a token request has exactly the access its user's
session has."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken
from accounts.tokens.services import key_hash, token_create, token_revoke
from tests.factories import RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_the_page_shows_a_new_key_once_and_stores_only_its_hash(client, recruiter):
    client.force_login(recruiter)

    created = client.post(reverse("tokens:list"), {"name": "ATS sync"})

    assert created.status_code == 200
    token = ApiToken.objects.get(user=recruiter)
    key = created.context["new_token"].key
    assert key.startswith("cal_")
    assert len(key) > 40
    assert key in created.content.decode()
    assert token.key_hash == key_hash(key)
    assert key not in token.key_hash
    assert token.prefix == key[:12]
    listed = client.get(reverse("tokens:list")).content.decode()
    assert "ATS sync" in listed
    assert token.prefix in listed
    assert key not in listed  # never shown again
    assert "never" in listed  # not used yet


def test_a_nameless_token_is_refused_with_a_message(client, recruiter):
    client.force_login(recruiter)

    response = client.post(reverse("tokens:list"), {"name": "  "})

    assert response.status_code == 400
    assert "Name the token after what will use it." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_token_authenticates_the_api_and_records_its_last_use(client, org, recruiter):
    new = token_create(user=recruiter, name="Script")
    RoleFactory(organization=org, title="Legal rater")

    response = Client().get(reverse("api:me"), headers=bearer(new.key))

    assert response.status_code == 200
    assert response.json()["user"]["email"] == recruiter.email
    new.token.refresh_from_db()
    assert new.token.last_used_at is not None


@pytest.mark.django_db(transaction=True)  # each refusal rolls back its request
def test_token_requests_obey_the_same_access_rules_as_sessions(org, other_org, recruiter, reviewer):
    """A recruiter's token cannot write roles (403), a reviewer's does not see the pipeline
    (404) and nobody's reaches another organisation (404) — as with their sessions."""
    role = RoleFactory(organization=org)
    recruiter_key = token_create(user=recruiter, name="r").key
    reviewer_key = token_create(user=reviewer, name="v").key
    api = Client()

    patch = api.patch(
        reverse("api:role", args=[role.pk]),
        {"title": "New"},
        content_type="application/json",
        headers=bearer(recruiter_key),
    )
    shortlist = reverse("api:shortlist", args=[org.slug, role.pk])
    other = reverse("api:team-members", args=[other_org.slug])

    assert patch.status_code == 403
    assert api.get(shortlist, headers=bearer(recruiter_key)).status_code == 200
    assert api.get(shortlist, headers=bearer(reviewer_key)).status_code == 404
    assert api.get(other, headers=bearer(recruiter_key)).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_revoked_token_is_refused_at_once(client, recruiter):
    new = token_create(user=recruiter, name="Old")
    assert Client().get(reverse("api:me"), headers=bearer(new.key)).status_code == 200
    client.force_login(recruiter)

    client.post(reverse("tokens:revoke", args=[new.token.pk]))
    response = Client().get(reverse("api:me"), headers=bearer(new.key))

    # A 401 with the Bearer challenge (RFC 6750), saying why.
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api", error="invalid_token"'
    assert "revoked" in response.json()["detail"]
    assert "Revoked" in client.get(reverse("tokens:list")).content.decode()


@pytest.mark.parametrize(
    ("header", "error"),
    [
        ("Bearer cal_not-a-real-key", "invalid_token"),
        ("Bearer not-even-the-prefix", "invalid_token"),
        ("Bearer ünïcode", "invalid_token"),
        ("Bearer", "invalid_request"),
        ("Bearer two parts", "invalid_request"),
    ],
)
def test_a_wrong_or_malformed_token_is_a_401_with_a_bearer_challenge(header, error):
    response = Client().get(reverse("api:me"), headers={"Authorization": header})

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == f'Bearer realm="api", error="{error}"'
    assert "Bearer" in response.json()["detail"] or "token" in response.json()["detail"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Basic dXNlcjpwYXNz"}])
def test_a_request_without_a_bearer_token_is_still_a_403_without_a_challenge(headers):
    response = Client().get(reverse("api:me"), headers=headers)

    assert response.status_code == 403
    assert "WWW-Authenticate" not in response


def test_an_inactive_users_token_is_refused(recruiter):
    key = token_create(user=recruiter, name="x").key
    recruiter.is_active = False
    recruiter.save(update_fields=["is_active"])

    response = Client().get(reverse("api:me"), headers=bearer(key))

    assert response.status_code == 401
    assert "invalid_token" in response["WWW-Authenticate"]


@pytest.mark.django_db(transaction=True)
def test_a_token_needs_no_csrf_token_but_a_session_still_does(org, hiring_manager):
    key = token_create(user=hiring_manager, name="ci").key
    api = Client(enforce_csrf_checks=True)

    with_token = api.post(
        reverse("api:teams"), {"name": "Second"}, content_type="application/json",
        headers=bearer(key),
    )  # fmt: skip
    api.force_login(hiring_manager)
    with_session = api.post(
        reverse("api:teams"), {"name": "Third"}, content_type="application/json"
    )

    assert with_token.status_code == 201
    assert with_session.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_api_creates_lists_and_revokes_tokens_of_the_caller_only(client, recruiter):
    someone = UserFactory()
    theirs = token_create(user=someone, name="theirs").token
    client.force_login(recruiter)

    created = client.post(reverse("api:tokens"), {"name": "ETL"}, content_type="application/json")
    body = created.json()
    listed = client.get(reverse("api:tokens")).json()["results"]

    assert created.status_code == 201
    assert "no-store" in created["Cache-Control"]
    assert body["key"].startswith("cal_")
    assert body["name"] == "ETL"
    assert [t["name"] for t in listed] == ["ETL"]
    assert "key" not in listed[0]
    assert client.delete(reverse("api:token", args=[theirs.pk])).status_code == 404
    revoked = client.delete(reverse("api:token", args=[body["id"]]))
    assert revoked.status_code == 200
    assert revoked.json()["is_active"] is False
    theirs.refresh_from_db()
    assert theirs.is_active


@pytest.mark.parametrize(
    ("body", "field"), [({}, "name"), ({"name": ""}, "name"), ({"name": "x" * 101}, "name")]
)
def test_the_api_answers_a_bad_token_name_with_a_field_error(client, recruiter, body, field):
    client.force_login(recruiter)

    response = client.post(reverse("api:tokens"), body, content_type="application/json")

    assert response.status_code == 400
    assert field in response.json()


def test_revoking_twice_is_harmless(recruiter):
    token = token_create(user=recruiter, name="x").token
    first = token_revoke(token=token).revoked_at

    assert token_revoke(token=token).revoked_at == first


def test_the_schema_documents_the_token_scheme(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()

    scheme = schema["components"]["securitySchemes"]["apiToken"]
    assert scheme == scheme | {"type": "http", "scheme": "bearer"}
    operation = schema["paths"]["/api/me/"]["get"]
    assert {"apiToken": []} in operation["security"]
    assert "/api/me/tokens/" in schema["paths"]
    # Tokens are listed with a token, but created and revoked from a session only.
    assert {"apiToken": []} in schema["paths"]["/api/me/tokens/"]["get"]["security"]
    assert schema["paths"]["/api/me/tokens/"]["post"]["security"] == [{"cookieAuth": []}]
    assert schema["paths"]["/api/me/tokens/{id}/"]["delete"]["security"] == [{"cookieAuth": []}]


@pytest.mark.django_db(transaction=True)
def test_a_token_cannot_create_or_revoke_tokens_but_lists_them(recruiter):
    """A leaked key must not mint keys that outlive its own revocation."""
    new = token_create(user=recruiter, name="Script")
    other = token_create(user=recruiter, name="Other").token
    api = Client()

    created = api.post(
        reverse("api:tokens"), {"name": "Fresh"}, content_type="application/json",
        headers=bearer(new.key),
    )  # fmt: skip
    revoked = api.delete(reverse("api:token", args=[other.pk]), headers=bearer(new.key))
    itself = api.delete(reverse("api:token", args=[new.token.pk]), headers=bearer(new.key))
    listed = api.get(reverse("api:tokens"), headers=bearer(new.key))

    for refused in (created, revoked, itself):
        assert refused.status_code == 403
        assert "signed-in session" in refused.json()["detail"]
    assert listed.status_code == 200
    assert sorted(t["name"] for t in listed.json()["results"]) == ["Other", "Script"]
    assert ApiToken.objects.filter(user=recruiter, revoked_at=None).count() == 2


def test_the_tokens_page_is_never_cached(client, recruiter):
    client.force_login(recruiter)

    shown = client.get(reverse("tokens:list"))
    created = client.post(reverse("tokens:list"), {"name": "ATS sync"})

    for response in (shown, created):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
