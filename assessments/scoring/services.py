"""Writes for scoring: score reports, background runs and cohort agreement.

The arithmetic lives in ``assessments.scoring`` (pure); this module reads its inputs
(``assessments.scoring.selectors``), calls it and writes the results, each write in one
transaction so that a run stopped half-way leaves either everything or nothing.

Idempotence: an attempt gets a new report only when its current one was made by another
scorer version, against another gold version, or (``force``) by another run. The partial
unique index on ``ScoreReport(attempt) WHERE is_current`` makes a second current report
impossible even if two workers race.
"""

import logging
from collections.abc import Iterable
from functools import partial

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from assessments.models import (
    Attempt,
    CohortAgreement,
    ScoreReport,
    ScoringJob,
)
from assessments.scoring import SCORER_VERSION
from assessments.scoring import selectors as inputs
from assessments.scoring.attempt import score_attempt
from assessments.scoring.cohort import cohort_agreement
from assessments.scoring.components import summarise
from assessments.scoring.report_sql import ReportRefresh, reports_refresh
from hiring.pipeline.services import applications_mark_scored
from hiring.shortlist.services import shortlist_refresh, shortlist_refresh_assessment
from rubrics.review.services import review_tasks_create

logger = logging.getLogger(__name__)

# Submissions within this many seconds of each other share one cohort recompute.
AGREEMENT_DEBOUNCE_SECONDS = 10
# Reports a cohort recompute reads and rewrites at a time.
REFRESH_BATCH = 2_000


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
    chunk: int | None = None,
    force: bool = False,
    schedule_agreement: bool = True,
) -> int:
    """Scores submitted attempts, leaving exactly one current report each; returns how many
    reports it wrote. Running it again writes nothing new; a job's counts move once.

    For a background run (``job_id``), ``chunk`` is the index of this slice in the job's
    plan: a chunk of a cancelled run, or one already counted, does nothing. An attempt that
    cannot be scored, or whose write the database refuses, is listed among the job's
    failures; the others are written and the run goes on to finish.

    New reports ask for a (debounced) cohort agreement run, unless the caller computes the
    agreement itself (``schedule_agreement=False``) or a job does once it finishes."""
    attempt_ids = sorted(set(attempt_ids))
    if job_id is not None and not scoring_chunk_begin(job_id, chunk, attempt_ids):
        return 0
    rows = inputs.attempt_rows(attempt_ids)
    scores, failures = _computed_scores(rows)
    missing = set(attempt_ids) - {row.id for row in rows}
    failures += [{"attempt": pk, "error": "Not submitted yet."} for pk in sorted(missing)]
    applications = {row.id: row.application_id for row in rows}

    with transaction.atomic():
        written, refused = _reports_write(scores, applications, job_id=job_id, force=force)
        failures += refused
        stale = [pk for pk, (new, _) in written.items() if new]
        if job_id is not None:
            if chunk is None:  # a message from before runs had chunk plans
                counted = [pk for pk, (new, kept) in written.items() if new or kept != job_id]
            else:
                counted = list(written)
            scoring_chunk_finish(job_id, chunk, done=len(counted), failures=failures)
        elif stale and schedule_agreement:
            for assessment_id in {scores[pk][0].id for pk in stale}:
                transaction.on_commit(partial(cohort_agreement_schedule, assessment_id))
    return len(stale)


# The database may be back in a moment: these fail the whole task, which Celery retries.
_TRANSIENT = (OperationalError, InterfaceError)


def _reports_write(
    scores: dict, applications: dict, *, job_id: int | None, force: bool
) -> tuple[dict, list[dict]]:
    """Writes the reports in one go or, if the database refuses that (a check constraint, a
    value too long for its column), attempt by attempt in savepoints, so that only the
    attempt it refuses fails. Returns {attempt: (whether a new report was written, the run
    of the current report it kept otherwise)} for the written ones, and the refused ones."""
    try:
        with transaction.atomic():
            return _reports_write_all(scores, applications, job_id=job_id, force=force), []
    except _TRANSIENT:
        raise
    except Exception:
        pass  # the attempt-by-attempt pass below names the attempts it refuses
    written, refused = {}, []
    for pk in scores:
        try:
            with transaction.atomic():
                written.update(
                    _reports_write_all({pk: scores[pk]}, applications, job_id=job_id, force=force)
                )
        except _TRANSIENT:
            raise
        except Exception as error:
            logger.exception("Could not write the score of attempt %s", pk)
            refused.append({"attempt": pk, "error": f"{type(error).__name__}: {error}"})
    return written, refused


