from decimal import Decimal

import factory

from rubrics.models import MAX_LEVEL, Criterion, CriterionLevel, Rubric
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


class CriterionLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriterionLevel

    criterion = factory.SubFactory(CriterionFactory)
    score = 0
    descriptor = factory.LazyAttribute(lambda level: f"Level {level.score} answer")


DEFAULT_CRITERIA = (
    "Identifies the root cause",
    "Precision of the error explanation",
    "Clarity for an engineer",
)


def rubric_with_levels(organization=None, *, criteria=DEFAULT_CRITERIA, **rubric_fields) -> Rubric:
    """A rubric whose criteria each have all five anchored levels (0–4).

    ``criteria``: names, or ``(name, weight)`` pairs, in order."""
    if organization is not None:
        rubric_fields["organization"] = organization
    rubric = RubricFactory(**rubric_fields)
    for position, entry in enumerate(criteria, start=1):
        name, weight = (entry, 1) if isinstance(entry, str) else entry
        criterion = CriterionFactory(
            rubric=rubric, position=position, name=name, weight=Decimal(str(weight))
        )
        for score in range(MAX_LEVEL + 1):
            CriterionLevelFactory(
                criterion=criterion, score=score, descriptor=f"{name}: level {score}"
            )
    return rubric


def criteria_input(*names: str, weight=1) -> list[dict]:
    """Criteria in the shape ``rubric_create`` and the API take, each with five levels."""
    return [
        {
            "name": name,
            "description": f"How well the answer does on {name.lower()}.",
            "weight": weight,
            "levels": [
                {"score": score, "descriptor": f"{name}: level {score}", "example": ""}
                for score in range(MAX_LEVEL + 1)
            ],
        }
        for name in names or DEFAULT_CRITERIA
    ]
