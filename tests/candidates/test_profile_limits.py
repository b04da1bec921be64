"""One limit per repeated field of the profile, the same on the page, in the API and in the
model (``candidates.models.PROFILE_LISTS``); the largest profile they allow is saved whole
and fits its shortlist entry."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from candidates import services
from candidates.models import PROFILE_LISTS, CandidateProfile, LanguageSkill
from core.vocabulary import Domain, Modality
from hiring.models import ShortlistEntry
from hiring.shortlist.services import skill_token
from tests.candidates.test_profile_form import management, valid_post
from tests.factories import CandidateProfileFactory
from tests.factories.shortlist import scored_application, shortlist_role

pytestmark = pytest.mark.django_db

API = reverse("api:my-profile")
PAGE = reverse("candidates:profile")
NESTED = ("languages", "domains", "education", "experience", "work_samples")


def language(i: int) -> str:
    """40 characters that lowercasing lengthens ("İ" becomes two characters)."""
    return f"{i:02d}" + "İ" * 38


def rows(section: str, n: int) -> list[dict]:
    make = {
        "languages": lambda i: {"language": language(i), "level": "native"},
        "domains": lambda i: {"domain": Domain.values[i % len(Domain)], "years": 5},
        "education": lambda i: {"level": "phd", "field": f"Field {i}", "institution": "UCL"},
        "experience": lambda i: {
            "what_trained": f"Model {i}",
            "data": "Contracts",
            "measurement": "F1 against a held-out set",
        },
        "work_samples": lambda i: {"title": f"Sample {i}", "url": f"https://example.com/{i}"},
    }[section]
    return [make(i) for i in range(n)]


def largest_profile() -> dict:
    return {
        **{section: rows(section, PROFILE_LISTS[section].most) for section in NESTED},
        "tools": [f"Tool {i:02d}".ljust(60, "x") for i in range(PROFILE_LISTS["tools"].most)],
        "modalities": list(Modality.values),
        "time_zone": "Europe/London",
        "consent": True,
    }


def page_rows(section: str, n: int) -> dict:
    data = management(section, n)
    for index, row in enumerate(rows(section, n)):
        data.update({f"{section}-{index}-{key}": str(value) for key, value in row.items()})
    return data


@pytest.mark.parametrize("section", [*NESTED, "tools", "modalities"])
def test_the_api_refuses_one_entry_more_than_the_limit_naming_it(client, candidate, section):
    client.force_login(candidate)
    limit = PROFILE_LISTS[section]
    too_many = largest_profile()[section] + largest_profile()[section][:1]

    response = client.put(API, {section: too_many}, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {section: [limit.message]}
    assert str(limit.most) in limit.message


@pytest.mark.parametrize("section", [s for s in NESTED if s != "domains"])
def test_the_page_refuses_one_row_more_than_the_limit_naming_it(client, candidate, section):
    client.force_login(candidate)
    limit = PROFILE_LISTS[section]

    response = client.post(PAGE, valid_post(**page_rows(section, limit.most + 1)))

    assert response.status_code == 400
    assert limit.message in response.content.decode()
    assert not CandidateProfile.objects.filter(user=candidate, headline__gt="").exists()


def test_the_page_refuses_more_tools_than_the_limit(client, candidate):
    client.force_login(candidate)
    tools = ", ".join(f"Tool {i}" for i in range(PROFILE_LISTS["tools"].most + 1))

    response = client.post(PAGE, valid_post(tools=tools))

    assert response.status_code == 400
    assert PROFILE_LISTS["tools"].message in response.content.decode()


def test_the_service_applies_the_same_limit_to_any_caller(candidate):
    limit = PROFILE_LISTS["languages"]

    with pytest.raises(ValidationError) as refused:
        services.profile_update(
            user=candidate, nested={"languages": rows("languages", limit.most + 1)}
        )

    assert refused.value.message_dict == {"languages": [limit.message]}
    assert not LanguageSkill.objects.exists()


def test_the_model_refuses_too_many_tools():
    profile = CandidateProfileFactory(tools=["Prodigy"] * (PROFILE_LISTS["tools"].most + 1))

    with pytest.raises(ValidationError) as refused:
        profile.full_clean()

    assert refused.value.message_dict["tools"] == [PROFILE_LISTS["tools"].message]


def test_the_largest_allowed_profile_saves_and_its_shortlist_entry_is_written(
    client, org, candidate
):
    application = scored_application(shortlist_role(org), candidate=candidate)
    client.force_login(candidate)

    response = client.put(API, largest_profile(), content_type="application/json")

    assert response.status_code == 200, response.json()
    assert LanguageSkill.objects.filter(profile__user=candidate).count() == 30
    entry = ShortlistEntry.objects.get(application=application)
    assert all(skill_token(language(i), "native") in entry.languages for i in range(30))
    assert all(skill_token(domain) in entry.domains for domain in Domain.values)


def test_the_largest_allowed_profile_saves_through_the_page(client, candidate):
    client.force_login(candidate)
    data = valid_post()
    for section in NESTED:
        data.update(page_rows(section, PROFILE_LISTS[section].most))

    response = client.post(PAGE, data)

    assert response.status_code == 302
    assert LanguageSkill.objects.filter(profile__user=candidate).count() == 30
