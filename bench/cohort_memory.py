"""Cohort agreement at scale: time and peak memory of one worker's recompute, on PostgreSQL.

``python -m bench cohort`` seeds, for each size in ``--cohorts`` (default 10,000 and
50,000), a cohort of that many scored attempts × ``--cohort-items`` mixed items (every
kind; ``tests/factories/cohorts.py``) in the bench database, then runs what the debounced
task runs — ``assessments.scoring.services.cohort_agreement_compute``: read the answers, compute the
agreement, write it and fold it into every current report — in a fresh child process, as
a worker would. It prints the seconds and the child's peak resident memory
(``ru_maxrss``), total and above what the process held before the run (Django, numpy).

The child runs under an address-space cap (``--memory-cap-gb``, default 8): a run that
needs more fails with MemoryError, reported as such, instead of taking the machine down.
A seeded cohort is kept and reused by the next bench run of the same size.
"""

import json
import os
import resource
import subprocess
import sys
import time

TITLE = "Bench cohort of {attempts} attempts x {items} items"


def _cohort(attempts: int, items: int) -> int:
    """The assessment id of a seeded, scored cohort of this size (seeded once, then kept)."""
    from django.db import connection

    from assessments.models import Assessment, ScoreReport
    from assessments.scoring import SCORER_VERSION
    from tests.factories.cohorts import build_cohort

    title = TITLE.format(attempts=attempts, items=items)
    found = Assessment.objects.filter(title=title).values_list("pk", flat=True).first()
    if found and ScoreReport.objects.filter(attempt__assessment_id=found).count() == attempts:
        return found
    started = time.perf_counter()
    cohort = build_cohort(attempts=attempts, items=items, seed=attempts)
    Assessment.objects.filter(pk=cohort.assessment.pk).update(title=title)
    # Current reports carrying each candidate's accuracy (what ranks the cohort's top third):
    # written directly, since scoring them is what the pipeline benchmark measures.
    ScoreReport.objects.bulk_create(
        (
            ScoreReport(
                attempt_id=pk,
                scorer_version=SCORER_VERSION,
                gold_version=cohort.assessment.gold_version,
                components={"accuracy": round(skill, 4)},
                composite=round(skill, 4),
            )
            for pk, skill in cohort.skills.items()
        ),
        batch_size=5_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds = time.perf_counter() - started
    print(f"  seeded {attempts:,} attempts x {items} items in {seconds:.0f} s")
    return cohort.assessment.pk


def _measure(assessment_id: int, cap_gb: float) -> dict:
    """Runs the recompute in a child process; its time and peak memory."""
    command = [sys.executable, "-m", "bench.cohort_memory", str(assessment_id), str(cap_gb)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"error": (done.stderr.strip().splitlines() or ["no output"])[-1]}
    return json.loads(lines[-1])


def run(*, sizes: list[int], items: int, cap_gb: float) -> int:
    from django.db import connection

    if connection.vendor != "postgresql":
        print("Cohort memory benchmark skipped: it needs BENCH_DATABASE_URL=postgres://…")
        return 0
    print(
        f"\nCohort agreement — PostgreSQL, one process, {items} mixed items per attempt, "
        f"capped at {cap_gb:g} GB of address space"
    )
    rows = []
    for attempts in sizes:
        assessment_id = _cohort(attempts, items)
        rows.append((attempts, _measure(assessment_id, cap_gb)))
    print(f"{'attempts':>9} {'seconds':>8} {'peak RSS MB':>12} {'above start MB':>15}  result")
    status = 0
    for attempts, result in rows:
        if "error" in result:
            status = 1
            print(f"{attempts:>9,} {'—':>8} {'—':>12} {'—':>15}  failed: {result['error']}")
            continue
        print(
            f"{attempts:>9,} {result['seconds']:>8.1f} {result['peak_mb']:>12,.0f} "
            f"{result['peak_mb'] - result['start_mb']:>15,.0f}  "
            f"alpha {result['alpha']}, {result['attempt_count']:,} attempts"
        )
    return status


def _child(assessment_id: int, cap_gb: float) -> None:
    """In the child: a worker's recompute of one assessment, under the memory cap."""
    cap = int(cap_gb * 1024**3)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    import django

    django.setup()
    from assessments.scoring.services import cohort_agreement_compute

    start_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    agreement = cohort_agreement_compute(assessment_id=assessment_id)
    seconds = time.perf_counter() - started
    if agreement is None:
        from assessments.models import ScoringJob

        error = ScoringJob.objects.filter(assessment_id=assessment_id).values_list(
            "error", flat=True
        )[0]
        print(json.dumps({"error": error[:200]}))
        return
    print(
        json.dumps(
            {
                "seconds": seconds,
                "start_mb": start_mb,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "alpha": agreement.krippendorff_alpha,
                "attempt_count": agreement.attempt_count,
            }
        )
    )


if __name__ == "__main__":
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", os.environ["DATABASE_URL"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    _child(int(sys.argv[1]), float(sys.argv[2]))
