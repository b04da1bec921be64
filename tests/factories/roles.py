"""Builders for the role-spec and team-pipeline tests: languages, notes, and
the POST data of the role form and the role API."""

import factory

from hiring.models import Note, RoleLanguage
from tests.factories.accounts import UserFactory
from tests.factories.hiring import ApplicationFactory, RoleFactory


class RoleLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleLanguage

    role = factory.SubFactory(RoleFactory)
    language = "English"
    min_level = "C1"


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    application = factory.SubFactory(ApplicationFactory)
    author = factory.SubFactory(UserFactory)
    body = "Strong on indemnity clauses; check availability."


def role_fields(**overrides) -> dict:
    """The role's own fields, valid as they are."""
    return {
        "title": "LLM evaluator (legal reasoning)",
        "role_type": "llm_evaluator",
        "domain": "law",
        "sub_domain": "commercial contracts",
        "modality": "text",
        "task_complexity": "specialised",
        "credential": "bachelor",
        "engagement": "hourly",
        "pay_min": "30.00",
        "pay_max": "45.00",
        "pay_currency": "USD",
        "pay_unit": "hour",
        "weekly_hours": 20,
        "tz_overlap_hours": 4,
        "tz_reference": "Europe/London",
        "description": "Rate model answers to **contract** questions.",
        **overrides,
    }


def metric(**overrides) -> dict:
    return {
        "kind": "accuracy",
        "target": "92.000",
        "unit": "%",
        "direction": "at_least",
        "measurement": "Weekly audit batches against gold.",
        **overrides,
    }


def role_form_data(
    *,
    responsibilities=("Rate answers per criterion", "Explain each error"),
    metrics=(None,),
    languages=(("English", "C1"),),
    **overrides,
) -> dict:
    """The POST body of the role form, formsets included (``metrics=(None,)`` is one
    default metric)."""
    data = {k: ("" if v is None else str(v)) for k, v in role_fields(**overrides).items()}
    data.setdefault("assessment", "")
    for prefix, rows in (
        (
            "responsibilities",
            [{"position": i, "text": t} for i, t in enumerate(responsibilities, 1)],
        ),
        ("metrics", [m or metric() for m in metrics]),
        ("languages", [{"language": lang, "min_level": level} for lang, level in languages]),
    ):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = str(value)
    return data


def role_payload(*, organization, metrics=None, languages=None, responsibilities=None, **overrides):
    """The JSON body of POST /api/roles/."""
    return {
        "organization": organization.slug,
        **role_fields(**overrides),
        "responsibilities": (
            responsibilities
            if responsibilities is not None
            else [{"text": "Rate answers per criterion"}, {"text": "Explain each error"}]
        ),
        "success_metrics": metrics if metrics is not None else [metric()],
        "languages": (
            languages if languages is not None else [{"language": "English", "min_level": "C1"}]
        ),
    }
