"""The demo's answers to each role's knock-out questions, and the failures they imply.

Plain data in the shape ``hiring.knockouts`` reads (``"language:<Language>"`` → CEFR level,
``"tz_overlap"`` → hours, ``"domain_years"`` → years), with the same thresholds and the same
wording of reasons, written out here so the demo does not lean on that module. Pure.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from hiring.vocabulary import Domain

CEFR_ORDER = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
DOMAIN_YEARS_BY_COMPLEXITY = {"general": 0, "specialised": 2, "expert": 5}
WORKDAY = (9, 17)
OFFSET_DAY = datetime(2025, 6, 2, 12, 0)  # a fixed summer day to read UTC offsets on


def utc_offset(time_zone: str) -> float:
    moment = OFFSET_DAY.replace(tzinfo=ZoneInfo(time_zone))
    return moment.utcoffset().total_seconds() / 3600


def overlap_hours(candidate_tz: str, reference_tz: str) -> int:
    """Hours two 09:00–17:00 working days share (as hiring.knockouts estimates them)."""
    start, end = WORKDAY
    shift = utc_offset(candidate_tz) - utc_offset(reference_tz)
    return max(0, int(min(end, end - shift) - max(start, start - shift)))


def knockout_answers(spec: dict, role: dict, *, declared_overlap: int | None = None) -> dict:
    """What the candidate answers to the role's knock-out questions, from their profile."""
    levels = {row["language"]: row["level"] for row in spec["languages"]}
    answers = {
        f"language:{language}": levels.get(language, "A1") for language, _level in role["languages"]
    }
    fields = role["fields"]
    if fields["tz_overlap_hours"] > 0:
        natural = overlap_hours(spec["profile"]["time_zone"], fields["tz_reference"])
        answers["tz_overlap"] = natural if declared_overlap is None else declared_overlap
    if DOMAIN_YEARS_BY_COMPLEXITY[fields["task_complexity"]] > 0:
        years = {row["domain"]: row["years"] for row in spec["domains"]}
        answers["domain_years"] = years.get(fields["domain"], 0)
    return answers


def knockout_failures(answers: dict, role: dict) -> list[str]:
    """Why the answers fall short of the role, in the words the candidate is told."""
    fields, failures = role["fields"], []
    for language, minimum in role["languages"]:
        level = answers[f"language:{language}"]
        if CEFR_ORDER.index(level) < CEFR_ORDER.index(minimum):
            failures.append(f"{language} at {minimum} or above is required; you answered {level}.")
    if "tz_overlap" in answers and answers["tz_overlap"] < fields["tz_overlap_hours"]:
        failures.append(
            f"At least {fields['tz_overlap_hours']} hours a day of overlap with "
            f"{fields['tz_reference']} are required; you answered {answers['tz_overlap']}."
        )
    needed = DOMAIN_YEARS_BY_COMPLEXITY[fields["task_complexity"]]
    if "domain_years" in answers and answers["domain_years"] < needed:
        label = Domain(fields["domain"]).label
        failures.append(
            f"At least {needed} years in {label} are required; "
            f"you answered {answers['domain_years']}."
        )
    return failures


def declared_by_established_candidate(spec: dict, role: dict) -> dict:
    """Answers of the demo's original candidates: they shift their day to give the overlap
    asked for and count related work towards the domain years; only languages can fail."""
    fields = role["fields"]
    answers = knockout_answers(spec, role, declared_overlap=fields["tz_overlap_hours"])
    if "tz_overlap" in answers:
        natural = overlap_hours(spec["profile"]["time_zone"], fields["tz_reference"])
        answers["tz_overlap"] = max(natural, fields["tz_overlap_hours"])
    if "domain_years" in answers:
        needed = DOMAIN_YEARS_BY_COMPLEXITY[fields["task_complexity"]]
        answers["domain_years"] = max(answers["domain_years"], needed)
    return answers
