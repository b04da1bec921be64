"""Writes for scoring: score reports, background runs and cohort agreement.

The arithmetic lives in ``assessments.scoring`` (pure); this module reads its inputs
(``assessments.scoring_inputs``), calls it and writes the results, each write in one
transaction so that a run stopped half-way leaves either everything or nothing.

Idempotence: an attempt gets a new report only when its current one was made by another
scorer version, against another gold version, or (``force``) by another run. The partial
unique index on ``ScoreReport(attempt) WHERE is_current`` makes a second current report
impossible even if two workers race.
"""

import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from assessments import scoring_inputs as inputs
from assessments.models import (
    Assessment,
    Attempt,
    CohortAgreement,
    ScoreReport,
    ScoringJob,
)
from assessments.report_sql import ReportRefresh, reports_refresh
from assessments.scoring import SCORER_VERSION
from assessments.scoring.attempt import score_attempt
from assessments.scoring.cohort import cohort_agreement
from assessments.scoring.components import summarise
from config.errors import ApplicationError
from hiring.services import applications_mark_scored
from hiring.shortlist import shortlist_refresh, shortlist_refresh_assessment
from rubrics.review_services import review_tasks_create

logger = logging.getLogger(__name__)

# Attempts per background task: big enough that a task's fixed cost (a transaction, the
# job's progress) is spread thin, small enough that two workers share a run evenly.
CHUNK_SIZE = 250
# Submissions within this many seconds of each other share one cohort recompute.
AGREEMENT_DEBOUNCE_SECONDS = 10


def _debounce_key(assessment_id: int) -> str:
    return f"cohort-agreement-pending:{assessment_id}"


# --- Attempt scores ---------------------------------------------------------------------


def _computed_scores(rows: list[inputs.AttemptRow]) -> tuple[dict, list[dict]]:
    """Each attempt's score (pure computation), and the attempts that could not be scored."""
    responses = inputs.responses_by_attempt(row.id for row in rows)
    weights = inputs.weights_by_role(row.role_id for row in rows)
    rationales = inputs.rationale_by_attempt(row.id for row in rows)
    bases, agreements = {}, {}
    scores, failures = {}, []
    for row in rows:
        if row.assessment_id not in bases:
            bases[row.assessment_id] = inputs.assessment_basis(row.assessment_id)
            agreements[row.assessment_id] = inputs.cohort_agreement_by_attempt(row.assessment_id)
        basis = bases[row.assessment_id]
        try:
            items = [basis.items[item_id] for item_id in row.item_order]
            score = score_attempt(
                items,
                responses.get(row.id, ()),
                expected_items_per_hour=basis.expected_items_per_hour,
                pass_gates=basis.pass_gates,
                weights=weights[row.role_id],
                agreement=agreements[row.assessment_id].get(row.id),
                rationale=rationales.get(row.id),
            )
        except Exception as error:  # one malformed attempt must not sink the others
            logger.exception("Could not score attempt %s", row.id)
            failures.append({"attempt": row.id, "error": f"{type(error).__name__}: {error}"})
            continue
        score.details["weight_basis"] = weights[row.role_id]
        scores[row.id] = (basis, score)
    return scores, failures


def _same(a: float | None, b: float | None) -> bool:
    return a == b or (a is not None and b is not None and abs(a - b) < 1e-12)


def _needs_report(
    current, *, gold_version: int, rationale: float | None, job_id: int | None, force: bool
) -> bool:
    """A new report when there is none, when the scorer or the gold changed, when a finished
    review changed the rationale score, or when a forced run has not written this one yet."""
    if current is None:
        return True
    scorer_version, current_gold, current_job, current_rationale = current
    if scorer_version != SCORER_VERSION or current_gold != gold_version:
        return True
    if not _same(current_rationale, rationale):
        return True
    return force and (job_id is None or current_job != job_id)


