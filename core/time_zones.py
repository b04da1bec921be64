"""Time zones: the one rule for which names are valid, and the fields that apply it.

django-timezone-field decides validity (an IANA name ``zoneinfo`` knows); the model field
stores the name as a string and gives back a ``ZoneInfo``. Forms, serializers and services
use the fields and ``time_zone_problem`` below, so all of them say the same thing.
"""

from django.core.exceptions import ValidationError
from django.db import models
from rest_framework import serializers
from timezone_field import TimeZoneField as _TimeZoneField
from timezone_field import TimeZoneFormField as _TimeZoneFormField
from timezone_field.backends import TimeZoneNotFoundError, get_tz_backend
from timezone_field.rest_framework import TimeZoneSerializerField as _TimeZoneSerializerField

MAX_LENGTH = 64
UNKNOWN_TIME_ZONE = "“%(value)s” is not a known time zone: use an IANA name such as Europe/London."


def unknown_time_zone_message(value: object) -> str:
    return UNKNOWN_TIME_ZONE % {"value": value}


def _unknown(value: object) -> ValidationError:
    return ValidationError(UNKNOWN_TIME_ZONE, code="time_zone", params={"value": value})


class TimeZoneField(_TimeZoneField):
    """django-timezone-field's model field with our message for an unknown name.

    Validity is ``to_python``'s alone: without ``choices`` a ModelSerializer maps the field
    to ``TimeZoneSerializerField`` (names in and out) instead of a choice of ZoneInfo
    objects, and a ModelForm gets ``TimeZoneFormField``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = None

    def formfield(self, **kwargs):
        return models.Field.formfield(self, **{"form_class": TimeZoneFormField, **kwargs})

    def _get_python_and_db_repr(self, value):
        try:
            return super()._get_python_and_db_repr(value)
        except ValidationError:
            raise _unknown(value) from None


class TimeZoneFormField(_TimeZoneFormField):
    """A choice of every known zone (``Europe/London`` shown as ``Europe/London``,
    ``America/New_York`` as ``America/New York``); ``cleaned_data`` holds a ``ZoneInfo``."""

    def __init__(self, **kwargs):
        backend = get_tz_backend(None)
        kwargs.setdefault(
            "choices",
            [(name, name.replace("_", " ")) for name in sorted(backend.base_tzstrs)],
        )
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid_choice", UNKNOWN_TIME_ZONE)
        super().__init__(**kwargs)

    def to_python(self, value):
        # Choices hold names; a bound ZoneInfo (the form's initial value) is its name.
        return super().to_python(None if value is None else str(value))


class TimeZoneSerializerField(_TimeZoneSerializerField):
    """A zone name in and out; an unknown name is a 400 with our message."""

    default_error_messages = {"invalid": UNKNOWN_TIME_ZONE.replace("%(value)s", "{value}")}

    def __init__(self, **kwargs):
        # A length check would measure the ZoneInfo; every known name fits MAX_LENGTH.
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return self.tz_backend.to_tzobj(str(data))
        except TimeZoneNotFoundError:
            self.fail("invalid", value=data)


_FIELD = TimeZoneField()


def validate_time_zone(value: object) -> None:
    """For services that take values from code rather than through a form or serializer:
    raises the fields' ``ValidationError`` when ``value`` names no known zone."""
    if value is None or value == "" or _FIELD.to_python(value) is None:
        raise _unknown(value)


# A ModelSerializer writes and reads the models' time-zone fields as names, with our message.
serializers.ModelSerializer.serializer_field_mapping[TimeZoneField] = TimeZoneSerializerField


def time_zone_problem(value: object) -> str | None:
    """``validate_time_zone`` as a message, or None when the zone is known."""
    try:
        validate_time_zone(value)
    except ValidationError:
        return unknown_time_zone_message(value)
    return None


__all__ = [
    "MAX_LENGTH",
    "TimeZoneField",
    "TimeZoneFormField",
    "TimeZoneSerializerField",
    "time_zone_problem",
    "unknown_time_zone_message",
    "validate_time_zone",
]
