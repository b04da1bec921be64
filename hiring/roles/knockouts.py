"""Knock-out questions generated from a role's hard requirements. Pure: no Django.

A role asks, and an application is rejected automatically (and told why) when
an answer falls short of:

* each listed language at its minimum CEFR level (``native`` ranks above C2);
* the hours a day of working-time overlap with the team's time zone, when the
  role asks for any (``tz_overlap_hours`` > 0);
* years of experience in the role's domain, by task complexity:
  general 0 (not asked: a question that cannot knock anyone out is noise),
  specialised 2, expert 5 (``DOMAIN_YEARS_BY_COMPLEXITY``).

Answers are a dict keyed by ``Question.key``: ``"language:<Language>"`` → a CEFR
level, ``"tz_overlap"`` → whole hours 0–24, ``"domain_years"`` → whole years 0–70.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# The CEFR scale in ascending order; mirrors core.vocabulary.CEFRLevel (a test keeps them equal).
CEFR_ORDER: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
DOMAIN_YEARS_BY_COMPLEXITY: dict[str, int] = {"general": 0, "specialised": 2, "expert": 5}
MAX_DOMAIN_YEARS = 70

LANGUAGE = "language"
TZ_OVERLAP = "tz_overlap"
DOMAIN_YEARS = "domain_years"


@dataclass(frozen=True)
class RoleRequirements:
    """The parts of a role the knock-outs read, as plain values."""

    languages: tuple[tuple[str, str], ...] = ()  # (language, minimum CEFR level)
    tz_overlap_hours: int = 0
    tz_reference: str = "UTC"
    domain: str = "general"
    domain_label: str = "General"
    complexity: str = "general"


@dataclass(frozen=True)
class Question:
    key: str
    kind: str  # LANGUAGE, TZ_OVERLAP or DOMAIN_YEARS
    label: str
    threshold: str | int  # the minimum CEFR level, or the minimum number of hours/years
    subject: str = ""  # the language, the reference time zone or the domain's label
    choices: tuple[str, ...] = field(default=())


# A candidate's answers by question key: a CEFR level, or whole hours or years.
Answers = dict[str, str | int]


@dataclass(frozen=True)
class Outcome:
    answers: Answers
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def reason(self) -> str:
        return " ".join(self.failures)


class AnswerErrors(ValueError):
    """Malformed answers: ``errors`` maps a question key (or ``"answers"``) to a message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))
        self.errors = errors


def questions_for(role: RoleRequirements) -> list[Question]:
    questions = [
        Question(
            key=f"{LANGUAGE}:{language}",
            kind=LANGUAGE,
            label=f"What is your level of {language}?",
            threshold=min_level,
            subject=language,
            choices=CEFR_ORDER,
        )
        for language, min_level in role.languages
    ]
    if role.tz_overlap_hours > 0:
        questions.append(
            Question(
                key=TZ_OVERLAP,
                kind=TZ_OVERLAP,
                label=(
                    "How many hours of your working day can overlap with the team's "
                    f"working hours in {role.tz_reference}?"
                ),
                threshold=role.tz_overlap_hours,
                subject=role.tz_reference,
            )
        )
    years = DOMAIN_YEARS_BY_COMPLEXITY.get(role.complexity, 0)
    if years > 0:
        questions.append(
            Question(
                key=DOMAIN_YEARS,
                kind=DOMAIN_YEARS,
                label=f"How many years of experience do you have in {role.domain_label}?",
                threshold=years,
                subject=role.domain_label,
            )
        )
    return questions


def _whole_number(value: object, *, low: int, high: int, unit: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"Enter a whole number of {unit}.")
    if isinstance(value, str):
        value = value.strip()
        digits = value[1:] if value.startswith("-") else value
        if not (digits.isascii() and digits.isdigit()):  # isdigit alone takes "²"
            raise ValueError(f"Enter a whole number of {unit}.")
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise ValueError(f"Enter a whole number of {unit}.")
    if not low <= value <= high:
        raise ValueError(f"Enter between {low} and {high} {unit}.")
    return value