def attempts_score(
    attempt_ids: Iterable[int],
    *,
    job_id: int | None = None,
    force: bool = False,
    schedule_agreement: bool = True,
) -> int:
    """Scores submitted attempts, leaving exactly one current report each; returns how many
    reports it wrote. Running it again writes nothing new; a job's counts move once.

    New reports ask for a (debounced) cohort agreement run, unless the caller computes the
    agreement itself (``schedule_agreement=False``) or a job does once it finishes."""
    attempt_ids = sorted(set(attempt_ids))
    if job_id is not None:
        scoring_job_started(job_id)
    rows = inputs.attempt_rows(attempt_ids)
    scores, failures = _computed_scores(rows)
    missing = set(attempt_ids) - {row.id for row in rows}
    failures += [{"attempt": pk, "error": "Not submitted yet."} for pk in sorted(missing)]
    applications = {row.id: row.application_id for row in rows}

    with transaction.atomic():
        # Locked in id order: a live submission and a background run never wait on each other
        # in opposite orders.
        locked = Attempt.objects.select_for_update().filter(pk__in=list(scores)).order_by("pk")
        list(locked.values_list("pk"))
        current = {
            attempt_id: (version, gold, job, rationale)
            for attempt_id, version, gold, job, rationale in ScoreReport.objects.filter(
                attempt_id__in=list(scores), is_current=True
            ).values_list(
                "attempt_id", "scorer_version", "gold_version", "job_id", "components__rationale"
            )
        }
        stale = [
            pk
            for pk, (basis, score) in scores.items()
            if _needs_report(
                current.get(pk),
                gold_version=basis.gold_version,
                rationale=score.components.get("rationale"),
                job_id=job_id,
                force=force,
            )
        ]
        ScoreReport.objects.filter(attempt_id__in=stale, is_current=True).update(is_current=False)
        ScoreReport.objects.bulk_create(
            ScoreReport(
                attempt_id=pk,
                scorer_version=SCORER_VERSION,
                gold_version=scores[pk][0].gold_version,
                components=scores[pk][1].components,
                details=scores[pk][1].details,
                composite=scores[pk][1].composite,
                failed_gates=scores[pk][1].failed_gates,
                job_id=job_id,
            )
            for pk in stale
        )
        Attempt.objects.filter(pk__in=list(scores), state=Attempt.State.SUBMITTED).update(
            state=Attempt.State.SCORED
        )
        applications_mark_scored(applications[pk] for pk in scores if applications[pk] is not None)
        review_tasks_create(stale)
        shortlist_refresh(applications[pk] for pk in stale if applications[pk] is not None)
        if job_id is not None:
            # Attempts this run already reported were counted by the delivery that wrote them.
            counted = [pk for pk in scores if current.get(pk, (None,) * 4)[2] != job_id]
            _job_progress(job_id, done=len(counted), failures=failures)
        elif stale and schedule_agreement:
            for assessment_id in {scores[pk][0].id for pk in stale}:
                transaction.on_commit(lambda a=assessment_id: cohort_agreement_schedule(a))
    return len(stale)


# --- Background runs --------------------------------------------------------------------


def scoring_job_started(job_id: int) -> None:
    ScoringJob.objects.filter(pk=job_id, state=ScoringJob.State.QUEUED).update(
        state=ScoringJob.State.RUNNING, started_at=timezone.now()
    )


def _job_progress(job_id: int, *, done: int, failures: list[dict]) -> None:
    job = ScoringJob.objects.select_for_update().get(pk=job_id)
    known = {failure["attempt"] for failure in job.failures}
    failures = [failure for failure in failures if failure["attempt"] not in known]
    job.done_count = min(job.done_count + done, job.total_count - job.failed_count)
    job.failed_count += len(failures)
    job.failures = job.failures + failures
    if job.done_count + job.failed_count >= job.total_count:
        job.state = ScoringJob.State.FAILED if job.failed_count else ScoringJob.State.DONE
        job.finished_at = timezone.now()
        assessment_id = job.assessment_id
        transaction.on_commit(lambda: cohort_agreement_schedule(assessment_id))
    job.save(update_fields=["done_count", "failed_count", "failures", "state", "finished_at"])


