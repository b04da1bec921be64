"""GET/PUT/PATCH /api/me/profile/: nested sections written atomically, specific 400s."""

from decimal import Decimal

import pytest
from django.urls import reverse

from candidates.models import CandidateProfile, LanguageSkill
from tests.factories import CandidateProfileFactory

pytestmark = pytest.mark.django_db

URL = reverse("api:my-profile")

FULL = {
    "headline": "RLHF rater for code models",
    "country": "IN",
    "time_zone": "Asia/Kolkata",
    "tools": ["Label Studio"],
    "modalities": ["code", "text"],
    "hourly_rate": "25.00",
    "rate_currency": "INR",
    "hours_per_week": 30,
    "languages": [{"language": "English", "level": "C1"}, {"language": "Hindi", "level": "native"}],
    "domains": [{"domain": "software", "years": 7}],
    "education": [{"level": "bachelor", "field": "Computer science", "institution": "IIT"}],
    "experience": [
        {
            "what_trained": "Preference data for a code assistant",
            "data": "12k pairwise comparisons",
            "measurement": "Win rate vs baseline up 9 points",
        }
    ],
    "work_samples": [{"title": "Rubric", "url": "http://example.org/rubric"}],
    "consent": True,
}


def test_anonymous_callers_are_refused(client):
    assert client.get(URL).status_code == 403
    assert client.patch(URL, {}, content_type="application/json").status_code == 403


def test_get_returns_only_my_profile(client, candidate):
    CandidateProfileFactory(headline="Someone else")
    CandidateProfileFactory(user=candidate, headline="Mine")
    client.force_login(candidate)

    data = client.get(URL).json()

    assert data["headline"] == "Mine"
    assert data["has_consented"] is False
    assert "user" not in data


def test_put_writes_everything_and_gives_consent(client, candidate):
    client.force_login(candidate)

    response = client.put(URL, FULL, content_type="application/json")

    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["has_consented"] is True
    assert data["consent_given_at"]
    assert [row["language"] for row in data["languages"]] == ["English", "Hindi"]
    profile = CandidateProfile.objects.get(user=candidate)
    assert profile.hourly_rate == Decimal("25.00")
    assert profile.experience.get().data == "12k pairwise comparisons"


def test_patch_changes_only_what_it_sends(client, candidate):
    client.force_login(candidate)
    client.put(URL, FULL, content_type="application/json")

    client.patch(
        URL,
        {"languages": [{"language": "English", "level": "C2"}]},
        content_type="application/json",
    )

    profile = CandidateProfile.objects.get(user=candidate)
    assert list(profile.languages.values_list("language", "level")) == [("English", "C2")]
    assert profile.domains.count() == 1
    assert profile.has_consented


def test_put_without_a_section_empties_it(client, candidate):
    client.force_login(candidate)
    client.put(URL, FULL, content_type="application/json")
    without = {k: v for k, v in FULL.items() if k != "work_samples"}

    client.put(URL, without, content_type="application/json")

    assert not CandidateProfile.objects.get(user=candidate).work_samples.exists()


def test_consent_can_be_withdrawn_and_absent_means_unchanged(client, candidate):
    client.force_login(candidate)
    client.put(URL, FULL, content_type="application/json")

    client.patch(URL, {"headline": "New"}, content_type="application/json")
    assert CandidateProfile.objects.get(user=candidate).has_consented

    response = client.patch(URL, {"consent": False}, content_type="application/json")
    assert response.json()["has_consented"] is False
    assert response.json()["consent_given_at"] is None


CEFR = "“D1” is not a CEFR level: choose A1, A2, B1, B2, C1, C2 or native."
CURRENCY = "“XYZ” is not a currency we pay in: choose USD, EUR, GBP, INR, CAD."
TIME_ZONE = "“Mars/Olympus” is not a known time zone: use an IANA name such as Europe/London."
HOURS = "Hours per week must be between 0 and 168 (a week has 168 hours)."
MODALITY = "“smell” is not a modality: choose text, image, audio, video, lidar, code."
EDUCATION = "“diploma” is not an education level: choose secondary, bachelor, master, phd, licence."
TWICE = [{"language": "English", "level": "C1"}, {"language": "english", "level": "B1"}]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"languages": [{"language": "English", "level": "D1"}]},
            {"languages": [{"level": [CEFR]}]},
        ),
        ({"rate_currency": "XYZ"}, {"rate_currency": [CURRENCY]}),
        ({"time_zone": "Mars/Olympus"}, {"time_zone": [TIME_ZONE]}),
        ({"hourly_rate": "-1"}, {"hourly_rate": ["The hourly rate cannot be negative."]}),
        ({"hours_per_week": 169}, {"hours_per_week": [HOURS]}),
        (
            {"work_samples": [{"title": "x", "url": "javascript:alert(1)"}]},
            {"work_samples": [{"url": ["Give a link that starts with http:// or https://."]}]},
        ),
        (
            {"work_samples": [{"title": "x", "url": "https://"}]},
            {"work_samples": [{"url": ["“https://” is not a valid web address."]}]},
        ),
        (
            {"languages": TWICE},
            {"languages": ["You listed english twice: keep one level per language."]},
        ),
        ({"modalities": ["smell"]}, {"modalities": {"0": [MODALITY]}}),
        (
            {"education": [{"level": "diploma", "field": "Law", "institution": "UCL"}]},
            {"education": [{"level": [EDUCATION]}]},
        ),
        (
            {"country": "XX"},
            {"country": ["“XX” is not an ISO 3166 country code (for example GB, IN, US)."]},
        ),
    ],
)
def test_bad_fields_are_400_with_a_specific_message_and_nothing_is_saved(
    client, candidate, change, expected
):
    CandidateProfileFactory(user=candidate, headline="Before")
    client.force_login(candidate)

    response = client.put(URL, {**FULL, **change}, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == expected
    profile = CandidateProfile.objects.get(user=candidate)
    assert profile.headline == "Before"
    assert not profile.has_consented
    assert not LanguageSkill.objects.exists()
