"""Scoring services on the database: one current report per attempt, history kept on a
rescore, failures listed and retried, agreement recomputed and folded into the composite."""

import pytest
from django.db import IntegrityError, transaction

from assessments.attempts.submission import attempt_submit
from assessments.authoring.services import gold_update
from assessments.models import Attempt, CohortAgreement, Response, ScoreReport, ScoringJob
from assessments.scoring import SCORER_VERSION
from assessments.scoring.attempt import item_rows
from assessments.scoring.runs import assessment_rescore, scoring_job_retry, scoring_run_start
from assessments.scoring.services import (
    attempts_score,
    cohort_agreement_compute,
    cohort_agreement_run,
    cohort_agreement_schedule,
)
from config.errors import ApplicationError
from hiring.models import Application, StageChange, SuccessMetric
from tests.conftest import tasks_queued_not_run
from tests.factories import ApplicationFactory, SuccessMetricFactory, UserFactory
from tests.factories.cohorts import build_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return build_cohort(attempts=12, items=10, seed=3)


def ids(cohort) -> list[int]:
    return [attempt.pk for attempt in cohort.attempts]


def current(attempt) -> ScoreReport:
    return ScoreReport.objects.get(attempt=attempt, is_current=True)


def test_scoring_writes_one_current_report_per_attempt_and_running_again_writes_none(cohort):
    assert attempts_score(ids(cohort)) == 12
    assert attempts_score(ids(cohort)) == 0

    assert ScoreReport.objects.filter(attempt__in=cohort.attempts).count() == 12
    report = current(cohort.attempts[0])
    assert report.scorer_version == SCORER_VERSION
    assert report.gold_version == cohort.assessment.gold_version
    assert 0 <= report.composite <= 1
    assert set(report.components) >= {"accuracy", "edge_cases", "throughput"}
    assert [row["item"] for row in item_rows(report.details)] == cohort.attempts[0].item_order
    assert set(Attempt.objects.filter(pk__in=ids(cohort)).values_list("state", flat=True)) == {
        Attempt.State.SCORED
    }


def test_the_database_refuses_a_second_current_report(cohort):
    attempts_score(ids(cohort)[:1])
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreReport.objects.create(
            attempt=cohort.attempts[0], scorer_version="x", gold_version=1, composite=0.5
        )


def test_a_better_candidate_scores_higher(cohort):
    attempts_score(ids(cohort))
    by_skill = sorted(cohort.attempts, key=lambda a: cohort.skills[a.pk])
    weakest, strongest = current(by_skill[0]), current(by_skill[-1])
    assert strongest.components["accuracy"] > weakest.components["accuracy"]


def test_scoring_moves_submitted_applications_to_scored_with_their_history(cohort):
    application = ApplicationFactory(stage=Application.Stage.SUBMITTED)
    Attempt.objects.filter(pk=cohort.attempts[0].pk).update(application=application)

    attempts_score(ids(cohort)[:1])
    attempts_score(ids(cohort)[:1], force=True)

    application.refresh_from_db()
    assert application.stage == Application.Stage.SCORED
    assert StageChange.objects.filter(application=application, to_stage="scored").count() == 1


def test_the_roles_success_metrics_weigh_the_composite(cohort):
    consistency = SuccessMetricFactory(kind=SuccessMetric.Kind.CONSISTENCY)
    plain = SuccessMetricFactory(kind=SuccessMetric.Kind.THROUGHPUT)
    first, second = cohort.attempts[:2]
    Attempt.objects.filter(pk=first.pk).update(
        application=ApplicationFactory(role=consistency.role, stage="submitted")
    )
    Attempt.objects.filter(pk=second.pk).update(
        application=ApplicationFactory(role=plain.role, stage="submitted")
    )

    attempts_score([first.pk, second.pk])

    one, two = current(first).details["weight_basis"], current(second).details["weight_basis"]
    assert one["agreement"] > two["agreement"]
    assert two["throughput"] > one["throughput"]


