"""The candidate detail over the API, and blind mode on every team endpoint that names a
candidate: an identity field the page would hide is null, never present with a value."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.models import CohortAgreement, GoldAnswer, ScoreReport
from core.blind import identity_reveal
from core.pseudonyms import pseudonym
from hiring.models import Application
from hiring.pipeline.services import application_move
from tests.factories.candidate_detail import (
    COUNTRY,
    EMAIL,
    INSTITUTION,
    NAME,
    RATIONALE,
    REVIEW_COMMENT,
    SAMPLE_URL,
    SECRETS,
    flag_collusion,
    reviewed_rationale,
    scored_role,
)
from tests.factories.roles import NoteFactory

pytestmark = pytest.mark.django_db

Stage = Application.Stage
IDENTITY_FIELDS = ("name", "email", "country", "institutions")


@pytest.fixture
def scored(org):
    return scored_role(org, candidates=5, items=10)


@pytest.fixture
def api(recruiter):
    client = APIClient()
    client.force_authenticate(recruiter)
    return client


def url(application, slug=None):
    return reverse(
        "api:candidate-detail", args=[slug or application.role.organization.slug, application.pk]
    )


def to_interview(application, by):
    for stage in (Stage.SHORTLISTED, Stage.INTERVIEW):
        application_move(application=application, to_stage=stage, by=by)


# --- Blind mode --------------------------------------------------------------------------------


def test_hidden_identity_fields_are_null_and_nowhere_in_the_response(api, scored):
    response = api.get(url(scored.star))

    assert response.status_code == 200
    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body
    data = response.json()
    identity = data["identity"]
    assert identity["pseudonym"] == pseudonym(scored.star.pk)
    assert (identity["visible"], identity["why"]) == (False, "hidden")
    for field in IDENTITY_FIELDS:
        assert identity[field] is None
    profile = data["profile"]
    assert profile["country"] is None
    assert profile["work_samples"] is None
    assert profile["education"] == [
        {
            "level": "master",
            "level_label": "Master's",
            "field": "Commercial law",
            "institution": None,
        }
    ]
    assert profile["languages"] == [{"language": "Icelandic", "level": "native"}]
    assert profile["time_zone"] == "Atlantic/Reykjavik"


def test_the_identity_is_present_after_a_reveal(api, scored, recruiter):
    identity_reveal(application=scored.star, by=recruiter, reason="Referral check")

    data = api.get(url(scored.star)).json()

    assert data["identity"]["name"] == NAME
    assert data["identity"]["email"] == EMAIL
    assert data["identity"]["country"] == COUNTRY
    assert data["identity"]["institutions"] == [INSTITUTION]
    assert data["identity"]["why"] == "revealed: Referral check"
    assert data["profile"]["education"][0]["institution"] == INSTITUTION
    assert data["profile"]["work_samples"] == [{"title": "Clause corpus", "url": SAMPLE_URL}]
    assert data["reveals"][0]["reason"] == "Referral check"
    assert data["reveals"][0]["revealed_by"]["email"] == recruiter.email


def test_the_identity_is_present_from_the_interview_stage(api, scored, hiring_manager):
    to_interview(scored.star, hiring_manager)

    data = api.get(url(scored.star)).json()

    assert data["identity"]["visible"] is True
    assert data["identity"]["name"] == NAME
    assert data["profile"]["country"] == COUNTRY


# --- What the detail carries ----------------------------------------------------------------


def test_the_score_breakdown_sets_each_component_against_the_cohort(api, scored):
    report = ScoreReport.objects.get(attempt=scored.attempt_of(scored.star), is_current=True)

    score = api.get(url(scored.star)).json()["score"]

    assert score["composite"] == pytest.approx(report.composite)
    assert score["failed_gates"] == report.failed_gates
    names = [c["name"] for c in score["components"]]
    assert names[0] == "composite"
    assert set(names[1:]) == set(report.components)
    composites = [
        r.composite for r in ScoreReport.objects.filter(is_current=True, composite__isnull=False)
    ]
    cohort = score["components"][0]["cohort"]
    assert cohort["n"] == 5
    assert cohort["min"] == pytest.approx(min(composites), abs=1e-4)
    assert cohort["max"] == pytest.approx(max(composites), abs=1e-4)
    below = sum(c < report.composite for c in composites)
    assert cohort["percentile"] == pytest.approx(100 * (below + 0.5) / 5)
    assert cohort["min"] <= cohort["q1"] <= cohort["median"] <= cohort["q3"] <= cohort["max"]
    kinds = report.details["accuracy"]["by_kind"]
    assert {k["kind"] for k in score["accuracy_by_kind"]} == set(kinds)


def test_items_come_with_their_scores_and_the_cohort_majority_but_no_gold_fields(api, scored):
    items = api.get(url(scored.star)).json()["items"]
    agreement = CohortAgreement.objects.filter(assessment=scored.cohort.assessment).latest("id")
    majority = {entry["item"]: entry["majority"] for entry in agreement.per_item}

    assert len(items) == 10
    assert all(row["majority"] == majority[row["item"]] for row in items)
    assert [row["number"] for row in items] == list(range(1, 11))
    assert all(row["score"] is not None for row in items)
    assert all("gold" not in row and "edge_case" not in row for row in items)  # not even null


def test_an_author_gets_the_items_gold_and_edge_case_marks(scored, hiring_manager):
    author = APIClient()
    author.force_authenticate(hiring_manager)

    items = author.get(url(scored.star)).json()["items"]

    first = next(row for row in items if row["item"] == scored.cohort.items[0].pk)
    assert first["gold"] == GoldAnswer.objects.get(item=scored.cohort.items[0]).answer
    assert all(isinstance(row["edge_case"], bool) for row in items)


def test_flags_name_the_colluder_by_pseudonym_only(api, scored):
    other = scored.applications[3]
    flag_collusion(scored, scored.star, other)

    flags = api.get(url(scored.star)).json()["flags"]

    assert flags["paste_events"] == 2
    assert flags["items_with_paste"] == 1
    assert flags["focus_losses"] == 3
    assert flags["too_fast_items"] == 1
    assert flags["flagged"] is True
    assert flags["collusion"] == [
        {
            "application": other.pk,
            "pseudonym": pseudonym(other.pk),
            "shared_wrong": 5,
            "both_wrong": 6,
            "p_value": 0.0004,
        }
    ]


def test_rationales_carry_their_review_scores(api, scored, reviewer):
    task = reviewed_rationale(scored, reviewer=reviewer, final_score=0.75)

    rationales = api.get(url(scored.star)).json()["rationales"]

    assert len(rationales) == 1
    rationale = rationales[0]
    assert rationale["task_id"] == task.pk
    assert rationale["text"] == RATIONALE
    assert rationale["final_score"] == 0.75
    assert rationale["state"] == "done"
    assert [(c["name"], c["level"]) for c in rationale["criteria"]] == [
        ("Clarity", 3),
        ("Deciding reason", 3),
    ]
    assert rationale["comments"] == [REVIEW_COMMENT]


def test_history_notes_and_moves_are_included(api, scored, hiring_manager):
    NoteFactory(application=scored.star, author=hiring_manager, body="Strong on caps")

    data = api.get(url(scored.star)).json()

    assert [(c["from_stage"], c["to_stage"]) for c in data["stage_changes"]] == [
        ("submitted", "scored")
    ]
    assert [note["body"] for note in data["notes"]] == ["Strong on caps"]
    assert "shortlisted" in data["allowed_moves"]


def test_an_application_without_an_attempt_has_no_score(api, org):
    from tests.factories import ApplicationFactory, RoleFactory

    application = ApplicationFactory(role=RoleFactory(organization=org))

    data = api.get(url(application)).json()

    assert data["score"] is None
    assert data["flags"] is None
    assert data["items"] == []


# --- Permissions and cost ------------------------------------------------------------------


def test_reviewers_other_organisations_and_a_wrong_slug_get_a_404(
    scored, reviewer, other_recruiter, recruiter, other_org
):
    client = APIClient()
    for user in (reviewer, other_recruiter):
        client.force_authenticate(user)
        assert client.get(url(scored.star)).status_code == 404
    client.force_authenticate(recruiter)
    assert client.get(url(scored.star, slug=other_org.slug)).status_code == 404


def test_anonymous_callers_are_refused(scored):
    assert APIClient().get(url(scored.star)).status_code == 403


@pytest.mark.parametrize("candidates", [4, 24])
def test_the_detail_costs_the_same_queries_for_any_cohort(
    api, org, reviewer, candidates, django_assert_max_num_queries
):
    scored = scored_role(org, candidates=candidates, items=12, seed=candidates)
    flag_collusion(scored, scored.star, scored.applications[1])
    reviewed_rationale(scored, reviewer=reviewer)
    address = url(scored.star)

    with django_assert_max_num_queries(29):  # 28, and the payout exports that named them
        response = api.get(address)
    assert response.status_code == 200


# --- The older team endpoints follow blind mode too ------------------------------------------


def test_the_role_application_list_hides_identities_in_blind_mode(api, scored, hiring_manager):
    to_interview(scored.applications[1], hiring_manager)

    response = api.get(reverse("api:role-applications", args=[scored.role.pk]))

    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body
    rows = {row["id"]: row["candidate"] for row in response.json()["results"]}
    assert rows[scored.star.pk]["pseudonym"] == pseudonym(scored.star.pk)
    for field in IDENTITY_FIELDS:
        assert rows[scored.star.pk][field] is None
    interviewed = rows[scored.applications[1].pk]
    assert interviewed["visible"] is True
    assert interviewed["email"] == scored.applications[1].candidate.email


def test_the_team_application_endpoints_hide_identities_until_the_interview(api, scored):
    detail = api.get(reverse("api:team-application", args=[scored.star.pk]))
    assert detail.json()["candidate"]["name"] is None
    assert EMAIL not in detail.content.decode()

    move = reverse("api:team-application-move", args=[scored.star.pk])
    shortlisted = api.post(move, {"stage": "shortlisted"}, format="json")
    assert shortlisted.json()["candidate"]["email"] is None

    interview = api.post(move, {"stage": "interview"}, format="json")
    assert interview.json()["candidate"]["email"] == EMAIL
    assert interview.json()["candidate"]["name"] == NAME
