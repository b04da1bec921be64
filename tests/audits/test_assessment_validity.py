"""Predictive validity across the hires of an assessment (issue 15: "across the hires of
a role or assessment"): every hire whose calibration attempt was on it, whichever role
of the organisation hired them; page and API, with the role's table's permissions."""

import pytest
from django.urls import reverse

from assessments.audits.outcomes import assessment_validity, role_validity
from assessments.models import Attempt
from hiring.models import SuccessMetric
from tests.audits.test_validity import client_of, cohort
from tests.factories.assessments import AssessmentFactory
from tests.factories.audits import hire
from tests.factories.hiring import RoleFactory, SuccessMetricFactory

pytestmark = pytest.mark.django_db


def role_on(assessment, kind=SuccessMetric.Kind.ACCURACY, title="Role"):
    role = RoleFactory(organization=assessment.organization, assessment=assessment, title=title)
    SuccessMetricFactory(role=role, kind=kind)
    return role


@pytest.fixture
def assessment(org):
    return AssessmentFactory(organization=org, title="Clause calibration")


def page_url(assessment):
    return reverse("results:validity", args=[assessment.organization.slug, assessment.pk])


def api_url(assessment):
    return reverse("api:assessment-validity", args=[assessment.organization.slug, assessment.pk])


def test_the_table_rests_on_the_hires_of_every_role_that_used_the_assessment(assessment):
    first, second = role_on(assessment, title="A"), role_on(assessment, title="B")
    cohort(first, size=6)
    cohort(second, size=6)
    elsewhere = role_on(AssessmentFactory(organization=assessment.organization), title="C")
    cohort(elsewhere, size=5)  # calibrated on another assessment: not in this table

    table = assessment_validity(assessment=assessment)

    assert (table.hires, table.with_outcome) == (12, 12)
    assert [role.title for role in table.roles] == ["A", "B"]
    assert table.metrics == ("accuracy",)
    rows = {row.component: row for row in table.rows}
    assert rows["accuracy"].n == 12
    assert rows["accuracy"].pearson > 0.7
    assert rows["accuracy"].verdict == "strong"
    # each role alone has too few hires to tell
    assert role_validity(role=first).rows[0].message.startswith("too few hires to tell")


def test_too_few_hires_is_said_in_words(assessment):
    cohort(role_on(assessment), size=4)

    rows = {row.component: row for row in assessment_validity(assessment=assessment).rows}

    assert rows["accuracy"].message == "too few hires to tell: 4 of the 10 hires needed"


def test_roles_with_different_metrics_combine_and_only_this_assessments_scores_count(
    assessment,
):
    accuracy_role = role_on(assessment, title="Accuracy")
    turnaround_role = role_on(
        assessment, kind=SuccessMetric.Kind.FEEDBACK_TURNAROUND, title="Turnaround"
    )
    cohort(accuracy_role, size=3)
    for i in range(3):
        hire(turnaround_role, {"accuracy": 0.6 + 0.1 * i}, [0.8] * 13, hours=30 - 5 * i)
    # a later calibration on another assessment by one of the hires does not count here
    other = AssessmentFactory(organization=assessment.organization)
    someone = Attempt.objects.filter(assessment=assessment).first()
    Attempt.objects.filter(pk=someone.pk).update(assessment=other)

    table = assessment_validity(assessment=assessment)

    assert set(table.metrics) == {"accuracy", "feedback_turnaround"}
    assert table.hires == 5  # the moved attempt's hire took this assessment no longer
    assert table.with_outcome == 5


def test_the_page_shows_the_table_and_links_the_roles(assessment, recruiter):
    role = role_on(assessment, title="Contract reviewer")
    cohort(role, size=4)

    page = client_of(recruiter).get(page_url(assessment))

    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="validity-table"' in body
    assert 'data-testid="validity-chart"' in body
    assert "too few hires to tell: 4 of the 10 hires needed" in body
    assert reverse("audits:validity", args=[assessment.organization.slug, role.pk]) in body
    assert "weights-form" not in body


def test_an_assessment_nobody_was_hired_on_says_so(assessment, hiring_manager):
    body = client_of(hiring_manager).get(page_url(assessment)).content.decode()
    data = client_of(hiring_manager).get(api_url(assessment)).json()

    assert "No hire has taken this calibration task yet." in body
    assert (data["hires"], data["roles"]) == (0, [])
    assert {row["verdict"] for row in data["rows"]} == {"too_few"}


def test_the_api_gives_the_table(assessment, recruiter):
    role = role_on(assessment, title="Contract reviewer")
    cohort(role, size=12)

    data = client_of(recruiter).get(api_url(assessment)).json()

    assert (data["hires"], data["with_outcome"], data["min_hires"]) == (12, 12, 10)
    assert data["roles"] == [{"id": role.pk, "title": "Contract reviewer"}]
    accuracy = next(row for row in data["rows"] if row["component"] == "accuracy")
    assert accuracy["n"] == 12
    assert accuracy["pearson"] > 0.9
    assert "weights" not in data


@pytest.mark.parametrize("who", ["reviewer", "other_recruiter"])
def test_reviewers_and_other_organisations_get_a_404(assessment, who, request):
    cohort(role_on(assessment), size=2)
    client = client_of(request.getfixturevalue(who))

    assert client.get(page_url(assessment)).status_code == 404
    assert client.get(api_url(assessment)).status_code == 404


def test_another_organisations_assessment_is_404_in_this_one(assessment, other_org, recruiter):
    foreign = AssessmentFactory(organization=other_org)
    cohort(role_on(foreign), size=2)
    slug = assessment.organization.slug

    page = client_of(recruiter).get(reverse("results:validity", args=[slug, foreign.pk]))
    api = client_of(recruiter).get(reverse("api:assessment-validity", args=[slug, foreign.pk]))

    assert page.status_code == api.status_code == 404


def test_the_results_page_links_to_the_table(assessment, recruiter):
    results = reverse("results:index", args=[assessment.organization.slug, assessment.pk])

    body = client_of(recruiter).get(results).content.decode()

    assert page_url(assessment) in body
