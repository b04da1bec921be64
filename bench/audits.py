"""Weekly audit batches at scale: ``audit_batches_issue`` for 5,000 hired trainers.

Builds ``--trainers N`` hired trainers (default 5,000) over 50 roles of one organisation,
each role with an audit plan on its own audit assessment of 200 items (40 gold, 160
work; batches of 20 at 20% gold, 3 overlap items, no gold repeat within 8 weeks). Then
times, through the database: the first week's issue (every trainer gets a batch), the
same beat again that week (nothing to issue) and the next week's issue (each trainer's
last 8 weeks read to keep gold from repeating). Target: each issue under 30 s.
"""

import time
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from assessments.audits.services import audit_batches_issue
from assessments.models import Assessment, AuditPlan, GoldAnswer, Item
from hiring.models import Application, Organization, Role

ROLES = 50
ITEMS, GOLD = 200, 40
MONDAY = datetime(2026, 11, 2, 6, tzinfo=UTC)


def build(trainers: int) -> None:
    organization = Organization.objects.create(name="Bench Audits", slug="bench-audits")
    roles = Role.objects.bulk_create(
        Role(
            organization=organization,
            title=f"Audited role {n}",
            domain="law",
            role_type=Role.RoleType.DATA_ANNOTATOR,
            pay_min=30,
            pay_max=45,
            status=Role.Status.PUBLISHED,
        )
        for n in range(ROLES)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(organization=organization, title=f"Weekly audit {n}") for n in range(ROLES)
    )
    items = Item.objects.bulk_create(
        Item(
            assessment=assessment,
            position=position,
            kind=Item.Kind.SINGLE_CHOICE,
            prompt="Which clause type is this?",
            content={"text": f"Clause {position}"},
            options=["indemnity", "limitation", "termination"],
        )
        for assessment in assessments
        for position in range(1, ITEMS + 1)
    )
    GoldAnswer.objects.bulk_create(
        GoldAnswer(item=item, answer="indemnity") for item in items if item.position <= GOLD
    )
    AuditPlan.objects.bulk_create(
        AuditPlan(role=role, assessment=assessment, batch_size=20, overlap_count=3)
        for role, assessment in zip(roles, assessments, strict=True)
    )
    users = User.objects.bulk_create(
        User(email=f"trainer{n}@bench.test", full_name=f"Trainer {n}", password="!")
        for n in range(trainers)
    )
    Application.objects.bulk_create(
        Application(role=roles[n % ROLES], candidate=user, stage=Application.Stage.HIRED)
        for n, user in enumerate(users)
    )


def timed(label: str, function) -> float:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    print(f"  {label:<44} {seconds:7.2f} s  {len(queries):6d} queries  → {result}")
    return seconds


def run(*, trainers: int = 5_000) -> int:
    started = time.perf_counter()
    build(trainers)
    print(
        f"audits: {trainers:,} hired trainers on {ROLES} roles ({connection.vendor}), "
        f"built in {time.perf_counter() - started:.1f} s"
    )
    first = timed("issue week 1 (every trainer)", lambda: audit_batches_issue(now=MONDAY))
    timed("issue week 1 again (idempotent)", lambda: audit_batches_issue(now=MONDAY))
    second = timed(
        "issue week 2 (reads 8 weeks of history)",
        lambda: audit_batches_issue(now=MONDAY + timedelta(weeks=1)),
    )
    slowest = max(first, second)
    verdict = "met" if slowest < 30 else "MISSED"
    print(f"  target: each issue under 30 s — {verdict} (slowest {slowest:.2f} s)")
    return 0 if slowest < 30 else 1
