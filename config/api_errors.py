"""Maps domain and model validation errors to DRF's field-error shape (HTTP 400)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from config.errors import ApplicationError

# An id or number beyond what the database column holds (SQLite raises OverflowError
# when a lookup is given one): the request is at fault, not the server.
NUMBER_TOO_LARGE = "A number in the request is larger than any stored value can be."


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        exc = exceptions.ValidationError(exc.as_dict())
    elif isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, OverflowError):
        exc = exceptions.ValidationError({"non_field_errors": [NUMBER_TOO_LARGE]})
    return drf_exception_handler(exc, context)
