"""Credential calibration: pure rules, no database."""

import pytest

from hiring.models import Role
from hiring.roles.credentials import OVER, UNDER, credential_warning

FITS = [
    ("none", "general"),
    ("bachelor", "general"),
    ("bachelor", "specialised"),
    ("master", "specialised"),
    ("licence", "specialised"),
    ("master", "expert"),
    ("phd", "expert"),
    ("licence", "expert"),
]
MISMATCHES = [
    ("master", "general", OVER),
    ("phd", "general", OVER),
    ("licence", "general", OVER),
    ("phd", "specialised", OVER),
    ("none", "specialised", UNDER),
    ("none", "expert", UNDER),
    ("bachelor", "expert", UNDER),
]


@pytest.mark.parametrize(("credential", "complexity"), FITS)
def test_a_credential_that_fits_the_work_raises_no_warning(credential, complexity):
    assert credential_warning(credential=credential, complexity=complexity) is None


@pytest.mark.parametrize(("credential", "complexity", "direction"), MISMATCHES)
def test_a_mismatch_warns_in_its_direction_and_says_why(credential, complexity, direction):
    warning = credential_warning(credential=credential, complexity=complexity)

    assert warning.direction == direction
    assert len(warning.why) > 40
    assert warning.message.startswith(warning.headline)


def test_every_pairing_of_the_models_choices_is_judged():
    """Each credential × complexity either fits or warns: no pairing is forgotten."""
    judged = {(c, x) for c, x in FITS} | {(c, x) for c, x, _ in MISMATCHES}

    assert judged == {(c, x) for c in Role.Credential.values for x in Role.Complexity.values}


def test_a_phd_for_general_annotation_is_over_asking():
    warning = credential_warning(credential="phd", complexity="general")

    assert warning.headline == "Asking for a PhD is more than general annotation needs."
    assert "excludes most careful annotators" in warning.why


def test_expert_clinical_work_with_no_credential_names_the_domain():
    warning = credential_warning(
        credential="none", complexity="expert", domain="Medicine / clinical"
    )

    assert warning.direction == UNDER
    assert warning.headline == "No credential is less than expert work in medicine needs."
    assert "clinician" in warning.why


@pytest.mark.parametrize(("credential", "complexity"), [("wizard", "general"), ("phd", "")])
def test_unknown_values_are_not_judged(credential, complexity):
    assert credential_warning(credential=credential, complexity=complexity) is None


def test_the_module_needs_no_django():
    import ast
    from pathlib import Path

    import hiring.roles.credentials

    tree = ast.parse(Path(hiring.roles.credentials.__file__).read_text())
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
        )
    }
    assert "django" not in imported
    assert "hiring" not in imported
