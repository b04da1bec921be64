"""The blind review API: queue, task, submission, next, agreement and the senior share —
with the same permissions and blind-mode rules as the pages, and a specific 400 for each
kind of bad input."""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.models import ScoreReport
from candidates.models import Education
from hiring.models import Membership
from rubrics.models import Review, ReviewTask
from rubrics.review.services import review_submit
from tests.factories import CandidateProfileFactory, UserFactory
from tests.factories.reviews import (
    CLARITY,
    FREE_TEXT,
    RATIONALE,
    member,
    reviewed_assessment,
    submitted_attempt,
    tasks_for,
)

pytestmark = pytest.mark.django_db

State = ReviewTask.State
NAME = "Zephyrine Okonkwo-Larsson"
EMAIL = "zephyrine.ol@candidates.example"
INSTITUTION = "Universidad Tecnológica de Quetzaltenango"
GOLD_REFERENCE = "Both keep each other's information secret."


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def assessment(org):
    return reviewed_assessment(organization=org)


@pytest.fixture
def tasks(assessment):
    candidate = UserFactory(full_name=NAME, email=EMAIL)
    profile = CandidateProfileFactory(user=candidate, country="NZ")
    Education.objects.create(profile=profile, level="master", field="Law", institution=INSTITUTION)
    attempt = submitted_attempt(assessment=assessment, candidate=candidate)
    ScoreReport.objects.create(
        attempt=attempt, scorer_version="1", gold_version=1, components={}, composite=0.7319
    )
    return {task.source: task for task in tasks_for(attempt)}


@pytest.fixture
def senior(org):
    return member(org, senior=True)


def url(name, *args, slug="lexicon"):
    return reverse(f"api:reviews-{name}", args=[slug, *args])


def criteria(task):
    return list(task.rubric.criteria.order_by("position").values_list("id", flat=True))


def body(task, *levels, tier=None, comment=""):
    state = ReviewTask.objects.values_list("state", flat=True).get(pk=task.pk)
    return {
        "tier": tier or state,
        "scores": [
            {"criterion": pk, "level": level}
            for pk, level in zip(criteria(task), levels, strict=False)
        ],
        "comment": comment,
    }


def assert_blind(data):
    text = json.dumps(data, ensure_ascii=False)
    for secret in (NAME, "Okonkwo", EMAIL, INSTITUTION, "New Zealand", '"NZ"', "0.7319"):
        assert secret not in text
    for key in ("candidate", "attempt", "composite", "email", "gold", "report"):
        assert f'"{key}"' not in text


# --- Reading, blind ------------------------------------------------------------------------------


def test_the_queue_lists_tasks_blind_oldest_first(api, reviewer, tasks):
    api.force_login(reviewer)

    response = api.get(url("queue"))

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == sorted(t.pk for t in tasks.values())
    assert {row["source"] for row in rows} == {"rationale", "free_text", "error_explanation"}
    assert {row["text"] for row in rows} >= {RATIONALE, FREE_TEXT}
    assert rows[0]["rubric"] == "Written reasoning v1"
    assert rows[0]["final_score"] is None
    assert_blind(response.json())
    assert api.get(url("queue"), {"tier": "done"}).json()["results"] == []


def test_an_unknown_queue_is_a_400(api, reviewer, tasks):
    api.force_login(reviewer)

    response = api.get(url("queue"), {"tier": "everything"})

    assert response.status_code == 400
    assert response.json() == {
        "tier": ["“everything” is not a queue; use primary, senior, adjudication or done."]
    }


def test_a_task_is_blind_with_its_rubric_and_no_gold(api, reviewer, tasks):
    api.force_login(reviewer)
    task = tasks["free_text"]

    response = api.get(url("task", task.pk))

    assert response.status_code == 200
    data = response.json()
    assert_blind(data)
    assert GOLD_REFERENCE not in json.dumps(data)
    assert data["text"] == FREE_TEXT
    assert data["answer"] is None  # the answer is the text under review
    assert data["item"]["prompt"] == "Explain the clause to a client in two sentences."
    assert data["tier"] == "primary"
    assert data["can_score"] is True
    assert data["reviews"] is None
    assert [c["name"] for c in data["rubric"]["criteria"]] == [CLARITY, "Names the root cause"]
    assert [lv["score"] for lv in data["rubric"]["criteria"][0]["levels"]] == [0, 1, 2, 3, 4]
    assert data["rubric"]["edge_case_guide"].startswith("If the answer hedges")
    rationale = api.get(url("task", tasks["rationale"].pk)).json()
    assert rationale["answer"] == "Termination for convenience"  # the decision explained


