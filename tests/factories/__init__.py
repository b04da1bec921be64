from tests.factories.accounts import UserFactory
from tests.factories.assessments import (
    AssessmentFactory,
    AttemptFactory,
    GoldAnswerFactory,
    ItemFactory,
    ResponseFactory,
    ScoreReportFactory,
)
from tests.factories.candidates import CandidateProfileFactory
from tests.factories.hiring import (
    ApplicationFactory,
    MembershipFactory,
    OrganizationFactory,
    ResponsibilityFactory,
    RoleFactory,
    SuccessMetricFactory,
)
from tests.factories.rubrics import CriterionFactory, RubricFactory

__all__ = [
    "ApplicationFactory",
    "AssessmentFactory",
    "AttemptFactory",
    "CandidateProfileFactory",
    "CriterionFactory",
    "GoldAnswerFactory",
    "ItemFactory",
    "MembershipFactory",
    "OrganizationFactory",
    "ResponseFactory",
    "ResponsibilityFactory",
    "RoleFactory",
    "RubricFactory",
    "ScoreReportFactory",
    "SuccessMetricFactory",
    "UserFactory",
]
