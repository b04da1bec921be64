from decimal import Decimal

import factory

from hiring.models import (
    Application,
    Membership,
    Organization,
    Responsibility,
    Role,
    SuccessMetric,
)
from tests.factories.accounts import UserFactory


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.RECRUITER


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Contract review annotator {n}")
    domain = "law"
    role_type = Role.RoleType.DATA_ANNOTATOR
    task_complexity = Role.Complexity.SPECIALISED
    credential = Role.Credential.BACHELOR
    engagement = Role.Engagement.HOURLY
    pay_min = Decimal("30.00")
    pay_max = Decimal("45.00")
    status = Role.Status.PUBLISHED


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    role = factory.SubFactory(RoleFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "Label indemnity and limitation-of-liability clauses"


class SuccessMetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuccessMetric

    role = factory.SubFactory(RoleFactory)
    kind = SuccessMetric.Kind.ACCURACY
    target = Decimal("92.0")
    unit = "%"
    direction = SuccessMetric.Direction.AT_LEAST
    measurement = "Weekly audit batches against gold."


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    candidate = factory.SubFactory(UserFactory)
    role = factory.SubFactory(RoleFactory)
