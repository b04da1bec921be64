"""Knock-out questions and their verdicts: pure, no database."""

import pytest

from core.vocabulary import CEFRLevel
from hiring.roles import knockouts
from hiring.roles.knockouts import RoleRequirements

EXPERT_LAW = RoleRequirements(
    languages=(("English", "C1"), ("German", "B2")),
    tz_overlap_hours=4,
    tz_reference="Europe/London",
    domain="law",
    domain_label="Law",
    complexity="expert",
)


def test_the_cefr_scale_matches_the_shared_vocabulary():
    assert tuple(CEFRLevel.values) == knockouts.CEFR_ORDER


def test_questions_follow_languages_then_overlap_then_domain_years():
    questions = knockouts.questions_for(EXPERT_LAW)

    assert [q.key for q in questions] == [
        "language:English",
        "language:German",
        "tz_overlap",
        "domain_years",
    ]
    assert questions[0].threshold == "C1"
    assert questions[2].threshold == 4
    assert "Europe/London" in questions[2].label
    assert questions[3].threshold == 5
    assert "Law" in questions[3].label


@pytest.mark.parametrize(
    ("complexity", "years"), [("general", None), ("specialised", 2), ("expert", 5)]
)
def test_domain_years_threshold_follows_complexity(complexity, years):
    questions = knockouts.questions_for(RoleRequirements(complexity=complexity))

    asked = [q.threshold for q in questions if q.kind == knockouts.DOMAIN_YEARS]
    assert asked == ([] if years is None else [years])


def test_no_overlap_question_when_the_role_asks_for_none():
    assert knockouts.questions_for(RoleRequirements(tz_overlap_hours=0)) == []


GOOD = {"language:English": "native", "language:German": "B2", "tz_overlap": 4, "domain_years": 5}


def test_answers_at_every_threshold_pass():
    outcome = knockouts.evaluate(knockouts.questions_for(EXPERT_LAW), GOOD)

    assert outcome.passed
    assert outcome.reason == ""
    assert outcome.answers == GOOD


@pytest.mark.parametrize(
    ("key", "answer", "reason"),
    [
        ("language:German", "B1", "German at B2 or above is required; you answered B1."),
        (
            "tz_overlap",
            3,
            "At least 4 hours a day of overlap with Europe/London are required; you answered 3.",
        ),
        ("domain_years", 4, "At least 5 years in Law are required; you answered 4."),
    ],
)
def test_each_requirement_failed_is_named_with_the_answer(key, answer, reason):
    outcome = knockouts.evaluate(knockouts.questions_for(EXPERT_LAW), {**GOOD, key: answer})

    assert not outcome.passed
    assert outcome.failures == (reason,)


def test_several_failures_are_all_reported():
    answers = {**GOOD, "language:English": "A2", "domain_years": 0}

    outcome = knockouts.evaluate(knockouts.questions_for(EXPERT_LAW), answers)

    assert len(outcome.failures) == 2
    assert "English at C1" in outcome.reason
    assert "years in Law" in outcome.reason


def test_numbers_sent_as_text_are_accepted():
    answers = {**GOOD, "tz_overlap": "6", "domain_years": " 12 "}

    outcome = knockouts.evaluate(knockouts.questions_for(EXPERT_LAW), answers)

    assert outcome.answers["tz_overlap"] == 6
    assert outcome.answers["domain_years"] == 12


@pytest.mark.parametrize(
    ("answers", "key", "message"),
    [
        ({**GOOD, "language:English": "D1"}, "language:English", "“D1” is not a CEFR level"),
        ({**GOOD, "tz_overlap": 25}, "tz_overlap", "between 0 and 24 hours"),
        ({**GOOD, "tz_overlap": -1}, "tz_overlap", "between 0 and 24 hours"),
        ({**GOOD, "domain_years": "many"}, "domain_years", "whole number of years"),
        ({**GOOD, "domain_years": "²"}, "domain_years", "whole number of years"),
        ({**GOOD, "domain_years": 2.5}, "domain_years", "whole number of years"),
        ({**GOOD, "domain_years": True}, "domain_years", "whole number of years"),
        ({**GOOD, "domain_years": 71}, "domain_years", "between 0 and 70 years"),
        ({k: v for k, v in GOOD.items() if k != "tz_overlap"}, "tz_overlap", "Answer this"),
        ({**GOOD, "salary": 1}, "salary", "does not ask that question"),
    ],
)
def test_malformed_answers_are_refused_by_question(answers, key, message):
    with pytest.raises(knockouts.AnswerErrors) as raised:
        knockouts.evaluate(knockouts.questions_for(EXPERT_LAW), answers)

    assert message in raised.value.errors[key]


def test_answers_must_be_an_object():
    with pytest.raises(knockouts.AnswerErrors, match="object keyed by question"):
        knockouts.parse_answers([], ["C1"])


def test_prefill_uses_the_profile_and_leaves_unknowns_blank():
    questions = knockouts.questions_for(EXPERT_LAW)

    answers = knockouts.prefill(
        questions, language_levels={"english": "C2"}, domain_years=None, overlap=6
    )

    assert answers == {"language:English": "C2", "tz_overlap": 6}


def test_the_knockout_module_imports_no_django():
    import subprocess
    import sys

    code = (
        "import sys, hiring.roles.knockouts; "
        "print(any(m.startswith('django') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "False"


def test_answered_requirements_set_each_answer_beside_what_the_role_asks():
    role = knockouts.RoleRequirements(
        languages=(("English", "C1"),),
        tz_overlap_hours=4,
        tz_reference="Europe/London",
        domain="law",
        domain_label="Law",
        complexity="expert",
    )
    answers = {"language:English": "B2", "tz_overlap": 6, "domain_years": 5, "retired": 1}

    rows = knockouts.answered_requirements(knockouts.questions_for(role), answers)

    assert [(r.requirement, r.answer, r.met) for r in rows] == [
        ("English at C1 or above", "B2", False),
        ("4 h a day of overlap with Europe/London", 6, True),
        ("5 years in Law", 5, True),
        ("retired", 1, None),
    ]
