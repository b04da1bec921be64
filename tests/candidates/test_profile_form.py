"""The profile page: one form, five formsets, saved whole or not at all."""

from decimal import Decimal

import pytest
from django.urls import reverse

from candidates.models import CandidateProfile, LanguageSkill, WorkSample
from tests.factories import CandidateProfileFactory

pytestmark = pytest.mark.django_db

URL = reverse("candidates:profile")
SECTIONS = ("languages", "domains", "education", "experience", "work_samples")


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }


def valid_post(**overrides) -> dict:
    data = {
        "headline": "Paralegal turned contract annotator",
        "country": "GB",
        "time_zone": "Europe/London",
        "tools": "Label Studio, Prodigy, label studio",
        "modalities": ["text", "code"],
        "hourly_rate": "35.50",
        "rate_currency": "GBP",
        "hours_per_week": "20",
        "consent": "on",
        **management("languages", 2),
        "languages-0-language": "English",
        "languages-0-level": "native",
        "languages-1-language": "French",
        "languages-1-level": "B2",
        **management("domains", 1),
        "domains-0-domain": "law",
        "domains-0-years": "6",
        **management("education", 1),
        "education-0-level": "master",
        "education-0-field": "Law",
        "education-0-institution": "UCL",
        **management("experience", 1),
        "experience-0-what_trained": "Clause classifier",
        "experience-0-data": "4,000 NDAs",
        "experience-0-measurement": "Macro-F1 from 0.71 to 0.84",
        "experience-0-started_on": "2024-01-01",
        "experience-0-ended_on": "2024-06-30",
        **management("work_samples", 1),
        "work_samples-0-title": "Annotation guide",
        "work_samples-0-url": "https://example.com/guide",
    }
    data.update(overrides)
    return data


def test_the_profile_page_needs_an_account(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_whole_profile_saves_in_one_post(client, candidate):
    client.force_login(candidate)

    response = client.post(URL, valid_post())

    assert response.status_code == 302
    profile = CandidateProfile.objects.get(user=candidate)
    assert profile.tools == ["Label Studio", "Prodigy"]
    assert profile.modalities == ["text", "code"]
    assert profile.hourly_rate == Decimal("35.50")
    assert profile.rate_currency == "GBP"
    assert profile.has_consented
    assert sorted(profile.languages.values_list("language", "level")) == [
        ("English", "native"),
        ("French", "B2"),
    ]
    assert profile.domains.get().years == 6
    assert profile.education.get().institution == "UCL"
    assert profile.experience.get().measurement == "Macro-F1 from 0.71 to 0.84"
    assert profile.work_samples.get().url == "https://example.com/guide"


def test_the_saved_profile_shows_again_with_a_blank_row_per_section(client, candidate):
    client.force_login(candidate)
    client.post(URL, valid_post())

    page = client.get(URL)

    assert page.context["formsets"]["languages"].total_form_count() == 3  # 2 saved + 1 blank
    assert 'value="Annotation guide"' in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("languages-1-level", "D1", "“D1” is not a CEFR level: choose A1, A2, B1, B2, C1, C2"),
        ("rate_currency", "XYZ", "“XYZ” is not a currency we pay in"),
        ("time_zone", "Mars/Olympus", "“Mars/Olympus” is not a known time zone"),
        ("hourly_rate", "-5", "The hourly rate cannot be negative."),
        ("hours_per_week", "200", "a week has 168 hours"),
        ("work_samples-0-url", "ftp://example.com/x", "starts with http:// or https://"),
        ("work_samples-0-url", "javascript:alert(1)", "starts with http:// or https://"),
        ("work_samples-0-url", "https://", "is not a valid web address"),
        ("domains-0-years", "71", "Years of experience must be between 0 and 70."),
        ("experience-0-ended_on", "2023-01-01", "The end date is before the start date."),
        ("country", "XX", "“XX” is not an ISO 3166 country code."),
        ("languages-1-language", "english", "You listed english twice"),
    ],
)
def test_each_bad_field_gets_its_own_message_and_nothing_is_saved(
    client, candidate, field, value, message
):
    CandidateProfileFactory(user=candidate, headline="Before", hourly_rate=Decimal("10"))
    client.force_login(candidate)

    response = client.post(URL, valid_post(**{field: value}))

    assert response.status_code == 400
    page = response.content.decode()
    assert message.replace("“", "&ldquo;") in page or message in page
    assert "Nothing was saved" in page
    profile = CandidateProfile.objects.get(user=candidate)
    assert profile.headline == "Before"
    assert profile.hourly_rate == Decimal("10")
    assert not profile.has_consented
    assert not LanguageSkill.objects.exists()
    assert not WorkSample.objects.exists()


def test_removing_a_row_deletes_it(client, candidate):
    client.force_login(candidate)
    client.post(URL, valid_post())

    client.post(
        URL,
        valid_post(
            **management("languages", 2, initial=2),
            **{"languages-1-DELETE": "on"},
        ),
    )

    assert list(LanguageSkill.objects.values_list("language", flat=True)) == ["English"]


def test_withdrawing_consent_is_saved_and_explained(client, candidate):
    client.force_login(candidate)
    client.post(URL, valid_post())
    data = valid_post()
    del data["consent"]

    response = client.post(URL, data, follow=True)

    profile = CandidateProfile.objects.get(user=candidate)
    assert not profile.has_consented
    assert profile.consent_withdrawn_at is not None
    assert "You withdrew your consent" in response.content.decode()
    assert "cannot apply to roles until you give it again" in response.content.decode()


def test_the_dashboard_nudges_to_complete_the_profile(client, candidate):
    client.force_login(candidate)

    page = client.get(reverse("candidates:dashboard")).content.decode()

    assert "Complete your profile" in page
    assert URL in page
    assert "Consent to data processing" in page
