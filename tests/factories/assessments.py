from datetime import timedelta

import factory
from django.utils import timezone

from assessments.models import Assessment, Attempt, GoldAnswer, Item, Response, ScoreReport
from tests.factories.accounts import UserFactory
from tests.factories.hiring import OrganizationFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Clause classification {n}")
    time_limit_minutes = 45


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    assessment = factory.SubFactory(AssessmentFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = Item.Kind.SINGLE_CHOICE
    prompt = "Which clause type is this?"
    content = factory.LazyFunction(lambda: {"text": "The Supplier shall indemnify the Buyer…"})
    options = factory.LazyFunction(lambda: ["indemnity", "limitation", "termination"])


class GoldAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoldAnswer

    item = factory.SubFactory(ItemFactory)
    answer = "indemnity"
    explanation = "The clause allocates third-party loss to the Supplier."


class AttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attempt

    assessment = factory.SubFactory(AssessmentFactory)
    candidate = factory.SubFactory(UserFactory)
    started_at = factory.LazyFunction(timezone.now)
    deadline = factory.LazyAttribute(lambda o: o.started_at + timedelta(minutes=45))
    seed = factory.Sequence(lambda n: 1000 + n)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    attempt = factory.SubFactory(AttemptFactory)
    item = factory.SubFactory(ItemFactory, assessment=factory.SelfAttribute("..attempt.assessment"))
    answer = "indemnity"


class ScoreReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreReport

    attempt = factory.SubFactory(AttemptFactory)
    scorer_version = "1"
    gold_version = 1
    components = factory.LazyFunction(lambda: {"accuracy": 0.9})
    composite = 0.9
