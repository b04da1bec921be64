"""Factories for the team's calibration operations: payments, contests, extra time."""

from datetime import timedelta

import factory
from django.utils import timezone

from assessments.models import Accommodation, Attempt, Contest, Payment
from tests.factories.accounts import UserFactory
from tests.factories.assessments import AssessmentFactory, AttemptFactory, ItemFactory


class SubmittedAttemptFactory(AttemptFactory):
    state = Attempt.State.SUBMITTED
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    deadline = factory.LazyAttribute(lambda o: o.started_at + timedelta(minutes=45))
    submitted_at = factory.LazyAttribute(lambda o: o.started_at + timedelta(minutes=30))
    pay_amount = 40


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    attempt = factory.SubFactory(SubmittedAttemptFactory)
    amount = factory.LazyAttribute(lambda o: o.attempt.pay_amount)
    currency = "USD"


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest

    attempt = factory.SubFactory(SubmittedAttemptFactory)
    item = factory.SubFactory(ItemFactory, assessment=factory.SelfAttribute("..attempt.assessment"))
    reason = "Clause 4 caps liability, so “limitation” is also right."


class AccommodationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accommodation

    assessment = factory.SubFactory(AssessmentFactory)
    candidate = factory.SubFactory(UserFactory)
    extra_minutes = 10
    reason = "Screen reader user"