def test_a_senior_does_not_see_the_first_scores_until_adjudication(
    api, org, reviewer, senior, tasks
):
    task = tasks["rationale"]
    ReviewTask.objects.filter(pk=task.pk).update(senior_sampled=True)
    first, second = criteria(task)
    review_submit(
        task_id=task.pk,
        reviewer=reviewer,
        tier="primary",
        levels={first: 4, second: 2},
        comment="PRIMARY-ONLY",
    )
    api.force_login(senior)

    detail = api.get(url("task", task.pk)).json()

    assert detail["tier"] == "senior"
    assert detail["can_score"] is True
    assert detail["reviews"] is None
    assert "PRIMARY-ONLY" not in json.dumps(detail)

    split = api.post(url("task-submit", task.pk), body(task, 1, 2), format="json")
    assert split.status_code == 201
    assert split.json()["task"]["state"] == "adjudication"
    api.force_login(member(org, senior=True))
    adjudication = api.get(url("task", task.pk)).json()
    assert adjudication["reviews"]["disagreements"] == 1
    rows = {row["name"]: row for row in adjudication["reviews"]["rows"]}
    assert rows[CLARITY] == {
        "criterion_id": first,
        "name": CLARITY,
        "primary": 4,
        "senior": 1,
        "adjudication": None,
        "split": True,
        "final": None,
    }
    assert [t["comment"] for t in adjudication["reviews"]["tiers"]] == ["PRIMARY-ONLY", ""]
    assert_blind(adjudication)


# --- Submitting --------------------------------------------------------------------------------


def test_a_review_is_created_and_the_task_moves_on(api, reviewer, tasks):
    task = tasks["rationale"]
    ReviewTask.objects.filter(pk=task.pk).update(senior_sampled=False)
    api.force_login(reviewer)

    response = api.post(
        url("task-submit", task.pk), body(task, 3, 4, comment="Good."), format="json"
    )

    assert response.status_code == 201
    data = response.json()
    assert data["review"]["tier"] == "primary"
    assert data["review"]["comment"] == "Good."
    assert sorted((s["criterion"], s["level"]) for s in data["review"]["scores"]) == sorted(
        zip(criteria(task), [3, 4], strict=True)
    )
    assert data["task"] == {
        "id": task.pk,
        "state": "done",
        "state_label": "Done",
        "final_score": pytest.approx((1 * 3 / 4 + 3 * 4 / 4) / 4),
    }
    assert Review.objects.get(task=task).reviewer == reviewer


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ((7, 2), f"Level 7 for “{CLARITY}” is outside the scale 0–4."),
        ((-1, 2), f"Level -1 for “{CLARITY}” is outside the scale 0–4."),
        ((2,), "Score every criterion: “Names the root cause” has no level."),
    ],
)
def test_bad_levels_are_a_400_with_a_specific_message(api, reviewer, tasks, levels, message):
    task = tasks["rationale"]
    api.force_login(reviewer)

    response = api.post(url("task-submit", task.pk), body(task, *levels), format="json")

    assert response.status_code == 400
    assert response.json() == {"scores": [message]}
    assert not Review.objects.exists()


