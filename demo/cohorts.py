"""The two large demo cohorts and their knock-out answers. Pure: no database.

Each cohort is a crowd of generated candidates (names by country, full profiles from a
track) applying to one role with a 50-plus-item assessment. Knock-out answers come from
each profile, in the shape ``hiring.roles.knockouts`` reads (``"language:English"``,
``"tz_overlap"``, ``"domain_years"``); answers below the role's bar reject the
application automatically, with the reason. The rest move through the pipeline by how
their simulated attempt went.
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from demo.knockouts import knockout_answers, knockout_failures, overlap_hours
from demo.people import DEMO_EPOCH
from demo.plans import email_for, slug_of
from demo.simulation import (
    accuracy,
    attempt_timing,
    draw_order,
    simulate_attempt,
    skills_for,
)
from hiring.models import Application

Stage = Application.Stage
CURRENCY_BY_COUNTRY = {"GB": "GBP", "IE": "EUR", "DE": "EUR", "ES": "EUR", "NL": "EUR"}
CURRENCY_BY_COUNTRY |= {"PT": "EUR", "IN": "INR", "CA": "CAD", "FR": "EUR", "IT": "EUR"}

# country, IANA time zone, native language, given names, family names
NAME_POOLS = (
    ("GB", "Europe/London", "English", ("Amelia", "Oliver", "Isla", "Rory", "Freya", "Tom"),
     ("Hughes", "Patel", "Morrison", "Clarke", "Ahmed", "Fraser")),
    ("IE", "Europe/Dublin", "English", ("Aoife", "Cian", "Niamh", "Eoin"),
     ("Byrne", "O'Connor", "Walsh", "Doyle")),
    ("US", "America/New_York", "English", ("Jordan", "Maya", "Tyler", "Renee", "Caleb"),
     ("Brooks", "Nguyen", "Ramirez", "Sullivan", "Foster")),
    ("CA", "America/Toronto", "English", ("Chloé", "Liam", "Priya", "Noah"),
     ("Gagnon", "MacLeod", "Singh", "Roy")),
    ("IN", "Asia/Kolkata", "Hindi", ("Ananya", "Arjun", "Meera", "Vikram", "Deepa"),
     ("Nair", "Kulkarni", "Reddy", "Banerjee", "Joshi")),
    ("NG", "Africa/Lagos", "Yoruba", ("Chiamaka", "Tunde", "Ngozi", "Emeka"),
     ("Okafor", "Adebayo", "Eze", "Balogun")),
    ("KE", "Africa/Nairobi", "Swahili", ("Wanjiru", "Otieno", "Akinyi", "Kiprop"),
     ("Mwangi", "Odhiambo", "Chebet", "Kamau")),
    ("ZA", "Africa/Johannesburg", "Afrikaans", ("Thandi", "Pieter", "Lerato", "Sipho"),
     ("van der Merwe", "Nkosi", "Botha", "Mokoena")),
    ("DE", "Europe/Berlin", "German", ("Lena", "Jonas", "Miriam", "Felix"),
     ("Hoffmann", "Schulz", "Wagner", "Krüger")),
    ("NL", "Europe/Amsterdam", "Dutch", ("Sanne", "Daan", "Femke", "Ruben"),
     ("de Vries", "Jansen", "Bakker", "Visser")),
    ("ES", "Europe/Madrid", "Spanish", ("Lucía", "Pablo", "Carmen", "Diego"),
     ("Fernández", "Ruiz", "Moreno", "Navarro")),
    ("PT", "Europe/Lisbon", "Portuguese", ("Inês", "Tiago", "Beatriz", "Rui"),
     ("Ferreira", "Costa", "Almeida", "Sousa")),
    ("PH", "Asia/Manila", "Filipino", ("Angelica", "Paolo", "Kristine", "Marco"),
     ("Reyes", "Cruz", "Bautista", "Villanueva")),
    ("PK", "Asia/Karachi", "Urdu", ("Ayesha", "Hamza", "Sana", "Bilal"),
     ("Qureshi", "Malik", "Siddiqui", "Butt")),
    ("EG", "Africa/Cairo", "Arabic", ("Nour", "Omar", "Salma", "Karim"),
     ("Hassan", "Mahmoud", "Farouk", "Saleh")),
    ("AU", "Australia/Sydney", "English", ("Matilda", "Lachlan", "Ruby", "Hamish"),
     ("Kelly", "Nguyen", "Thompson", "Wilson")),
)  # fmt: skip

# How well each candidate speaks English, before any weights (native speakers excepted).
ENGLISH_LEVELS = ("B2", "C1", "C1", "C1", "C2", "C2", "C2", "C2", "C2", "C2")


@dataclass(frozen=True)
class Cohort:
    role: str
    assessment: str
    size: int
    track: dict
    seed_offset: int


def generated_names(rng: random.Random, count: int, taken: set[str]) -> list[tuple]:
    """``count`` distinct (full name, country, time zone, native language)."""
    people: list[tuple] = []
    while len(people) < count:
        country, tz, native, given, family = rng.choice(NAME_POOLS)
        name = f"{rng.choice(given)} {rng.choice(family)}"
        if name in taken:
            continue
        taken.add(name)
        people.append((name, country, tz, native))
    return people


def cohort_candidate(rng: random.Random, person: tuple, track: dict, index: int) -> dict:
    full_name, country, time_zone, native = person
    languages = [{"language": "English", "level": "native"}]
    if native != "English":
        languages = [
            {"language": "English", "level": rng.choice(ENGLISH_LEVELS)},
            {"language": native, "level": "native"},
        ]
    domain, low, high = track["domain"]
    domains = [{"domain": domain, "years": rng.randint(low, high)}]
    if rng.random() < 0.4:
        other, o_low, o_high = track["second_domain"]
        domains.append({"domain": other, "years": rng.randint(o_low, o_high)})
    what_trained, data, measurement = rng.choice(track["experience"])
    started_on = (DEMO_EPOCH - timedelta(days=rng.randint(200, 1400))).date()
    sample = rng.choice(track["samples"])
    handle = email_for(full_name).split("@")[0]
    currency = CURRENCY_BY_COUNTRY.get(country, "USD")
    return {
        "email": email_for(full_name),
        "full_name": full_name,
        "track": track["name"],
        "profile": {
            "headline": rng.choice(track["headlines"]),
            "country": country,
            "time_zone": time_zone,
            "tools": rng.sample(track["tools"], k=rng.randint(2, 4)),
            "modalities": list(track["modalities"]),
            "hourly_rate": track["rate"](rng, currency),
            "rate_currency": currency,
            "hours_per_week": rng.choice((10, 15, 20, 25, 30)),
            "consent_given_at": DEMO_EPOCH + timedelta(days=30 + index, hours=rng.randint(0, 9)),
        },
        "languages": languages,
        "domains": domains,
        "education": [
            {"level": level, "field": field, "institution": institution}
            for level, field, institution in rng.choice(track["education"])
        ],
        "experience": [
            {
                "what_trained": what_trained,
                "data": data,
                "measurement": measurement,
                "started_on": started_on,
                "ended_on": started_on + timedelta(days=rng.randint(90, 500)),
            }
        ],
        "work_samples": [
            {"title": sample, "url": f"https://portfolio.example.com/{handle}/{slug_of(sample)}"}
        ],
        "flex_hours": rng.choice((1, 2, 3, 3, 4, 5)),  # how far they will shift their day
    }


def left_incomplete(spec: dict) -> dict:
    """A profile started and left: no headline, experience, samples, tools or rate."""
    spec = {**spec, "profile": dict(spec["profile"])}
    spec["profile"].update(headline="", tools=[], hourly_rate=None, hours_per_week=None)
    spec.update(experience=[], work_samples=[], education=[])
    return spec


def without_consent(spec: dict) -> dict:
    spec = {**spec, "profile": dict(spec["profile"])}
    withdrawn_at = spec["profile"]["consent_given_at"] + timedelta(days=12)
    spec["profile"].update(consent_given_at=None, consent_withdrawn_at=withdrawn_at)
    return spec


def usd_rate(low: int, high: int):
    from demo.people import USD_RATE_IN

    def rate(rng: random.Random, currency: str):
        return (rng.randint(low, high) * USD_RATE_IN[currency]).quantize(USD_RATE_IN["USD"])

    return rate


CLINICAL_REVIEWERS = {
    "name": "clinical_reviewer",
    "headlines": (
        "Hospital pharmacist checking model-extracted medication lists",
        "Junior doctor reviewing clinical NLP outputs",
        "Clinical coder moving into LLM evaluation",
        "ICU nurse annotating discharge summaries",
        "GP with an interest in medication safety and AI",
    ),
    "domain": ("medicine", 4, 18),
    "second_domain": ("biology", 1, 6),
    "education": (
        (
            ("bachelor", "Pharmacy (MPharm)", "University of Nottingham"),
            ("licence", "Registered pharmacist", "General Pharmaceutical Council"),
        ),
        (
            ("bachelor", "Medicine (MBChB)", "University of Edinburgh"),
            ("licence", "Full registration", "General Medical Council"),
        ),
        (
            ("bachelor", "Nursing (BSc)", "University of Toronto"),
            ("licence", "Registered nurse", "College of Nurses of Ontario"),
        ),
        (
            ("bachelor", "Medicine (MBBS)", "University of Lagos"),
            ("licence", "Full registration", "Medical and Dental Council of Nigeria"),
        ),
        (
            ("master", "Clinical Pharmacy", "University of Sydney"),
            ("licence", "Registered pharmacist", "Pharmacy Board of Australia"),
        ),
    ),
    "experience": (
        (
            "Medication reconciliation checker for discharge letters",
            "3,000 de-identified discharge letters with pharmacist-verified medication lists",
            "Share of seeded dose and frequency errors caught, from 72% to 91%; I kept a log of "
            "misses by category and re-trained the team on the worst two.",
        ),
        (
            "Clinical summarisation model evaluation",
            "1,200 inpatient notes paired with model summaries",
            "Rate of unsupported statements per summary, double-reviewed; down from 0.8 to 0.2 "
            "over four model versions.",
        ),
        (
            "Adverse drug event extraction",
            "Pharmacovigilance case narratives, 5,000 reports",
            "Span F1 against an adjudicated gold set, plus Cohen's kappa with a second pharmacist "
            "on a 10% overlap.",
        ),
    ),
    "tools": ("Prodigy", "Label Studio", "INCEpTION", "Epic", "Excel", "Argilla"),
    "modalities": ("text",),
    "rate": usd_rate(45, 95),
    "samples": ("Medication error taxonomy notes", "Annotated discharge letter walkthrough"),
}
LEGAL_RATERS = {
    "name": "legal_rater",
    "headlines": (
        "Paralegal rating legal-assistant answers",
        "Law graduate and RLHF preference rater",
        "Employment-law adviser evaluating chatbots",
        "Trainee solicitor comparing model answers",
        "Compliance analyst turned AI rater",
    ),
    "domain": ("law", 2, 9),
    "second_domain": ("finance", 1, 5),
    "education": (
        (("bachelor", "Law (LLB)", "University of Manchester"),),
        (("bachelor", "Law (LLB)", "Trinity College Dublin"),),
        (("master", "Law (LLM)", "University of Cape Town"),),
        (("bachelor", "Jurisprudence", "University of Oxford"),),
        (("bachelor", "Law (LLB)", "University of Delhi"),),
        (("secondary", "A levels: law, history, English", "Hills Road Sixth Form College"),),
    ),
    "experience": (
        ("Reward model for a legal Q&A assistant",
         "25,000 pairwise comparisons of answers to small-business legal questions",
         "Reward-model accuracy on a solicitor-labelled held-out set, and my agreement with "
         "the senior rater (81% to 90% over six weeks)."),
        ("Helpfulness and accuracy ratings for a contracts chatbot",
         "Multi-turn conversations about leases and employment contracts",
         "Krippendorff's alpha across the rater pool each week; I kept an edge-case log that "
         "became part of the guideline."),
        ("Red-teaming a legal assistant for confident errors",
         "1,800 adversarial prompts on limitation periods and thresholds",
         "Share of outdated thresholds the model repeated, tracked per release; from 14% to 3%."),
    ),
    "tools": ("Scale Rapid", "Surge", "Argilla", "Label Studio", "Google Sheets"),
    "modalities": ("text",),
    "rate": usd_rate(20, 45),
    "samples": ("Preference rationale examples", "Limitation periods cheat sheet"),
}  # fmt: skip

ACCOMMODATION_REASONS = (
    (20, "Dyslexia: assessed need for extra reading time (report on file)."),
    (15, "Screen-reader user; the span items take longer to navigate."),
    (10, "Unreliable power supply in the candidate's area; agreed before the start."),
)
CONTEST_REASONS = (
    "I flagged this item as ambiguous with a note. I think my answer is defensible and "
    "should be accepted as an alternative.",
    "The guideline does not say how to treat this case. I would like a second reviewer to "
    "look at the expected answer.",
)


@dataclass(frozen=True)
class PlannedApplication:
    email: str
    role: str
    reach: str
    exit: str | None = None
    reason: str = ""
    knockout: bool = False
    answers: dict | None = None


def cohort_plan(
    rng: random.Random, cohort: Cohort, role: dict, assessment: dict, taken: set[str]
) -> dict:
    """Candidates, applications (with outcomes) and attempts of one cohort.

    Applicants who pass the knock-outs are shuffled: a few wait at "applied" or "invited",
    two are halfway through the task, the rest have submitted. Of those, the latest few are
    still "submitted"; the others are scored and moved on by their accuracy against gold.
    """
    people = generated_names(rng, cohort.size, taken)
    candidates = [
        cohort_candidate(rng, person, cohort.track, cohort.seed_offset + n)
        for n, person in enumerate(people)
    ]
    candidates[-1] = left_incomplete(candidates[-1])
    candidates[-2] = without_consent(candidates[-2])
    applications, passing = {}, []
    for spec in candidates:
        natural = overlap_hours(spec["profile"]["time_zone"], role["fields"]["tz_reference"])
        declared = min(8, natural + spec["flex_hours"])
        answers = knockout_answers(spec, role, declared_overlap=declared)
        email, title = spec["email"], role["title"]
        if failures := knockout_failures(answers, role):
            applications[email] = PlannedApplication(
                email, title, Stage.APPLIED, Stage.REJECTED, " ".join(failures), True, answers
            )
        elif spec["profile"]["consent_given_at"] is None:
            reason = "Withdrew consent to the processing of their data."
            applications[email] = PlannedApplication(
                email, title, Stage.APPLIED, Stage.WITHDRAWN, reason, answers=answers
            )
        elif not spec["experience"]:
            applications[email] = PlannedApplication(email, title, Stage.APPLIED, answers=answers)
        else:
            passing.append((spec, answers))

    rng.shuffle(passing)
    waiting = (Stage.APPLIED, Stage.INVITED, Stage.INVITED, Stage.IN_PROGRESS, Stage.IN_PROGRESS)
    skills = skills_for(rng, len(passing))
    rusher = min(range(len(waiting), len(passing)), key=lambda i: skills[i])
    items, count = assessment["items"], assessment.get("items_per_attempt")
    exposure: Counter = Counter()
    attempts: list[dict] = []
    leader = None
    for n, ((spec, answers), skill) in enumerate(zip(passing, skills, strict=True)):
        stage = waiting[n] if n < len(waiting) else Stage.SUBMITTED
        email, title = spec["email"], role["title"]
        if stage in {Stage.APPLIED, Stage.INVITED}:
            applications[email] = PlannedApplication(email, title, stage, answers=answers)
            continue
        seed = rng.randrange(1, 2**31)
        order = draw_order(items, exposure, seed=seed, count=count)
        copying = None
        if stage == Stage.SUBMITTED and 0.35 < skill < 0.6 and n != rusher:
            if leader is None:
                leader = len(attempts)
            elif attempts[leader]["copied_by"] is None:
                copying = attempts[leader]
        responses = simulate_attempt(
            rng,
            assessment,
            order,
            skill=skill,
            rusher=n == rusher,
            copy_of={r["position"]: r for r in copying["responses"]} if copying else None,
        )
        attempt = {
            "email": email,
            "role": title,
            "assessment": assessment["title"],
            "seed": seed,
            "order": order,
            "responses": [{"position": p, **responses[p]} for p in order],
            "skill": skill,
            "accuracy": accuracy(assessment, responses),
            "finished": stage == Stage.SUBMITTED,
            "answered": len(order) if stage == Stage.SUBMITTED else rng.randint(12, 20),
            "copied_by": None,
            "copies": copying["email"] if copying else None,
            "extra_minutes": 0,
            "accommodation": "",
            "contest": None,
            "answers": answers,
        }
        if copying:
            copying["copied_by"] = email
        attempts.append(attempt)

    finished = [a for a in attempts if a["finished"]]
    gate = assessment["pass_gates"]["accuracy"]
    latest = set(rng.sample(range(len(finished)), k=5))
    ranked = sorted(
        (i for i in range(len(finished)) if i not in latest),
        key=lambda i: -finished[i]["accuracy"],
    )
    outcomes: dict[int, tuple[str, str | None, str]] = {}
    for place, i in enumerate(ranked):
        share = finished[i]["accuracy"]
        if share < gate:
            reason = (
                f"Calibration accuracy {share:.0%} against gold, below the {gate:.0%} pass gate."
            )
            outcomes[i] = (Stage.SCORED, Stage.REJECTED, reason)
        else:
            reach = (
                Stage.INTERVIEW if place < 2 else Stage.SHORTLISTED if place < 5 else Stage.SCORED
            )
            outcomes[i] = (reach, None, "")
    for i in latest:
        outcomes[i] = (Stage.SUBMITTED, None, "")
    for i, attempt in enumerate(finished):
        reached, exit_, reason = outcomes[i]
        email = attempt["email"]
        applications[email] = PlannedApplication(
            email, attempt["role"], reached, exit_, reason, answers=attempt["answers"]
        )
        attempt.update(attempt_timing(rng, stage=exit_ or reached, finished=True))
    for attempt in attempts:
        if not attempt["finished"]:
            email = attempt["email"]
            applications[email] = PlannedApplication(
                email, attempt["role"], Stage.IN_PROGRESS, answers=attempt["answers"]
            )
            attempt.update(attempt_timing(rng, stage=Stage.IN_PROGRESS, finished=False))

    for (minutes, reason), attempt in zip(
        ACCOMMODATION_REASONS, rng.sample(finished, k=3), strict=True
    ):
        attempt.update(extra_minutes=minutes, accommodation=reason)
    scored = [
        finished[i]
        for i, (reach, _exit, _reason) in sorted(outcomes.items())
        if reach != Stage.SUBMITTED and not all(r["correct"] for r in finished[i]["responses"])
    ]
    for reason, attempt in zip(CONTEST_REASONS, rng.sample(scored, k=2), strict=True):
        positions = [r["position"] for r in attempt["responses"] if not r["correct"]]
        edge = [p for p in positions if assessment["items"][p - 1]["gold"]["is_edge_case"]]
        attempt["contest"] = ((edge or positions)[0], reason)
    return {
        "candidates": candidates,
        "applications": [applications[spec["email"]] for spec in candidates],
        "attempts": attempts,
    }


def _cohorts():
    from demo import clinical_items, preference_items
    from demo.roles import CLINICAL_REVIEW_ROLE, PREFERENCE_ROLE

    return (
        Cohort(CLINICAL_REVIEW_ROLE, clinical_items.TITLE, 44, CLINICAL_REVIEWERS, 100),
        Cohort(PREFERENCE_ROLE, preference_items.TITLE, 44, LEGAL_RATERS, 200),
    )


COHORTS = _cohorts()
