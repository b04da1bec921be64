"""Trainer quality at scale, from the database: the beat's alert raising over 52 weeks of
5,550 hired trainers, and the quality board's queries as a role's trainers grow.

Builds one organisation with three roles of 50, 500 and 5,000 hired trainers (``--trainers``
sets the largest), each with an audit plan on an assessment of 40 single-choice items (20
gold), three success metrics (accuracy at least 90 %, consistency at least 0.70, feedback
turnaround at most 48 hours) and 52 weeks of batches: each trainer's calibration report,
then per week a submitted batch with its current score report and its two overlap items
answered, or (one week in twenty) a missed one. One trainer in twenty drifts down by 0.12
from week 30. Everything is bulk-inserted; no product code runs while building.

Then it times ``assessments.audits.alerts.quality_alerts_raise`` — what the hourly beat
runs: per role ``quality.trainer_weeks`` (the weekly measures, read from the batches,
reports and overlap answers), ``scoring.drift`` over every monitored measure, and the
alerts written (and e-mailed) — twice: the first run raises the alerts, the second finds
the same episodes and updates them. Target: under 30 s. Then it requests each role's quality
board page as its owner and counts the SQL queries: the count must not grow with the
trainers (the run fails if it does).
"""

import time
from datetime import UTC, datetime, timedelta

import numpy as np
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from assessments.audits.alerts import judge, quality_alerts_raise, role_alerts
from assessments.audits.quality import trainer_weeks
from assessments.models import (
    Assessment,
    Attempt,
    Audit,
    AuditPlan,
    GoldAnswer,
    Item,
    QualityAlert,
    Response,
    ScoreReport,
)
from demo.management.commands.seed_demo import quiet_loggers
from hiring.models import Application, Membership, Organization, Role, SuccessMetric

WEEKS = 52
ITEMS, GOLD, OVERLAP = 40, 20, 4
FIRST_MONDAY = datetime(2025, 11, 3, 7, tzinfo=UTC)
BATCH = 5_000
OPTIONS = ["indemnity", "limitation", "termination"]


def _role(organization: Organization, trainers: int) -> tuple[Role, Assessment, list[int]]:
    role = Role.objects.create(
        organization=organization,
        title=f"Audited role of {trainers:,} trainers",
        domain="law",
        role_type=Role.RoleType.DATA_ANNOTATOR,
        pay_min=30,
        pay_max=45,
        status=Role.Status.PUBLISHED,
    )
    SuccessMetric.objects.bulk_create(
        SuccessMetric(role=role, kind=kind, target=target, unit=unit, direction=direction)
        for kind, target, unit, direction in (
            ("accuracy", 90, "%", "at_least"),
            ("consistency", "0.70", "alpha", "at_least"),
            ("feedback_turnaround", 48, "hours", "at_most"),
        )
    )
    assessment = Assessment.objects.create(
        organization=organization, title=f"Weekly audit ({trainers:,})", frozen_at=FIRST_MONDAY
    )
    items = Item.objects.bulk_create(
        Item(
            assessment=assessment,
            position=n,
            kind=Item.Kind.SINGLE_CHOICE,
            prompt="Which clause type is this?",
            content={"text": f"Clause {n}"},
            options=OPTIONS,
        )
        for n in range(1, ITEMS + 1)
    )
    GoldAnswer.objects.bulk_create(
        GoldAnswer(item=item, answer=OPTIONS[0]) for item in items[:GOLD]
    )
    AuditPlan.objects.create(role=role, assessment=assessment, batch_size=10, overlap_count=OVERLAP)
    return role, assessment, [item.pk for item in items]


def _trainers(role: Role, count: int, offset: int) -> list[Application]:
    users = User.objects.bulk_create(
        (
            User(email=f"trainer{offset + n}@bench.test", full_name=f"Trainer {offset + n}")
            for n in range(count)
        ),
        batch_size=BATCH,
    )
    return Application.objects.bulk_create(
        (Application(role=role, candidate=user, stage=Application.Stage.HIRED) for user in users),
        batch_size=BATCH,
    )


