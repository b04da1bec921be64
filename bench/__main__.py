"""``make bench``: server-side timings of the team and candidate pages at scale.

Builds a pipeline of ``--applications`` applications on one role (plus a second
organisation whose rows must never show) in its own database —
``BENCH_DATABASE_URL``, by default a SQLite file under /tmp, never the
development or production database — then requests each page through Django's
test client and prints the median and 95th-percentile server time and the number
of SQL queries per request.

``python -m bench autosave`` (or ``all``) also measures autosave under 32 concurrent
candidates against a real gunicorn server — PostgreSQL only; see ``bench/autosave.py``.
``agreement``, ``scoring`` and ``drift`` time the pure agreement statistics (against the
reference libraries), the scorers, and the drift charts with predictive validity
(``bench/drift_pure.py``); ``pipeline`` scores 2,000 attempts through PostgreSQL, Redis and a
real Celery worker (``bench/scoring_pipeline.py``); ``cohort`` times cohort agreement and
its peak memory at 10,000 and 50,000 attempts on PostgreSQL (``bench/cohort_memory.py``);
``audits`` issues weekly audit batches to 5,000 hired trainers (``bench/audits.py``);
``quality`` raises the quality alerts over 52 weeks of 5,550 hired trainers from the
database and counts the quality board's queries at 50, 500 and 5,000 trainers
(``bench/quality.py``).
"""

import argparse
import os
import statistics
import sys
import time

DEFAULT_DATABASE = "sqlite:////tmp/calibrate-bench.sqlite3"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "part",
        nargs="?",
        choices=[
            "pages",
            "shortlist",
            "autosave",
            "agreement",
            "scoring",
            "drift",
            "pipeline",
            "cohort",
            "audits",
            "quality",
            "all",
        ],
        default="all",
        help=(
            "pages: page timings; shortlist: a 10,000-candidate shortlist (timings and "
            "throughput against a plain view); autosave: concurrent autosave (PostgreSQL); "
            "agreement: agreement statistics against the reference libraries; "
            "scoring: pure scoring; drift: pure drift charts and predictive validity; "
            "pipeline: scoring through PostgreSQL, Redis and a Celery worker; "
            "cohort: cohort agreement's time and peak memory (PostgreSQL); "
            "audits: weekly audit batches for --trainers hired trainers; "
            "quality: alert raising over 52 weeks and the quality board's queries; "
            "all: every part"
        ),
    )
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--candidates", type=int, default=32, help="autosave: concurrent clients")
    parser.add_argument("--seconds", type=float, default=10, help="autosave: per measurement")
    parser.add_argument("--workers", type=int, default=4, help="autosave: gunicorn workers")
    parser.add_argument("--attempts", type=int, default=2_000, help="pipeline: attempts to score")
    parser.add_argument("--trainers", type=int, default=5_000, help="audits: hired trainers")
    parser.add_argument(
        "--cohorts", type=int, nargs="+", default=[10_000, 50_000], help="cohort: sizes"
    )
    parser.add_argument("--cohort-items", type=int, default=40, help="cohort: items per attempt")
    parser.add_argument(
        "--memory-cap-gb", type=float, default=8, help="cohort: the measured process's cap"
    )
    args = parser.parse_args(argv)
    if args.part in ("agreement", "all"):
        from bench.agreement import run as agreement

        agreement()
    if args.part in ("scoring", "all"):
        from bench.scoring_pure import run as scoring

        scoring()
    if args.part in ("drift", "all"):
        from bench.drift_pure import run as drift

        drift()
    if args.part in ("agreement", "scoring", "drift"):
        return 0  # pure computation: no database needed

    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    call_command("migrate", verbosity=0)
    if args.part != "cohort":  # seeded cohorts are kept for the next cohort run
        call_command("flush", interactive=False, verbosity=0)
    status = 0
    if args.part in ("pages", "shortlist", "quality", "all"):
        setup_test_environment()  # the test client's host and in-memory e-mail
    if args.part in ("pages", "all"):
        benchmark_pages(args)
    if args.part in ("shortlist", "all"):
        from bench.shortlist import run as shortlist

        call_command("flush", interactive=False, verbosity=0)
        status = shortlist(
            applications=args.applications,
            repeat=args.repeat,
            seconds=args.seconds,
            workers=args.workers,
        )
    if args.part in ("autosave", "all"):
        from bench.autosave import run

        status = (
            run(candidates=args.candidates, seconds=args.seconds, workers=args.workers) or status
        )
    if args.part in ("pipeline", "all"):
        from bench.scoring_pipeline import run as pipeline

        call_command("flush", interactive=False, verbosity=0)
        status = pipeline(attempts=args.attempts) or status
    if args.part in ("audits", "all"):
        from bench.audits import run as audits

        call_command("flush", interactive=False, verbosity=0)
        status = audits(trainers=args.trainers) or status
    if args.part in ("quality", "all"):
        from bench.quality import run as quality

        call_command("flush", interactive=False, verbosity=0)
        status = quality(trainers=args.trainers) or status
    if args.part in ("cohort", "all"):
        from bench.cohort_memory import run as cohort

        status = (
            cohort(sizes=args.cohorts, items=args.cohort_items, cap_gb=args.memory_cap_gb) or status
        )
    return status


def benchmark_pages(args) -> None:
    from django.db import connection

    from bench.world import build_world, pages

    started = time.perf_counter()
    world = build_world(applications=args.applications)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics after the bulk load
    built_in = time.perf_counter() - started

    print(
        f"Calibrate page benchmark — {connection.vendor}, {args.applications:,} applications "
        f"on one role (built in {built_in:.1f} s), {args.repeat} requests per page"
    )
    print(f"{'page':<40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, client, url in pages(world):
        timings, queries = measure(client, url, repeat=args.repeat)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{name:<40} {statistics.median(timings):>10.1f} {p95:>8.1f} {queries:>8}")


def measure(client, url: str, *, repeat: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm caches and connections
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return timings, len(captured)


if __name__ == "__main__":
    sys.exit(main())
