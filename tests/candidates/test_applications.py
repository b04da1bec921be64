"""My applications, on the page and through the API: only mine, honest about knock-outs."""

import pytest
from django.core import mail
from django.urls import reverse

from hiring.models import Application, Note, RoleLanguage
from tests.factories import ApplicationFactory, RoleFactory, UserFactory
from tests.factories.profiles import consented_profile

pytestmark = pytest.mark.django_db

API = reverse("api:my-applications")


@pytest.fixture
def role(org):
    role = RoleFactory(organization=org, title="Contract reviewer")
    RoleLanguage.objects.create(role=role, language="English", min_level="C1")
    return role


GOOD = {"language:English": "C2", "domain_years": 6}


def apply(client, role, answers=GOOD):
    return client.post(
        API, {"role": role.pk, "knockout_answers": answers}, content_type="application/json"
    )


def test_anonymous_callers_cannot_list_apply_or_withdraw(client, role):
    application = ApplicationFactory(role=role)

    assert client.get(API).status_code == 403
    assert apply(client, role).status_code == 403
    withdraw = reverse("api:my-application-withdraw", args=[application.pk])
    assert client.post(withdraw).status_code == 403
    page = client.get(reverse("candidates:applications"))
    assert page.status_code == 302


def test_applying_through_the_api(client, candidate, role, django_capture_on_commit_callbacks):
    consented_profile(user=candidate)
    client.force_login(candidate)

    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, role)

    assert response.status_code == 201
    data = response.json()
    assert data["stage"] == "applied"
    assert data["role"] == {"id": role.pk, "title": "Contract reviewer", "organization": org_name()}
    assert data["next_step"] == Application.NEXT_STEPS["applied"]
    assert len(mail.outbox) == 1


def org_name() -> str:
    return "Lexicon Legal AI"


def test_a_knockout_through_the_api_is_201_rejected_with_the_reason(client, candidate, role):
    consented_profile(user=candidate)
    client.force_login(candidate)

    data = apply(client, role, {**GOOD, "language:English": "B1"}).json()

    assert data["stage"] == "rejected"
    assert data["knockout_reason"] == "English at C1 or above is required; you answered B1."
    assert data["knockout_answers"] == {"language:English": "B1", "domain_years": 6}


def test_a_duplicate_application_is_a_400(client, candidate, role):
    consented_profile(user=candidate)
    ApplicationFactory(candidate=candidate, role=role)
    client.force_login(candidate)

    response = apply(client, role)

    assert response.status_code == 400
    assert response.json() == {"role": ["You have already applied to this role."]}
    assert Application.objects.filter(candidate=candidate).count() == 1


def test_applying_without_consent_is_a_400(client, candidate, role):
    client.force_login(candidate)

    response = apply(client, role)

    assert response.status_code == 400
    assert "needs your consent to processing of your data" in response.json()["consent"][0]
    assert not Application.objects.exists()


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_applying_to_an_unpublished_role_is_a_400(client, candidate, org, status):
    consented_profile(user=candidate)
    client.force_login(candidate)

    response = apply(client, RoleFactory(organization=org, status=status))

    assert response.status_code == 400
    assert response.json() == {"role": ["This role is not open for applications."]}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "abc"}, "role"),
        ({"knockout_answers": ["C1"]}, "knockout_answers"),
        ({"knockout_answers": {"domain_years": 6}}, "knockout_answers"),  # English unanswered
    ],
)
def test_malformed_requests_are_400_with_the_field_named(client, candidate, role, body, field):
    consented_profile(user=candidate)
    client.force_login(candidate)

    response = client.post(
        API, {"role": role.pk, "knockout_answers": GOOD, **body}, content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not Application.objects.exists()


def test_a_malformed_answer_names_the_question(client, candidate, role):
    consented_profile(user=candidate)
    client.force_login(candidate)

    errors = apply(client, role, {"language:English": "Z9", "domain_years": 6}).json()

    assert errors == {
        "knockout_answers": [
            "What is your level of English? “Z9” is not a CEFR level: choose A1–C2 or native."
        ]
    }


def test_candidates_see_only_their_own_applications_and_no_team_notes(
    client, candidate, role, recruiter
):
    mine = ApplicationFactory(candidate=candidate, role=role)
    Note.objects.create(application=mine, author=recruiter, body="Strong on indemnities")
    ApplicationFactory(role=role)  # another candidate's
    client.force_login(candidate)

    data = client.get(API).json()

    assert [row["id"] for row in data["results"]] == [mine.pk]
    assert "Strong on indemnities" not in str(data)
    assert "notes" not in data["results"][0]
    page = client.get(reverse("candidates:applications")).content.decode()
    assert "Strong on indemnities" not in page


def test_withdraw_through_the_api(client, candidate, role):
    application = ApplicationFactory(candidate=candidate, role=role)
    client.force_login(candidate)

    response = client.post(reverse("api:my-application-withdraw", args=[application.pk]))

    assert response.status_code == 200
    assert response.json()["stage"] == "withdrawn"
    again = client.post(reverse("api:my-application-withdraw", args=[application.pk]))
    assert again.status_code == 400
    assert "already closed" in again.json()["stage"][0]


def test_another_candidates_application_is_a_404(client, candidate, role):
    theirs = ApplicationFactory(candidate=UserFactory(), role=role)
    client.force_login(candidate)

    assert client.post(reverse("api:my-application-withdraw", args=[theirs.pk])).status_code == 404
    withdraw_page = reverse("candidates:application_withdraw", args=[theirs.pk])
    assert client.get(withdraw_page).status_code == 404
    assert client.post(withdraw_page).status_code == 404
    theirs.refresh_from_db()
    assert theirs.stage == Application.Stage.APPLIED


def test_a_team_member_sees_no_candidates_applications_through_the_candidate_api(
    client, recruiter, role
):
    ApplicationFactory(role=role)
    client.force_login(recruiter)

    assert client.get(API).json()["results"] == []


def test_withdrawing_on_the_page_asks_first_then_records(client, candidate, role):
    application = ApplicationFactory(candidate=candidate, role=role)
    client.force_login(candidate)
    url = reverse("candidates:application_withdraw", args=[application.pk])

    assert "Withdraw your application to Contract reviewer?" in client.get(url).content.decode()
    response = client.post(url, follow=True)

    application.refresh_from_db()
    assert application.stage == Application.Stage.WITHDRAWN
    assert application.stage_changes.last().changed_by == candidate
    assert "You withdrew your application to Contract reviewer." in response.content.decode()


def test_my_applications_page_shows_the_knockout_reason_and_next_steps(client, candidate, role):
    ApplicationFactory(
        candidate=candidate,
        role=role,
        stage=Application.Stage.REJECTED,
        knockout_reason="English at C1 or above is required; you answered B1.",
    )
    other = RoleFactory(organization=role.organization, title="Clause tagger")
    ApplicationFactory(candidate=candidate, role=other)
    client.force_login(candidate)

    page = client.get(reverse("candidates:applications")).content.decode()

    assert "English at C1 or above is required; you answered B1." in page
    assert Application.NEXT_STEPS["applied"] in page
    assert "Clause tagger" in page


def test_an_invited_application_links_to_the_calibration_task(client, candidate, role):
    application = ApplicationFactory(
        candidate=candidate, role=role, stage=Application.Stage.INVITED
    )
    client.force_login(candidate)

    for url in (reverse("candidates:applications"), reverse("candidates:dashboard")):
        page = client.get(url).content.decode()
        assert reverse("attempts:start", kwargs={"application_pk": application.pk}) in page
