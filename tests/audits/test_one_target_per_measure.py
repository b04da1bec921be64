"""Each monitored measure has one target: the role's success metrics are one per kind
(the form, the API and a database constraint refuse a second), and each kind is judged on
a measure of its own, so the quality board, the alerts and the 90-day reports never pick
one of two targets for a measure without saying so."""

from collections import Counter

import pytest
from django.db import IntegrityError

from assessments.audits.quality import METRIC_MEASURE
from demo.roles import ROLES
from hiring.models import SuccessMetric
from hiring.roles.role_templates import ROLE_TEMPLATES
from hiring.roles.services import role_spec_problems
from tests.factories.hiring import RoleFactory, SuccessMetricFactory


def test_every_kind_of_success_metric_is_judged_on_a_measure_of_its_own():
    assert set(METRIC_MEASURE) == set(SuccessMetric.Kind.values)
    assert len(set(METRIC_MEASURE.values())) == len(METRIC_MEASURE)


def test_a_second_metric_of_a_kind_is_refused_with_its_name():
    twice = [{"kind": "consistency"}, {"kind": "accuracy"}, {"kind": "consistency"}]

    problems = role_spec_problems(fields={}, success_metrics=twice)

    assert problems["success_metrics"] == (
        "“Annotation consistency score” is listed twice: "
        "each kind of success metric can be used once."
    )


@pytest.mark.django_db
def test_the_database_holds_one_metric_of_a_kind_per_role(org):
    role = RoleFactory(organization=org)
    SuccessMetricFactory(role=role, kind=SuccessMetric.Kind.ACCURACY)

    with pytest.raises(IntegrityError):
        SuccessMetricFactory(role=role, kind=SuccessMetric.Kind.ACCURACY)


@pytest.mark.parametrize("spec", ROLES, ids=lambda spec: spec["title"])
def test_no_demo_role_lists_a_kind_twice(spec):
    kinds = Counter(kind for kind, *_ in spec["metrics"])
    assert not [kind for kind, count in kinds.items() if count > 1]


@pytest.mark.parametrize("template", ROLE_TEMPLATES, ids=lambda template: template.name)
def test_no_role_template_suggests_a_kind_twice(template):
    kinds = Counter(metric.kind for metric in template.metrics)
    assert not [kind for kind, count in kinds.items() if count > 1]