def _enqueue_chunks(job_id: int, attempt_ids: list[int], *, force: bool) -> None:
    from assessments.tasks import attempts_score_chunks

    attempts_score_chunks(
        job_id=job_id, attempt_ids=attempt_ids, chunk_size=CHUNK_SIZE, force=force
    )


def scoring_run_start(
    *, assessment: Assessment, kind: str, force: bool = False, attempt_ids=None
) -> ScoringJob:
    """Scores every submitted attempt of an assessment in the background, tracked by a job."""
    if attempt_ids is None:
        attempt_ids = assessment.attempts.exclude(state=Attempt.State.IN_PROGRESS).values_list(
            "pk", flat=True
        )
    attempt_ids = sorted(attempt_ids)
    job = ScoringJob.objects.create(
        assessment=assessment,
        kind=kind,
        gold_version=assessment.gold_version,
        total_count=len(attempt_ids),
        state=ScoringJob.State.QUEUED if attempt_ids else ScoringJob.State.DONE,
        finished_at=None if attempt_ids else timezone.now(),
    )
    if attempt_ids:
        transaction.on_commit(lambda: _enqueue_chunks(job.pk, attempt_ids, force=force))
    return job


def assessment_rescore(*, assessment: Assessment, user=None) -> ScoringJob:
    """The team's "Rescore all": a new report for every submitted attempt, old ones kept."""
    if assessment.scoring_jobs.filter(
        kind__in=[ScoringJob.Kind.RESCORE, ScoringJob.Kind.SCORE_ATTEMPT],
        state__in=[ScoringJob.State.QUEUED, ScoringJob.State.RUNNING],
    ).exists():
        raise ApplicationError("A scoring run is already under way; wait for it to finish.")
    return scoring_run_start(assessment=assessment, kind=ScoringJob.Kind.RESCORE, force=True)


def gold_changed(*, assessment: Assessment) -> ScoringJob | None:
    """After a new gold version: rescore every submitted attempt, keeping the old reports."""
    if not assessment.attempts.exclude(state=Attempt.State.IN_PROGRESS).exists():
        return None
    return scoring_run_start(assessment=assessment, kind=ScoringJob.Kind.RESCORE)


@transaction.atomic
def scoring_job_retry(*, job: ScoringJob) -> ScoringJob:
    """Runs a finished job again for the attempts that failed (or the agreement, once more)."""
    job = ScoringJob.objects.select_for_update().get(pk=job.pk)
    if job.is_active:
        raise ApplicationError("This run is still going; wait for it to finish.")
    if job.kind == ScoringJob.Kind.COHORT_AGREEMENT:
        if job.state != ScoringJob.State.FAILED:
            raise ApplicationError("This agreement run did not fail; there is nothing to retry.")
        assessment_id = job.assessment_id
        transaction.on_commit(lambda: cohort_agreement_schedule(assessment_id))
        return job
    attempt_ids = sorted(failure["attempt"] for failure in job.failures)
    if not attempt_ids:
        raise ApplicationError("Every attempt of this run was scored; there is nothing to retry.")
    job.failed_count, job.failures, job.error = 0, [], ""
    job.state, job.finished_at = ScoringJob.State.QUEUED, None
    job.save(update_fields=["failed_count", "failures", "error", "state", "finished_at"])
    transaction.on_commit(lambda: _enqueue_chunks(job.pk, attempt_ids, force=False))
    return job


# --- Cohort agreement -------------------------------------------------------------------


def cohort_agreement_schedule(assessment_id: int) -> bool:
    """Asks for a cohort recompute soon; calls within the debounce window share one run."""
    from assessments.tasks import cohort_agreement_task

    if not cache.add(_debounce_key(assessment_id), 1, timeout=AGREEMENT_DEBOUNCE_SECONDS * 30):
        return False
    cohort_agreement_task.apply_async((assessment_id,), countdown=AGREEMENT_DEBOUNCE_SECONDS)
    return True


