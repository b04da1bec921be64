import pytest
from django.test import Client

from assessments.audits.services import audit_batches_issue
from assessments.models import Audit
from hiring.models import Membership
from tests.factories import MembershipFactory
from tests.factories.audits import audited_role


@pytest.fixture
def owner(org):
    return MembershipFactory(organization=org, role=Membership.Role.OWNER).user


@pytest.fixture
def batch(org):
    """One hired trainer's open batch of 4 items (2 gold, 1 overlap), due in 5 days, and a
    client signed in as the trainer."""
    audited_role(organization=org, trainers=1, batch_size=4, gold_share=0.5, overlap_count=1)
    audit_batches_issue()
    audit = Audit.objects.select_related("attempt", "application__candidate").get()
    client = Client()
    client.force_login(audit.application.candidate)
    return audit, client
