"""Background runs that always end: an attempt the database refuses is listed as failed, a
run whose chunks were lost is resumed (or failed) by the beat, an author can cancel one,
and submissions whose scoring task never ran are swept up."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import Attempt, ScoreReport, ScoringJob
from assessments.scoring.runs import (
    LOST,
    assessment_rescore,
    attempts_unscored_sweep,
    scoring_job_cancel,
    scoring_job_retry,
    scoring_run_start,
    scoring_runs_watch,
)
from assessments.scoring.services import attempts_score
from config.errors import ApplicationError
from hiring.models import Membership
from tests.conftest import tasks_queued_not_run
from tests.db_faults import MESSAGE, score_report_refused
from tests.factories import MembershipFactory
from tests.factories.cohorts import build_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return build_cohort(attempts=12, items=6, seed=5)


def fresh(job: ScoringJob) -> ScoringJob:
    job.refresh_from_db()
    return job


def current_reports(cohort) -> int:
    return ScoreReport.objects.filter(attempt__in=cohort.attempts, is_current=True).count()


# --- An attempt the database refuses ---------------------------------------------------------


def test_a_run_with_one_attempt_the_database_refuses_finishes_with_it_listed(
    cohort, django_capture_on_commit_callbacks
):
    broken = cohort.attempts[4]
    with score_report_refused(broken.pk), django_capture_on_commit_callbacks(execute=True):
        job = assessment_rescore(assessment=cohort.assessment)
    job = fresh(job)

    assert (job.state, job.done_count, job.failed_count) == (ScoringJob.State.FAILED, 11, 1)
    [failure] = job.failures
    assert failure["attempt"] == broken.pk
    assert failure["error"].startswith(("DataError: ", "IntegrityError: "))
    assert MESSAGE in failure["error"]
    assert not ScoreReport.objects.filter(attempt=broken).exists()
    assert current_reports(cohort) == 11  # the others were written
    # It finished, so it no longer blocks: the next rescore starts (and scores everyone).
    with django_capture_on_commit_callbacks(execute=True):
        again = assessment_rescore(assessment=cohort.assessment)
    assert (fresh(again).state, current_reports(cohort)) == (ScoringJob.State.DONE, 12)


def test_a_live_submission_the_database_refuses_leaves_the_attempt_unscored(cohort):
    broken = cohort.attempts[0]
    with score_report_refused(broken.pk):
        assert attempts_score([a.pk for a in cohort.attempts[:3]]) == 2
    assert not ScoreReport.objects.filter(attempt=broken).exists()
    assert Attempt.objects.get(pk=broken.pk).state == Attempt.State.SUBMITTED


# --- Cancelling --------------------------------------------------------------------------------


def test_a_cancelled_run_stops_its_chunks_and_no_longer_blocks_a_rescore(cohort, hiring_manager):
    with tasks_queued_not_run():
        job = assessment_rescore(assessment=cohort.assessment)
    job = fresh(job)
    scoring_job_cancel(job=job, user=hiring_manager)
    job = fresh(job)
    assert (job.state, job.cancelled_by, job.is_active) == (
        ScoringJob.State.CANCELLED,
        hiring_manager,
        False,
    )
    assert job.cancelled_at is not None

    # Its chunk arriving late does nothing: no report, no count.
    assert attempts_score(job.chunks[0], job_id=job.pk, chunk=0, force=True) == 0
    assert current_reports(cohort) == 0
    assert fresh(job).done_count == 0
    with pytest.raises(ApplicationError, match="cancelled; it cannot stop"):
        scoring_job_cancel(job=job, user=hiring_manager)
    assert assessment_rescore(assessment=cohort.assessment).pk != job.pk


def test_authors_cancel_a_run_on_the_page_and_in_the_api(cohort, client, recruiter):
    org = cohort.assessment.organization
    author = MembershipFactory(organization=org, role=Membership.Role.HIRING_MANAGER).user
    MembershipFactory(organization=org, role=Membership.Role.RECRUITER, user=recruiter)
    with tasks_queued_not_run():
        first = assessment_rescore(assessment=cohort.assessment)
        second = scoring_run_start(assessment=cohort.assessment, kind=ScoringJob.Kind.RESCORE)
    args = [org.slug, cohort.assessment.pk]

    client.force_login(author)
    page = client.get(reverse("results:index", args=args))
    assert reverse("results:cancel", args=[*args, first.pk]).encode() in page.content
    response = client.post(reverse("results:cancel", args=[*args, first.pk]))
    assert response.status_code == 302
    assert fresh(first).state == ScoringJob.State.CANCELLED
    panel = client.get(reverse("results:jobs", args=args)).content.decode()
    assert f"by {author.full_name or author.email}" in panel

    api = APIClient()
    api.force_authenticate(recruiter)
    cancel_url = reverse("api:results-scoring-job-cancel", args=[*args, second.pk])
    assert api.post(cancel_url).status_code == 403
    api.force_authenticate(author)
    response = api.post(cancel_url)
    assert response.status_code == 200
    assert response.json()["state"] == "cancelled"
    assert response.json()["cancelled_by"] == (author.full_name or author.email)
    again = api.post(cancel_url)
    assert again.status_code == 400
    assert "cannot stop" in str(again.json())


# --- Runs whose chunks stop reporting ---------------------------------------------------------


def later(seconds: float):
    return timezone.now() + timedelta(seconds=seconds)


def test_the_beat_resumes_a_run_whose_chunk_messages_were_lost(
    cohort, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.SCORING_RUN_STALL_SECONDS = 600
    monkeypatch.setattr("assessments.scoring.runs.CHUNK_SIZE", 5)  # chunks of 5, 5 and 2
    with tasks_queued_not_run():
        job = assessment_rescore(assessment=cohort.assessment)
    job = fresh(job)
    assert [len(chunk) for chunk in job.chunks] == [5, 5, 2]
    attempts_score(job.chunks[1], job_id=job.pk, chunk=1, force=True)  # one chunk reported
    assert fresh(job).chunks_done == [1]

    assert scoring_runs_watch(now=later(60)) == {"resumed": [], "failed": []}  # not stalled yet
    with django_capture_on_commit_callbacks(execute=True):  # eager: the resumed chunk runs
        touched = scoring_runs_watch(now=later(601))
    job = fresh(job)

    assert touched == {"resumed": [job.pk], "failed": []}
    assert (job.state, job.done_count, job.resumes) == (ScoringJob.State.DONE, 12, 1)
    assert sorted(job.chunks_done) == [0, 1, 2]
    assert ScoreReport.objects.filter(job=job).count() == 12  # chunk 1 not scored twice


def test_a_run_that_stays_stalled_fails_with_its_unscored_attempts_listed(
    cohort, settings, django_capture_on_commit_callbacks
):
    settings.SCORING_RUN_STALL_SECONDS = 600
    settings.SCORING_RUN_MAX_RESUMES = 1
    with tasks_queued_not_run():
        job = scoring_run_start(assessment=cohort.assessment, kind=ScoringJob.Kind.SCORE_ATTEMPT)
        assert scoring_runs_watch(now=later(601))["resumed"] == [job.pk]  # lost again
        assert scoring_runs_watch(now=later(1202))["failed"] == [job.pk]
    job = fresh(job)

    assert (job.state, job.done_count, job.failed_count) == (ScoringJob.State.FAILED, 0, 12)
    assert {f["attempt"] for f in job.failures} == {a.pk for a in cohort.attempts}
    assert {f["error"] for f in job.failures} == {LOST}
    assert "Stopped reporting progress" in job.error
    with django_capture_on_commit_callbacks(execute=True):
        scoring_job_retry(job=job)  # "Retry failed" scores them
    assert (fresh(job).state, current_reports(cohort)) == (ScoringJob.State.DONE, 12)


def test_an_agreement_run_whose_worker_died_is_failed_by_the_beat(cohort, settings):
    settings.SCORING_RUN_STALL_SECONDS = 600
    stuck = ScoringJob.objects.create(
        assessment=cohort.assessment,
        kind=ScoringJob.Kind.COHORT_AGREEMENT,
        state=ScoringJob.State.RUNNING,
        total_count=1,
        started_at=timezone.now(),
    )
    assert scoring_runs_watch(now=later(601)) == {"resumed": [], "failed": [stuck.pk]}
    stuck = fresh(stuck)
    assert (stuck.state, stuck.failed_count) == (ScoringJob.State.FAILED, 1)


# --- Submissions whose scoring task never ran --------------------------------------------------


def submitted_without_report(cohort, minutes_ago: float):
    Attempt.objects.filter(pk__in=[a.pk for a in cohort.attempts]).update(
        submitted_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def test_the_sweep_scores_submissions_left_unscored_after_the_grace_period(
    cohort, settings, django_capture_on_commit_callbacks
):
    settings.SCORING_SWEEP_GRACE_SECONDS = 300
    settings.SCORING_SWEEP_BATCH = 5
    submitted_without_report(cohort, minutes_ago=2)
    assert attempts_unscored_sweep() == []  # still within the grace period

    submitted_without_report(cohort, minutes_ago=10)
    with django_capture_on_commit_callbacks(execute=True):
        [first] = attempts_unscored_sweep()
    assert (fresh(first).state, fresh(first).total_count, current_reports(cohort)) == (
        ScoringJob.State.DONE,
        5,
        5,
    )  # a bounded batch, oldest first
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            attempts_unscored_sweep()
    assert current_reports(cohort) == 12
    assert attempts_unscored_sweep() == []  # nothing left: idempotent
    assert ScoreReport.objects.filter(attempt__in=cohort.attempts).count() == 12


def test_the_sweep_waits_for_a_run_under_way_and_skips_attempts_a_run_listed_as_failed(
    cohort, settings, django_capture_on_commit_callbacks
):
    settings.SCORING_SWEEP_GRACE_SECONDS = 0
    broken = cohort.attempts[0]
    with tasks_queued_not_run():
        running = scoring_run_start(
            assessment=cohort.assessment, kind=ScoringJob.Kind.SCORE_ATTEMPT
        )
    assert attempts_unscored_sweep() == []  # the run under way covers them
    running.state = ScoringJob.State.CANCELLED
    running.save()

    with score_report_refused(broken.pk), django_capture_on_commit_callbacks(execute=True):
        [job] = attempts_unscored_sweep()
    assert [f["attempt"] for f in fresh(job).failures] == [broken.pk]
    assert attempts_unscored_sweep() == []  # listed as failed: not swept again and again


def test_a_run_started_while_the_broker_is_down_waits_for_the_watcher(
    cohort, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from celery.app.task import Task
    from kombu.exceptions import OperationalError

    def refused(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    settings.SCORING_RUN_STALL_SECONDS = 600
    with monkeypatch.context() as broker_down, tasks_queued_not_run():
        broker_down.setattr(Task, "apply_async", refused)  # what Celery raises with no broker
        with django_capture_on_commit_callbacks(execute=True):
            job = assessment_rescore(assessment=cohort.assessment)  # no 500
    assert fresh(job).state == ScoringJob.State.QUEUED

    with django_capture_on_commit_callbacks(execute=True):  # the broker is back
        assert scoring_runs_watch(now=later(601))["resumed"] == [job.pk]
    assert (fresh(job).state, current_reports(cohort)) == (ScoringJob.State.DONE, 12)
