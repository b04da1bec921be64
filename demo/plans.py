"""Plans drawn from the seed (pure: no database): the candidates, their applications
and their calibration attempts."""

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from assessments.attempts.ordering import attempt_item_order
from assessments.models import Attempt
from demo.answers import rationale_positions, response_plan, skill_of
from demo.assessment_content import ASSESSMENTS
from demo.knockouts import declared_by_established_candidate, knockout_failures
from demo.people import CANDIDATES, CURRENCY_BY_COUNTRY, DEMO_EPOCH, TRACKS, USD_RATE_IN
from demo.pipeline import (
    MAIN_LINE,
    PIPELINE_PLAN,
    Destination,
    Stage,
    calibration_state,
    path_to,
)
from demo.roles import ROLES


def email_for(full_name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", full_name).encode("ascii", "ignore").decode()
    return f"{'.'.join(ascii_name.lower().split())}@example.com"


def slug_of(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def candidate_specs(rng: random.Random) -> list[dict]:
    specs = []
    for index, (full_name, country, time_zone, track_name, languages) in enumerate(CANDIDATES):
        track = TRACKS[track_name]
        currency = CURRENCY_BY_COUNTRY.get(country, "USD")
        usd_rate = rng.randint(*track["usd_rate"])
        primary, *others = track["domains"]
        domains = [primary, *rng.sample(others, k=rng.randint(0, 1))]
        what_trained, data, measurement = rng.choice(track["experience"])
        started_on = date(2021, 1, 1) + timedelta(days=rng.randint(0, 900))
        sample_title = rng.choice(track["samples"])
        handle = email_for(full_name).split("@")[0]
        specs.append(
            {
                "email": email_for(full_name),
                "full_name": full_name,
                "track": track_name,
                "profile": {
                    "headline": rng.choice(track["headlines"]),
                    "country": country,
                    "time_zone": time_zone,
                    "tools": rng.sample(track["tools"], k=rng.randint(2, 4)),
                    "modalities": list(track["modalities"]),
                    "hourly_rate": (usd_rate * USD_RATE_IN[currency]).quantize(Decimal("1")),
                    "rate_currency": currency,
                    "hours_per_week": rng.choice((10, 15, 20, 25, 30, 40)),
                    "consent_given_at": DEMO_EPOCH + timedelta(days=index, hours=rng.randint(0, 9)),
                },
                "languages": [{"language": name, "level": level} for name, level in languages],
                "domains": [
                    {"domain": domain, "years": rng.randint(low, high)}
                    for domain, low, high in domains
                ],
                "education": [
                    {"level": level, "field": field_name, "institution": institution}
                    for level, field_name, institution in rng.choice(track["education"])
                ],
                "experience": [
                    {
                        "what_trained": what_trained,
                        "data": data,
                        "measurement": measurement,
                        "started_on": started_on,
                        "ended_on": started_on + timedelta(days=rng.randint(90, 400)),
                    }
                ],
                "work_samples": [
                    {
                        "title": sample_title,
                        "url": f"https://portfolio.example.com/{handle}/{slug_of(sample_title)}",
                    }
                ],
            }
        )
    return specs


@dataclass(frozen=True)
class KnockedOut:
    """An application rejected automatically on its knock-out answers."""

    reach: str = Stage.APPLIED
    exit: str = Stage.REJECTED
    reason: str = ""
    knockout: bool = True


# (candidate e-mail, role title, where the application ends up)
Planned = tuple[str, str, Destination]


def application_plan(rng: random.Random, candidates: list[dict]) -> list[Planned]:
    """(candidate e-mail, role title, outcome) for every demo application.

    An applicant whose knock-out answers fall short is rejected automatically, whatever
    outcome the draw gave them.
    """
    roles = {spec["title"]: spec for spec in ROLES}
    plan = []
    for title, outcomes in PIPELINE_PLAN.items():
        applicants = [c for c in candidates if title in TRACKS[c["track"]]["applies_to"]]
        if len(applicants) != len(outcomes):
            raise ValueError(f"{title}: {len(applicants)} applicants for {len(outcomes)} outcomes")
        shuffled = rng.sample(outcomes, k=len(outcomes))
        for spec, drawn in zip(applicants, shuffled, strict=True):
            outcome: Destination = drawn
            answers = declared_by_established_candidate(spec, roles[title])
            if failures := knockout_failures(answers, roles[title]):
                outcome = KnockedOut(reason=" ".join(failures))
            plan.append((spec["email"], title, outcome))
    return plan


def knockout_answers_of(candidates: list[dict], plan: list[tuple]) -> dict[tuple, dict]:
    """{(e-mail, role title): knock-out answers} for the established candidates' plan."""
    roles = {spec["title"]: spec for spec in ROLES}
    by_email = {spec["email"]: spec for spec in candidates}
    return {
        (email, title): declared_by_established_candidate(by_email[email], roles[title])
        for email, title, _outcome in plan
    }


def attempt_plan(rng: random.Random, plan: list[Planned]) -> list[dict]:
    """How each applicant who reaches a role's calibration task answers it, item by item.

    Items are named by 1-based position, shown in the order ``attempt_item_order`` draws
    from the attempt's seed. Responses come in the order the items are shown; an attempt
    still in progress keeps only the first ``answered_if_unfinished`` of them.
    """
    assessment_of_role = {spec["title"]: spec["assessment"] for spec in ROLES}
    assessments = {spec["title"]: spec for spec in ASSESSMENTS}
    attempts = []
    for email, role_title, outcome in plan:
        assessment = assessments.get(assessment_of_role[role_title])
        path = [Stage.APPLIED, *path_to(outcome, has_assessment=True)]
        state = calibration_state(set(path), path[-1])
        if assessment is None or state is None:
            continue
        items = assessment["items"]
        seed = rng.randrange(1, 2**31)
        order = attempt_item_order(
            range(1, len(items) + 1), seed=seed, shuffle=assessment.get("shuffle", True)
        )
        explained = rationale_positions(rng, items, assessment["rationale_count"])
        skill = skill_of(outcome)
        ordinary = [
            n for n in order if n not in explained and not items[n - 1]["gold"]["is_edge_case"]
        ]
        wrong = set(rng.sample(ordinary, k=round((1 - skill) * len(ordinary))))
        responses = [
            {
                "position": n,
                **response_plan(
                    rng, items[n - 1], skill=skill, explain=n in explained, wrong=n in wrong
                ),
            }
            for n in order
        ]
        days_since_submitted = MAIN_LINE.index(outcome.reach) - MAIN_LINE.index(Stage.SUBMITTED)
        attempts.append(
            {
                "email": email,
                "role": role_title,
                "assessment": assessment["title"],
                "seed": seed,
                "order": order,
                "responses": responses,
                "finished": state == Attempt.State.SUBMITTED,
                "answered_if_unfinished": rng.randint(len(items) // 2 - 1, len(items) // 2 + 1),
                "started_ago": timedelta(
                    days=rng.randint(1, 3) + max(0, days_since_submitted),
                    minutes=rng.randint(0, 10 * 60),
                ),
                "overhead": timedelta(seconds=rng.randint(60, 300)),
            }
        )
    return attempts