def test_a_forced_rescore_keeps_the_old_reports_as_history(
    cohort, django_capture_on_commit_callbacks
):
    attempts_score(ids(cohort))
    first = current(cohort.attempts[0])

    with django_capture_on_commit_callbacks(execute=True):
        job = assessment_rescore(assessment=cohort.assessment)

    job.refresh_from_db()
    assert (job.state, job.done_count, job.total_count) == (ScoringJob.State.DONE, 12, 12)
    assert ScoreReport.objects.filter(attempt__in=cohort.attempts).count() == 24
    assert current(cohort.attempts[0]).job == job
    first.refresh_from_db()
    assert first.is_current is False


def test_a_gold_change_rescores_every_attempt_against_the_new_gold(
    cohort, django_capture_on_commit_callbacks
):
    attempts_score(ids(cohort))
    item = cohort.items[0]  # single choice
    other = next(label for label in item.options if label != item.gold.answer)
    owner = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        gold_update(item=item, by=owner, answer=other)

    job = ScoringJob.objects.get(assessment=cohort.assessment, kind=ScoringJob.Kind.RESCORE)
    assert job.state == ScoringJob.State.DONE
    assert job.gold_version == 2
    assert set(
        ScoreReport.objects.filter(attempt__in=cohort.attempts, is_current=True).values_list(
            "gold_version", flat=True
        )
    ) == {2}
    answered_new_gold = Response.objects.get(attempt=cohort.attempts[0], item=item).answer == other
    row = item_rows(current(cohort.attempts[0]).details)[0]
    assert row["score"] == (1.0 if answered_new_gold else 0.0)


def test_an_attempt_that_cannot_be_scored_is_listed_and_a_retry_scores_it(
    cohort, django_capture_on_commit_callbacks
):
    broken, spans_item = cohort.attempts[0], cohort.items[8]
    assert spans_item.kind == "spans"
    original = Response.objects.get(attempt=broken, item=spans_item).answer
    Response.objects.filter(attempt=broken, item=spans_item).update(answer=[{"start": "x"}])

    with django_capture_on_commit_callbacks(execute=True):
        job = scoring_run_start(assessment=cohort.assessment, kind=ScoringJob.Kind.SCORE_ATTEMPT)
    job.refresh_from_db()

    assert (job.state, job.done_count, job.failed_count) == (ScoringJob.State.FAILED, 11, 1)
    assert job.failures[0]["attempt"] == broken.pk
    assert f"Item {spans_item.pk} (spans): cannot score" in job.failures[0]["error"]
    assert not ScoreReport.objects.filter(attempt=broken).exists()

    Response.objects.filter(attempt=broken, item=spans_item).update(answer=original)
    with django_capture_on_commit_callbacks(execute=True):
        scoring_job_retry(job=job)
    job.refresh_from_db()

    assert (job.state, job.done_count, job.failed_count, job.failures) == (
        ScoringJob.State.DONE,
        12,
        0,
        [],
    )
    assert current(broken).job == job