def _reports(attempts, accuracy: np.ndarray) -> None:
    """A current score report for each ``(index, attempt)``, its accuracy from ``accuracy``."""
    ScoreReport.objects.bulk_create(
        (
            ScoreReport(
                attempt=attempt,
                scorer_version="bench",
                gold_version=1,
                components={"accuracy": float(accuracy[n]), "throughput": 1.0},
                composite=float(accuracy[n]),
            )
            for n, attempt in attempts
        ),
        batch_size=BATCH,
    )


def _weeks(
    rng: np.random.Generator,
    applications: list[Application],
    assessment: Assessment,
    item_ids: list[int],
) -> None:
    """The calibration report and 52 weeks of batches of each of ``applications``."""
    count = len(applications)
    level = rng.uniform(0.92, 0.98, count)
    drifting = rng.random(count) < 0.05
    pace = rng.uniform(8, 36, count)  # each trainer's usual turnaround, in hours
    gold, work = item_ids[:GOLD], item_ids[GOLD:]
    calibration = Attempt.objects.bulk_create(
        (
            Attempt(
                assessment=assessment,
                candidate_id=application.candidate_id,
                application=application,
                purpose=Attempt.Purpose.CALIBRATION,
                state=Attempt.State.SCORED,
                started_at=FIRST_MONDAY - timedelta(weeks=3),
                deadline=FIRST_MONDAY - timedelta(weeks=3) + timedelta(hours=2),
                submitted_at=FIRST_MONDAY - timedelta(weeks=3) + timedelta(hours=1),
                seed=n,
                item_order=item_ids[:10],
            )
            for n, application in enumerate(applications)
        ),
        batch_size=BATCH,
    )
    _reports(enumerate(calibration), level.round(3))
    for week in range(WEEKS):
        issued = FIRST_MONDAY + timedelta(weeks=week)
        due = issued + timedelta(days=5)
        shift = np.where(drifting & (week >= 30), 0.12, 0.0)
        accuracy = np.clip(level - shift + rng.normal(0, 0.02, count), 0, 1).round(3)
        hours = (pace + rng.normal(0, 2.5, count)).clip(1, 100).round(1)
        missed = rng.random(count) < 0.05
        overlap = [work[(2 * week + k) % len(work)] for k in range(OVERLAP)]
        order = [*gold[(week % 2) * 5 : (week % 2) * 5 + 5], *overlap, *work[-1:]]
        attempts = Attempt.objects.bulk_create(
            (
                Attempt(
                    assessment=assessment,
                    candidate_id=application.candidate_id,
                    application=application,
                    purpose=Attempt.Purpose.AUDIT,
                    state=Attempt.State.SCORED,
                    started_at=issued,
                    deadline=due,
                    submitted_at=due if missed[n] else issued + timedelta(hours=float(hours[n])),
                    auto_submitted=bool(missed[n]),
                    seed=week * count + n,
                    item_order=order,
                )
                for n, application in enumerate(applications)
            ),
            batch_size=BATCH,
        )
        Audit.objects.bulk_create(
            (
                Audit(
                    application=application,
                    assessment=assessment,
                    week_starting=issued.date(),
                    state=Audit.State.MISSED if missed[n] else Audit.State.SUBMITTED,
                    attempt=attempt,
                    issued_at=issued,
                    due_at=due,
                    submitted_at=None if missed[n] else attempt.submitted_at,
                    missed_at=due if missed[n] else None,
                    gold_items=sorted(order[:5]),
                    overlap_items=sorted(overlap),
                )
                for n, (application, attempt) in enumerate(zip(applications, attempts, strict=True))
            ),
            batch_size=BATCH,
        )
        submitted = [(n, a) for n, a in enumerate(attempts) if not missed[n]]
        _reports(submitted, accuracy)
        agree = rng.random((count, OVERLAP)) < 0.998 - 2 * shift[:, None]
        Response.objects.bulk_create(
            (
                Response(
                    attempt=attempt,
                    item_id=item_id,
                    answer=OPTIONS[0] if agree[n, k] else OPTIONS[1 + (n + k) % 2],
                    time_spent_ms=40_000,
                )
                for n, attempt in submitted
                for k, item_id in enumerate(overlap)
            ),
            batch_size=BATCH,
        )


