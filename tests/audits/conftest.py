import pytest

from hiring.models import Membership
from tests.factories import MembershipFactory


@pytest.fixture
def owner(org):
    return MembershipFactory(organization=org, role=Membership.Role.OWNER).user
