"""Scores in templates, read the one way ``assessments.results.display`` says: ``{{ value|score }}``
gives "73%" (or "—"), ``{{ value|score_percent }}`` the whole number (a bar's ``pct-N`` class),
``{{ value|agreement }}`` an agreement statistic ("0.62"), and after the hire
``{{ value|measure:"accuracy" }}`` a weekly measure as its kind is shown
(``assessments.audits.quality.measure_text``)."""

from django import template

from assessments.audits.quality import measure_text
from assessments.results import display

register = template.Library()


@register.filter
def score(value: float | None) -> str:
    return display.score_text(value)


@register.filter
def score_percent(value: float | None) -> int | None:
    percent = display.score_percent(value)
    return None if percent is None else max(0, min(100, percent))


@register.filter
def agreement(value: float | None) -> str:
    return display.agreement_text(value)


@register.filter
def measure(value: float | None, name: str) -> str:
    return measure_text(name, value)
