"""Domain refusals and model validation reach API clients as HTTP 400 with field errors."""

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
