"""The pure modules really are pure: importing them in a fresh interpreter loads no Django,
so they can be tested and benchmarked on their own (docs/ARCHITECTURE.md, "Layering")."""

import subprocess
import sys

import pytest

PURE = [
    "assessments.item_kinds",
    "assessments.attempts.pool",
    "assessments.attempts.due",
    "assessments.audits.selection",
    "assessments.scoring.kinds",
    "assessments.scoring.attempt",
    "assessments.scoring.agreement",
    "assessments.scoring.collusion",
    "assessments.scoring.cohort",
    "assessments.scoring.bands",
    "assessments.scoring.quality",
    "assessments.scoring.drift",
    "assessments.scoring.validity",
    "hiring.roles.knockouts",
    "hiring.pipeline.funnel",
    "hiring.roles.credentials",
    "core.pseudonyms",
    "core.overlap",
    "core.spreadsheet",
    "core.charts",
    "rubrics.review.arithmetic",
    "rubrics.rubric_templates",
]


@pytest.mark.parametrize("module", PURE)
def test_importing_loads_no_django(module):
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith('django')))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={}
    )
    assert result.stdout.strip() == "[]", result.stdout