def cohort_agreement_run(assessment_id: int) -> CohortAgreement | None:
    """The debounced task's body: clears the pending mark first, so a submission that lands
    while this runs schedules the next run instead of being missed."""
    cache.delete(_debounce_key(assessment_id))
    return cohort_agreement_compute(assessment_id=assessment_id)


def _cohort_inputs(assessment_id: int):
    basis = inputs.assessment_basis(assessment_id)
    reports = dict(
        ScoreReport.objects.filter(
            attempt__assessment_id=assessment_id, is_current=True
        ).values_list("attempt_id", "components__accuracy")
    )
    answers = {
        attempt_id: {r.item_id: r.answer for r in responses if r.answer is not None}
        for attempt_id, responses in inputs.responses_of_assessment(assessment_id).items()
        if attempt_id in reports
    }
    return basis, reports, answers


def cohort_agreement_compute(*, assessment_id: int) -> CohortAgreement | None:
    """Agreement across everyone scored on an assessment, tracked as a job; refreshes the
    agreement component of each current report."""
    job = ScoringJob.objects.create(
        assessment_id=assessment_id,
        kind=ScoringJob.Kind.COHORT_AGREEMENT,
        state=ScoringJob.State.RUNNING,
        total_count=1,
        started_at=timezone.now(),
    )
    try:
        basis, reports, answers = _cohort_inputs(assessment_id)
        result = cohort_agreement(
            list(basis.items.values()),
            answers,
            {pk: accuracy for pk, accuracy in reports.items() if accuracy is not None},
        )
        with transaction.atomic():
            agreement = CohortAgreement.objects.create(
                assessment_id=assessment_id,
                gold_version=basis.gold_version,
                attempt_count=len(reports),
                krippendorff_alpha=result.alpha,
                fleiss_kappa=result.fleiss_kappa,
                gwet_ac1=result.gwet_ac1,
                per_item=result.per_item,
                per_candidate=result.per_candidate,
                details=result.details,
            )
            _reports_refresh_agreement(assessment_id, agreement, gates=basis.pass_gates)
            ScoringJob.objects.filter(pk=job.pk).update(
                state=ScoringJob.State.DONE, done_count=1, finished_at=timezone.now()
            )
    except Exception as error:
        logger.exception("Cohort agreement failed for assessment %s", assessment_id)
        ScoringJob.objects.filter(pk=job.pk).update(
            state=ScoringJob.State.FAILED,
            failed_count=1,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        if isinstance(error, OperationalError | InterfaceError):
            raise  # the database may be back in a moment: the task retries
        return None
    return agreement


def _reports_refresh_agreement(
    assessment_id: int, agreement: CohortAgreement, *, gates: dict
) -> None:
    """Current reports take the candidate's new agreement; composite and gates follow."""
    values = {
        row["attempt"]: inputs.agreement_component(row["agreement"])
        for row in agreement.per_candidate
        if row.get("agreement") is not None
    }
    reports = ScoreReport.objects.filter(
        attempt__assessment_id=assessment_id, is_current=True
    ).values_list("pk", "attempt_id", "components", "details__weight_basis")
    changed = []
    for pk, attempt_id, components, weights in reports:
        value = values.get(attempt_id)
        if components.get("agreement") == value:
            continue
        components = {name: v for name, v in components.items() if name != "agreement"}
        if value is not None:
            components["agreement"] = value
        summary = summarise(components, weights or {}, gates)
        changed.append(
            ReportRefresh(
                pk=pk,
                components=components,
                composite=summary.composite,
                failed_gates=summary.failed_gates,
                gates=summary.gates,
                weights=summary.weights,
                agreement_run=agreement.pk,
            )
        )
    reports_refresh(changed)
    shortlist_refresh_assessment(assessment_id)