def test_retry_and_rescore_refuse_what_makes_no_sense(cohort, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        done = scoring_run_start(assessment=cohort.assessment, kind=ScoringJob.Kind.SCORE_ATTEMPT)
    with pytest.raises(ApplicationError, match="nothing to retry"):
        scoring_job_retry(job=done)

    running = scoring_run_start(assessment=cohort.assessment, kind=ScoringJob.Kind.SCORE_ATTEMPT)
    with pytest.raises(ApplicationError, match="still going"):
        scoring_job_retry(job=running)
    with pytest.raises(ApplicationError, match="already under way"):
        assessment_rescore(assessment=cohort.assessment)


def test_attempts_still_in_progress_are_not_scored(cohort):
    Attempt.objects.filter(pk=cohort.attempts[0].pk).update(state=Attempt.State.IN_PROGRESS)
    assert attempts_score(ids(cohort)[:1]) == 0
    assert not ScoreReport.objects.filter(attempt=cohort.attempts[0]).exists()


def test_cohort_agreement_is_recorded_and_folded_into_each_composite(cohort):
    attempts_score(ids(cohort))
    before = current(cohort.attempts[0])
    assert "agreement" not in before.components  # no cohort run yet

    agreement = cohort_agreement_compute(assessment_id=cohort.assessment.pk)

    assert agreement.attempt_count == 12
    assert -1 <= agreement.krippendorff_alpha <= 1
    assert len(agreement.per_item) == 10
    assert {row["attempt"] for row in agreement.per_candidate} == set(ids(cohort))
    after = current(cohort.attempts[0])
    loo = next(r for r in agreement.per_candidate if r["attempt"] == cohort.attempts[0].pk)
    assert after.pk == before.pk  # refreshed in place: still one report
    assert after.components["agreement"] == max(0.0, loo["agreement"])
    assert after.composite != before.composite
    assert after.details["agreement_run"] == agreement.pk
    assert "agreement" in after.details["weights"]
    assert after.details["items"] == before.details["items"]  # the rest of details kept
    job = ScoringJob.objects.get(kind=ScoringJob.Kind.COHORT_AGREEMENT)
    assert (job.state, job.done_count) == (ScoringJob.State.DONE, 1)


def test_submissions_in_a_burst_share_one_cohort_recompute(cohort):
    with tasks_queued_not_run():
        scheduled = [cohort_agreement_schedule(cohort.assessment.pk) for _ in range(5)]
    assert scheduled == [True, False, False, False, False]

    cohort_agreement_run(cohort.assessment.pk)  # the queued run clears the mark first…
    with tasks_queued_not_run():
        again = cohort_agreement_schedule(cohort.assessment.pk)
    assert again is True  # …so a later submission gets a run of its own
    assert CohortAgreement.objects.filter(assessment=cohort.assessment).count() == 1


def test_a_submission_stands_when_the_broker_is_down(
    django_capture_on_commit_callbacks, caplog, monkeypatch
):
    from celery.app.task import Task
    from kombu.exceptions import OperationalError

    def refused(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(Task, "apply_async", refused)  # what Celery raises with no broker
    cohort = build_cohort(attempts=1, items=3, state=Attempt.State.IN_PROGRESS)
    attempt = cohort.attempts[0]

    with django_capture_on_commit_callbacks(execute=True):
        submitted = attempt_submit(attempt_id=attempt.pk)

    attempt.refresh_from_db()
    assert submitted is True
    assert attempt.state == Attempt.State.SUBMITTED  # waits, unscored, for a rescore
    assert not ScoreReport.objects.filter(attempt=attempt).exists()
    assert f"Could not score attempt {attempt.pk}" in caplog.text


def test_a_transaction_rescores_each_attempt_once_however_often_it_asks(
    django_capture_on_commit_callbacks,
):
    from assessments.attempts.submission import attempt_rescore_after_commit

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for attempt_id in (7, 8, 7, 7, 8):
            attempt_rescore_after_commit(attempt_id)
    assert [callback.attempt_id for callback in callbacks] == [7, 8]


def test_a_cohorts_answers_are_streamed_in_attempt_order_a_fetch_at_a_time(cohort, monkeypatch):
    from assessments.scoring.selectors import answers_of_assessment

    monkeypatch.setattr("assessments.scoring.selectors.ANSWERS_PER_FETCH", 5)  # three fetches
    Attempt.objects.filter(pk=cohort.attempts[3].pk).update(state=Attempt.State.IN_PROGRESS)
    wanted = set(ids(cohort)[1:])

    streamed = list(answers_of_assessment(cohort.assessment.pk, wanted))

    assert [pk for pk, _ in streamed] == sorted(wanted - {cohort.attempts[3].pk})
    pk, answers = streamed[0]
    assert answers == dict(Response.objects.filter(attempt_id=pk).values_list("item_id", "answer"))
