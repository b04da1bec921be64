"""A submitted cohort in bulk: an assessment of mixed items with gold, and many candidates'
attempts answering it with a known skill each. Used by the scoring tests and ``make bench``.

Written with ``bulk_create`` (a few queries per thousand rows), so two thousand attempts of a
hundred items take seconds, not minutes.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment, Attempt, GoldAnswer, Item, Response
from hiring.models import Organization
from tests.factories.answers import item_material, wrong_answer

RESPONSES_PER_INSERT = 50_000
KIND_CYCLE = [
    "single_choice",
    "single_choice",
    "single_choice",
    "multi_label",
    "pairwise",
    "rating",
    "numeric",
    "ranking",
    "spans",
    "error_identification",
]


@dataclass
class Cohort:
    assessment: Assessment
    items: list[Item]
    attempts: list[Attempt]
    skills: dict[int, float]  # attempt id → probability of answering with the gold


def build_cohort(
    *,
    organization: Organization | None = None,
    attempts: int = 30,
    items: int = 20,
    kinds: list[str] | None = None,
    seed: int = 7,
    edge_every: int = 10,
    state: str = Attempt.State.SUBMITTED,
) -> Cohort:
    """An assessment with ``items`` items (cycling through ``kinds``) and ``attempts``
    submitted attempts answering all of them."""
    rng = random.Random(seed)
    kinds = kinds or KIND_CYCLE
    organization = organization or Organization.objects.create(
        name=f"Cohort org {seed}", slug=f"cohort-org-{seed}-{rng.randrange(10**9)}"
    )
    assessment = Assessment.objects.create(
        organization=organization,
        title=f"Cohort assessment {seed}",
        time_limit_minutes=120,
        expected_items_per_hour=40,
        pass_gates={"accuracy": 0.6},
    )
    item_rows, golds = [], []
    for position in range(1, items + 1):
        kind = kinds[(position - 1) % len(kinds)]
        content, options, gold = item_material(kind, rng)
        item_rows.append(
            Item(
                assessment=assessment,
                position=position,
                kind=kind,
                prompt=f"Item {position}",
                content=content,
                options=options,
            )
        )
        golds.append(gold)
    item_rows = Item.objects.bulk_create(item_rows)
    GoldAnswer.objects.bulk_create(
        GoldAnswer(
            item=item,
            answer=gold,
            tolerance=1.0 if item.kind == "numeric" else None,
            is_edge_case=edge_every > 0 and item.position % edge_every == 0,
        )
        for item, gold in zip(item_rows, golds, strict=True)
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        (
            User(email=f"cohort{seed}-{n}-{rng.randrange(10**9)}@example.com", password=password)
            for n in range(attempts)
        ),
        batch_size=5_000,
    )
    now = timezone.now()
    order = [item.pk for item in item_rows]
    attempt_rows = Attempt.objects.bulk_create(
        (
            Attempt(
                assessment=assessment,
                candidate=user,
                state=state,
                started_at=now - timedelta(hours=2),
                deadline=now + timedelta(hours=1),
                submitted_at=now - timedelta(minutes=5),
                seed=n,
                item_order=order,
            )
            for n, user in enumerate(users)
        ),
        batch_size=5_000,
    )
    skills = {attempt.pk: rng.uniform(0.35, 0.95) for attempt in attempt_rows}
    responses = []
    for attempt in attempt_rows:
        if len(responses) >= RESPONSES_PER_INSERT:  # a bench's 50,000 attempts stay small
            Response.objects.bulk_create(responses, batch_size=5_000)
            responses = []
        for item, gold in zip(item_rows, golds, strict=True):
            right = rng.random() < skills[attempt.pk]
            answer = (
                gold if right else wrong_answer(item.kind, item.content, item.options, gold, rng)
            )
            responses.append(
                Response(
                    attempt=attempt,
                    item=item,
                    answer=answer,
                    flagged_ambiguous=item.position % edge_every == 0 and rng.random() < 0.5,
                    time_spent_ms=rng.randint(40_000, 120_000),
                )
            )
    Response.objects.bulk_create(responses, batch_size=5_000)
    return Cohort(assessment=assessment, items=item_rows, attempts=attempt_rows, skills=skills)