def test_a_foreign_or_repeated_criterion_is_a_400(api, reviewer, tasks):
    task = tasks["rationale"]
    first, _second = criteria(task)
    api.force_login(reviewer)
    foreign = body(task, 2, 2)
    foreign["scores"].append({"criterion": 99999, "level": 1})
    repeated = body(task, 2, 2)
    repeated["scores"].append({"criterion": first, "level": 3})

    response = api.post(url("task-submit", task.pk), foreign, format="json")
    assert response.status_code == 400
    assert response.json() == {"scores": ["Criterion 99999 is not part of this rubric."]}
    response = api.post(url("task-submit", task.pk), repeated, format="json")
    assert response.status_code == 400
    assert response.json() == {"scores": [f"Criterion {first} is scored twice; give it one level."]}
    response = api.post(
        url("task-submit", task.pk),
        {"tier": "primary", "scores": [{"criterion": first, "level": "high"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "level" in response.json()["scores"][0]


def test_a_wrong_tier_is_a_400(api, reviewer, senior, tasks):
    task = tasks["rationale"]
    api.force_login(senior)

    response = api.post(url("task-submit", task.pk), body(task, 2, 2, tier="senior"), format="json")

    assert response.status_code == 400
    assert response.json() == {
        "tier": ["This answer is not waiting for a senior re-score: it is awaiting review."]
    }


def test_a_tier_the_reviewer_may_not_do_is_a_400(api, org, reviewer, tasks):
    task = tasks["rationale"]
    ReviewTask.objects.filter(pk=task.pk).update(senior_sampled=True)
    review_submit(
        task_id=task.pk,
        reviewer=member(org),
        tier="primary",
        levels=dict(zip(criteria(task), [1, 1], strict=True)),
    )
    api.force_login(reviewer)

    response = api.post(url("task-submit", task.pk), body(task, 2, 2), format="json")

    assert response.status_code == 400
    assert response.json() == {
        "tier": ["Only senior reviewers (and owners) re-score and adjudicate answers."]
    }
    assert api.get(url("task", task.pk)).json()["can_score"] is False


# --- Permissions --------------------------------------------------------------------------------


def test_another_organisations_task_is_a_404(api, org, other_org, tasks):
    outsider = member(other_org, Membership.Role.OWNER)
    api.force_login(outsider)
    task = tasks["rationale"]

    assert api.get(url("queue")).status_code == 404
    assert api.get(url("task", task.pk)).status_code == 404
    assert api.get(url("task", task.pk, slug="meridian")).status_code == 404
    response = api.post(
        url("task-submit", task.pk, slug="meridian"), body(task, 2, 2), format="json"
    )
    assert response.status_code == 404
    assert not Review.objects.exists()


def test_a_recruiter_and_a_stranger_are_refused(api, recruiter, tasks):
    task = tasks["rationale"]
    api.force_login(recruiter)
    for response in (
        api.get(url("queue")),
        api.get(url("task", task.pk)),
        api.get(url("agreement")),
        api.post(url("task-submit", task.pk), body(task, 2, 2), format="json"),
    ):
        assert response.status_code == 403
    anonymous = APIClient()
    assert anonymous.get(url("queue")).status_code == 403
    assert not Review.objects.exists()


# --- Next, agreement, settings -----------------------------------------------------------------


def test_next_gives_the_oldest_task_i_may_score_then_nothing(api, reviewer, tasks):
    api.force_login(reviewer)
    ReviewTask.objects.update(senior_sampled=False)

    seen = []
    while (response := api.get(url("next"), {"tier": "primary"})).status_code == 200:
        data = response.json()
        seen.append(data["id"])
        assert_blind(data)
        posted = api.post(
            url("task-submit", data["id"]),
            body(ReviewTask.objects.get(pk=data["id"]), 2, 2),
            format="json",
        )
        assert posted.status_code == 201
    assert response.status_code == 204
    assert seen == sorted(t.pk for t in tasks.values())
    assert api.get(url("next"), {"tier": "senior"}).status_code == 403
    assert api.get(url("next"), {"tier": "done"}).status_code == 400


def test_agreement_rows(api, org, assessment, senior, hiring_manager):
    drifter = member(org, full_name="Dora Drift")
    for clarity in (0, 1, 2, 3, 4):
        task = next(
            t
            for t in tasks_for(submitted_attempt(assessment=assessment))
            if t.source == "rationale"
        )
        ReviewTask.objects.filter(pk=task.pk).update(senior_sampled=True)
        first, second = criteria(task)
        review_submit(
            task_id=task.pk,
            reviewer=drifter,
            tier="primary",
            levels={first: 4 - clarity, second: 3},
        )
        review_submit(
            task_id=task.pk, reviewer=senior, tier="senior", levels={first: clarity, second: 3}
        )
    api.force_login(hiring_manager)

    rows = api.get(url("agreement")).json()

    assert len(rows) == 1
    row = rows[0]
    assert row["name"] == "Dora Drift"
    assert row["drifting"] is True
    assert row["n"] == 5
    clarity = next(c for c in row["criteria"] if c["name"] == CLARITY)
    assert clarity["kappa"] == pytest.approx(-1.0)
    assert clarity["drifting"] is True
    api.force_login(member(org))
    assert api.get(url("agreement")).json() == []  # a reviewer sees only their own row


def test_the_senior_share_through_the_api(api, org, hiring_manager, reviewer, tasks):
    api.force_login(reviewer)
    settings_data = api.get(url("settings")).json()
    assert settings_data == {
        "senior_review_share": "0.20",
        "counts": {"primary": 3, "senior": 0, "adjudication": 0, "done": 0},
    }
    denied = api.put(url("settings"), {"senior_review_share": "0.5"}, format="json")
    assert denied.status_code == 403

    api.force_login(hiring_manager)
    response = api.put(url("settings"), {"senior_review_share": "1"}, format="json")
    assert response.status_code == 200
    assert response.json()["senior_review_share"] == "1.00"
    assert not ReviewTask.objects.filter(senior_sampled=False).exists()

    response = api.put(url("settings"), {"senior_review_share": "1.5"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "senior_review_share": [
            "The senior share is a fraction from 0 to 1, for example 0.2 for 20%."
        ]
    }


def test_the_queue_costs_the_same_queries_for_more_tasks(
    api, reviewer, assessment, django_assert_max_num_queries
):
    api.force_login(reviewer)
    tasks_for(submitted_attempt(assessment=assessment))
    api.get(url("queue"))
    with django_assert_max_num_queries(10) as few:
        assert len(api.get(url("queue")).json()["results"]) == 3
    for _ in range(5):
        tasks_for(submitted_attempt(assessment=assessment))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(url("queue")).json()["results"]) == 18
