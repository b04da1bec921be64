"""The team's results pages: cohort, distribution, agreement, scoring runs, one attempt.

Reports, agreement and jobs are rows made here directly, shaped as the scoring pipeline
writes them (see the ScoreReport/CohortAgreement contract), so these pages are tested
apart from the scorers.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    Attempt,
    CohortAgreement,
    Item,
    Response,
    ScoreReport,
    ScoringJob,
)
from assessments.results import display
from core.pseudonyms import pseudonym
from hiring.models import Membership, Role
from tests.factories import AttemptFactory, MembershipFactory, UserFactory
from tests.factories.attempts import assessment_with_every_kind, invited_application

GOLD_REFERENCE = "Both keep each other's information secret."  # the free-text gold
ROLES = ("owner", "hiring_manager", "recruiter", "reviewer", "other_org", "anonymous")
READ = {"owner": 200, "hiring_manager": 200, "recruiter": 200, "reviewer": 404,
        "other_org": 404, "anonymous": 302}  # fmt: skip
WRITE = READ | {"recruiter": 403}

# What each candidate answers, by kind: the gold for "good" candidates, else a wrong one.
GOOD = {
    "single_choice": "Termination for convenience",
    "multi_label": ["Unilateral amendment"],
    "spans": [{"start": 0, "end": 20, "label": "PARTY"}],
    "pairwise": "A>B",
    "ranking": [2, 0, 1],
    "rating": {"Accuracy": 4, "Clarity": 5},
    "numeric": 27,
    "error_identification": [
        {"has_error": False, "category": None, "explanation": ""},
        {"has_error": True, "category": "omitted_exception", "explanation": ""},
    ],
    "free_text": "They must both keep the other side's information confidential.",
}
BAD = GOOD | {
    "single_choice": "Force majeure",
    "multi_label": ["Exclusivity", "Broad indemnity"],
    "ranking": [0, 1, 2],
    "numeric": 20,
}


pytestmark = pytest.mark.django_db


# --- Fixtures -------------------------------------------------------------------------------


@pytest.fixture
def people(org, hiring_manager, recruiter, reviewer, other_recruiter):
    return {
        "owner": MembershipFactory(organization=org, role=Membership.Role.OWNER).user,
        "hiring_manager": hiring_manager,
        "recruiter": recruiter,
        "reviewer": reviewer,
        "other_org": other_recruiter,
        "anonymous": None,
    }


@pytest.fixture
def owner(people):
    return people["owner"]


@pytest.fixture
def assessment(org):
    return assessment_with_every_kind(organization=org, pass_gates={"accuracy": 0.7})


def _details(items, answers, composite):
    scores, detail = [], {}
    for item in items:
        good = answers[item.kind] == GOOD[item.kind]
        scores.append(None if item.kind == "free_text" else (1.0 if good else 0.0))
        detail[str(item.pk)] = {"matched": 1 if good else 0, "expected": GOOD[item.kind]}
    return {
        "items": {"item": [item.pk for item in items], "score": scores,
                  "time_ms": [41_000] * len(items), "edge_case": [], "flagged": [],
                  "detail": detail},
        "accuracy": {"scored": 8, "points": 8 * composite,
                     "by_kind": {"single_choice": {"n": 1, "mean": composite}}},
        "edge_cases": None,
        "throughput": {"items": 9, "seconds": 900.0, "items_per_hour": 36.0,
                       "expected_items_per_hour": 30.0, "ratio": 1.2},
        "weights": {"accuracy": 0.8, "throughput": 0.2},
        "gates": [{"component": "accuracy", "minimum": 0.7, "value": composite,
                   "passed": composite >= 0.7}],
    }  # fmt: skip


def make_cohort(assessment, size, *, start=0):
    """``size`` submitted attempts with answers and a current report; returns them."""
    items = list(Item.objects.filter(assessment=assessment).order_by("position"))
    now = timezone.now()
    attempts = []
    for n in range(start, start + size):
        good = n % 3 != 2
        answers = GOOD if good else BAD
        candidate = UserFactory(full_name=f"Candidate {n:02d}", email=f"c{n:02d}@example.com")
        attempt = AttemptFactory(
            assessment=assessment,
            candidate=candidate,
            application=invited_application(assessment=assessment, candidate=candidate)
            if n == start
            else None,
            state=Attempt.State.SCORED,
            started_at=now - timedelta(hours=2, minutes=n),
            submitted_at=now - timedelta(hours=1, minutes=n),
            item_order=[item.pk for item in reversed(items)],
            integrity_events=[{"type": "focus_lost"}] if n == start else [],
        )
        Response.objects.bulk_create(
            Response(
                attempt=attempt,
                item=item,
                answer=answers[item.kind],
                time_spent_ms=41_000,
                flagged_ambiguous=item.kind == "pairwise" and n == start,
                integrity_events=[{"type": "too_fast"}] if n == start and i == 0 else [],
            )
            for i, item in enumerate(items)
        )
        composite = round(0.9 - 0.05 * (n % 7), 2) if good else 0.35
        ScoreReport.objects.create(
            attempt=attempt,
            scorer_version="1.0",
            gold_version=assessment.gold_version,
            components={"accuracy": composite, "throughput": 1.0},
            composite=composite,
            failed_gates=[] if composite >= 0.7 else ["accuracy"],
            details=_details(items, answers, composite),
        )
        attempts.append(attempt)
    return attempts


def make_agreement(assessment, attempts):
    items = {item.kind: item for item in Item.objects.filter(assessment=assessment)}
    alphas = {"single_choice": 0.9, "multi_label": 0.2, "numeric": None, "ranking": 0.5}

    def entry(kind, alpha):
        item = items[kind]
        return {
            "item": item.pk, "position": item.position, "kind": kind, "level": "nominal",
            "answers": len(attempts), "alpha": alpha, "majority": f"majority-of-{kind}",
            "majority_share": 0.66, "gold_share": 0.66, "low_agreement": alpha is not None
            and alpha < 0.4, "gold_suspect": kind == "ranking",
            "top_majority": "1 > 2 > 3" if kind == "ranking" else None,
            "top_share": 0.9 if kind == "ranking" else None,
        }  # fmt: skip

    return CohortAgreement.objects.create(
        assessment=assessment,
        gold_version=assessment.gold_version,
        attempt_count=len(attempts),
        krippendorff_alpha=0.71,
        fleiss_kappa=0.55,
        gwet_ac1=0.83,
        per_item=[entry(kind, alpha) for kind, alpha in alphas.items()],
        per_candidate=[{"attempt": a.pk, "agreement": 0.6} for a in attempts],
        details={
            "by_level": {"nominal": {"level": "nominal", "alpha": 0.74, "units": 5},
                         "interval: ratings 1–5": {"level": "interval", "alpha": 0.9,
                                                   "units": 1}},
            "pairwise": {"attempts": [a.pk for a in attempts], "kappa": []},
            "collusion": [{"a": attempts[1].pk, "b": attempts[2].pk, "both_wrong": 4,
                           "shared_wrong": 4, "p_value": 0.0004}],
            "thresholds": {"low_agreement": 0.4},
        },
    )  # fmt: skip


@pytest.fixture
def cohort(assessment):
    attempts = make_cohort(assessment, 4)
    make_agreement(assessment, attempts)
    return attempts


def urls(assessment, attempt=None, job=None):
    slug, pk = assessment.organization.slug, assessment.pk
    found = {
        "index": reverse("results:index", args=[slug, pk]),
        "jobs": reverse("results:jobs", args=[slug, pk]),
        "rescore": reverse("results:rescore", args=[slug, pk]),
    }
    if attempt is not None:
        found["attempt"] = reverse("results:attempt", args=[slug, pk, attempt.pk])
    if job is not None:
        found["retry"] = reverse("results:retry", args=[slug, pk, job.pk])
    return found


def _order(html: str, attribute: str) -> list[int]:
    return [int(v) for v in re.findall(rf'data-{attribute}="(\d+)"', html)]


# --- Permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize("person", ROLES)
def test_who_sees_the_results(client, people, assessment, cohort, person):
    if people[person] is not None:
        client.force_login(people[person])
    for name, url in urls(assessment, attempt=cohort[0]).items():
        if name == "rescore":
            continue
        response = client.get(url)
        assert response.status_code == READ[person], (name, person)
        if READ[person] == 302:
            assert response.url.startswith("/accounts/login/")


def failed_job(assessment, attempt) -> ScoringJob:
    return ScoringJob.objects.create(
        assessment=assessment, kind=ScoringJob.Kind.SCORE_ATTEMPT, state=ScoringJob.State.FAILED,
        total_count=4, done_count=3, failed_count=1,
        failures=[{"attempt": attempt.pk, "error": "worker lost"}],
    )  # fmt: skip


@pytest.mark.parametrize("person", ROLES)
def test_who_may_retry_and_rescore(client, people, assessment, cohort, person):
    job = failed_job(assessment, cohort[0])
    if people[person] is not None:
        client.force_login(people[person])
    for name in ("rescore", "retry"):
        response = client.post(urls(assessment, job=job)[name])
        expected = WRITE[person]
        assert response.status_code == (302 if expected == 200 else expected), (name, person)
    job.refresh_from_db()
    rescores = ScoringJob.objects.filter(assessment=assessment, kind=ScoringJob.Kind.RESCORE)
    if WRITE[person] == 200:
        assert rescores.count() == 1
        assert (job.state, job.failures) == (ScoringJob.State.QUEUED, [])
    else:
        assert not rescores.exists()
        assert (job.state, job.failed_count) == (ScoringJob.State.FAILED, 1)


def test_another_organisations_attempt_is_not_found(client, owner, assessment, cohort, other_org):
    from tests.factories.attempts import assessment_with_every_kind as build

    elsewhere = build(organization=other_org)
    stranger = make_cohort(elsewhere, 1, start=50)[0]
    client.force_login(owner)
    slug = assessment.organization.slug
    url = reverse("results:attempt", args=[slug, assessment.pk, stranger.pk])
    assert client.get(url).status_code == 404


def test_an_attempt_still_in_progress_has_no_results_page(client, owner, assessment, cohort):
    attempt = AttemptFactory(assessment=assessment, state=Attempt.State.IN_PROGRESS)
    client.force_login(owner)
    assert client.get(urls(assessment, attempt=attempt)["attempt"]).status_code == 404


def test_get_is_refused_on_the_buttons(client, owner, assessment):
    client.force_login(owner)
    assert client.get(urls(assessment)["rescore"]).status_code == 405


# --- The cohort page ------------------------------------------------------------------------


def test_the_cohort_table_lists_every_submitted_attempt(client, owner, assessment, cohort):
    AttemptFactory(assessment=assessment)  # in progress: not in the table
    client.force_login(owner)
    html = client.get(urls(assessment)["index"]).content.decode()
    assert set(_order(html, "attempt")) == {a.pk for a in cohort}
    # The first attempt came through a role in blind mode: its pseudonym, no name, no e-mail.
    # The others were invited directly, with no role and so no blind mode.
    assert pseudonym(cohort[0].application_id) in html
    assert "Candidate 00" not in html
    assert "c00@example.com" not in html
    for n in range(1, 4):
        assert f"Candidate {n:02d}" in html

    Role.objects.filter(pk=cohort[0].application.role_id).update(blind_mode=False)
    html = client.get(urls(assessment)["index"]).content.decode()
    assert "Candidate 00" in html
    assert "c00@example.com" in html
    assert 'data-testid="histogram"' in html
    assert "Accuracy gate ≥ 70%" in html
    # Integrity flags and the collusion pair.
    assert "too fast ×1" in html
    assert "focus lost ×1" in html
    assert f"collusion? #{cohort[2].pk}" in html
    assert "identical wrong answer" in html
    # The first candidate applied through a role: the row links to the application.
    application = cohort[0].application
    slug = assessment.organization.slug
    assert reverse("hiring:application", args=[slug, application.pk]) in html


def test_the_cohort_sorts_by_composite(client, owner, assessment, cohort):
    client.force_login(owner)
    composites = {r.attempt_id: r.composite for r in ScoreReport.objects.all()}
    html = client.get(urls(assessment)["index"]).content.decode()
    table = html.split('data-testid="cohort-table"')[1].split("</table>")[0]
    highest_first = [composites[pk] for pk in _order(table, "attempt")]
    assert highest_first == sorted(highest_first, reverse=True)

    html = client.get(urls(assessment)["index"], {"sort": "composite"}).content.decode()
    table = html.split('data-testid="cohort-table"')[1].split("</table>")[0]
    lowest_first = [composites[pk] for pk in _order(table, "attempt")]
    assert lowest_first == sorted(lowest_first)
    assert 'aria-sort="ascending"' in table


def test_an_unscored_attempt_shows_last_and_waiting(client, owner, assessment, cohort):
    waiting = make_cohort(assessment, 1, start=10)[0]
    ScoreReport.objects.filter(attempt=waiting).delete()
    client.force_login(owner)
    html = client.get(urls(assessment)["index"], {"sort": "composite"}).content.decode()
    table = html.split('data-testid="cohort-table"')[1].split("</table>")[0]
    assert _order(table, "attempt")[-1] == waiting.pk
    assert "not scored" in table
    assert "1 waiting" in html


def test_agreement_figures_come_with_their_meaning(client, recruiter, assessment, cohort):
    client.force_login(recruiter)
    html = client.get(urls(assessment)["index"]).content.decode()
    figures = html.split('data-testid="agreement-figures"')[1].split("</dl>")[0]
    assert "Krippendorff&#x27;s alpha" in figures or "Krippendorff's alpha" in figures
    assert "0.710" in figures
    assert "tentative" in figures  # 0.71
    assert "Alpha, nominal" in figures
    assert "Alpha, interval: ratings 1–5" in figures
    assert "5 units" in figures
    assert "reliable" in figures  # interval 0.9
    assert "moderate agreement" in figures  # Fleiss 0.55
    assert "almost perfect agreement" in figures  # AC1 0.83
    assert "1 = perfect agreement, 0 = no better than chance" in html


def test_items_sort_by_lowest_agreement_with_markers(client, owner, assessment, cohort):
    client.force_login(owner)
    html = client.get(urls(assessment)["index"]).content.decode()
    table = html.split('data-testid="item-agreement"')[1].split("</table>")[0]
    kinds = {item.pk: item.kind for item in Item.objects.filter(assessment=assessment)}
    order = [kinds[pk] for pk in _order(table, "item")]
    # 0.2, 0.5, 0.9, then the item whose alpha is undefined.
    assert order == ["multi_label", "ranking", "single_choice", "numeric"]
    rows = table.split("<tr data-item=")
    assert "Revisit the rubric" in rows[1]
    assert "Gold suspect" in rows[2]
    assert "Top third says <strong>1 &gt; 2 &gt; 3</strong>" in rows[2]
    ranking = next(pk for pk, kind in kinds.items() if kind == "ranking")
    edit = reverse(
        "authoring:item_edit", args=[assessment.organization.slug, assessment.pk, ranking]
    )
    assert f'href="{edit}">Check the gold</a>' in rows[2]
    assert "Revisit the rubric" not in rows[3]
    assert "Gold suspect" not in rows[3]
    assert "Matched gold" in table


def test_recruiters_see_no_gold_share(client, recruiter, assessment, cohort):
    client.force_login(recruiter)
    html = client.get(urls(assessment)["index"]).content.decode()
    assert "Matched gold" not in html
    assert GOLD_REFERENCE not in html
    assert "Check the gold" not in html  # the link to edit items is for authors


def test_an_assessment_without_results_says_so(client, owner, assessment):
    client.force_login(owner)
    html = client.get(urls(assessment)["index"]).content.decode()
    assert "No submitted attempt yet." in html
    assert "No scored attempt yet." in html
    assert "No scoring run yet." in html


def test_the_assessment_page_links_to_its_results(client, recruiter, assessment):
    client.force_login(recruiter)
    url = reverse("authoring:detail", args=[assessment.organization.slug, assessment.pk])
    assert urls(assessment)["index"] in client.get(url).content.decode()


@pytest.mark.parametrize("size", [3, 12])
def test_the_cohort_page_query_count_does_not_grow(
    client, owner, assessment, size, django_assert_max_num_queries
):
    attempts = make_cohort(assessment, size)
    make_agreement(assessment, attempts)
    ScoringJob.objects.create(
        assessment=assessment, kind=ScoringJob.Kind.RESCORE, state=ScoringJob.State.RUNNING,
        total_count=size, done_count=1, failed_count=1,
        failures=[{"attempt": attempts[0].pk, "error": "boom"}],
    )  # fmt: skip
    client.force_login(owner)
    # 12 reads, the request's savepoint pair, and blind mode's three (applications,
    # reveals, stage history) for the table and again for the failures' names.
    # + the navigation's alert badge (owners and hiring managers).
    with django_assert_max_num_queries(21):
        response = client.get(urls(assessment)["index"])
    assert response.status_code == 200
    assert len(_order(response.content.decode(), "attempt")) == size


@pytest.mark.parametrize("size", [3, 12])
def test_the_attempt_page_query_count_does_not_grow(
    client, owner, assessment, size, django_assert_max_num_queries
):
    attempts = make_cohort(assessment, size)
    make_agreement(assessment, attempts)
    client.force_login(owner)
    with django_assert_max_num_queries(16):  # 12, blind mode's three, the alert badge
        response = client.get(urls(assessment, attempt=attempts[0])["attempt"])
    assert response.status_code == 200


# --- Scoring runs ---------------------------------------------------------------------------


def test_the_jobs_panel_polls_only_while_a_job_is_active(client, owner, assessment, cohort):
    job = ScoringJob.objects.create(
        assessment=assessment, kind=ScoringJob.Kind.RESCORE, state=ScoringJob.State.RUNNING,
        total_count=80, done_count=12, failed_count=1,
        failures=[{"attempt": cohort[1].pk, "error": "Gold missing for item 7"}],
    )  # fmt: skip
    client.force_login(owner)
    page = client.get(urls(assessment)["index"]).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert urls(assessment)["jobs"] in page

    partial = client.get(urls(assessment)["jobs"], headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert "<html" not in html
    assert 'hx-trigger="every 2s"' in html
    assert "12 of 80 scored" in html
    assert "1 failed" in html
    assert 'aria-valuenow="16"' in html  # (12 + 1) / 80
    assert "Gold missing for item 7" in html
    assert "Candidate 01" in html  # the failed attempt, by name

    ScoringJob.objects.filter(pk=job.pk).update(
        state=ScoringJob.State.DONE, done_count=79, finished_at=timezone.now()
    )
    done = client.get(urls(assessment)["jobs"], headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done  # the swap removes the poll: polling stops
    assert "79 of 80 scored" in done
    assert "Scoring finished" in done
    assert "Retry failed" in done  # the failure stays, with a retry button for authors
    page = client.get(urls(assessment)["index"]).content.decode()
    assert "hx-trigger" not in page


def test_recruiters_see_progress_but_no_buttons(client, recruiter, assessment, cohort):
    ScoringJob.objects.create(
        assessment=assessment, kind=ScoringJob.Kind.SCORE_ATTEMPT, state=ScoringJob.State.DONE,
        total_count=4, done_count=3, failed_count=1,
        failures=[{"attempt": cohort[0].pk, "error": "worker lost"}],
    )  # fmt: skip
    client.force_login(recruiter)
    html = client.get(urls(assessment)["index"]).content.decode()
    assert "3 of 4 scored" in html
    assert "worker lost" in html
    assert "Retry failed" not in html
    assert "Rescore all" not in html


def test_rescore_starts_a_run_that_the_panel_follows(client, owner, assessment, cohort):
    client.force_login(owner)
    response = client.post(urls(assessment)["rescore"], follow=True)

    job = ScoringJob.objects.get(assessment=assessment, kind=ScoringJob.Kind.RESCORE)
    assert (job.state, job.total_count) == (ScoringJob.State.QUEUED, 4)
    html = response.content.decode()
    assert "Rescoring 4 attempts against gold version 1" in html
    assert 'hx-trigger="every 2s"' in html  # the new job is queued: the panel polls


def test_retry_queues_the_failed_attempts_again(client, owner, assessment, cohort):
    job = failed_job(assessment, cohort[0])
    client.force_login(owner)
    response = client.post(urls(assessment, job=job)["retry"], follow=True)

    assert "Retrying 1 attempt that failed to score." in response.content.decode()
    job.refresh_from_db()
    assert (job.state, job.failed_count, job.failures) == (ScoringJob.State.QUEUED, 0, [])


def test_a_refused_retry_shows_the_reason(client, owner, assessment, cohort):
    job = ScoringJob.objects.create(
        assessment=assessment, kind=ScoringJob.Kind.SCORE_ATTEMPT, state=ScoringJob.State.DONE,
        total_count=4, done_count=4,
    )  # fmt: skip
    client.force_login(owner)
    response = client.post(urls(assessment, job=job)["retry"], follow=True)
    assert "nothing to retry" in response.content.decode()


def test_retry_of_another_assessments_job_is_not_found(client, owner, org, assessment):
    other = assessment_with_every_kind(organization=org, title="Other")
    job = failed_job(other, AttemptFactory(assessment=other))
    client.force_login(owner)
    url = reverse("results:retry", args=[org.slug, assessment.pk, job.pk])
    assert client.post(url).status_code == 404
    job.refresh_from_db()
    assert job.state == ScoringJob.State.FAILED


# --- One attempt ----------------------------------------------------------------------------


def test_the_drill_down_shows_each_item_with_gold_for_authors(client, owner, assessment, cohort):
    client.force_login(owner)
    html = client.get(urls(assessment, attempt=cohort[0])["attempt"]).content.decode()
    answers = html.split('data-testid="answers"')[1].split("</table>")[0]
    # Items in the order the candidate saw them (item_order is reversed positions here).
    items = list(Item.objects.filter(assessment=assessment).order_by("-position"))
    assert _order(answers, "item") == [item.pk for item in items]
    assert '<th scope="col">Gold</th>' in answers
    assert GOLD_REFERENCE.replace("'", "&#x27;") in answers
    assert "3 &gt; 1 &gt; 2" in answers  # the ranking, outputs numbered from 1
    assert "Accuracy 4, Clarity 5" in answers
    assert "0–20 PARTY" in answers
    assert "1: no error; 2: omitted_exception" in answers
    assert "majority-of-ranking" in answers
    assert "41 s" in answers
    assert "flagged ambiguous" in answers
    assert "too fast" in answers
    assert "gold suspect" in answers
    assert "review" in answers  # free text: human review, no score
    assert 'data-testid="components"' in html
    assert "≥ 0.7 · passed" in html
    assert "Accuracy by kind" in html
    assert "36.0 items/hour" in html


def test_recruiters_never_see_the_gold(client, recruiter, assessment, cohort):
    client.force_login(recruiter)
    for attempt in cohort:
        html = client.get(urls(assessment, attempt=attempt)["attempt"]).content.decode()
        answers = html.split('data-testid="answers"')[1].split("</table>")[0]
        assert ">Gold<" not in answers
        assert "gold-cell" not in answers
        assert GOLD_REFERENCE not in html
        assert GOLD_REFERENCE.replace("'", "&#x27;") not in html
        assert "score-pill" in answers  # the score is shown all the same
    html = client.get(urls(assessment, attempt=cohort[2])["attempt"]).content.decode()
    # The wrong candidate's ranking shows; the gold ranking 3 > 1 > 2 is nowhere.
    assert "1 &gt; 2 &gt; 3" in html
    assert "3 &gt; 1 &gt; 2" not in html
    # Nor the scorer's details, which name the expected answer.
    assert "Scoring detail" not in html
    assert "Termination for convenience" not in html


def test_authors_see_the_scorers_details(client, owner, assessment, cohort):
    client.force_login(owner)
    html = client.get(urls(assessment, attempt=cohort[2])["attempt"]).content.decode()
    assert "Scoring detail" in html
    assert "expected: Termination for convenience" in html


def test_a_colluding_attempt_says_so(client, owner, assessment, cohort):
    client.force_login(owner)
    html = client.get(urls(assessment, attempt=cohort[1])["attempt"]).content.decode()
    assert f"attempt #{cohort[2].pk}" in html
    assert "far beyond chance" in html


def test_an_unscored_attempt_page_says_so(client, owner, assessment):
    attempt = make_cohort(assessment, 1)[0]
    ScoreReport.objects.filter(attempt=attempt).delete()
    client.force_login(owner)
    html = client.get(urls(assessment, attempt=attempt)["attempt"]).content.decode()
    assert "has not been scored yet" in html
    assert "Termination for convenience" in html  # the answers still show


# --- Answers in plain words (pure) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "answer", "content", "expected"),
    [
        ("single_choice", "Force majeure", None, "Force majeure"),
        ("multi_label", ["A", "B"], None, "A, B"),
        ("multi_label", [], None, "no labels"),
        ("spans", [{"start": 0, "end": 6, "label": "PARTY"}], {"text": "Halden Ltd"},
         "0–6 PARTY “Halden”"),
        ("spans", [{"start": 3, "end": 9, "label": "DATE"}], None, "3–9 DATE"),
        ("pairwise", "B>>A", None, "B>>A"),
        ("ranking", [2, 0, 1], None, "3 > 1 > 2"),
        ("rating", {"clarity": 4, "accuracy": 3}, None, "clarity 4, accuracy 3"),
        ("rating", {"accuracy": 3, "clarity": 4}, {"criteria": ["clarity", "accuracy"]},
         "clarity 4, accuracy 3"),
        ("numeric", 27, {"unit": "day"}, "27 day"),
        ("numeric", 2.5, None, "2.5"),
        ("error_identification",
         [{"has_error": True, "category": "wrong_amount"}, {"has_error": False}], None,
         "1: wrong_amount; 2: no error"),
        ("free_text", {"reference": "Secret both ways."}, None, "Secret both ways."),
        ("single_choice", None, None, "—"),
        ("ranking", ["x"], None, '["x"]'),  # malformed: shown as JSON, never an error
    ],
)  # fmt: skip
def test_answer_display(kind, answer, content, expected):
    assert display.answer_display(kind, answer, content) == expected


def test_gold_display_with_alternatives_and_tolerance():
    gold = {"answer": 27, "alternatives": [28], "tolerance": 0.5}
    assert display.gold_display("numeric", gold) == "27 (or 28) ± 0.5"
    assert display.gold_display("numeric", None) == "—"


@pytest.mark.parametrize(
    ("value", "words"),
    [(0.85, "reliable"), (0.8, "reliable"), (0.7, "tentative"), (0.5, "too low"),
     (None, "undefined")],
)  # fmt: skip
def test_alpha_meaning(value, words):
    assert display.alpha_meaning(value)[1].startswith(words)


@pytest.mark.parametrize(
    ("value", "words"),
    [(0.9, "almost perfect"), (0.7, "substantial"), (0.5, "moderate"), (0.3, "fair"),
     (0.1, "slight"), (0.0, "slight"), (-0.2, "poor: no better than chance"), (None, "undefined")],
)  # fmt: skip
def test_kappa_meaning(value, words):
    assert display.kappa_meaning(value)[1].startswith(words)


def test_duration_display():
    assert display.duration_display(0) == "—"
    assert display.duration_display(41_000) == "41 s"
    assert display.duration_display(185_000) == "3 min 05 s"


def test_a_gate_waiting_for_its_component_shows_pending(client, owner, assessment, cohort):
    report = ScoreReport.objects.get(attempt=cohort[0])
    report.details["gates"].append(
        {"component": "rationale", "minimum": 0.5, "value": None, "passed": None}
    )
    report.save()
    client.force_login(owner)
    html = client.get(urls(assessment)["index"]).content.decode()
    row = html.split(f'data-attempt="{cohort[0].pk}"')[1].split("</tr>")[0]
    assert "rationale pending" in row
    page = client.get(urls(assessment, attempt=cohort[0])["attempt"]).content.decode()
    assert "≥ 0.5 · pending" in page


def test_edge_cases_are_marked_for_authors_only(client, owner, recruiter, assessment, cohort):
    item = Item.objects.get(assessment=assessment, kind="pairwise")
    item.gold.is_edge_case = True
    item.gold.save()
    url = urls(assessment, attempt=cohort[0])["attempt"]
    client.force_login(owner)
    assert "edge case" in client.get(url).content.decode()
    client.force_login(recruiter)
    assert "edge case" not in client.get(url).content.decode()


def test_the_assessment_page_follows_a_scoring_run_too(client, recruiter, assessment, cohort):
    ScoringJob.objects.create(
        assessment=assessment, kind=ScoringJob.Kind.RESCORE, state=ScoringJob.State.RUNNING,
        total_count=4, done_count=1,
    )  # fmt: skip
    client.force_login(recruiter)
    slug = assessment.organization.slug
    html = client.get(reverse("authoring:detail", args=[slug, assessment.pk])).content.decode()
    assert 'aria-valuenow="25"' in html
    assert 'hx-trigger="every 2s"' in html
    assert "Rescore all" not in html  # recruiters watch; authors rescore
