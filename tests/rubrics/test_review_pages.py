"""The blind review pages: the queue, scoring a task (blind), the senior re-score that does
not show the first scores, adjudication side by side, reviewer agreement, the share."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from assessments.models import ScoreReport
from candidates.models import Education
from hiring.models import Membership
from rubrics.models import Review, ReviewTask
from rubrics.review.services import review_submit
from tests.factories import CandidateProfileFactory, UserFactory
from tests.factories.attempts import invited_application
from tests.factories.reviews import (
    CLARITY,
    EXPLANATION,
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
COMPOSITE = 0.7319
PRIMARY_COMMENT = "First-pass note: persuasive but thin"


@pytest.fixture
def assessment(org):
    return reviewed_assessment(organization=org)


@pytest.fixture
def candidate_attempt(assessment):
    """A submitted, scored attempt by a candidate with a very recognisable identity."""
    candidate = UserFactory(full_name=NAME, email=EMAIL)
    profile = CandidateProfileFactory(user=candidate, country="NZ", headline="Kiwi paralegal")
    Education.objects.create(profile=profile, level="master", field="Law", institution=INSTITUTION)
    application = invited_application(assessment=assessment, candidate=candidate)
    attempt = submitted_attempt(assessment=assessment, candidate=candidate)
    attempt.application = application
    attempt.save(update_fields=["application"])
    ScoreReport.objects.create(
        attempt=attempt,
        scorer_version="1",
        gold_version=1,
        components={"accuracy": COMPOSITE},
        composite=COMPOSITE,
    )
    return attempt


@pytest.fixture
def tasks(candidate_attempt):
    return {task.source: task for task in tasks_for(candidate_attempt)}


@pytest.fixture
def senior(org):
    return member(org, senior=True, full_name="Senior Reviewer")


def task_url(task, slug="lexicon"):
    return reverse("reviews:task", args=[slug, task.pk])


def queue_url(slug="lexicon"):
    return reverse("reviews:queue", args=[slug])


def criteria(task):
    return list(task.rubric.criteria.order_by("position").values_list("id", flat=True))


def form(task, *levels, tier=None, comment=""):
    """The review form as posted, for the tier the task waits for now."""
    state = ReviewTask.objects.values_list("state", flat=True).get(pk=task.pk)
    data = {"tier": tier or state, "comment": comment}
    for criterion_id, level in zip(criteria(task), levels, strict=False):
        data[f"criterion_{criterion_id}"] = str(level)
    return data


def assert_blind(html: str):
    for secret in (NAME, "Okonkwo", EMAIL, INSTITUTION, "Quetzaltenango", "Kiwi paralegal"):
        assert secret not in html
    assert "New Zealand" not in html
    assert not re.search(r"\bNZ\b", html)
    assert "0.73" not in html
    assert "73%" not in html


# --- Blind --------------------------------------------------------------------------------------


def test_a_reviewer_scores_a_rationale_blind(client, org, reviewer, tasks):
    task = tasks["rationale"]
    ReviewTask.objects.filter(pk=task.pk).update(senior_sampled=False)
    client.force_login(reviewer)

    page = client.get(task_url(task))

    assert page.status_code == 200
    html = page.content.decode()
    assert_blind(html)
    assert escape(RATIONALE) in html
    assert "What type of clause is this?" in html  # the item as the candidate saw it
    assert CLARITY in html
    assert "Gives the deciding reason and rules out the alternative" in html
    assert "Example at level 3" in html
    assert "If the answer hedges between two readings" in html  # the edge-case guide
    assert html.count(f'name="criterion_{criteria(task)[0]}"') == 5  # five anchored levels
    assert "Termination for convenience" in html

    done = client.post(task_url(task), form(task, 3, 4, comment="Names the test."))

    assert done.status_code == 302
    assert done.url.startswith(reverse("reviews:next", args=["lexicon"]))
    review = Review.objects.get(task=task)
    assert review.reviewer == reviewer
    assert dict(review.scores.values_list("criterion_id", "level")) == dict(
        zip(criteria(task), [3, 4], strict=True)
    )
    assert ReviewTask.objects.get(pk=task.pk).state == State.DONE


def test_the_queue_and_other_texts_are_blind_too(client, org, reviewer, tasks):
    client.force_login(reviewer)

    queue = client.get(queue_url())
    free_text = client.get(task_url(tasks["free_text"]))
    explanation = client.get(task_url(tasks["error_explanation"]))

    for page in (queue, free_text, explanation):
        assert page.status_code == 200
        assert_blind(page.content.decode())
    assert escape(FREE_TEXT) in free_text.content.decode()
    assert escape(EXPLANATION) in explanation.content.decode()
    assert escape(RATIONALE) in queue.content.decode()


def test_gold_never_shows_on_a_review_page(client, org, reviewer, tasks, assessment):
    gold = assessment.items.get(kind="free_text").gold
    gold.explanation = "GOLD-EXPLANATION-SECRET"
    gold.save()
    client.force_login(reviewer)

    html = client.get(task_url(tasks["free_text"])).content.decode()

    assert "information secret" not in html  # the gold reference
    assert "GOLD-EXPLANATION-SECRET" not in html


def test_a_senior_re_scores_without_seeing_the_first_scores(client, org, reviewer, senior, tasks):
    task = tasks["rationale"]
    ReviewTask.objects.filter(pk=task.pk).update(senior_sampled=True)
    review_submit(
        task_id=task.pk,
        reviewer=reviewer,
        tier="primary",
        levels=dict(zip(criteria(task), [4, 0], strict=True)),
        comment=PRIMARY_COMMENT,
    )
    client.force_login(senior)

    page = client.get(task_url(task))

    html = page.content.decode()
    assert page.status_code == 200
    assert_blind(html)
    assert PRIMARY_COMMENT not in html
    assert 'data-testid="side-by-side"' not in html
    assert " checked" not in re.sub(r'<input type="radio" name="(?!criterion_)[^>]*>', "", html)
    assert reviewer.get_full_name() not in html
    assert "Save re-score" in html

    # The primary reviewer sees where it stands, not a form nor the senior's work.
    client.force_login(reviewer)
    own = client.get(task_url(task)).content.decode()
    assert "someone else takes the next step" in own
    assert "Save re-score" not in own


def test_a_split_goes_to_adjudication_shown_side_by_side(client, org, reviewer, senior, tasks):
    task = tasks["rationale"]
    ReviewTask.objects.filter(pk=task.pk).update(senior_sampled=True)
    first, second = criteria(task)
    review_submit(
        task_id=task.pk,
        reviewer=reviewer,
        tier="primary",
        levels={first: 4, second: 2},
        comment=PRIMARY_COMMENT,
    )
    client.force_login(senior)
    response = client.post(task_url(task), form(task, 1, 2))
    assert response.status_code == 302
    assert ReviewTask.objects.get(pk=task.pk).state == State.ADJUDICATION
    adjudicator = member(org, senior=True)
    client.force_login(adjudicator)

    page = client.get(task_url(task))

    html = page.content.decode()
    assert page.status_code == 200
    assert_blind(html)
    assert 'data-testid="side-by-side"' in html
    assert html.count('class="is-split"') == 1  # only clarity is more than one level apart
    assert PRIMARY_COMMENT in html
    assert "Save adjudication" in html

    client.post(task_url(task), form(task, 2, 3))
    task.refresh_from_db()
    assert task.state == State.DONE
    assert task.final_levels == {str(first): 2, str(second): 3}


# --- Bad input ----------------------------------------------------------------------------------


def test_a_missing_criterion_is_refused_with_its_message(client, reviewer, tasks):
    task = tasks["rationale"]
    client.force_login(reviewer)

    page = client.post(task_url(task), form(task, 3))

    assert page.status_code == 400
    assert "Score every criterion: “Names the root cause” has no level." in page.content.decode()
    assert not Review.objects.exists()
    # What was chosen stays chosen.
    assert f'name="criterion_{criteria(task)[0]}" value="3" checked' in page.content.decode()


def test_a_level_off_the_scale_is_refused_with_its_message(client, reviewer, tasks):
    task = tasks["rationale"]
    client.force_login(reviewer)

    page = client.post(task_url(task), form(task, 7, 2))

    assert page.status_code == 400
    assert f"Level 7 for “{CLARITY}” is outside the scale 0–4." in page.content.decode()
    assert not Review.objects.exists()


def test_a_stale_tier_is_refused_with_its_message(client, org, reviewer, tasks):
    task = tasks["rationale"]
    ReviewTask.objects.filter(pk=task.pk).update(senior_sampled=False)
    review_submit(
        task_id=task.pk,
        reviewer=member(org),
        tier="primary",
        levels=dict(zip(criteria(task), [1, 1], strict=True)),
    )
    client.force_login(reviewer)

    page = client.post(task_url(task), form(task, 2, 2, tier="primary"))

    assert page.status_code == 400
    assert "nothing is left to score" in page.content.decode()


# --- Review next ---------------------------------------------------------------------------------


def test_review_next_opens_the_oldest_task_and_skips(client, reviewer, tasks):
    ordered = sorted(tasks.values(), key=lambda t: (t.created_at, t.pk))
    client.force_login(reviewer)
    url = reverse("reviews:next", args=["lexicon"])

    assert client.get(url, {"tier": "primary"}).url == task_url(ordered[0])
    assert client.get(url, {"tier": "primary", "after": ordered[0].pk}).url == task_url(ordered[1])
    assert client.get(url, {"tier": "primary", "after": ordered[-1].pk}).url == task_url(ordered[0])


def test_review_next_with_nothing_left_goes_back_to_the_queue(client, reviewer):
    client.force_login(reviewer)

    response = client.get(
        reverse("reviews:next", args=["lexicon"]), {"tier": "primary"}, follow=True
    )

    assert response.redirect_chain[-1][0].startswith(queue_url())
    assert "Nothing left for you to score here." in response.content.decode()


def test_a_plain_reviewer_cannot_ask_for_senior_work(client, reviewer):
    client.force_login(reviewer)

    response = client.get(reverse("reviews:next", args=["lexicon"]), {"tier": "senior"})

    assert response.status_code == 403


# --- Permissions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("reviewer", 200),
        ("hiring_manager", 200),
        ("owner", 200),
        ("senior_recruiter", 200),
        ("recruiter", 403),
        ("other_org", 404),
        ("anonymous", 302),
    ],
)
def test_who_reaches_the_review_pages(client, org, tasks, who, expected, request):
    people = {
        "reviewer": lambda: request.getfixturevalue("reviewer"),
        "hiring_manager": lambda: request.getfixturevalue("hiring_manager"),
        "owner": lambda: member(org, Membership.Role.OWNER),
        "senior_recruiter": lambda: member(org, Membership.Role.RECRUITER, senior=True),
        "recruiter": lambda: request.getfixturevalue("recruiter"),
        "other_org": lambda: request.getfixturevalue("other_recruiter"),
        "anonymous": lambda: None,
    }
    user = people[who]()
    if user is not None:
        client.force_login(user)
    task = tasks["rationale"]

    for url in (queue_url(), task_url(task), reverse("reviews:agreement", args=["lexicon"])):
        assert client.get(url).status_code == expected, url


def test_another_organisations_task_is_a_404_even_for_its_members_elsewhere(
    client, org, other_org, tasks
):
    both = member(other_org)
    Membership.objects.create(user=both, organization=org, role=Membership.Role.RECRUITER)
    client.force_login(both)

    assert client.get(task_url(tasks["rationale"], slug="meridian")).status_code == 404


def test_a_plain_reviewer_cannot_post_a_senior_re_score(client, org, reviewer, tasks):
    task = tasks["rationale"]
    ReviewTask.objects.filter(pk=task.pk).update(senior_sampled=True)
    review_submit(
        task_id=task.pk,
        reviewer=member(org),
        tier="primary",
        levels=dict(zip(criteria(task), [1, 1], strict=True)),
    )
    client.force_login(reviewer)

    assert client.post(task_url(task), form(task, 2, 2)).status_code == 403
    assert Review.objects.filter(task=task).count() == 1


# --- The queue and the senior share --------------------------------------------------------------


def test_the_queue_shows_counts_and_tabs(client, org, reviewer, tasks):
    ReviewTask.objects.filter(pk=tasks["free_text"].pk).update(state=State.SENIOR)
    client.force_login(reviewer)

    html = client.get(queue_url()).content.decode()

    assert re.search(r'data-testid="count-primary">2<', html)
    assert re.search(r'data-testid="count-senior">1<', html)
    assert 'data-testid="review-next"' in html
    assert "Senior re-scores" not in html  # the share is set by owners and hiring managers
    senior_tab = client.get(queue_url(), {"tab": "senior"}).content.decode()
    assert 'data-testid="review-next"' not in senior_tab  # not a senior reviewer
    assert escape(FREE_TEXT) in senior_tab


def test_the_queue_costs_the_same_queries_for_more_tasks(
    client, org, reviewer, assessment, django_assert_max_num_queries
):
    client.force_login(reviewer)
    tasks_for(submitted_attempt(assessment=assessment))
    client.get(queue_url())  # warm the session and caches
    with django_assert_max_num_queries(12) as few:
        assert client.get(queue_url()).status_code == 200
    for _ in range(6):
        tasks_for(submitted_attempt(assessment=assessment))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(queue_url())
    assert page.content.decode().count("data-task=") == 21


def test_a_hiring_manager_sets_the_senior_share(client, org, hiring_manager, reviewer):
    client.force_login(hiring_manager)
    url = reverse("reviews:settings", args=["lexicon"])

    assert "Senior re-scores" in client.get(queue_url()).content.decode()
    response = client.post(url, {"share_percent": "35"}, follow=True)

    org.refresh_from_db()
    assert org.senior_review_share == Decimal("0.35")
    assert "A senior now re-scores 35% of answers" in response.content.decode()

    response = client.post(url, {"share_percent": "140"}, follow=True)
    assert "Give the senior share as a percentage from 0 to 100." in response.content.decode()
    response = client.post(url, {"share_percent": "lots"}, follow=True)
    assert "Give the senior share as a percentage from 0 to 100." in response.content.decode()
    org.refresh_from_db()
    assert org.senior_review_share == Decimal("0.35")

    client.force_login(reviewer)
    assert client.post(url, {"share_percent": "90"}).status_code == 403
    org.refresh_from_db()
    assert org.senior_review_share == Decimal("0.35")


# --- Reviewer agreement ---------------------------------------------------------------------


def test_the_agreement_page_shows_a_drifting_reviewer(
    client, org, assessment, senior, hiring_manager
):
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
            levels={first: 4 - clarity, second: 2},
        )
        review_submit(
            task_id=task.pk, reviewer=senior, tier="senior", levels={first: clarity, second: 2}
        )
    client.force_login(hiring_manager)

    html = client.get(reverse("reviews:agreement", args=["lexicon"])).content.decode()

    assert "Dora Drift" in html
    assert "drifting</span>" in html
    assert "below 0.6" in html
    assert "at least 5 re-scored answers" in html
    assert "-1.00" in html

    client.force_login(member(org, full_name="Quiet Colleague"))
    own = client.get(reverse("reviews:agreement", args=["lexicon"])).content.decode()
    assert "Dora Drift" not in own  # a reviewer sees only their own agreement
    assert "No senior re-scores yet" in own


def test_finished_tasks_show_how_they_were_settled(client, org, reviewer, tasks):
    task = tasks["rationale"]
    ReviewTask.objects.filter(pk=task.pk).update(senior_sampled=False)
    review_submit(
        task_id=task.pk,
        reviewer=reviewer,
        tier="primary",
        levels=dict(zip(criteria(task), [2, 4], strict=True)),
    )
    client.force_login(member(org))

    html = client.get(task_url(task)).content.decode()
    done = client.get(queue_url(), {"tab": "done"}).content.decode()

    assert "This answer's review is finished." in html
    assert 'data-testid="side-by-side"' in html
    assert "Score that stands: <strong>0.88</strong>" in html  # (1·2/4 + 3·4/4) / 4
    assert f'data-task="{task.pk}"' in done
