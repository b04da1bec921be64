"""Field checks shared by the profile form, the API serializers and the service.

Each raises Django's ``ValidationError`` with a message that names the problem;
DRF turns them into 400 field errors, forms show them next to the field.
"""

from decimal import Decimal
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from candidates.countries import COUNTRY_NAMES
from candidates.models import PROFILE_LISTS, TOOL_MAX_LENGTH
from core.vocabulary import CEFRLevel, Currency, Domain, Modality

MAX_HOURS_PER_WEEK = 168
MAX_DOMAIN_YEARS = 70

CEFR_MESSAGE = "“%(value)s” is not a CEFR level: choose A1, A2, B1, B2, C1, C2 or native."
CURRENCY_MESSAGE = (
    "“%(value)s” is not a currency we pay in: choose " + ", ".join(Currency.values) + "."
)
DOMAIN_MESSAGE = "“%(value)s” is not a domain we hire in."
MODALITY_MESSAGE = "“%(value)s” is not a modality: choose " + ", ".join(Modality.values) + "."


def validate_country(value: str) -> None:
    if value and value not in COUNTRY_NAMES:
        raise ValidationError(
            "“%(value)s” is not an ISO 3166 country code (for example GB, IN, US).",
            code="country",
            params={"value": value},
        )


def validate_cefr(value: str) -> None:
    if value not in CEFRLevel.values:
        raise ValidationError(CEFR_MESSAGE, code="cefr", params={"value": value})


def validate_currency(value: str) -> None:
    if value not in Currency.values:
        raise ValidationError(CURRENCY_MESSAGE, code="currency", params={"value": value})


def validate_domain(value: str) -> None:
    if value not in Domain.values:
        raise ValidationError(DOMAIN_MESSAGE, code="domain", params={"value": value})


def validate_modality(value: str) -> None:
    if value not in Modality.values:
        raise ValidationError(MODALITY_MESSAGE, code="modality", params={"value": value})


def validate_education_level(value: str) -> None:
    from candidates.models import Education

    if value not in Education.Level.values:
        raise ValidationError(
            "“%(value)s” is not an education level: choose "
            + ", ".join(Education.Level.values)
            + ".",
            code="education_level",
            params={"value": value},
        )


def validate_rate(value: Decimal | None) -> None:
    if value is not None and value < 0:
        raise ValidationError("The hourly rate cannot be negative.", code="rate_negative")


def validate_hours_per_week(value: int | None) -> None:
    if value is not None and not 0 <= value <= MAX_HOURS_PER_WEEK:
        raise ValidationError(
            "Hours per week must be between 0 and 168 (a week has 168 hours).",
            code="hours_per_week",
        )


def validate_domain_years(value: int) -> None:
    if not 0 <= value <= MAX_DOMAIN_YEARS:
        raise ValidationError("Years of experience must be between 0 and 70.", code="domain_years")


def validate_http_url(value: str) -> None:
    """Only http and https links: no javascript:, data:, ftp: or bare words."""
    scheme = urlsplit(value).scheme.lower()
    if scheme not in {"http", "https"}:
        raise ValidationError(
            "Give a link that starts with http:// or https://.", code="url_scheme"
        )
    URLValidator(schemes=["http", "https"], message="“%(value)s” is not a valid web address.")(
        value
    )


def validate_tools(value: list) -> None:
    if not isinstance(value, list) or not all(isinstance(tool, str) for tool in value):
        raise ValidationError("List the tools as text.", code="tools")
    PROFILE_LISTS["tools"].check(value)
    for tool in value:
        if len(tool) > TOOL_MAX_LENGTH:
            raise ValidationError(
                f"“{tool[:20]}…” is too long for a tool name "
                f"({TOOL_MAX_LENGTH} characters at most).",
                code="tools",
            )
