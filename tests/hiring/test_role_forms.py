"""Writing a role in the browser: the template chooser, the prefilled form, its lists,
and a specific message for every kind of bad input (nothing half-saved)."""

import pytest
from django.urls import reverse

from hiring.models import Role
from hiring.roles.role_templates import ROLE_TEMPLATES
from tests.factories import AssessmentFactory, RoleFactory, SuccessMetricFactory
from tests.factories.roles import RoleLanguageFactory, metric, role_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def author_client(client, hiring_manager):
    client.force_login(hiring_manager)
    return client


def create_url(org, role_type="llm_evaluator"):
    return reverse("hiring:role-create", args=[org.slug, role_type])


def test_the_chooser_offers_the_seven_role_types_and_warns_about_ml_engineers(author_client, org):
    page = author_client.get(reverse("hiring:role-new", args=[org.slug])).content.decode()

    for template in ROLE_TEMPLATES:
        assert create_url(org, template.role_type) in page
        assert template.name in page
    assert "rarely needs an ML engineer" in page


def test_the_form_is_prefilled_from_the_chosen_template(author_client, org):
    response = author_client.get(create_url(org, "llm_evaluator"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="LLM evaluator"' in page
    assert "Identify and categorise factual, reasoning and safety errors" in page
    assert 'name="responsibilities-1-position" value="2"' in page
    assert '<option value="error_identification" selected>' in page
    assert '<option value="feedback_turnaround" selected>' in page
    assert "25–45 USD an hour" in page
    assert "rarely needs an ML engineer" not in page


def test_the_ml_engineer_form_carries_the_warning(author_client, org):
    page = author_client.get(create_url(org, "ml_engineer")).content.decode()

    assert 'data-testid="role-type-warning"' in page
    assert "rarely needs an ML engineer" in page


def test_an_unknown_role_type_is_404(author_client, org):
    assert author_client.get(create_url(org, "astronaut")).status_code == 404


def test_saving_creates_a_draft_with_its_lists_in_order(author_client, org, hiring_manager):
    data = role_form_data(
        responsibilities=("Second in priority", "First in priority", "Third"),
        metrics=(metric(), metric(kind="throughput", target="50", unit="items/hour")),
        languages=(("English", "C1"), ("French", "B2")),
    )
    data["responsibilities-0-position"] = "2"
    data["responsibilities-1-position"] = "1"

    response = author_client.post(create_url(org), data)

    role = Role.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("hiring:role", args=[org.slug, role.pk])
    assert (role.status, role.created_by, role.organization) == ("draft", hiring_manager, org)
    assert list(role.responsibilities.values_list("position", "text")) == [
        (1, "First in priority"),
        (2, "Second in priority"),
        (3, "Third"),
    ]
    assert sorted(role.success_metrics.values_list("kind", flat=True)) == ["accuracy", "throughput"]
    assert sorted(role.languages.values_list("language", "min_level")) == [
        ("English", "C1"),
        ("French", "B2"),
    ]


def test_blank_rows_are_skipped_and_removed_rows_are_dropped(author_client, org):
    data = role_form_data(responsibilities=("Keep me", "Drop me", ""), languages=(("", ""),))
    data["responsibilities-1-DELETE"] = "on"
    data["responsibilities-2-position"] = "3"  # a number left on an empty row (by the script)
    data["metrics-0-DELETE"] = ""

    response = author_client.post(create_url(org), data)

    assert response.status_code == 302
    role = Role.objects.get()
    assert list(role.responsibilities.values_list("text", flat=True)) == ["Keep me"]
    assert not role.languages.exists()


BAD_INPUT = [
    ({"pay_min": "50", "pay_max": "20"}, "The top of the pay range is below its bottom."),
    ({"pay_currency": "XYZ"}, "“XYZ” is not a currency we pay in"),
    ({"tz_reference": "Mars/Olympus_Mons"}, "“Mars/Olympus_Mons” is not a known time zone"),
    ({"tz_overlap_hours": "25"}, "counted in hours of one day: at most 24"),
    ({"languages-0-min_level": "D1"}, "“D1” is not a CEFR level: use A1, A2, B1, B2, C1, C2"),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_INPUT)
def test_bad_role_fields_get_a_specific_message_and_nothing_is_saved(
    author_client, org, overrides, message
):
    data = role_form_data()
    data.update(overrides)

    response = author_client.post(create_url(org), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not Role.objects.exists()


def test_a_metric_kind_used_twice_is_refused(author_client, org):
    data = role_form_data(metrics=(metric(), metric(target="80")))

    response = author_client.post(create_url(org), data)

    assert response.status_code == 400
    assert "“Accuracy vs gold” is listed twice" in response.content.decode()
    assert not Role.objects.exists()


def test_a_language_listed_twice_is_refused_whatever_its_case(author_client, org):
    data = role_form_data(languages=(("English", "C1"), ("english ", "B2")))

    response = author_client.post(create_url(org), data)

    assert response.status_code == 400
    assert "“English” is listed twice" in response.content.decode()
    assert not Role.objects.exists()


def test_a_half_filled_metric_row_names_the_missing_field(author_client, org):
    data = role_form_data(metrics=(metric(kind=""),))

    response = author_client.post(create_url(org), data)

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Role.objects.exists()


def test_only_the_organisations_own_assessments_can_be_attached(author_client, org, other_org):
    mine = AssessmentFactory(organization=org, title="Our clause task")
    theirs = AssessmentFactory(organization=other_org, title="Their triage task")

    page = author_client.get(create_url(org)).content.decode()
    assert "Our clause task" in page
    assert "Their triage task" not in page

    response = author_client.post(create_url(org), role_form_data(assessment=theirs.pk))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Role.objects.exists()

    author_client.post(create_url(org), role_form_data(assessment=mine.pk))
    assert Role.objects.get().assessment == mine


def test_a_credential_mismatch_warns_but_does_not_block(author_client, org):
    data = role_form_data(task_complexity="general", credential="phd", pay_min="50")

    response = author_client.post(create_url(org), data)  # invalid pay: page shown again

    page = response.content.decode()
    assert 'data-testid="credential-warning"' in page
    assert "Asking for a PhD is more than general annotation in law needs." in page

    response = author_client.post(
        create_url(org), role_form_data(task_complexity="general", credential="phd")
    )
    assert response.status_code == 302
    role = Role.objects.get()
    page = author_client.get(reverse("hiring:role", args=[org.slug, role.pk])).content.decode()
    assert "Asking for a PhD is more than general annotation in law needs." in page


def test_the_credential_check_answers_with_the_warning_partial(author_client, org):
    url = reverse("hiring:role-credential-check", args=[org.slug])

    warned = author_client.get(
        url,
        {"credential": "none", "task_complexity": "expert", "domain": "medicine"},
        headers={"HX-Request": "true"},
    )
    fine = author_client.get(url, {"credential": "bachelor", "task_complexity": "general"})
    nonsense = author_client.get(url, {"credential": "wizard", "task_complexity": "general"})

    assert warned.status_code == 200
    assert "No credential is less than expert work in medicine needs." in warned.content.decode()
    assert "<html" not in warned.content.decode()
    assert fine.content.decode().strip() == ""
    assert nonsense.status_code == 200
    assert nonsense.content.decode().strip() == ""


def test_editing_uses_the_same_form_prefilled_and_replaces_the_lists(author_client, org):
    role = RoleFactory(organization=org, status=Role.Status.DRAFT, title="Old title")
    SuccessMetricFactory(role=role)
    RoleLanguageFactory(role=role, language="German", min_level="B2")
    url = reverse("hiring:role-edit", args=[org.slug, role.pk])

    page = author_client.get(url).content.decode()
    assert 'value="Old title"' in page
    assert 'value="German"' in page

    data = role_form_data(
        title="New title", responsibilities=("Only this",), metrics=(metric(kind="throughput"),)
    )
    response = author_client.post(url, data)

    assert response.status_code == 302
    role.refresh_from_db()
    assert role.title == "New title"
    assert list(role.responsibilities.values_list("text", flat=True)) == ["Only this"]
    assert list(role.success_metrics.values_list("kind", flat=True)) == ["throughput"]
    assert list(role.languages.values_list("language", flat=True)) == ["English"]


def test_a_published_role_keeps_at_least_one_metric(author_client, org):
    role = RoleFactory(organization=org, status=Role.Status.PUBLISHED)
    SuccessMetricFactory(role=role)
    data = role_form_data(metrics=())

    response = author_client.post(reverse("hiring:role-edit", args=[org.slug, role.pk]), data)

    assert response.status_code == 400
    assert "A published role needs at least one 90-day success metric" in response.content.decode()
    assert role.success_metrics.count() == 1


def test_a_closed_role_cannot_be_edited(author_client, org):
    role = RoleFactory(organization=org, status=Role.Status.CLOSED, title="Kept as it was")

    response = author_client.post(
        reverse("hiring:role-edit", args=[org.slug, role.pk]), role_form_data(title="Changed")
    )

    assert response.status_code == 302
    role.refresh_from_db()
    assert role.title == "Kept as it was"
