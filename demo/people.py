"""The demo's candidates: what each kind looks like, who they are and what they charge."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from demo.roles import CLINICAL_ROLE, CODE_REVIEW_ROLE, CONTRACT_ROLE, RLHF_ROLE

# What each kind of candidate looks like, and which roles they apply to.
TRACKS: dict[str, dict[str, Any]] = {
    "law": {
        "applies_to": (CONTRACT_ROLE,),
        "headlines": (
            "Commercial lawyer turned legal-AI annotator",
            "Contract analyst: 5,000+ clauses labelled for extraction models",
            "Trainee solicitor with a taste for clean taxonomies",
        ),
        "domains": (("law", 3, 12), ("finance", 1, 4)),
        "education": (
            (("bachelor", "Law (LLB)", "University of Leeds"),),
            (("bachelor", "Law (LLB)", "National Law School of India University"),),
            (("master", "Commercial Law (LLM)", "Queen Mary University of London"),),
            (("licence", "Solicitor (SQE)", "Solicitors Regulation Authority"),),
        ),
        "experience": (
            (
                "Clause-classification model for NDAs",
                "4,200 NDAs from a legal-tech vendor, 38 clause types",
                "Held-out macro F1 rose from 0.71 to 0.84 over three relabelling rounds; I "
                "tracked inter-annotator kappa on a 10% overlap each round.",
            ),
            (
                "Obligation extraction for supply agreements",
                "1,100 supply agreements, span-level annotation",
                "Span F1 on a frozen gold set, checked weekly; my error log cut disagreement "
                "on 'shall'/'may' obligations by half.",
            ),
        ),
        "tools": ("Label Studio", "Prodigy", "Kira", "Luminance", "Excel"),
        "modalities": ("text",),
        "usd_rate": (30, 60),
        "samples": ("Clause taxonomy style guide", "Annotated NDA walkthrough"),
    },
    "software": {
        "applies_to": (CODE_REVIEW_ROLE,),
        "headlines": (
            "Senior Python engineer evaluating code LLMs",
            "Back-end developer, 3 years rating model-written patches",
            "SRE who reviews more AI code than human code",
        ),
        "domains": (("software", 3, 15), ("mathematics", 1, 5)),
        "education": (
            (("bachelor", "Computer Science", "Technische Universität München"),),
            (("bachelor", "Software Engineering", "University of Nairobi"),),
            (("master", "Computer Science", "KAIST"),),
            (("bachelor", "Computer Engineering", "UNAM"),),
        ),
        "experience": (
            (
                "Code-review assistant for Python pull requests",
                "9,000 PRs from open-source Django and FastAPI projects",
                "Share of seeded bugs the model flagged, from 41% to 67%; I wrote the seeded-bug "
                "suite and re-ran it after every fine-tune.",
            ),
            (
                "Unit-test generation model",
                "Functions sampled from 300 Python repositories",
                "Mutation score of generated tests on a fixed benchmark, plus pass@1 of the "
                "tests against the original code.",
            ),
        ),
        "tools": ("pytest", "mypy", "Label Studio", "Argilla", "VS Code", "GitHub"),
        "modalities": ("code", "text"),
        "usd_rate": (40, 80),
        "samples": ("Patch review write-up", "Seeded-bug benchmark notes"),
    },
    "medicine": {
        "applies_to": (CLINICAL_ROLE, RLHF_ROLE),
        "headlines": (
            "Hospitalist physician annotating clinical notes",
            "Clinical pharmacist: medication extraction and reconciliation",
            "Nurse practitioner building gold sets for clinical NLP",
        ),
        "domains": (("medicine", 4, 20), ("biology", 1, 6)),
        "education": (
            (
                ("bachelor", "Medicine (MBBS)", "University of the Philippines Manila"),
                ("licence", "Physician licence", "Professional Regulation Commission"),
            ),
            (
                ("bachelor", "Medicine (MBBS)", "King's College London"),
                ("licence", "Full registration", "General Medical Council"),
            ),
            (
                ("master", "Clinical Pharmacy", "Karolinska Institutet"),
                ("licence", "Licensed pharmacist", "Swedish National Board of Health"),
            ),
            (
                ("master", "Nursing (MSN)", "Rush University"),
                ("licence", "Nurse practitioner (APRN)", "Illinois Board of Nursing"),
            ),
        ),
        "experience": (
            (
                "Medication-extraction model for discharge summaries",
                "2,600 de-identified discharge summaries (MIMIC-style)",
                "Entity F1 against a double-annotated gold set, 0.78 to 0.90; we tracked "
                "negation errors separately because they mattered most clinically.",
            ),
            (
                "Triage-advice assistant evaluation",
                "1,500 consumer symptom questions with clinician reference answers",
                "Rate of missed red flags per 100 answers, audited monthly; down from 6 to 1.",
            ),
        ),
        "tools": ("Prodigy", "brat", "INCEpTION", "Label Studio", "Epic"),
        "modalities": ("text",),
        "usd_rate": (55, 110),
        "samples": ("Negation tagging guide", "Gold-set adjudication notes"),
    },
    "rlhf": {
        "applies_to": (RLHF_ROLE,),
        "headlines": (
            "RLHF rater with a public-health background",
            "Preference ranker for health and wellness assistants",
            "Biomedical scientist rating LLM answers",
        ),
        "domains": (("biology", 2, 8), ("psychology", 1, 5), ("general", 1, 4)),
        "education": (
            (("bachelor", "Biomedical Science", "University of Cape Town"),),
            (("bachelor", "Public Health", "Universidade de São Paulo"),),
            (("master", "Public Health (MPH)", "University College Dublin"),),
            (("bachelor", "Nursing", "Université Mohammed V"),),
        ),
        "experience": (
            (
                "Reward model for a health Q&A assistant",
                "40,000 pairwise comparisons of assistant answers",
                "Reward-model accuracy on a held-out clinician-labelled set, and my agreement "
                "with the clinical reviewer (86% to 93% over two months).",
            ),
            (
                "Helpfulness and harmlessness ratings for a chat model",
                "Multi-turn conversations in English and Spanish",
                "Weekly Krippendorff's alpha across the rater pool; I raised my own agreement "
                "by keeping an edge-case log.",
            ),
        ),
        "tools": ("Scale Rapid", "Surge", "Argilla", "Google Sheets"),
        "modalities": ("text", "audio"),
        "usd_rate": (18, 40),
        "samples": ("Preference rationale examples", "Edge-case log (redacted)"),
    },
}

# name, country, IANA time zone, track, languages
CANDIDATES = (
    ("Eleanor Whitfield", "GB", "Europe/London", "law", (("English", "native"),)),
    ("Rahul Mehta", "IN", "Asia/Kolkata", "law", (("English", "C2"), ("Hindi", "native"))),
    ("Sofia Marchetti", "IT", "Europe/Rome", "law", (("English", "C2"), ("Italian", "native"))),
    ("Daniel Okonkwo", "NG", "Africa/Lagos", "law", (("English", "native"), ("Igbo", "native"))),
    ("Claire Tremblay", "CA", "America/Toronto", "law", (("English", "C2"), ("French", "native"))),
    ("Marcus Bell", "US", "America/New_York", "law", (("English", "native"),)),
    ("Priya Raman", "IN", "Asia/Kolkata", "software", (("English", "C2"), ("Tamil", "native"))),
    (
        "Tomás Herrera",
        "MX",
        "America/Mexico_City",
        "software",
        (("English", "C1"), ("Spanish", "native")),
    ),
    ("Lukas Becker", "DE", "Europe/Berlin", "software", (("English", "C1"), ("German", "native"))),
    (
        "Aisha Bello",
        "KE",
        "Africa/Nairobi",
        "software",
        (("English", "C2"), ("Swahili", "native")),
    ),
    ("Ji-woo Park", "KR", "Asia/Seoul", "software", (("English", "B2"), ("Korean", "native"))),
    ("Ethan Caldwell", "US", "America/Los_Angeles", "software", (("English", "native"),)),
    (
        "Hannah Lindqvist",
        "SE",
        "Europe/Stockholm",
        "medicine",
        (("English", "C2"), ("Swedish", "native")),
    ),
    ("Samuel Adeyemi", "GB", "Europe/London", "medicine", (("English", "native"),)),
    (
        "Maria Santos",
        "PH",
        "Asia/Manila",
        "medicine",
        (("English", "C2"), ("Filipino", "native")),
    ),
    (
        "Kavya Iyer",
        "IN",
        "Asia/Kolkata",
        "medicine",
        (("English", "C2"), ("Malayalam", "native"), ("Hindi", "B2")),
    ),
    (
        "Gabriel Moreau",
        "FR",
        "Europe/Paris",
        "medicine",
        (("English", "C1"), ("French", "native")),
    ),
    (
        "Olivia Chen",
        "US",
        "America/Chicago",
        "medicine",
        (("English", "native"), ("Mandarin", "B2")),
    ),
    (
        "Fatima Zahra Benali",
        "MA",
        "Africa/Casablanca",
        "rlhf",
        (("English", "C1"), ("Arabic", "native"), ("French", "C2")),
    ),
    (
        "Lucas Oliveira",
        "BR",
        "America/Sao_Paulo",
        "rlhf",
        (("English", "C1"), ("Portuguese", "native")),
    ),
    ("Nora Kelly", "IE", "Europe/Dublin", "rlhf", (("English", "native"), ("Irish", "B1"))),
    (
        "Zanele Dlamini",
        "ZA",
        "Africa/Johannesburg",
        "rlhf",
        (("English", "C2"), ("Zulu", "native")),
    ),
    ("Mateo García", "ES", "Europe/Madrid", "rlhf", (("English", "C1"), ("Spanish", "native"))),
    ("Grace Wong", "CA", "America/Vancouver", "rlhf", (("English", "native"), ("Cantonese", "C1"))),
)

CURRENCY_BY_COUNTRY = {"GB": "GBP", "IE": "EUR", "IT": "EUR", "DE": "EUR", "FR": "EUR"}
CURRENCY_BY_COUNTRY |= {"SE": "EUR", "ES": "EUR", "IN": "INR", "CA": "CAD"}
USD_RATE_IN = {"USD": Decimal("1"), "EUR": Decimal("0.92"), "GBP": Decimal("0.79")}
USD_RATE_IN |= {"INR": Decimal("83"), "CAD": Decimal("1.36")}

# Consent dates, experience dates: fixed, so reruns write the same values.
DEMO_EPOCH = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
