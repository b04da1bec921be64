import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from rubrics.models import CriterionLevel, CriterionScore, Review, ReviewTask
from tests.factories import CriterionFactory, ResponseFactory, RubricFactory

pytestmark = pytest.mark.django_db


def test_anchored_levels_run_from_zero_to_four_once_each():
    criterion = CriterionFactory()
    CriterionLevel.objects.create(criterion=criterion, score=4, descriptor="Names the root cause")

    with pytest.raises(IntegrityError):
        CriterionLevel.objects.create(criterion=criterion, score=5, descriptor="Beyond the scale")


def test_a_score_must_use_a_criterion_of_the_reviews_rubric(reviewer):
    rubric = RubricFactory()
    review = Review.objects.create(response=ResponseFactory(), rubric=rubric, reviewer=reviewer)
    foreign = CriterionFactory(rubric=RubricFactory(organization=rubric.organization))

    score = CriterionScore(review=review, criterion=foreign, level=3)

    with pytest.raises(ValidationError, match="different rubric"):
        score.full_clean()


def test_a_task_gets_one_review_per_tier(reviewer, hiring_manager):
    rubric = RubricFactory()
    response = ResponseFactory()
    task = ReviewTask.objects.create(
        organization=rubric.organization, response=response, source="rationale", rubric=rubric
    )
    Review.objects.create(task=task, response=response, rubric=rubric, reviewer=reviewer)

    with pytest.raises(IntegrityError):
        Review.objects.create(task=task, response=response, rubric=rubric, reviewer=hiring_manager)
