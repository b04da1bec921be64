"""The demo candidates' answers to each role's knock-out questions, and what they imply.

Questions, thresholds and the reasons candidates are told all come from ``hiring.roles.knockouts``,
the module live applications go through; this only turns the demo's plain role and
candidate specs into its inputs. The overlap is ``core.overlap``'s, the figure the apply
form and the shortlist use, read on a fixed summer day, so the seed gives the same answers
all year.
"""

from datetime import date

from core import overlap
from core.vocabulary import Domain
from hiring.roles import knockouts

OFFSET_DAY = date(2025, 6, 2)


def overlap_hours(candidate_tz: str, reference_tz: str) -> int:
    """Hours two 09:00–17:00 working days share, as the apply form estimates them."""
    hours = overlap.overlap_hours(candidate_tz, reference_tz, on=OFFSET_DAY)
    if hours is None:
        raise ValueError(f"Unknown time zone in the demo: {candidate_tz!r} or {reference_tz!r}.")
    return hours


def questions(role: dict) -> list[knockouts.Question]:
    fields = role["fields"]
    return knockouts.questions_for(
        knockouts.RoleRequirements(
            languages=tuple(role["languages"]),
            tz_overlap_hours=fields["tz_overlap_hours"],
            tz_reference=fields["tz_reference"],
            domain=fields["domain"],
            domain_label=Domain(fields["domain"]).label,
            complexity=fields["task_complexity"],
        )
    )


def knockout_answers(spec: dict, role: dict, *, declared_overlap: int | None = None) -> dict:
    """What the candidate answers, from their profile; a language they lack counts as A1."""
    asked = questions(role)
    years = {row["domain"]: row["years"] for row in spec["domains"]}
    natural = overlap_hours(spec["profile"]["time_zone"], role["fields"]["tz_reference"])
    answers = knockouts.prefill(
        asked,
        language_levels={row["language"]: row["level"] for row in spec["languages"]},
        domain_years=years.get(role["fields"]["domain"], 0),
        overlap=natural if declared_overlap is None else declared_overlap,
    )
    for question in asked:
        answers.setdefault(question.key, "A1")
    return answers


def knockout_failures(answers: dict, role: dict) -> list[str]:
    """Why the answers fall short of the role, in the words the candidate is told."""
    return list(knockouts.evaluate(questions(role), answers).failures)


def declared_by_established_candidate(spec: dict, role: dict) -> dict:
    """Answers of the demo's original candidates: they shift their day to give the overlap
    asked for and count related work towards the domain years; only languages can fail."""
    answers = knockout_answers(spec, role)
    for question in questions(role):
        if question.kind in (knockouts.TZ_OVERLAP, knockouts.DOMAIN_YEARS):
            answers[question.key] = max(answers[question.key], question.threshold)
    return answers
