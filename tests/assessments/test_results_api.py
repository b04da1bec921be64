"""The results API: cohort, agreement, scoring runs and one attempt's report, with the same
permissions as the results pages. Reports and agreement are real: a cohort scored by
``attempts_score`` and ``cohort_agreement_compute``, not hand-built JSON."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.models import (
    Attempt,
    CohortAgreement,
    GoldAnswer,
    Response,
    ScoreReport,
    ScoringJob,
)
from assessments.scoring.attempt import item_rows
from assessments.scoring.runs import scoring_run_start
from assessments.scoring.services import attempts_score, cohort_agreement_compute
from core.blind import identity_reveal
from core.pseudonyms import pseudonym
from hiring.models import Application, Membership
from tests.factories import ApplicationFactory, AttemptFactory, MembershipFactory, RoleFactory
from tests.factories.cohorts import build_cohort

pytestmark = pytest.mark.django_db

# A multi-label item's gold is set to a label no candidate can pick: it reaches a response
# only through the gold itself or a scorer's details ("missed": [...]).
SECRET = "Secret gold label"
PEOPLE = ("owner", "hiring_manager", "recruiter", "reviewer", "candidate", "other_org", "anonymous")
READ = {"owner": 200, "hiring_manager": 200, "recruiter": 200, "reviewer": 404,
        "candidate": 404, "other_org": 404}  # fmt: skip
WRITE = READ | {"owner": 202, "hiring_manager": 202, "recruiter": 403}
READS = ("cohort", "items", "attempt", "scoring-jobs")


@pytest.fixture
def api():
    return APIClient()


def _scored_cohort(organization, *, attempts: int, seed: int = 11):
    cohort = build_cohort(organization=organization, attempts=attempts, items=10, seed=seed)
    secret_item = cohort.items[3]
    assert secret_item.kind == "multi_label"
    GoldAnswer.objects.filter(item=secret_item).update(answer=[SECRET])
    attempts_score([a.pk for a in cohort.attempts], schedule_agreement=False)
    cohort_agreement_compute(assessment_id=cohort.assessment.pk)
    return cohort


@pytest.fixture
def cohort(org):
    return _scored_cohort(org, attempts=6)


@pytest.fixture
def people(org, hiring_manager, recruiter, reviewer, other_recruiter, cohort):
    return {
        "owner": MembershipFactory(organization=org, role=Membership.Role.OWNER).user,
        "hiring_manager": hiring_manager,
        "recruiter": recruiter,
        "reviewer": reviewer,
        "candidate": cohort.attempts[0].candidate,
        "other_org": other_recruiter,
        "anonymous": None,
    }


@pytest.fixture
def owner(people):
    return people["owner"]


def url(name, assessment, *args):
    return reverse(f"api:results-{name}", args=[assessment.organization.slug, assessment.pk, *args])


def urls(cohort, job=None) -> dict[str, str]:
    assessment = cohort.assessment
    found = {
        "cohort": url("cohort", assessment),
        "items": url("items", assessment),
        "attempt": url("attempt", assessment, cohort.attempts[0].pk),
        "scoring-jobs": url("scoring-jobs", assessment),
        "rescore": url("rescore", assessment),
    }
    if job is not None:
        found["retry"] = url("scoring-job-retry", assessment, job.pk)
    return found


def login(api, user):
    if user is not None:
        api.force_authenticate(user)


def report(attempt) -> ScoreReport:
    return ScoreReport.objects.get(attempt=attempt, is_current=True)


@pytest.fixture
def failed_job(cohort, django_capture_on_commit_callbacks):
    """A real run with one attempt that cannot be scored (a malformed spans answer)."""
    broken, spans_item = cohort.attempts[0], cohort.items[8]
    assert spans_item.kind == "spans"
    Response.objects.filter(attempt=broken, item=spans_item).update(answer=[{"start": "x"}])
    ScoreReport.objects.filter(attempt=broken).delete()  # it could never have been scored
    with django_capture_on_commit_callbacks(execute=True):
        job = scoring_run_start(assessment=cohort.assessment, kind=ScoringJob.Kind.SCORE_ATTEMPT)
    job.refresh_from_db()
    assert (job.state, job.failed_count) == (ScoringJob.State.FAILED, 1)
    return job


# --- Permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize("person", PEOPLE)
def test_who_reads_the_results(api, people, cohort, person):
    login(api, people[person])
    for name in READS:
        response = api.get(urls(cohort)[name])
        if person == "anonymous":
            assert response.status_code in (401, 403), name
        else:
            assert response.status_code == READ[person], (name, person)


@pytest.mark.parametrize("person", PEOPLE)
def test_who_may_retry_and_rescore(api, people, cohort, failed_job, person):
    login(api, people[person])
    targets = urls(cohort, job=failed_job)
    for name in ("rescore", "retry"):  # a retried run is under way: rescore would wait
        response = api.post(targets[name])
        if person == "anonymous":
            assert response.status_code in (401, 403), name
        else:
            assert response.status_code == WRITE[person], (name, person, response.content)
    failed_job.refresh_from_db()
    rescores = ScoringJob.objects.filter(assessment=cohort.assessment, kind=ScoringJob.Kind.RESCORE)
    if WRITE.get(person) == 202:
        assert rescores.count() == 1
        assert (failed_job.state, failed_job.failures) == (ScoringJob.State.QUEUED, [])
    else:
        assert not rescores.exists()
        assert (failed_job.state, failed_job.failed_count) == (ScoringJob.State.FAILED, 1)


def test_reads_refuse_writes(api, owner, cohort):
    login(api, owner)
    assert api.post(urls(cohort)["cohort"]).status_code == 405
    assert api.get(urls(cohort)["rescore"]).status_code == 405


def test_another_organisations_assessment_attempt_and_job_are_not_found(
    api, owner, org, other_org, cohort
):
    theirs = _scored_cohort(other_org, attempts=3, seed=12)
    theirs_job = ScoringJob.objects.filter(assessment=theirs.assessment).first()
    login(api, owner)
    mine = cohort.assessment

    # Their attempt and job under my assessment.
    assert api.get(url("attempt", mine, theirs.attempts[0].pk)).status_code == 404
    assert api.post(url("scoring-job-retry", mine, theirs_job.pk)).status_code == 404
    # Their assessment under my organisation's slug, and their slug.
    wrong = reverse("api:results-cohort", args=[org.slug, theirs.assessment.pk])
    assert api.get(wrong).status_code == 404
    for name in ("cohort", "items", "scoring-jobs", "rescore"):
        method = api.post if name == "rescore" else api.get
        assert method(url(name, theirs.assessment)).status_code == 404, name
    assert not ScoringJob.objects.filter(kind=ScoringJob.Kind.RESCORE).exists()


def test_an_attempt_of_another_assessment_of_mine_is_not_found(api, owner, org, cohort):
    other = _scored_cohort(org, attempts=2, seed=13)
    login(api, owner)
    assert api.get(url("attempt", cohort.assessment, other.attempts[0].pk)).status_code == 404


def test_an_attempt_still_in_progress_has_no_report(api, owner, cohort):
    attempt = AttemptFactory(assessment=cohort.assessment)
    assert attempt.state == Attempt.State.IN_PROGRESS
    login(api, owner)
    assert api.get(url("attempt", cohort.assessment, attempt.pk)).status_code == 404
    rows = api.get(urls(cohort)["cohort"]).json()["results"]
    assert attempt.pk not in {row["attempt"] for row in rows}


# --- Gold only for authors ------------------------------------------------------------------


def test_recruiters_never_see_gold_or_scorer_details(api, recruiter, cohort):
    login(api, recruiter)
    bodies = [api.get(urls(cohort)[name]).content.decode() for name in READS]
    bodies += [
        api.get(url("attempt", cohort.assessment, attempt.pk)).content.decode()
        for attempt in cohort.attempts
    ]
    for body in bodies:
        assert SECRET not in body

    items = api.get(urls(cohort)["attempt"]).json()["items"]
    assert items
    for row in items:
        assert not {"gold", "detail", "edge_case"} & set(row)
    agreement = api.get(urls(cohort)["items"]).json()
    assert agreement
    for row in agreement:
        assert "gold_share" not in row


@pytest.mark.parametrize("person", ["owner", "hiring_manager"])
def test_authors_see_gold_and_scorer_details(api, people, cohort, person):
    login(api, people[person])
    response = api.get(urls(cohort)["attempt"])
    assert SECRET in response.content.decode()

    rows = {row["item"]: row for row in response.json()["items"]}
    secret = rows[cohort.items[3].pk]
    assert secret["gold"] == SECRET
    assert SECRET in secret["detail"]["missed"]
    edge = cohort.items[9]  # build_cohort marks every tenth item an edge case
    assert rows[edge.pk]["edge_case"] is True
    assert rows[cohort.items[0].pk]["edge_case"] is False
    assert all("gold_share" in row for row in api.get(urls(cohort)["items"]).json())


# --- The cohort -----------------------------------------------------------------------------


def test_the_cohort_lists_each_submitted_attempt_with_its_report(api, recruiter, cohort):
    login(api, recruiter)
    body = api.get(urls(cohort)["cohort"]).json()

    rows = {row["attempt"]: row for row in body["results"]}
    assert set(rows) == {a.pk for a in cohort.attempts}
    agreement = CohortAgreement.objects.get(assessment=cohort.assessment)
    per_candidate = {e["attempt"]: e["agreement"] for e in agreement.per_candidate}
    for attempt in cohort.attempts:
        row, current = rows[attempt.pk], report(attempt)
        assert row["candidate"]["email"] == attempt.candidate.email
        assert row["scored"] is True
        assert row["composite"] == pytest.approx(current.composite)
        assert row["components"] == pytest.approx(current.components)
        assert row["failed_gates"] == current.failed_gates
        assert row["passed"] is (not current.failed_gates)
        assert row["agreement"] == per_candidate.get(attempt.pk)
        assert set(row["integrity"]) >= {"paste", "focus_lost", "too_fast", "total"}
    summary = body["agreement"]
    assert summary["krippendorff_alpha"] == agreement.krippendorff_alpha
    assert summary["fleiss_kappa"] == agreement.fleiss_kappa
    assert summary["gwet_ac1"] == agreement.gwet_ac1
    assert summary["attempt_count"] == 6
    assert summary["gold_version"] == cohort.assessment.gold_version
    assert summary["is_stale"] is False
    assert {level["name"] for level in summary["by_level"]} == set(agreement.details["by_level"])
    assert summary["computed_at"]


def test_a_colluding_pair_names_each_other(api, recruiter, org):
    cohort = build_cohort(organization=org, attempts=12, items=40, seed=5)
    weakest = sorted(cohort.attempts, key=lambda a: cohort.skills[a.pk])
    copier, source = weakest[0], weakest[1]
    for response in Response.objects.filter(attempt=source):
        Response.objects.filter(attempt=copier, item_id=response.item_id).update(
            answer=response.answer
        )
    attempts_score([a.pk for a in cohort.attempts], schedule_agreement=False)
    cohort_agreement_compute(assessment_id=cohort.assessment.pk)
    login(api, recruiter)

    body = api.get(url("cohort", cohort.assessment)).json()

    rows = {row["attempt"]: row for row in body["results"]}
    assert source.pk in rows[copier.pk]["colluders"]
    assert copier.pk in rows[source.pk]["colluders"]
    [pair] = [
        p for p in body["agreement"]["collusion"] if {p["a"], p["b"]} == {source.pk, copier.pk}
    ]
    assert pair["shared_wrong"] == pair["both_wrong"]
    assert pair["p_value"] < 0.05
    attempt = api.get(url("attempt", cohort.assessment, copier.pk)).json()
    assert attempt["colluders"] == [source.pk]


def test_a_cohort_with_no_run_yet(api, owner, org):
    fresh = build_cohort(organization=org, attempts=2, items=4, seed=21)
    login(api, owner)
    body = api.get(url("cohort", fresh.assessment)).json()
    assert body["agreement"] is None
    assert [row["scored"] for row in body["results"]] == [False, False]
    assert [row["passed"] for row in body["results"]] == [None, None]
    assert api.get(url("items", fresh.assessment)).json() == []
    assert api.get(url("scoring-jobs", fresh.assessment)).json() == []


def test_the_cohort_pages_with_a_cursor(api, recruiter, cohort):
    login(api, recruiter)
    seen, target, pages = [], urls(cohort)["cohort"] + "?page_size=4", 0
    while target:
        body = api.get(target).json()
        assert body["agreement"] is not None
        seen += [row["attempt"] for row in body["results"]]
        target, pages = body["next"], pages + 1
    assert pages == 2
    assert sorted(seen) == sorted(a.pk for a in cohort.attempts)
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("size", [4, 16])
def test_the_cohort_query_count_does_not_grow(api, owner, org, size, django_assert_max_num_queries):
    cohort = _scored_cohort(org, attempts=size, seed=30 + size)
    login(api, owner)
    # Organisation, membership, assessment, agreement, the page, its reports and its
    # responses carrying integrity events, and the request's savepoint pair.
    with django_assert_max_num_queries(9):
        response = api.get(url("cohort", cohort.assessment))
    assert response.status_code == 200
    assert len(response.json()["results"]) == size


# --- Agreement per item ---------------------------------------------------------------------


def test_items_come_lowest_agreement_first(api, recruiter, cohort):
    login(api, recruiter)
    rows = api.get(urls(cohort)["items"]).json()

    agreement = CohortAgreement.objects.get(assessment=cohort.assessment)
    assert {row["item"] for row in rows} == {e["item"] for e in agreement.per_item}
    alphas = [row["alpha"] for row in rows]
    defined = [a for a in alphas if a is not None]
    assert alphas[: len(defined)] == sorted(defined)
    assert all(row["prompt"].startswith("Item ") for row in rows)
    assert all(row["meaning"] for row in rows)


# --- One attempt ----------------------------------------------------------------------------


def test_the_attempt_report(api, recruiter, cohort):
    attempt = cohort.attempts[1]
    login(api, recruiter)
    body = api.get(url("attempt", cohort.assessment, attempt.pk)).json()

    current = report(attempt)
    assert body["attempt"] == attempt.pk
    assert body["candidate"]["email"] == attempt.candidate.email
    assert body["report"]["composite"] == pytest.approx(current.composite)
    assert body["report"]["gold_version"] == cohort.assessment.gold_version
    components = {c["name"]: c for c in body["report"]["components"]}
    assert set(components) >= set(current.components)
    assert sum(c["weight"] or 0 for c in components.values()) == pytest.approx(1.0, abs=1e-3)
    assert components["accuracy"]["minimum"] == 0.6  # build_cohort's gate
    assert body["report"]["accuracy_by_kind"]
    assert body["report"]["throughput"]["expected_items_per_hour"] == 40
    assert body["report"]["edge_cases"]["edge_items"] == 1

    scores = {row["item"]: row for row in item_rows(current.details)}
    assert [row["item"] for row in body["items"]] == attempt.item_order
    for row in body["items"]:
        assert row["score"] == scores[row["item"]]["score"]
        assert row["time_ms"] > 0
        assert row["answer"]
    assert any(row["majority"] for row in body["items"])


def test_an_unscored_attempt_has_no_report_yet(api, owner, cohort):
    attempt = cohort.attempts[2]
    ScoreReport.objects.filter(attempt=attempt).delete()
    login(api, owner)
    body = api.get(url("attempt", cohort.assessment, attempt.pk)).json()
    assert body["report"] is None
    assert all(row["score"] is None for row in body["items"])


# --- Scoring runs ---------------------------------------------------------------------------


def test_the_runs_list_progress_and_failures_by_name(api, recruiter, cohort, failed_job):
    login(api, recruiter)
    jobs = {job["id"]: job for job in api.get(urls(cohort)["scoring-jobs"]).json()}

    failed = jobs[failed_job.pk]
    assert (failed["kind"], failed["state"]) == ("score_attempt", "failed")
    assert (failed["done_count"], failed["failed_count"], failed["total_count"]) == (5, 1, 6)
    assert failed["percent"] == 100
    assert failed["is_active"] is False
    [failure] = failed["failures"]
    assert failure["attempt"] == cohort.attempts[0].pk
    assert failure["candidate"] == cohort.attempts[0].candidate.email
    assert "cannot score" in failure["error"]
    assert any(job["kind"] == "cohort_agreement" for job in jobs.values())


def test_retry_queues_the_failed_attempts_again(api, owner, cohort, failed_job):
    login(api, owner)
    response = api.post(urls(cohort, job=failed_job)["retry"])

    assert response.status_code == 202
    body = response.json()
    assert (body["id"], body["state"], body["failures"]) == (failed_job.pk, "queued", [])
    assert body["is_active"] is True


def test_a_refused_retry_is_a_400_with_the_reason(api, owner, cohort):
    done = ScoringJob.objects.get(
        assessment=cohort.assessment, kind=ScoringJob.Kind.COHORT_AGREEMENT
    )
    login(api, owner)
    response = api.post(url("scoring-job-retry", cohort.assessment, done.pk))

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This agreement run did not fail; there is nothing to retry."]
    }


def test_rescore_starts_a_run(api, hiring_manager, cohort):
    login(api, hiring_manager)
    response = api.post(urls(cohort)["rescore"])

    assert response.status_code == 202
    job = ScoringJob.objects.get(assessment=cohort.assessment, kind=ScoringJob.Kind.RESCORE)
    body = response.json()
    assert (body["id"], body["kind"], body["state"]) == (job.pk, "rescore", "queued")
    assert body["total_count"] == 6
    assert body["gold_version"] == cohort.assessment.gold_version


def test_rescore_is_refused_while_a_run_is_under_way(api, owner, cohort):
    scoring_run_start(assessment=cohort.assessment, kind=ScoringJob.Kind.SCORE_ATTEMPT)
    login(api, owner)
    response = api.post(urls(cohort)["rescore"])

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["A scoring run is already under way; wait for it to finish."]
    }
    assert not ScoringJob.objects.filter(kind=ScoringJob.Kind.RESCORE).exists()


def test_blind_mode_hides_the_identity_in_the_cohort_and_the_report(api, recruiter, cohort):
    attempt = cohort.attempts[0]
    role = RoleFactory(organization=cohort.assessment.organization, assessment=cohort.assessment)
    attempt.application = ApplicationFactory(
        role=role, candidate=attempt.candidate, stage=Application.Stage.SCORED
    )
    attempt.save(update_fields=["application"])
    login(api, recruiter)

    rows = {row["attempt"]: row for row in api.get(urls(cohort)["cohort"]).json()["results"]}
    body = api.get(url("attempt", cohort.assessment, attempt.pk)).json()
    for candidate in (rows[attempt.pk]["candidate"], body["candidate"]):
        assert candidate == {"name": pseudonym(attempt.application_id), "email": None}
    assert attempt.candidate.email not in api.get(urls(cohort)["cohort"]).content.decode()

    identity_reveal(application=attempt.application, by=recruiter, reason="Client asked")
    body = api.get(url("attempt", cohort.assessment, attempt.pk)).json()
    assert body["candidate"]["email"] == attempt.candidate.email
