"""Predictive validity of a role's calibration scores against the hires' 90-day outcome:
the outcome from the audit weeks, the table's numbers on a constructed cohort, the page,
the API and who may read them."""

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from assessments.audits.outcomes import OUTCOME_WEEKS, role_validity
from assessments.scoring import validity
from core.charts import interval_rows
from hiring.models import SuccessMetric
from tests.factories.assessments import AssessmentFactory
from tests.factories.audits import hire
from tests.factories.hiring import RoleFactory, SuccessMetricFactory

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def role(org):
    role = RoleFactory(organization=org, assessment=AssessmentFactory(organization=org))
    SuccessMetricFactory(role=role, kind=SuccessMetric.Kind.ACCURACY)
    return role


def cohort(role, size=12):
    """Calibration accuracy 0.50 … 0.94; the 90-day accuracy follows it with a wobble. Week
    3 is missed and week 14 (after the first 90 days) is far off: neither may count."""
    calibration, outcome = [], []
    for i in range(size):
        accuracy = 0.5 + 0.04 * i
        ninety = accuracy * 0.8 + (0.05 if i % 2 else -0.05)
        weekly = [ninety] * OUTCOME_WEEKS
        weekly[3] = None
        hire(role, {"accuracy": accuracy, "throughput": 0.7}, [*weekly, 1.0 - ninety])
        calibration.append(accuracy)
        outcome.append(ninety)
    return calibration, outcome


def test_combined_outcome_standardises_turns_and_averages():
    measured = {"accuracy": [0.8, 0.9, None], "feedback_turnaround": [10.0, 30.0, 20.0]}

    outcome = validity.combined_outcome(measured, {"accuracy": True, "feedback_turnaround": False})

    accuracy_z = np.array([-1, 1]) / np.std([0.8, 0.9], ddof=1) * 0.05
    turnaround_z = -np.array([-10.0, 10.0, 0.0]) / 10.0  # lower hours are better
    assert outcome[0] == pytest.approx((accuracy_z[0] + turnaround_z[0]) / 2)
    assert outcome[1] == pytest.approx((accuracy_z[1] + turnaround_z[1]) / 2)
    assert outcome[2] == pytest.approx(0.0)  # only turnaround known, at the mean


def test_combined_outcome_leaves_out_a_metric_that_does_not_vary():
    outcome = validity.combined_outcome(
        {"accuracy": [0.9, 0.9, 0.9], "throughput": [None, None, None]}, {}
    )
    assert np.isnan(outcome).all()
    with pytest.raises(ValueError, match="one value per hire"):
        validity.combined_outcome({"a": [1.0], "b": [1.0, 2.0]}, {})


def test_the_table_correlates_calibration_with_the_first_ninety_days(role):
    calibration, outcome = cohort(role)

    table = role_validity(role=role)

    rows = {row.component: row for row in table.rows}
    expected = float(np.corrcoef(calibration, outcome)[0, 1])
    assert table.hires == table.with_outcome == 12
    assert rows["accuracy"].n == 12
    assert rows["accuracy"].pearson == pytest.approx(expected)
    assert rows["accuracy"].pearson_ci == pytest.approx(validity.fisher_ci(expected, 12))
    assert rows["accuracy"].verdict == validity.STRONG
    assert rows["composite"].pearson == pytest.approx(expected)
    assert rows["throughput"].verdict == validity.UNDEFINED  # every hire had 0.7
    assert rows["agreement"].n == 0
    assert table.suggested == {"accuracy": pytest.approx(1.0)}
    assert table.metrics == ("accuracy",)


def test_too_few_hires_is_said_in_words(role):
    cohort(role, size=4)

    rows = {row.component: row for row in role_validity(role=role).rows}

    assert rows["accuracy"].verdict == validity.TOO_FEW
    assert rows["accuracy"].message == "too few hires to tell: 4 of the 10 hires needed"


def test_turnaround_counts_lower_hours_as_better(role):
    SuccessMetric.objects.filter(role=role).update(
        kind=SuccessMetric.Kind.FEEDBACK_TURNAROUND, direction=SuccessMetric.Direction.AT_MOST
    )
    for i in range(10):
        hire(role, {"accuracy": 0.5 + 0.05 * i}, [0.8] * 3, hours=48.0 - 4 * i)

    rows = {row.component: row for row in role_validity(role=role).rows}

    assert rows["accuracy"].pearson == pytest.approx(1.0)


def test_the_interval_chart_places_r_and_its_interval_on_minus_one_to_one():
    chart = interval_rows(
        [
            {"name": "accuracy", "label": "Accuracy", "r": 0.5, "ci": (0.0, 0.8)},
            {"name": "agreement", "label": "Agreement", "r": None, "ci": None},
        ]
    )
    accuracy, agreement = chart.rows
    assert chart.zero_x == accuracy.low_x == (chart.left + chart.right) / 2
    assert accuracy.dot_x == pytest.approx(chart.left + 0.75 * (chart.right - chart.left), abs=0.01)
    assert accuracy.value_text == "0.50 [0.00, 0.80]"
    assert agreement.dot_x is None
    assert agreement.low_x is None
    assert agreement.value_text == "—"
    assert chart.height > chart.axis_y


def page_url(role):
    return reverse("audits:validity", args=[role.organization.slug, role.pk])


def api_url(role):
    return reverse("api:role-validity", args=[role.organization.slug, role.pk])


@pytest.mark.parametrize("who", ["hiring_manager", "recruiter"])
def test_the_team_reads_the_table_and_chart(role, who, request):
    cohort(role)

    page = client_of(request.getfixturevalue(who)).get(page_url(role))

    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="validity-table"' in body
    assert 'data-testid="validity-chart"' in body
    assert "strong evidence that it predicts the outcome" in body
    assert "Suggested weight" in body
    assert "12 of 12 hires have an outcome" in body


def test_the_page_says_when_there_is_nothing_to_suggest(role, hiring_manager):
    body = client_of(hiring_manager).get(page_url(role)).content.decode()
    assert "No suggestion yet" in body
    assert "too few hires to tell: 0 of the 10 hires needed" in body


def test_the_api_gives_the_table(role, recruiter):
    calibration, outcome = cohort(role)

    data = client_of(recruiter).get(api_url(role)).json()

    accuracy = next(row for row in data["rows"] if row["component"] == "accuracy")
    assert accuracy["pearson"] == pytest.approx(float(np.corrcoef(calibration, outcome)[0, 1]))
    assert len(accuracy["pearson_ci"]) == len(accuracy["bootstrap_ci"]) == 2
    assert accuracy["verdict"] == "strong"
    assert data["hires"] == 12
    assert data["min_hires"] == 10
    assert data["suggested"] == {"accuracy": pytest.approx(1.0)}
    assert sum(data["weights"].values()) == pytest.approx(1.0)


@pytest.mark.parametrize("who", ["reviewer", "other_recruiter"])
def test_reviewers_and_other_organisations_get_a_404(role, who, request):
    client = client_of(request.getfixturevalue(who))
    assert client.get(page_url(role)).status_code == 404
    assert client.get(api_url(role)).status_code == 404


def test_the_audits_page_links_to_the_table(role, recruiter):
    audits = reverse("audits:role", args=[role.organization.slug, role.pk])
    body = client_of(recruiter).get(audits).content.decode()
    assert page_url(role) in body
