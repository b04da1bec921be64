"""``audit_batches_issue(seed=…)``: the demo's batches draw the same way every time."""

from datetime import UTC, datetime

import pytest

from assessments.audits.services import audit_batches_issue
from assessments.models import Audit
from tests.factories.audits import audited_role

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 2, 9, tzinfo=UTC)


def drawn() -> dict[int, tuple]:
    return {
        audit.application_id: (audit.attempt.seed, tuple(audit.attempt.item_order))
        for audit in Audit.objects.select_related("attempt")
    }


def issue_again(seed: int | None) -> dict[int, tuple]:
    Audit.objects.all().delete()
    audit_batches_issue(now=MONDAY, seed=seed)
    return drawn()


def test_a_seed_fixes_every_batch_by_trainer_and_week(org):
    audited_role(organization=org, trainers=3, batch_size=8, gold_share=0.25)

    first = issue_again(7)
    assert issue_again(7) == first
    assert issue_again(8) != first
    orders = {order for _seed, order in first.values()}
    assert len(orders) == 3  # each trainer draws their own batch


def test_without_a_seed_batches_draw_afresh(org):
    audited_role(organization=org, trainers=3, batch_size=8, gold_share=0.25)

    assert issue_again(None) != issue_again(None)