def build(largest: int) -> tuple[Organization, User, list[Role]]:
    rng = np.random.default_rng(23)
    organization = Organization.objects.create(name="Bench Quality", slug="bench-quality")
    owner = User.objects.create(email="owner@bench-quality.test", full_name="Owner")
    Membership.objects.create(user=owner, organization=organization, role=Membership.Role.OWNER)
    roles, offset = [], 0
    for size in (50, 500, largest):
        role, assessment, item_ids = _role(organization, size)
        _weeks(rng, _trainers(role, size, offset), assessment, item_ids)
        roles.append(role)
        offset += size
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return organization, owner, roles


def read_and_drift(roles: list[Role]) -> str:
    """What the beat computes before it writes: each role's weeks and every monitored
    measure's drift verdicts."""
    verdicts = 0
    for role in roles:
        quality = trainer_weeks(role=role)
        for judged in judge(quality, role_alerts(role)):
            verdicts += len(judged.batch.status)
    return f"{verdicts:,} verdicts"


def timed(label: str, function) -> tuple[float, int]:
    """Runs ``function`` once: its seconds and SQL statements (counted as they run, so
    there is no cap on how many), printed with its result."""
    executed = [0]

    def count(execute, sql, params, many, context):
        executed[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    print(f"  {label:<52} {seconds:7.2f} s  {executed[0]:6d} queries  → {result}")
    return seconds, executed[0]


def run(*, trainers: int = 5_000) -> int:
    with quiet_loggers():  # no "Task … succeeded" line per alert e-mail
        return _run(trainers)


def _run(trainers: int) -> int:
    started = time.perf_counter()
    organization, owner, roles = build(trainers)
    total = sum(role.applications.count() for role in roles)
    print(
        f"quality: {total:,} hired trainers × {WEEKS} weeks on {len(roles)} roles "
        f"({connection.vendor}), built in {time.perf_counter() - started:.1f} s"
    )
    now = FIRST_MONDAY + timedelta(weeks=WEEKS, days=-1)
    timed("read and drift only (trainer_weeks, judge)", lambda: read_and_drift(roles))
    first, _ = timed(
        "quality_alerts_raise (read, drift, alerts raised)", lambda: quality_alerts_raise(now=now)
    )
    again, _ = timed(
        "quality_alerts_raise again (same episodes updated)",
        lambda: quality_alerts_raise(now=now),
    )
    by_kind = dict(QualityAlert.objects.values_list("kind").annotate(n=Count("pk")))
    print(f"  alerts: {by_kind}")
    slowest = max(first, again)
    met = slowest < 30
    print(f"  target: under 30 s — {'met' if met else 'MISSED'} (slowest {slowest:.2f} s)")

    client = Client()
    client.force_login(owner)
    counts = []
    for role in roles:
        url = reverse("audits:board", args=[organization.slug, role.pk])
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url)
            seconds = time.perf_counter() - began
        assert response.status_code == 200, (url, response.status_code)
        trainers_on_role = role.applications.count()
        counts.append(len(queries))
        print(
            f"  quality board, {trainers_on_role:>6,} trainers × {WEEKS} weeks"
            f"{'':<16} {seconds:7.2f} s  {len(queries):6d} queries"
        )
    flat = len(set(counts)) == 1
    print(f"  board queries do not grow with trainers — {'met' if flat else 'MISSED'} {counts}")
    return 0 if met and flat else 1
