"""One limit per list of a role (``hiring.models.ROLE_LISTS``), the same on the page, in the
API and in the service; and a negative pay is a field error, never a constraint's name."""

import pytest
from django.urls import reverse

from config.errors import ApplicationError
from hiring.models import MEASUREMENT_MAX_LENGTH, ROLE_LISTS, Role, SuccessMetric
from hiring.roles import services
from tests.factories.roles import metric, role_fields, role_form_data, role_payload

pytestmark = pytest.mark.django_db

METRIC_KINDS = SuccessMetric.Kind.values


def too_many(name: str) -> dict:
    """Keyword arguments of the factories with one entry more than the limit of ``name``."""
    n = ROLE_LISTS[name].most + 1
    return {
        "responsibilities": {"responsibilities": [f"Duty {i}" for i in range(n)]},
        "success_metrics": {"metrics": [metric(kind=METRIC_KINDS[i % 6]) for i in range(n)]},
        "languages": {"languages": [(f"Language {i}", "B2") for i in range(n)]},
    }[name]


def as_payload(name: str) -> dict:
    kwargs = too_many(name)
    if "responsibilities" in kwargs:
        return {"responsibilities": [{"text": text} for text in kwargs["responsibilities"]]}
    if "languages" in kwargs:
        return {
            "languages": [{"language": lang, "min_level": lvl} for lang, lvl in kwargs["languages"]]
        }
    return kwargs


@pytest.mark.parametrize("name", list(ROLE_LISTS))
def test_the_api_refuses_one_entry_more_than_the_limit_naming_it(client, hiring_manager, org, name):
    client.force_login(hiring_manager)

    response = client.post(
        reverse("api:roles"),
        role_payload(organization=org, **as_payload(name)),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {name: [ROLE_LISTS[name].message]}
    assert not Role.objects.exists()


@pytest.mark.parametrize("name", list(ROLE_LISTS))
def test_the_page_refuses_one_row_more_than_the_limit_naming_it(client, hiring_manager, org, name):
    client.force_login(hiring_manager)

    response = client.post(
        reverse("hiring:role-create", args=[org.slug, "llm_evaluator"]),
        role_form_data(**too_many(name)),
    )

    assert response.status_code == 400
    assert ROLE_LISTS[name].message in response.content.decode()
    assert not Role.objects.exists()


def test_the_service_applies_the_same_limit(org, hiring_manager):
    with pytest.raises(ApplicationError) as refused:
        services.role_create(
            organization=org,
            by=hiring_manager,
            fields=role_fields(pay_min=30, pay_max=45),
            responsibilities=too_many("responsibilities")["responsibilities"],
        )

    assert refused.value.as_dict() == {"responsibilities": [ROLE_LISTS["responsibilities"].message]}


def test_the_largest_allowed_lists_are_saved(client, hiring_manager, org):
    client.force_login(hiring_manager)
    most = {name: limit.most for name, limit in ROLE_LISTS.items()}
    payload = role_payload(
        organization=org,
        responsibilities=[{"text": f"Duty {i}"} for i in range(most["responsibilities"])],
        metrics=[metric(kind=kind) for kind in METRIC_KINDS[: most["success_metrics"]]],
        languages=[{"language": f"Language {i}", "min_level": "B2"} for i in range(30)],
    )

    response = client.post(reverse("api:roles"), payload, content_type="application/json")

    assert response.status_code == 201, response.json()
    role = Role.objects.get()
    assert role.responsibilities.count() == most["responsibilities"]
    assert role.success_metrics.count() == most["success_metrics"]
    assert role.languages.count() == most["languages"]


@pytest.mark.parametrize("field", ["pay_min", "pay_max"])
def test_a_negative_pay_is_a_field_error_in_the_api(client, hiring_manager, org, field):
    client.force_login(hiring_manager)

    response = client.post(
        reverse("api:roles"),
        role_payload(organization=org, **{field: "-5.00"}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()[field] == ["Pay cannot be negative."]
    assert "role_pay_range_valid" not in response.content.decode()


def test_a_negative_pay_is_a_field_error_on_the_page(client, hiring_manager, org):
    client.force_login(hiring_manager)

    response = client.post(
        reverse("hiring:role-create", args=[org.slug, "llm_evaluator"]),
        role_form_data(pay_min="-5.00"),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Pay cannot be negative." in page
    assert "role_pay_range_valid" not in page


def test_a_metric_measurement_longer_than_its_limit_is_refused_on_the_page_and_in_the_api(
    client, hiring_manager, org
):
    client.force_login(hiring_manager)
    long = "x" * (MEASUREMENT_MAX_LENGTH + 1)

    page = client.post(
        reverse("hiring:role-create", args=[org.slug, "llm_evaluator"]),
        role_form_data(metrics=(metric(measurement=long),)),
    )
    api = client.post(
        reverse("api:roles"),
        role_payload(organization=org, metrics=[metric(measurement=long)]),
        content_type="application/json",
    )

    assert page.status_code == api.status_code == 400
    assert f"at most {MEASUREMENT_MAX_LENGTH} characters" in page.content.decode()
    assert f"no more than {MEASUREMENT_MAX_LENGTH}" in str(api.json()["success_metrics"])
    assert not Role.objects.exists()
