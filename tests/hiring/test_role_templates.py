"""The role templates are sound data: one per role type, each one publishable."""

import pytest

from hiring.models import Role, SuccessMetric
from hiring.roles.role_templates import ROLE_TEMPLATES, role_template
from hiring.roles.services import role_spec_problems


def test_there_is_one_template_per_role_type_in_the_models_order():
    assert [t.role_type for t in ROLE_TEMPLATES] == Role.RoleType.values


@pytest.mark.parametrize("template", ROLE_TEMPLATES, ids=lambda t: t.role_type)
def test_each_template_uses_the_models_vocabulary_and_suggests_a_metric(template):
    assert template.task_complexity in Role.Complexity.values
    assert template.credential in Role.Credential.values
    assert template.engagement in Role.Engagement.values
    assert template.pay_unit in Role.PayUnit.values
    assert template.responsibilities
    assert template.metrics
    for suggestion in template.metrics:
        assert suggestion.kind in SuccessMetric.Kind.values
        assert suggestion.direction in SuccessMetric.Direction.values
    fields = {"pay_min": template.pay_min, "pay_max": template.pay_max, "pay_currency": "USD"}
    metrics = [{"kind": m.kind} for m in template.metrics]
    assert role_spec_problems(fields=fields, success_metrics=metrics) == {}


def test_only_the_ml_engineer_template_warns():
    warned = [t.role_type for t in ROLE_TEMPLATES if t.warning]

    assert warned == ["ml_engineer"]
    assert "rarely needs an ML engineer" in role_template("ml_engineer").warning


def test_an_unknown_role_type_has_no_template():
    assert role_template("astronaut") is None


def test_the_pay_band_reads_as_a_person_would_say_it():
    assert role_template("llm_evaluator").pay_band == "25–45 USD an hour"
    assert role_template("ml_engineer").pay_band == "150,000–220,000 USD a year"