def _reports_write_all(
    scores: dict, applications: dict, *, job_id: int | None, force: bool
) -> dict[int, tuple[bool, int | None]]:
    """One transaction's writes for the attempts in ``scores``: see ``_reports_write``."""
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
    stale_pks = set(stale)
    return {pk: (pk in stale_pks, current.get(pk, (None,) * 4)[2]) for pk in scores}


# --- Progress of a background run --------------------------------------------------------


def scoring_chunk_begin(job_id: int, chunk: int | None, attempt_ids: list[int]) -> bool:
    """A chunk task starts: whether it has work to do (its run is still going, and this
    chunk is in the run's plan and not counted yet). Marks the run running and beats its
    heartbeat, which tells the watcher (``runs.scoring_runs_watch``) it lives."""
    job = ScoringJob.objects.filter(pk=job_id).values("state", "chunks_done").first()
    if job is None or job["state"] not in ScoringJob.ACTIVE_STATES:
        return False
    if chunk is not None:
        planned = ScoringJob.objects.filter(pk=job_id).values_list(f"chunks__{chunk}", flat=True)
        if chunk in job["chunks_done"] or planned.first() != attempt_ids:
            return False  # counted already, or a stale message from before a retry
    now = timezone.now()
    ScoringJob.objects.filter(pk=job_id, state=ScoringJob.State.QUEUED).update(
        state=ScoringJob.State.RUNNING, started_at=now
    )
    ScoringJob.objects.filter(pk=job_id, state__in=ScoringJob.ACTIVE_STATES).update(
        heartbeat_at=now
    )
    return True


def scoring_chunk_finish(job_id: int, chunk: int | None, *, done: int, failures: list[dict]):
    """Counts a chunk's results once, in the transaction of its writes; the last one
    finishes the run. A run cancelled (or given up) meanwhile keeps its counts."""
    fields = ["state", "done_count", "failed_count", "total_count", "failures", "chunks_done"]
    job = ScoringJob.objects.select_for_update().only("assessment_id", *fields).get(pk=job_id)
    if not job.is_active or (chunk is not None and chunk in job.chunks_done):
        return
    if chunk is not None:
        job.chunks_done = [*job.chunks_done, chunk]
    known = {failure["attempt"] for failure in job.failures}
    failures = [failure for failure in failures if failure["attempt"] not in known]
    job.done_count = min(job.done_count + done, job.total_count - job.failed_count)
    job.failed_count += len(failures)
    job.failures = job.failures + failures
    job.heartbeat_at = timezone.now()
    if job.done_count + job.failed_count >= job.total_count:
        job.state = ScoringJob.State.FAILED if job.failed_count else ScoringJob.State.DONE
        job.finished_at = job.heartbeat_at
        assessment_id = job.assessment_id
        transaction.on_commit(lambda: cohort_agreement_schedule(assessment_id))
    job.save(update_fields=[*fields[:2], "failed_count", "failures", "chunks_done",
                            "heartbeat_at", "finished_at"])  # fmt: skip


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
    """What the cohort's agreement is computed from: the answers come as a stream (see
    ``selectors.answers_of_assessment``), to be read once by ``cohort_agreement``."""
    basis = inputs.assessment_basis(assessment_id)
    reports = dict(
        ScoreReport.objects.filter(
            attempt__assessment_id=assessment_id, is_current=True
        ).values_list("attempt_id", "components__accuracy")
    )
    answers = inputs.answers_of_assessment(assessment_id, set(reports))
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
    changed: list[ReportRefresh] = []
    for pk, attempt_id, components, weights in reports.iterator(chunk_size=REFRESH_BATCH):
        if len(changed) >= REFRESH_BATCH:  # a large cohort's reports are never all in memory
            reports_refresh(changed)
            changed = []
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
