"""Domain refusals and model validation reach API clients as HTTP 400 with field errors."""

import pytest
from django.core.exceptions import ValidationError

from config.api_errors import exception_handler
from config.errors import ApplicationError


def test_a_domain_refusal_is_a_400_naming_the_field():
    response = exception_handler(ApplicationError("Cannot move to hired.", field="stage"), {})

    assert response.status_code == 400
    assert response.data == {"stage": ["Cannot move to hired."]}


def test_a_refusal_without_a_field_is_a_non_field_error():
    response = exception_handler(ApplicationError("Role is closed."), {})

    assert response.data == {"non_field_errors": ["Role is closed."]}


def test_model_validation_errors_keep_their_fields():
    error = ValidationError({"pay_max": ["The top of the pay range is below its bottom."]})

    response = exception_handler(error, {})

    assert response.status_code == 400
    assert response.data == {"pay_max": ["The top of the pay range is below its bottom."]}


def test_anything_else_is_left_to_drf():
    assert exception_handler(RuntimeError("boom"), {}) is None


@pytest.mark.django_db
def test_an_id_too_large_for_the_database_is_a_400_not_a_500(client, org, recruiter):
    """SQLite raises OverflowError for a lookup by an id beyond 64 bits; found by fuzzing."""
    client.force_login(recruiter)
    huge = 2**80

    listed = client.get(
        f"/api/organizations/{org.slug}/calibration/attempts/", {"assessment": huge}
    )
    approved = client.post(
        f"/api/organizations/{org.slug}/calibration/payments/approve/",
        {"payments": [huge]},
        content_type="application/json",
    )

    assert listed.status_code in (200, 400)
    assert approved.status_code == 400


@pytest.mark.django_db
def test_a_page_given_an_id_too_large_answers_400(client, org, recruiter):
    client.force_login(recruiter)

    response = client.post(
        f"/org/{org.slug}/calibration/payments/", {"action": "approve", "payments": [2**80]}
    )

    assert response.status_code == 400
