import factory

from rubrics.models import Criterion, Rubric
from tests.factories.hiring import OrganizationFactory


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Error explanation rubric {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    rubric = factory.SubFactory(RubricFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = "Identifies the root cause"