def parse_answers(questions: Iterable[Question], raw: Mapping[str, object]) -> Answers:
    """Normalised answers, one per question; raises ``AnswerErrors`` naming each bad one."""
    if not isinstance(raw, Mapping):
        raise AnswerErrors({"answers": "Send the answers as an object keyed by question."})
    questions = list(questions)
    errors: dict[str, str] = {}
    answers: Answers = {}
    for question in questions:
        value = raw.get(question.key)
        if value is None or value == "":
            errors[question.key] = "Answer this question."
            continue
        try:
            if question.kind == LANGUAGE:
                if value not in CEFR_ORDER:
                    raise ValueError(f"“{value}” is not a CEFR level: choose A1–C2 or native.")
                answers[question.key] = str(value)
            elif question.kind == TZ_OVERLAP:
                answers[question.key] = _whole_number(value, low=0, high=24, unit="hours")
            else:
                answers[question.key] = _whole_number(
                    value, low=0, high=MAX_DOMAIN_YEARS, unit="years"
                )
        except ValueError as error:
            errors[question.key] = str(error)
    known = {question.key for question in questions}
    for key in raw:
        if key not in known:
            errors[str(key)] = "This role does not ask that question."
    if errors:
        raise AnswerErrors(errors)
    return answers


def _failure(question: Question, answer: str | int) -> str | None:
    if question.kind == LANGUAGE:
        if CEFR_ORDER.index(answer) >= CEFR_ORDER.index(question.threshold):
            return None
        return (
            f"{question.subject} at {question.threshold} or above is required; "
            f"you answered {answer}."
        )
    if int(answer) >= int(question.threshold):
        return None
    if question.kind == TZ_OVERLAP:
        return (
            f"At least {question.threshold} hours a day of overlap with {question.subject} "
            f"are required; you answered {answer}."
        )
    return (
        f"At least {question.threshold} years in {question.subject} are required; "
        f"you answered {answer}."
    )


def evaluate(questions: Iterable[Question], raw: Mapping[str, object]) -> Outcome:
    """Parses the answers (``AnswerErrors`` if malformed) and says which requirements fail."""
    questions = list(questions)
    answers = parse_answers(questions, raw)
    failures = tuple(
        failure
        for question in questions
        if (failure := _failure(question, answers[question.key])) is not None
    )
    return Outcome(answers=answers, failures=failures)


def prefill(
    questions: Iterable[Question],
    *,
    language_levels: Mapping[str, str],
    domain_years: int | None,
    overlap: int | None,
) -> Answers:
    """Suggested answers from what the candidate's profile already says."""
    levels = {language.casefold(): level for language, level in language_levels.items()}
    answers: Answers = {}
    for question in questions:
        if question.kind == LANGUAGE:
            level = levels.get(question.subject.casefold())
            if level:
                answers[question.key] = level
        elif question.kind == TZ_OVERLAP and overlap is not None:
            answers[question.key] = overlap
        elif question.kind == DOMAIN_YEARS and domain_years is not None:
            answers[question.key] = domain_years
    return answers


@dataclass(frozen=True)
class AnsweredRequirement:
    requirement: str
    answer: str | int
    met: bool | None  # None: the role no longer asks this question


def requirement_text(question: Question) -> str:
    if question.kind == LANGUAGE:
        return f"{question.subject} at {question.threshold} or above"
    if question.kind == TZ_OVERLAP:
        return f"{question.threshold} h a day of overlap with {question.subject}"
    return f"{question.threshold} years in {question.subject}"


def answered_requirements(
    questions: Iterable[Question], answers: Mapping[str, str | int]
) -> list[AnsweredRequirement]:
    """The role's requirements beside what the candidate answered, for the team to read."""
    by_key = {question.key: question for question in questions}
    rows = []
    for key, answer in answers.items():
        question = by_key.get(key)
        if question is None:
            rows.append(AnsweredRequirement(key.replace("_", " "), answer, None))
        else:
            rows.append(
                AnsweredRequirement(
                    requirement_text(question), answer, _failure(question, answer) is None
                )
            )
    return rows
