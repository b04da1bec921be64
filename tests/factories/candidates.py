from decimal import Decimal

import factory

from candidates.models import CandidateProfile
from tests.factories.accounts import UserFactory


class CandidateProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateProfile

    user = factory.SubFactory(UserFactory)
    headline = "Paralegal turned contract-review annotator"
    country = "GB"
    time_zone = "Europe/London"
    tools = factory.LazyFunction(lambda: ["Label Studio"])
    modalities = factory.LazyFunction(lambda: ["text"])
    hourly_rate = Decimal("35.00")
    hours_per_week = 20
