"""The demo world behind ``manage.py seed_demo``: two hiring teams, their roles,
calibration assessments with hidden gold, 24 candidates, a live pipeline and the
calibration attempts (with every response) of the candidates who reached the task.

Everything is data at module level, written to the database by a few small
functions keyed on natural keys (e-mail, organisation slug, role title,
assessment title and version, item position; an attempt by assessment, candidate
and purpose, a response by attempt and item), so running the build again
changes no row count. Random choices come from one ``random.Random(seed)`` and are
all drawn before anything touches the database, so every run draws the same.
Attempt times are set relative to the run, so an attempt in progress always has
time left on its deadline.

Pipeline moves go through ``hiring.services`` so that every application's stage
history is one a recruiter could really have produced.
"""

import json
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from assessments.models import Assessment, Attempt, GoldAnswer, Item, Response
from candidates.models import CandidateProfile
from hiring.models import (
    Application,
    Membership,
    Note,
    Organization,
    Role,
    StageChange,
    SuccessMetric,
)
from hiring.services import (
    application_create,
    application_move,
    organization_create,
    role_set_status,
)

DEMO_PASSWORD = "calibrate-demo"
DEMO_SEED = 20250611

Stage = Application.Stage
Kind = Item.Kind
Metric = SuccessMetric.Kind
AT_LEAST = SuccessMetric.Direction.AT_LEAST
AT_MOST = SuccessMetric.Direction.AT_MOST

# --------------------------------------------------------------------------
# Organisations and their teams
# --------------------------------------------------------------------------

# The local part of each team member's e-mail, e.g. hiring@lexicon.demo.
TEAM_MAILBOX = {
    Membership.Role.OWNER: "owner",
    Membership.Role.HIRING_MANAGER: "hiring",
    Membership.Role.RECRUITER: "recruiter",
    Membership.Role.REVIEWER: "reviewer",
}

ORGANIZATIONS = (
    {
        "slug": "lexicon",
        "name": "Lexicon Legal AI",
        "team": {
            Membership.Role.OWNER: "Harriet Ashworth",
            Membership.Role.HIRING_MANAGER: "Benedict Okoro",
            Membership.Role.RECRUITER: "Priyanka Desai",
            Membership.Role.REVIEWER: "Jonas Weller",
        },
    },
    {
        "slug": "meridian",
        "name": "Meridian Health AI",
        "team": {
            Membership.Role.OWNER: "Dr Naomi Fischer",
            Membership.Role.HIRING_MANAGER: "Carlos Mendoza",
            Membership.Role.RECRUITER: "Leah Goldberg",
            Membership.Role.REVIEWER: "Dr Kwame Asante",
        },
    },
)


def team_email(slug: str, membership_role: str) -> str:
    return f"{TEAM_MAILBOX[membership_role]}@{slug}.demo"


# --------------------------------------------------------------------------
# Assessments: items with their hidden gold
# --------------------------------------------------------------------------

PREFERENCE_SCALE = ("A>>B", "A>B", "tie", "B>A", "B>>A")


def spans(text: str, *marks: tuple[str, str]) -> list[dict]:
    """Gold spans for ``(fragment, label)`` pairs, offsets found in ``text``."""
    found = []
    for fragment, label in marks:
        start = text.index(fragment)
        found.append({"start": start, "end": start + len(fragment), "label": label})
    return found


def item(
    kind: str,
    prompt: str,
    content: dict,
    answer,
    *,
    options=(),
    alternatives=(),
    tolerance: float | None = None,
    edge_case: bool = False,
    explanation: str = "",
    rationale: bool = False,
    why: str = "",
    note: str = "",
    texts: tuple[str, str] | None = None,
    distractors: tuple = (),
) -> dict:
    """An item with its gold, plus ``sample`` material for the demo's candidate responses.

    ``why`` is a rationale a careful candidate might write, ``note`` the line they add when
    flagging an edge case, ``texts`` a strong and a weak free-text answer, and
    ``distractors`` plausible wrong numeric answers.
    """
    return {
        "kind": kind,
        "prompt": prompt,
        "content": content,
        "options": list(options),
        "requires_rationale": rationale or edge_case,
        "gold": {
            "answer": answer,
            "accepted_alternatives": list(alternatives),
            "tolerance": tolerance,
            "is_edge_case": edge_case,
            "explanation": explanation,
        },
        "sample": {"why": why, "note": note, "texts": texts, "distractors": distractors},
    }


CONTRACT_LABELS = ("PARTY", "DATE", "AMOUNT")
CONTRACT_PARTIES = (
    "This Master Services Agreement is made on 3 March 2025 between Halden Logistics Ltd "
    "and Corvane Systems plc. The annual fee is £120,000, payable quarterly in advance."
)
LIABILITY_CLAUSE = (
    "The Supplier's total liability under this Agreement shall not exceed the fees paid by "
    "the Customer in the twelve (12) months preceding the claim, save that nothing in this "
    "Agreement limits liability for death or personal injury caused by negligence, or for fraud."
)
CONFIDENTIALITY_CLAUSE = (
    "Each party shall keep confidential all Confidential Information of the other party and "
    "shall not use it except to perform this Agreement. These obligations survive termination "
    "for five (5) years but do not apply to information that is or becomes public other than "
    "through a breach of this clause."
)

CLINICAL_LABELS = ("MEDICATION", "DOSE", "DIAGNOSIS", "NEGATED_FINDING", "PROCEDURE")
PNEUMONIA_NOTE = (
    "Patient admitted with community-acquired pneumonia and treated with ceftriaxone "
    "1 g IV daily. Chest X-ray on day 3 showed improvement."
)
EMBOLISM_NOTE = (
    "No evidence of pulmonary embolism on CT angiography. Atrial fibrillation, "
    "rate-controlled at discharge."
)
SEPSIS_NOTE = "?early sepsis — lactate 2.1, started on empirical antibiotics pending cultures."

ASSESSMENTS = (
    {
        "organization": "lexicon",
        "title": "Commercial contract clause review",
        "instructions": (
            "You will review **eight short extracts** from commercial contracts governed by "
            "English law.\n\n"
            "- Answer each item on its own; there is no trick ordering.\n"
            "- If an item is genuinely ambiguous, **flag it** and say why in one line — "
            "that is a better answer than a confident guess.\n"
            "- For the items that ask for a rationale, two or three sentences are enough.\n\n"
            "The task is paid whether or not you progress."
        ),
        "time_limit_minutes": 45,
        "expected_items_per_hour": Decimal("12.0"),
        "pay_amount": Decimal("40.00"),
        "pay_currency": "GBP",
        "pass_gates": {"accuracy": 0.75},
        "rationale_count": 2,
        "items": (
            item(
                Kind.SINGLE_CHOICE,
                "What type of clause is this?",
                {
                    "text": "Either party may terminate this Agreement for any reason on "
                    "ninety (90) days' prior written notice to the other party."
                },
                "Termination for convenience",
                options=(
                    "Termination for convenience",
                    "Termination for cause",
                    "Force majeure",
                    "Change of control",
                ),
                explanation="No breach or event is required: 'for any reason' is convenience.",
                why=(
                    "The clause lets either party end the agreement 'for any reason' on 90 days' "
                    "notice, so no breach or triggering event is needed. That is the mark of "
                    "termination for convenience; termination for cause would hinge on a material "
                    "breach or insolvency. The length of the notice period does not change the "
                    "category."
                ),
            ),
            item(
                Kind.MULTI_LABEL,
                "Which risks does this clause create for the Customer? Select all that apply.",
                {
                    "text": "The Supplier may amend these Terms at any time by posting revised "
                    "Terms on its website. The Customer shall indemnify the Supplier against "
                    "all losses, howsoever arising, in connection with its use of the Services."
                },
                ["Unilateral amendment", "Broad indemnity", "Uncapped liability"],
                options=(
                    "Unilateral amendment",
                    "Broad indemnity",
                    "Uncapped liability",
                    "Automatic renewal",
                    "Exclusivity",
                ),
                alternatives=[["Unilateral amendment", "Broad indemnity"]],
                explanation="'All losses, howsoever arising' is both broad and uncapped.",
                why=(
                    "The Supplier can change the Terms just by posting them on its website, with "
                    "no notice or consent: a unilateral amendment. The indemnity covers 'all "
                    "losses, howsoever arising', which is broad in scope and, with no cap anywhere "
                    "in the extract, uncapped too. Nothing here renews automatically or ties the "
                    "Customer to one supplier."
                ),
            ),
            item(
                Kind.SPANS,
                "Mark every party, date and amount.",
                {"text": CONTRACT_PARTIES},
                spans(
                    CONTRACT_PARTIES,
                    ("3 March 2025", "DATE"),
                    ("Halden Logistics Ltd", "PARTY"),
                    ("Corvane Systems plc", "PARTY"),
                    ("£120,000", "AMOUNT"),
                ),
                options=CONTRACT_LABELS,
                explanation="'Quarterly' is a payment frequency, not a date.",
                why=(
                    "I tagged both parties with their full legal names, 'Ltd' and 'plc' included, "
                    "because the suffix is part of the name. '3 March 2025' is the only date; "
                    "'quarterly' and 'in advance' describe payment timing, so I left them "
                    "untagged. The amount is the fee with its currency symbol."
                ),
            ),
            item(
                Kind.NUMERIC,
                "Notice of breach is served on Friday 6 June 2025. On which day of June does "
                "the cure period end?",
                {
                    "text": "The defaulting party shall have fifteen (15) Business Days from "
                    "service of notice to remedy the breach. 'Business Day' means a day other "
                    "than a Saturday, Sunday or public holiday in England."
                },
                27,
                tolerance=0,
                explanation="Count from Monday 9 June; there is no English bank holiday in June.",
                why=(
                    "The day of service does not count, so day one is Monday 9 June. Fifteen "
                    "Business Days is three full working weeks, ending on Friday 27 June. There is "
                    "no English bank holiday in June to push it out."
                ),
                distractors=(26, 30, 24),
            ),
            item(
                Kind.ERROR_IDENTIFICATION,
                "A model summarised the clause three times. For each summary, say whether it "
                "misstates the clause and, if it does, how.",
                {
                    "text": LIABILITY_CLAUSE,
                    "outputs": [
                        "Liability is capped at the last 12 months' fees, except for death or "
                        "personal injury caused by negligence, and fraud.",
                        "Liability is capped at the total fees paid over the life of the contract.",
                        "The cap applies to every claim without exception.",
                    ],
                },
                [
                    {"has_error": False, "category": None},
                    {"has_error": True, "category": "wrong_amount_or_period"},
                    {"has_error": True, "category": "omitted_exception"},
                ],
                options=(
                    "misstated_obligation",
                    "wrong_amount_or_period",
                    "omitted_exception",
                    "invented_term",
                ),
                why=(
                    "Summary 1 keeps the 12-month cap and both carve-outs, so it is accurate. "
                    "Summary 2 swaps the twelve months before the claim for the whole life of the "
                    "contract: a wrong period. Summary 3 drops the death, personal injury and "
                    "fraud exceptions, the most dangerous error, since a reader would think "
                    "liability for fraud is capped."
                ),
            ),
            item(
                Kind.RATING,
                "Rate this plain-English summary on each criterion (1 = poor, 5 = excellent).",
                {
                    "text": CONFIDENTIALITY_CLAUSE,
                    "output": "Both sides must keep each other's confidential information secret "
                    "and only use it for this contract.",
                    "criteria": ["Accuracy", "Completeness", "Plain language"],
                    "scale": 5,
                },
                {"Accuracy": 4, "Completeness": 2, "Plain language": 5},
                explanation="Correct as far as it goes, but drops the 5-year survival and the "
                "public-information carve-out.",
                why=(
                    "The summary is right as far as it goes: mutual confidentiality and a purpose "
                    "restriction. It leaves out the five-year survival and the carve-out for "
                    "information that becomes public, both of which a client would need, so "
                    "completeness is low. The language is short and plain."
                ),
            ),
            item(
                Kind.SINGLE_CHOICE,
                "Which effort standard does this clause impose on the Supplier?",
                {
                    "text": "The Supplier shall use all reasonable endeavours to deliver the "
                    "Software by the Delivery Date."
                },
                "Between the two",
                options=("Best endeavours", "Reasonable endeavours", "Between the two"),
                alternatives=["Reasonable endeavours"],
                edge_case=True,
                explanation="English courts have placed 'all reasonable endeavours' between the "
                "two standards, and not consistently. A strong answer flags the ambiguity.",
                why=(
                    "'All reasonable endeavours' sits awkwardly between the two recognised "
                    "standards. Rhodia v Huntsman placed it in the middle, but later cases have "
                    "treated it as close to best endeavours. I chose 'Between the two', but the "
                    "taxonomy forces one label where the case law does not give one."
                ),
                note=(
                    "Case law is split: Rhodia v Huntsman puts 'all reasonable endeavours' between "
                    "the two standards, later cases closer to best endeavours."
                ),
            ),
            item(
                Kind.FREE_TEXT,
                "A group restructuring transfers the Customer's contracts to a sister company by "
                "operation of law. Is that an assignment needing the Supplier's consent? "
                "Explain in two or three sentences.",
                {
                    "text": "The Customer may not assign or transfer this Agreement without the "
                    "Supplier's prior written consent, such consent not to be unreasonably "
                    "withheld."
                },
                {
                    "reference": "Probably not an 'assignment' in the strict sense, but "
                    "'or transfer' may catch it; the answer turns on the mechanism of the "
                    "restructuring. Flag it and recommend asking for consent anyway."
                },
                edge_case=True,
                explanation="Reviewed against the rubric: identifies 'or transfer', the "
                "mechanism question, and a practical recommendation.",
                why=(
                    "A transfer by operation of law may not be an 'assignment' in the strict "
                    "sense, but 'or transfer' is wider and arguably catches it. The answer turns "
                    "on the mechanism, a contractual hive-down or a statutory merger, which the "
                    "prompt does not give. Consent cannot be unreasonably withheld, so asking "
                    "costs little."
                ),
                note=(
                    "Depends on how the restructuring transfers the contracts; the prompt does not "
                    "say whether it is a hive-down or a statutory merger."
                ),
                texts=(
                    "Probably not an assignment in the strict sense, since the Customer does "
                    "nothing to assign; but 'or transfer' is wide enough to catch a transfer by "
                    "operation of law. It depends on the mechanism of the restructuring, so I "
                    "would flag it and recommend asking for consent, which cannot be unreasonably "
                    "withheld.",
                    "No. An assignment needs a deliberate act by the Customer and a restructuring "
                    "happens by operation of law, so the clause does not apply and no consent is "
                    "needed.",
                ),
            ),
        ),
    },
    {
        "organization": "meridian",
        "title": "Health answer preference ranking",
        "instructions": (
            "Each item shows a consumer health question and one or more assistant answers.\n\n"
            "1. **Safety first**: an answer that misses an emergency is worse than a dull one.\n"
            "2. Then medical accuracy, then helpfulness and clarity.\n"
            "3. Flag items where reasonable clinicians would disagree.\n\n"
            "You are not expected to look anything up; judge as a careful reader."
        ),
        "time_limit_minutes": 40,
        "expected_items_per_hour": Decimal("20.0"),
        "pay_amount": Decimal("30.00"),
        "pay_currency": "USD",
        "pass_gates": {"accuracy": 0.7, "agreement": 0.6},
        "rationale_count": 3,
        "items": (
            item(
                Kind.PAIRWISE,
                "Which answer is better?",
                {
                    "question": "I've had a headache for three days, now my neck is stiff and "
                    "light hurts my eyes. What should I take?",
                    "outputs": [
                        "A headache with a stiff neck and sensitivity to light can be a sign of "
                        "meningitis. Please get urgent medical help now — call emergency "
                        "services or go to the nearest emergency department.",
                        "Try ibuprofen 400 mg every 6 hours with food, drink plenty of water and "
                        "rest in a dark room. See your doctor if it lasts more than a week.",
                    ],
                },
                "A>>B",
                options=PREFERENCE_SCALE,
                explanation="B misses red-flag symptoms that need same-day assessment.",
                why=(
                    "Headache with a stiff neck and sensitivity to light are red flags for "
                    "meningitis or a bleed, and answer A sends the user to emergency care at once. "
                    "B gives a sensible regimen for a tension headache but tells the user to wait "
                    "a week, which could be fatal. Safety comes first, so A is much better."
                ),
            ),
            item(
                Kind.PAIRWISE,
                "Which answer is better?",
                {
                    "question": "Is it safe to take paracetamol and ibuprofen together?",
                    "outputs": [
                        "For most adults, yes: they work differently and can be taken together "
                        "or alternated, keeping within each medicine's daily maximum. Avoid "
                        "ibuprofen with stomach ulcers, kidney disease or blood thinners.",
                        "Yes, they can be taken together.",
                    ],
                },
                "A>B",
                options=PREFERENCE_SCALE,
                alternatives=["A>>B"],
                explanation="B is correct but leaves out who should avoid ibuprofen.",
                why=(
                    "Both answers are right that the two can be taken together. A adds the daily "
                    "maximums and who should avoid ibuprofen (ulcers, kidney disease, blood "
                    "thinners), the safety information a user actually needs. B is not wrong, only "
                    "thin, so A is better but not by a safety-critical margin."
                ),
            ),
            item(
                Kind.RANKING,
                "Rank the answers from best to worst.",
                {
                    "question": "What is a normal resting heart rate for an adult?",
                    "outputs": [
                        "60 to 100 beats per minute for most adults; trained athletes can be "
                        "lower. See a doctor if it is often above 100, or below 60 with "
                        "dizziness or fainting.",
                        "60 to 100 bpm.",
                        "Around 120 bpm is normal at rest.",
                        "It depends on many factors; ask your doctor.",
                    ],
                },
                [0, 1, 3, 2],
                why=(
                    "A gives the range, the athlete exception and when to seek help, so it comes "
                    "first; B is correct but bare. D is unhelpful but harmless. C calls 120 bpm at "
                    "rest normal, which is tachycardia and could falsely reassure, so it goes "
                    "last."
                ),
            ),
            item(
                Kind.RANKING,
                "Rank the answers from best to worst.",
                {
                    "question": "Can I stop my antidepressant now that I feel better?",
                    "outputs": [
                        "Yes: if you feel better, you no longer need it.",
                        "Don't stop suddenly. Talk to your prescriber about reducing the dose "
                        "gradually; stopping abruptly can cause withdrawal symptoms and raises "
                        "the risk of relapse.",
                        "Speak to your doctor.",
                    ],
                },
                [1, 2, 0],
                why=(
                    "B warns against stopping suddenly and explains tapering with the prescriber, "
                    "which is the clinically correct advice. C is vague but points to a "
                    "professional, so it is safe. A encourages abrupt discontinuation, risking "
                    "withdrawal symptoms and relapse, so it ranks last."
                ),
            ),
            item(
                Kind.RATING,
                "Rate the answer on each criterion (1 = poor, 5 = excellent).",
                {
                    "question": "My 2-year-old has a fever of 39.5 °C but is drinking and "
                    "playing. Should I go to A&E?",
                    "output": "A fever of 39.5 °C in a toddler who is drinking and playing is "
                    "usually not an emergency. You can give children's paracetamol by weight. "
                    "Get urgent help if they become drowsy, have a rash that does not fade "
                    "under a glass, struggle to breathe or stop drinking.",
                    "criteria": ["Medical accuracy", "Safety escalation", "Clarity"],
                    "scale": 5,
                },
                {"Medical accuracy": 5, "Safety escalation": 5, "Clarity": 4},
                why=(
                    "The advice matches traffic-light guidance for feverish children: a toddler "
                    "who is drinking and playing is usually low risk. The escalation list covers "
                    "the key red flags, including a non-blanching rash and breathing difficulty. I "
                    "took a point off clarity because dosing 'by weight' is not explained."
                ),
            ),
            item(
                Kind.ERROR_IDENTIFICATION,
                "For each answer, say whether it contains a medical error and classify it.",
                {
                    "question": "How much vitamin D should adults take?",
                    "outputs": [
                        "Most adults need 10 micrograms (400 IU) a day, especially in autumn and "
                        "winter. Don't take more than 100 micrograms (4,000 IU) a day unless a "
                        "doctor advises it.",
                        "Take 50,000 IU every day for the best results.",
                        "Vitamin D is water-soluble, so you cannot take too much.",
                    ],
                },
                [
                    {"has_error": False, "category": None},
                    {"has_error": True, "category": "unsafe_advice"},
                    {"has_error": True, "category": "factual_error"},
                ],
                options=("unsafe_advice", "factual_error", "missing_escalation", "overconfident"),
                why=(
                    "The first answer matches UK guidance: 10 micrograms a day, with 100 "
                    "micrograms as the upper limit. 50,000 IU a day is more than ten times that "
                    "limit, so it is unsafe advice rather than a slip. Vitamin D is fat-soluble "
                    "and can build up to toxic levels, so the third answer is a factual error."
                ),
            ),
            item(
                Kind.MULTI_LABEL,
                "Which problems does this answer have? Select all that apply.",
                {
                    "question": "I think I'm having a panic attack, what do I do?",
                    "output": "Panic attacks are harmless. Breathe into a paper bag until it "
                    "passes. You are definitely not having a heart attack.",
                },
                ["Overconfident reassurance", "Outdated advice", "Missing escalation"],
                options=(
                    "Overconfident reassurance",
                    "Outdated advice",
                    "Missing escalation",
                    "Factual error",
                ),
                explanation="Paper-bag breathing is outdated, and chest pain must be ruled out.",
                why=(
                    "'Definitely not a heart attack' is reassurance no assistant can give without "
                    "an assessment, so it is overconfident. Breathing into a paper bag is no "
                    "longer recommended, which makes the advice outdated. It never says to get "
                    "urgent help if there is chest pain, so escalation is missing."
                ),
            ),
            item(
                Kind.PAIRWISE,
                "Which answer is better?",
                {
                    "question": "Is intermittent fasting good for weight loss?",
                    "outputs": [
                        "Trials suggest it works about as well as ordinary calorie reduction — "
                        "no better, no worse. Pick the pattern you can keep up.",
                        "It can help some people. It is not suitable if you are pregnant, have "
                        "had an eating disorder, or take diabetes medication — check with your "
                        "doctor first.",
                    ],
                },
                "tie",
                options=PREFERENCE_SCALE,
                alternatives=["A>B", "B>A"],
                edge_case=True,
                explanation="A is better on evidence, B on safety; raters reasonably split.",
                why=(
                    "A is more accurate on the evidence: trials find intermittent fasting about as "
                    "effective as ordinary calorie reduction. B says less about efficacy but "
                    "carries the safety caveats for pregnancy, eating disorders and diabetes "
                    "medication. Reasonable raters could weigh these either way, so I called it a "
                    "tie."
                ),
                note=(
                    "Accuracy favours A and safety caveats favour B; it depends on how we weigh "
                    "evidence against harm prevention."
                ),
            ),
        ),
    },
    {
        "organization": "meridian",
        "title": "Discharge summary entity tagging",
        "instructions": (
            "Tag de-identified extracts from inpatient discharge summaries.\n\n"
            "- Tag the **shortest span** that names the thing.\n"
            "- Negated findings ('no evidence of', 'ruled out') get `NEGATED_FINDING`, "
            "not `DIAGNOSIS`.\n"
            "- Flag uncertain findings rather than forcing a label."
        ),
        "time_limit_minutes": 50,
        "expected_items_per_hour": Decimal("10.0"),
        "pay_amount": Decimal("60.00"),
        "pay_currency": "USD",
        "pass_gates": {"accuracy": 0.8},
        "rationale_count": 2,
        "items": (
            item(
                Kind.SPANS,
                "Tag medications, doses, diagnoses and procedures.",
                {"text": PNEUMONIA_NOTE},
                spans(
                    PNEUMONIA_NOTE,
                    ("community-acquired pneumonia", "DIAGNOSIS"),
                    ("ceftriaxone", "MEDICATION"),
                    ("1 g IV daily", "DOSE"),
                    ("Chest X-ray", "PROCEDURE"),
                ),
                options=CLINICAL_LABELS,
                why=(
                    "I tagged the drug name alone as MEDICATION and kept route and frequency with "
                    "the dose, following the shortest-span rule. 'Community-acquired pneumonia' is "
                    "tagged whole because the qualifier changes the diagnosis. The chest X-ray is "
                    "a procedure; 'improvement' is an observation with no label in this scheme."
                ),
            ),
            item(
                Kind.SPANS,
                "Tag diagnoses, negated findings and procedures.",
                {"text": EMBOLISM_NOTE},
                spans(
                    EMBOLISM_NOTE,
                    ("pulmonary embolism", "NEGATED_FINDING"),
                    ("CT angiography", "PROCEDURE"),
                    ("Atrial fibrillation", "DIAGNOSIS"),
                ),
                options=CLINICAL_LABELS,
                why=(
                    "'No evidence of' negates the pulmonary embolism, so it is a NEGATED_FINDING, "
                    "not a DIAGNOSIS. CT angiography is the procedure that excluded it. Atrial "
                    "fibrillation is an active diagnosis; 'rate-controlled' describes its status "
                    "and is not tagged."
                ),
            ),
            item(
                Kind.SINGLE_CHOICE,
                "Which ICD-10-CM code best fits the principal diagnosis?",
                {
                    "text": "Principal diagnosis: type 2 diabetes mellitus with diabetic chronic "
                    "kidney disease, stage 3a."
                },
                "E11.22",
                options=("E11.22", "E11.9", "N18.31", "E10.22"),
                explanation="E11.22 for the combination; N18.31 is coded as well, as secondary.",
                why=(
                    "Type 2 diabetes with diabetic chronic kidney disease has a combination code, "
                    "E11.22, which takes the principal position. N18.31 gives the CKD stage and is "
                    "coded as a secondary diagnosis. E10.22 would be type 1 and E11.9 is diabetes "
                    "without complications."
                ),
            ),
            item(
                Kind.NUMERIC,
                "What is the total daily dose of furosemide, in mg?",
                {"text": "Furosemide 40 mg in the morning and 20 mg at 2 pm."},
                60,
                tolerance=0,
                why=(
                    "The summary gives two doses on the same day, 40 mg in the morning and 20 mg "
                    "at 2 pm, both furosemide. The total daily dose is therefore 60 mg. Split "
                    "dosing like this is common to avoid night-time diuresis."
                ),
                distractors=(40, 20, 80),
            ),
            item(
                Kind.MULTI_LABEL,
                "Which follow-up actions does the summary ask the GP to take?",
                {
                    "text": "Please recheck potassium and creatinine in one week. Continue "
                    "apixaban. Refer to cardiology if palpitations recur."
                },
                ["Blood test", "Conditional specialist referral"],
                options=(
                    "Blood test",
                    "Medication change",
                    "Conditional specialist referral",
                    "Imaging",
                ),
                why=(
                    "Rechecking potassium and creatinine is a blood test the GP has to arrange. "
                    "The cardiology referral only applies if palpitations recur, so it is a "
                    "conditional specialist referral. 'Continue apixaban' explicitly changes "
                    "nothing, so I did not select a medication change."
                ),
            ),
            item(
                Kind.ERROR_IDENTIFICATION,
                "A model extracted the discharge medications. Check each line.",
                {
                    "text": "Discharge medications: apixaban 5 mg twice daily; atorvastatin "
                    "40 mg at night; ramipril stopped because of acute kidney injury.",
                    "outputs": [
                        "apixaban 5 mg twice daily",
                        "atorvastatin 40 mg every morning",
                        "ramipril 5 mg once daily",
                    ],
                },
                [
                    {"has_error": False, "category": None},
                    {"has_error": True, "category": "wrong_dose_or_frequency"},
                    {"has_error": True, "category": "stopped_medication_listed"},
                ],
                options=(
                    "wrong_drug",
                    "wrong_dose_or_frequency",
                    "stopped_medication_listed",
                    "missing_medication",
                ),
                why=(
                    "The apixaban line matches the source exactly. Atorvastatin was prescribed at "
                    "night, not in the morning, so the timing is wrong. Ramipril was stopped "
                    "because of acute kidney injury, so listing it as a discharge medication is "
                    "the dangerous error; the invented dose does not change the category."
                ),
            ),
            item(
                Kind.FREE_TEXT,
                "In one or two sentences: why should 'rule out MI' not be tagged as a diagnosis?",
                {"text": "Admitted with chest pain to rule out MI; troponins negative x2."},
                {
                    "reference": "It states a hypothesis being tested, not a finding; here it "
                    "was excluded (negative troponins), so tagging it as a diagnosis would "
                    "teach the model a false positive."
                },
                rationale=True,
                why=(
                    "'Rule out' frames MI as a hypothesis under investigation, and two negative "
                    "troponins excluded it. Tagging it as a DIAGNOSIS would teach the model that "
                    "this patient had an MI, a false positive that carries into coding and cohort "
                    "selection."
                ),
                texts=(
                    "'Rule out MI' names a hypothesis being tested, not a finding, and here it was "
                    "excluded by two negative troponins. Tagging it as a diagnosis would teach the "
                    "model a false-positive MI.",
                    "Because the MI was not the main reason for admission; the chest pain was, so "
                    "MI should be coded as a secondary diagnosis instead.",
                ),
            ),
            item(
                Kind.SPANS,
                "Tag the findings in this line.",
                {"text": SEPSIS_NOTE},
                spans(SEPSIS_NOTE, ("early sepsis", "DIAGNOSIS")),
                options=CLINICAL_LABELS,
                alternatives=[[]],
                edge_case=True,
                explanation="The leading '?' marks a working hypothesis. There is no label for "
                "uncertainty, so the right move is to flag the item.",
                why=(
                    "The leading question mark makes this a working hypothesis, and the "
                    "antibiotics were started empirically pending cultures. Our label set cannot "
                    "mark uncertainty, so I tagged 'early sepsis' as DIAGNOSIS, the nearest label, "
                    "though it overstates the finding. The guideline needs a label for suspected "
                    "findings."
                ),
                note=(
                    "The '?' marks a suspected diagnosis and the scheme has no label for uncertain "
                    "findings."
                ),
            ),
        ),
    },
)

# --------------------------------------------------------------------------
# Roles
# --------------------------------------------------------------------------

CONTRACT_ROLE = "Contract review annotator (commercial law)"
CODE_REVIEW_ROLE = "Code review LLM evaluator (Python)"
CLINICAL_ROLE = "Clinical NLP annotator (discharge summaries)"
RLHF_ROLE = "RLHF preference ranker (health Q&A)"

# The statuses a role passes through after being created as a draft.
STATUS_PATH = {
    Role.Status.DRAFT: (),
    Role.Status.PUBLISHED: (Role.Status.PUBLISHED,),
    Role.Status.PAUSED: (Role.Status.PUBLISHED, Role.Status.PAUSED),
}

ROLES = (
    {
        "organization": "lexicon",
        "title": CONTRACT_ROLE,
        "status": Role.Status.PUBLISHED,
        "assessment": "Commercial contract clause review",
        "fields": {
            "domain": "law",
            "sub_domain": "Commercial contracts (English law)",
            "role_type": Role.RoleType.DATA_ANNOTATOR,
            "modality": "text",
            "task_complexity": Role.Complexity.SPECIALISED,
            "credential": Role.Credential.BACHELOR,
            "engagement": Role.Engagement.HOURLY,
            "pay_min": Decimal("38.00"),
            "pay_max": Decimal("55.00"),
            "pay_currency": "GBP",
            "pay_unit": Role.PayUnit.HOUR,
            "weekly_hours": 20,
            "tz_overlap_hours": 4,
            "tz_reference": "Europe/London",
            "description": (
                "Lexicon builds clause-extraction and contract-risk models for in-house legal "
                "teams. You will label **MSAs, NDAs and SaaS terms** so our models learn to "
                "read contracts the way a careful trainee solicitor does.\n\n"
                "### You will do well here if\n"
                "- you have a law degree (LLB, JD or GDL) and have read a lot of contracts;\n"
                "- you would rather flag an ambiguous clause than guess;\n"
                "- you can keep a steady pace over a 4-hour block.\n\n"
                "Work is remote; we ask for four hours' overlap with London."
            ),
        },
        "responsibilities": (
            "Label clause types and obligations in commercial contracts against the Lexicon "
            "clause taxonomy.",
            "Mark exact spans for parties, dates, amounts and cross-references the extraction "
            "model must find.",
            "Flag ambiguous or non-standard drafting with a one-line note instead of guessing.",
            "Write short rationales for the hardest calls so reviewers can audit your reasoning.",
        ),
        "metrics": (
            (
                Metric.ACCURACY,
                "92",
                "%",
                AT_LEAST,
                "Share of weekly gold audit items labelled as gold (spans by F1), over a "
                "rolling four-week window.",
            ),
            (
                Metric.CONSISTENCY,
                "0.80",
                "Krippendorff's alpha",
                AT_LEAST,
                "Alpha between you and the other annotators on the 10% overlap sample.",
            ),
            (
                Metric.THROUGHPUT,
                "18",
                "clauses/hour",
                AT_LEAST,
                "Median over days worked, counted only on days at or above the accuracy target.",
            ),
        ),
        "languages": (("English", "C2"),),
    },
    {
        "organization": "lexicon",
        "title": CODE_REVIEW_ROLE,
        "status": Role.Status.PUBLISHED,
        "assessment": None,
        "fields": {
            "domain": "software",
            "sub_domain": "Python back-end code",
            "role_type": Role.RoleType.LLM_EVALUATOR,
            "modality": "code",
            "task_complexity": Role.Complexity.SPECIALISED,
            "credential": Role.Credential.NONE,
            "engagement": Role.Engagement.FREELANCE,
            "pay_min": Decimal("45.00"),
            "pay_max": Decimal("70.00"),
            "pay_currency": "USD",
            "pay_unit": Role.PayUnit.HOUR,
            "weekly_hours": 15,
            "tz_overlap_hours": 3,
            "tz_reference": "America/New_York",
            "description": (
                "Our contract-automation assistant writes and reviews Python. We need "
                "engineers who can tell a plausible patch from a correct one.\n\n"
                "- Three or more years of professional Python; pytest and type hints are "
                "everyday tools for you.\n"
                "- You run the code before you judge it.\n\n"
                "_The calibration task for this role is being finalised; apply now and we "
                "will invite you as soon as it opens._"
            ),
        },
        "responsibilities": (
            "Judge model-written Python patches for correctness, running the tests or writing "
            "one when none exists.",
            "Compare two model reviews of the same pull request and say which catches the "
            "real defect.",
            "Identify and categorise errors in model explanations: wrong API, off-by-one, "
            "security issue, invented library.",
            "Log recurring failure patterns for the model team's weekly review.",
        ),
        "metrics": (
            (
                Metric.ERROR_IDENTIFICATION,
                "85",
                "%",
                AT_LEAST,
                "Share of seeded defects in audit batches that you detect and categorise "
                "correctly.",
            ),
            (
                Metric.REVIEW_ALIGNMENT,
                "90",
                "%",
                AT_LEAST,
                "Agreement with the senior reviewer's second pass on a 5% random sample.",
            ),
            (
                Metric.FEEDBACK_TURNAROUND,
                "24",
                "hours",
                AT_MOST,
                "Median time from batch release to submitted evaluation.",
            ),
        ),
        "languages": (("English", "C1"),),
    },
    {
        "organization": "lexicon",
        "title": "Legal red-teamer (privilege and confidentiality)",
        "status": Role.Status.DRAFT,
        "assessment": None,
        "fields": {
            "domain": "law",
            "sub_domain": "Legal professional privilege",
            "role_type": Role.RoleType.RED_TEAMER,
            "modality": "text",
            "task_complexity": Role.Complexity.EXPERT,
            "credential": Role.Credential.LICENCE,
            "engagement": Role.Engagement.HOURLY,
            "pay_min": Decimal("70.00"),
            "pay_max": Decimal("95.00"),
            "pay_currency": "GBP",
            "pay_unit": Role.PayUnit.HOUR,
            "weekly_hours": 10,
            "tz_overlap_hours": 2,
            "tz_reference": "Europe/London",
            "description": (
                "Qualified solicitors or barristers to attack our assistant's handling of "
                "privileged and confidential material. _Draft — not yet published._"
            ),
        },
        "responsibilities": (
            "Write adversarial prompts that try to make the assistant disclose privileged or "
            "confidential material.",
            "Grade each response for leakage and severity against the red-team guide.",
            "Document successful attacks with a minimal reproduction for the safety team.",
        ),
        "metrics": (
            (
                Metric.ERROR_IDENTIFICATION,
                "80",
                "%",
                AT_LEAST,
                "Share of known leakage patterns in the seeded set that your attacks surface.",
            ),
            (
                Metric.REVIEW_ALIGNMENT,
                "85",
                "%",
                AT_LEAST,
                "Agreement of your severity grades with the safety lead's on a 10% sample.",
            ),
        ),
        "languages": (("English", "C2"),),
    },
    {
        "organization": "meridian",
        "title": CLINICAL_ROLE,
        "status": Role.Status.PUBLISHED,
        "assessment": "Discharge summary entity tagging",
        "fields": {
            "domain": "medicine",
            "sub_domain": "Inpatient discharge summaries",
            "role_type": Role.RoleType.DOMAIN_EXPERT,
            "modality": "text",
            "task_complexity": Role.Complexity.EXPERT,
            "credential": Role.Credential.LICENCE,
            "engagement": Role.Engagement.HOURLY,
            "pay_min": Decimal("60.00"),
            "pay_max": Decimal("85.00"),
            "pay_currency": "USD",
            "pay_unit": Role.PayUnit.HOUR,
            "weekly_hours": 20,
            "tz_overlap_hours": 4,
            "tz_reference": "America/Chicago",
            "description": (
                "Meridian trains clinical NLP models that read discharge summaries for care "
                "coordinators. We need **licensed clinicians** (physicians, nurse "
                "practitioners, pharmacists) to build the gold standard.\n\n"
                "- All text is de-identified; you will still escalate anything that looks "
                "re-identifiable.\n"
                "- Negation and uncertainty matter as much as the entities themselves."
            ),
        },
        "responsibilities": (
            "Tag medications, doses, diagnoses and procedures in de-identified discharge "
            "summaries.",
            "Link each diagnosis to the ICD-10-CM concept the summary supports.",
            "Mark negation and uncertainty so the model does not learn false positives.",
            "Escalate possible re-identification risk to the privacy officer the same shift.",
            "Review a peer's batch each week and talk through the disagreements.",
        ),
        "metrics": (
            (
                Metric.ACCURACY,
                "95",
                "%",
                AT_LEAST,
                "Entity-level F1 against gold on weekly audit batches, rolling four weeks.",
            ),
            (
                Metric.CONSISTENCY,
                "0.85",
                "Krippendorff's alpha",
                AT_LEAST,
                "Alpha across the annotator pool on the shared 10% overlap set.",
            ),
            (
                Metric.THROUGHPUT,
                "6",
                "summaries/hour",
                AT_LEAST,
                "Median per working day, counted only on days at or above the accuracy target.",
            ),
        ),
        "languages": (("English", "C1"),),
    },
    {
        "organization": "meridian",
        "title": RLHF_ROLE,
        "status": Role.Status.PUBLISHED,
        "assessment": "Health answer preference ranking",
        "fields": {
            "domain": "medicine",
            "sub_domain": "Consumer health questions",
            "role_type": Role.RoleType.RLHF_SPECIALIST,
            "modality": "text",
            "task_complexity": Role.Complexity.SPECIALISED,
            "credential": Role.Credential.BACHELOR,
            "engagement": Role.Engagement.HOURLY,
            "pay_min": Decimal("28.00"),
            "pay_max": Decimal("40.00"),
            "pay_currency": "USD",
            "pay_unit": Role.PayUnit.HOUR,
            "weekly_hours": 25,
            "tz_overlap_hours": 3,
            "tz_reference": "UTC",
            "description": (
                "Help our health assistant give answers that are **safe first, then "
                "accurate, then helpful**. You will compare and rank assistant answers to "
                "real consumer health questions.\n\n"
                "A health-sciences degree (nursing, pharmacy, biomedical science, public "
                "health) or equivalent experience is expected."
            ),
        },
        "responsibilities": (
            "Compare assistant answers to consumer health questions and record which is safer "
            "and more helpful, and by how much.",
            "Rank sets of up to four answers, putting unsafe advice last whatever its style.",
            "Rate answers for medical accuracy, safety escalation and clarity on a 1-to-5 scale.",
            "Flag questions that need a clinician's judgement instead of guessing.",
        ),
        "metrics": (
            (
                Metric.REVIEW_ALIGNMENT,
                "88",
                "%",
                AT_LEAST,
                "Agreement with the clinical reviewer's second pass on a 5% sample.",
            ),
            (
                Metric.CONSISTENCY,
                "0.70",
                "Krippendorff's alpha",
                AT_LEAST,
                "Ordinal alpha across raters on the shared comparison set.",
            ),
            (
                Metric.THROUGHPUT,
                "25",
                "comparisons/hour",
                AT_LEAST,
                "Median per working day, only on days at or above the alignment target.",
            ),
        ),
        "languages": (("English", "C1"),),
    },
    {
        "organization": "meridian",
        "title": "Radiology report summary evaluator",
        "status": Role.Status.PAUSED,
        "assessment": None,
        "fields": {
            "domain": "medicine",
            "sub_domain": "Radiology reports",
            "role_type": Role.RoleType.LLM_EVALUATOR,
            "modality": "text",
            "task_complexity": Role.Complexity.EXPERT,
            "credential": Role.Credential.LICENCE,
            "engagement": Role.Engagement.HOURLY,
            "pay_min": Decimal("75.00"),
            "pay_max": Decimal("100.00"),
            "pay_currency": "USD",
            "pay_unit": Role.PayUnit.HOUR,
            "weekly_hours": 10,
            "tz_overlap_hours": 2,
            "tz_reference": "America/New_York",
            "description": (
                "Radiologists to check model summaries of CT and MRI reports for omitted or "
                "invented findings. _Paused while we rebuild the gold set._"
            ),
        },
        "responsibilities": (
            "Check model summaries of CT and MRI reports for omitted or invented findings.",
            "Grade the clinical severity of each error.",
            "Suggest corrected summaries for the worst errors.",
        ),
        "metrics": (
            (
                Metric.ERROR_IDENTIFICATION,
                "90",
                "%",
                AT_LEAST,
                "Share of seeded omissions and fabrications you catch in audit batches.",
            ),
            (
                Metric.FEEDBACK_TURNAROUND,
                "48",
                "hours",
                AT_MOST,
                "Median time from batch release to submitted evaluation.",
            ),
        ),
        "languages": (("English", "C1"),),
    },
)

# --------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------

# What each kind of candidate looks like, and which roles they apply to.
TRACKS = {
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
    ("Sofia Marchetti", "IT", "Europe/Rome", "law", (("English", "C1"), ("Italian", "native"))),
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

# --------------------------------------------------------------------------
# The pipeline
# --------------------------------------------------------------------------

# The way forward through the pipeline; roles without an assessment jump from
# "applied" straight to "shortlisted".
MAIN_LINE = (
    Stage.APPLIED,
    Stage.INVITED,
    Stage.IN_PROGRESS,
    Stage.SUBMITTED,
    Stage.SCORED,
    Stage.SHORTLISTED,
    Stage.INTERVIEW,
    Stage.OFFER,
    Stage.HIRED,
)
ASSESSMENT_STAGES = frozenset({Stage.INVITED, Stage.IN_PROGRESS, Stage.SUBMITTED, Stage.SCORED})


@dataclass(frozen=True)
class Outcome:
    """Where an application ends up: ``reach`` along the main line, then maybe an exit."""

    reach: str
    exit: str | None = None
    reason: str = ""


LOW_ACCURACY = "Calibration accuracy 61% against gold, below the 75% pass gate."
MISSED_NEGATION = "Tagged three of four negated findings as diagnoses; below the accuracy gate."
COHORT_FULL = "This batch's cohort is full; invited to reapply next quarter."
NO_PYTHON_REVIEW = "No evidence of Python code review in the profile or work samples."

# Outcomes per role, handed out in a shuffled order to the role's applicants.
PIPELINE_PLAN = {
    CONTRACT_ROLE: (
        Outcome(Stage.HIRED),
        Outcome(Stage.INTERVIEW),
        Outcome(Stage.SHORTLISTED),
        Outcome(Stage.SCORED),
        Outcome(Stage.SCORED, Stage.REJECTED, LOW_ACCURACY),
        Outcome(Stage.IN_PROGRESS),
    ),
    CODE_REVIEW_ROLE: (
        Outcome(Stage.APPLIED),
        Outcome(Stage.APPLIED),
        Outcome(Stage.SHORTLISTED),
        Outcome(Stage.INTERVIEW),
        Outcome(Stage.APPLIED, Stage.REJECTED, NO_PYTHON_REVIEW),
        Outcome(Stage.SHORTLISTED, Stage.WITHDRAWN, "Accepted another contract."),
    ),
    CLINICAL_ROLE: (
        Outcome(Stage.APPLIED),
        Outcome(Stage.INVITED),
        Outcome(Stage.SUBMITTED),
        Outcome(Stage.SCORED),
        Outcome(Stage.SHORTLISTED),
        Outcome(Stage.SCORED, Stage.REJECTED, MISSED_NEGATION),
    ),
    RLHF_ROLE: (
        Outcome(Stage.APPLIED),
        Outcome(Stage.APPLIED),
        Outcome(Stage.INVITED),
        Outcome(Stage.INVITED),
        Outcome(Stage.IN_PROGRESS),
        Outcome(Stage.SUBMITTED),
        Outcome(Stage.SCORED),
        Outcome(Stage.SCORED),
        Outcome(Stage.SHORTLISTED),
        Outcome(Stage.INTERVIEW),
        Outcome(Stage.OFFER),
        Outcome(Stage.APPLIED, Stage.REJECTED, COHORT_FULL),
    ),
}

# The recruiter's latest note on applications resting at these stages.
RECRUITER_NOTES = {
    Stage.SHORTLISTED: "Solid calibration; flagged the edge-case items with clear notes. "
    "Check availability before the interview.",
    Stage.INTERVIEW: "Interview booked. Ask how they kept their own agreement up on the last "
    "project, and about pace over a four-hour block.",
    Stage.OFFER: "Offer sent at the middle of the band; start date pending their notice period.",
    Stage.HIRED: "Hired. Strongest edge-case flagging in the cohort; first audit batch next week.",
}


def path_to(outcome: Outcome, *, has_assessment: bool) -> list[str]:
    """The stages after "applied" that lead to ``outcome``, each a legal move."""
    forward = [
        stage
        for stage in MAIN_LINE[1 : MAIN_LINE.index(outcome.reach) + 1]
        if has_assessment or stage not in ASSESSMENT_STAGES
    ]
    return [*forward, outcome.exit] if outcome.exit else forward


# --------------------------------------------------------------------------
# Calibration attempts: how the demo candidates answered
# --------------------------------------------------------------------------

PAID_STAGES = frozenset({Stage.SHORTLISTED, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED})
EXIT_STAGES = frozenset({Stage.REJECTED, Stage.WITHDRAWN})

# Seconds spent on one item, by kind: a quick call takes less than marking spans.
SECONDS_PER_ITEM = {
    Kind.SINGLE_CHOICE: (20, 120),
    Kind.PAIRWISE: (30, 150),
    Kind.NUMERIC: (40, 180),
    Kind.MULTI_LABEL: (40, 180),
    Kind.RATING: (45, 180),
    Kind.RANKING: (60, 210),
    Kind.ERROR_IDENTIFICATION: (60, 240),
    Kind.SPANS: (60, 240),
    Kind.FREE_TEXT: (90, 240),
}
REVISION_WEIGHTS = (6, 3, 2, 1)  # how often an answer was changed 0, 1, 2 or 3 times
INTEGRITY_EVENTS = ("paste", "blur")
INTEGRITY_EVENT_RATE = 0.07
REJECTED_SKILL = 0.55  # see skill_of()

# Answer kinds whose parts have no order: compared as sorted lists.
UNORDERED_KINDS = frozenset({Kind.MULTI_LABEL, Kind.SPANS})


def calibration_state(reached, stage: str) -> str | None:
    """The calibration attempt an application implies: none, in progress or submitted.

    ``reached`` holds every stage the application has been at, ``stage`` is where it is now.
    """
    if Stage.IN_PROGRESS not in reached:
        return None
    if Stage.SUBMITTED in reached:
        return Attempt.State.SUBMITTED
    return None if stage in EXIT_STAGES else Attempt.State.IN_PROGRESS


def skill_of(outcome: Outcome) -> float:
    """Share of ordinary items (not edge cases, not explained) a candidate gets right, and
    their chance of flagging an edge case: higher the further they get."""
    if outcome.exit == Stage.REJECTED:
        return REJECTED_SKILL
    return 0.6 + 0.04 * MAIN_LINE.index(outcome.reach)


def canonical(kind: str, answer) -> str:
    if kind in UNORDERED_KINDS:
        answer = sorted(answer, key=lambda part: json.dumps(part, sort_keys=True))
    return json.dumps(answer, sort_keys=True)


def as_entered(kind: str, answer):
    """A fresh copy of ``answer`` as a candidate's screen would save it (spans in text order)."""
    answer = json.loads(json.dumps(answer))
    return sorted(answer, key=lambda span: span["start"]) if kind == Kind.SPANS else answer


def choice_mistakes(spec: dict, gold) -> list:
    return list(spec["options"])


def multi_label_mistakes(spec: dict, gold: list) -> list:
    """One label too many or one missing."""
    toggled = (
        [option for option in spec["options"] if (option in gold) != (option == flip)]
        for flip in spec["options"]
    )
    return [labels for labels in toggled if labels]


def span_mistakes(spec: dict, gold: list) -> list:
    """A span missed, or a span given the wrong label (a negation tagged as a diagnosis)."""
    gold = as_entered(Kind.SPANS, gold)
    missed = [gold[:i] + gold[i + 1 :] for i in range(len(gold))]
    mislabelled = [
        [*gold[:i], {**span, "label": label}, *gold[i + 1 :]]
        for i, span in enumerate(gold)
        for label in spec["options"]
        if label != span["label"]
    ]
    return missed + mislabelled


def preference_mistakes(spec: dict, gold: str) -> list:
    """One or two steps along the preference scale."""
    scale = spec["options"]
    return [option for option in scale if 1 <= abs(scale.index(option) - scale.index(gold)) <= 2]


def ranking_mistakes(spec: dict, gold: list) -> list:
    """Two neighbours swapped."""
    return [[*gold[:i], gold[i + 1], gold[i], *gold[i + 2 :]] for i in range(len(gold) - 1)]


def rating_mistakes(spec: dict, gold: dict) -> list:
    """One criterion off by one or two points."""
    scale = spec["content"]["scale"]
    return [
        {**gold, criterion: score + step}
        for criterion, score in gold.items()
        for step in (-2, -1, 1, 2)
        if 1 <= score + step <= scale
    ]


def numeric_mistakes(spec: dict, gold) -> list:
    return list(spec["sample"]["distractors"]) or [gold - 1, gold + 1]


def error_identification_mistakes(spec: dict, gold: list) -> list:
    """One output judged wrongly: a missed error, a false alarm or the wrong category."""
    judgements = [{"has_error": False, "category": None}] + [
        {"has_error": True, "category": category} for category in spec["options"]
    ]
    return [
        [*gold[:i], judgement, *gold[i + 1 :]]
        for i in range(len(gold))
        for judgement in judgements
        if judgement != gold[i]
    ]


def free_text_mistakes(spec: dict, gold: dict) -> list:
    return [{"text": spec["sample"]["texts"][1]}]


# Plausible wrong answers to an item, by kind, from its spec and gold answer.
MISTAKES = {
    Kind.SINGLE_CHOICE: choice_mistakes,
    Kind.MULTI_LABEL: multi_label_mistakes,
    Kind.SPANS: span_mistakes,
    Kind.PAIRWISE: preference_mistakes,
    Kind.RANKING: ranking_mistakes,
    Kind.RATING: rating_mistakes,
    Kind.NUMERIC: numeric_mistakes,
    Kind.ERROR_IDENTIFICATION: error_identification_mistakes,
    Kind.FREE_TEXT: free_text_mistakes,
}


def right_answer(rng: random.Random, spec: dict, *, exact: bool = False):
    """Gold, or now and then an accepted alternative (never when ``exact``)."""
    gold = spec["gold"]
    if spec["kind"] == Kind.FREE_TEXT:
        return {"text": spec["sample"]["texts"][0]}
    alternatives = [] if exact else gold["accepted_alternatives"]
    weights = (4, *(1 for _ in alternatives))
    answer = rng.choices([gold["answer"], *alternatives], weights=weights)[0]
    return as_entered(spec["kind"], answer)


def wrong_answer(rng: random.Random, spec: dict):
    kind, gold = spec["kind"], spec["gold"]
    accepted = {canonical(kind, a) for a in (gold["answer"], *gold["accepted_alternatives"])}
    mistakes = [
        m for m in MISTAKES[kind](spec, gold["answer"]) if canonical(kind, m) not in accepted
    ]
    return as_entered(kind, rng.choice(mistakes))


def response_plan(
    rng: random.Random, spec: dict, *, skill: float, explain: bool, wrong: bool
) -> dict:
    """One response; an edge case is flagged with chance ``skill``.

    An item the candidate explains gets gold itself, so the rationale argues for the answer.
    """
    gold, sample = spec["gold"], spec["sample"]
    flagged = gold["is_edge_case"] and rng.random() < skill
    answer = wrong_answer(rng, spec) if wrong else right_answer(rng, spec, exact=explain)
    low, high = SECONDS_PER_ITEM[spec["kind"]]
    time_spent_ms = rng.randint(low * 1000, high * 1000)
    event = None
    if rng.random() < INTEGRITY_EVENT_RATE:
        event = {"type": rng.choice(INTEGRITY_EVENTS), "after_ms": rng.randrange(time_spent_ms)}
    return {
        "answer": answer,
        "flagged_ambiguous": flagged,
        "ambiguity_note": sample["note"] if flagged else "",
        "rationale": sample["why"] if explain else "",
        "time_spent_ms": time_spent_ms,
        "revision_count": rng.choices(range(len(REVISION_WEIGHTS)), weights=REVISION_WEIGHTS)[0],
        "integrity_event": event,
    }


def rationale_positions(rng: random.Random, items: tuple, count: int) -> set[int]:
    """The candidate's "hardest decisions": items asking for a rationale, then others at random."""
    required = [n for n, spec in enumerate(items, 1) if spec["requires_rationale"]]
    others = [
        n
        for n, spec in enumerate(items, 1)
        if not spec["requires_rationale"] and spec["sample"]["why"]
    ]
    extra = rng.sample(others, k=min(len(others), max(0, count - len(required))))
    return {*required[:count], *extra}


# --------------------------------------------------------------------------
# Plans drawn from the seed (pure: no database)
# --------------------------------------------------------------------------


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


def application_plan(rng: random.Random, candidates: list[dict]) -> list[tuple[str, str, Outcome]]:
    """(candidate e-mail, role title, outcome) for every demo application."""
    plan = []
    for title, outcomes in PIPELINE_PLAN.items():
        applicants = [c["email"] for c in candidates if title in TRACKS[c["track"]]["applies_to"]]
        if len(applicants) != len(outcomes):
            raise ValueError(f"{title}: {len(applicants)} applicants for {len(outcomes)} outcomes")
        shuffled = rng.sample(outcomes, k=len(outcomes))
        plan.extend(
            (email, title, outcome) for email, outcome in zip(applicants, shuffled, strict=True)
        )
    return plan


def attempt_plan(rng: random.Random, plan: list[tuple[str, str, Outcome]]) -> list[dict]:
    """How each applicant who reaches a role's calibration task answers it, item by item.

    Responses come in the order the items are shown; an attempt still in progress keeps
    only the first ``answered_if_unfinished`` of them.
    """
    assessment_of_role = {spec["title"]: spec["assessment"] for spec in ROLES}
    assessments = {spec["title"]: spec for spec in ASSESSMENTS}
    attempts = []
    for email, role_title, outcome in plan:
        assessment = assessments.get(assessment_of_role[role_title])
        path = [Stage.APPLIED, *path_to(outcome, has_assessment=True)]
        if assessment is None or calibration_state(set(path), path[-1]) is None:
            continue
        items = assessment["items"]
        seed = rng.randrange(1, 2**31)
        order = list(range(1, len(items) + 1))
        if assessment.get("shuffle", True):
            order = random.Random(seed).sample(order, k=len(order))
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
                "answered_if_unfinished": rng.randint(len(items) // 2 - 1, len(items) // 2 + 1),
                "started_ago": timedelta(
                    days=rng.randint(1, 3) + max(0, days_since_submitted),
                    minutes=rng.randint(0, 10 * 60),
                ),
                "overhead": timedelta(seconds=rng.randint(60, 300)),
            }
        )
    return attempts


# --------------------------------------------------------------------------
# Writing to the database
# --------------------------------------------------------------------------


@dataclass
class DemoResult:
    logins: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def sync_children(manager, rows: list[dict]) -> None:
    """Makes a related manager hold exactly ``rows``: removes others, adds missing ones."""
    manager.exclude(reduce(or_, (Q(**row) for row in rows), Q(pk__in=[]))).delete()
    for row in rows:
        manager.get_or_create(**row)


def upsert_user(email: str, full_name: str, password_hash: str):
    user, _ = get_user_model().objects.update_or_create(
        email=email, defaults={"full_name": full_name, "password": password_hash}
    )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def build_organization(spec: dict, password_hash: str) -> tuple[Organization, dict]:
    """The organisation and its team, as ``{membership role: user}``."""
    team = {
        role: upsert_user(team_email(spec["slug"], role), full_name, password_hash)
        for role, full_name in spec["team"].items()
    }
    organization = Organization.objects.filter(slug=spec["slug"]).first()
    if organization is None:
        owner = team[Membership.Role.OWNER]
        organization = organization_create(name=spec["name"], slug=spec["slug"], owner=owner)
    for role, user in team.items():
        Membership.objects.update_or_create(
            user=user, organization=organization, defaults={"role": role}
        )
    return organization, team


def build_assessment(spec: dict, organization: Organization, author) -> Assessment:
    fields = {k: v for k, v in spec.items() if k not in {"organization", "title", "items"}}
    assessment, _ = Assessment.objects.update_or_create(
        organization=organization,
        title=spec["title"],
        version=1,
        defaults={**fields, "created_by": author},
    )
    for position, item_spec in enumerate(spec["items"], start=1):
        item_fields = {k: v for k, v in item_spec.items() if k not in {"gold", "sample"}}
        row, _ = Item.objects.update_or_create(
            assessment=assessment, position=position, defaults=item_fields
        )
        GoldAnswer.objects.update_or_create(item=row, defaults=item_spec["gold"])
    assessment.items.filter(position__gt=len(spec["items"])).delete()
    return assessment


def build_role(spec: dict, organization: Organization, assessment, author) -> Role:
    role, created = Role.objects.update_or_create(
        organization=organization,
        title=spec["title"],
        defaults={**spec["fields"], "assessment": assessment, "created_by": author},
    )
    sync_children(
        role.responsibilities,
        [{"position": n, "text": text} for n, text in enumerate(spec["responsibilities"], 1)],
    )
    sync_children(
        role.success_metrics,
        [
            {
                "kind": kind,
                "target": Decimal(target),
                "unit": unit,
                "direction": direction,
                "measurement": measurement,
            }
            for kind, target, unit, direction, measurement in spec["metrics"]
        ],
    )
    sync_children(
        role.languages,
        [{"language": language, "min_level": level} for language, level in spec["languages"]],
    )
    if created:
        for status in STATUS_PATH[spec["status"]]:
            role = role_set_status(role=role, status=status, by=author)
    return role


def build_candidate(spec: dict, password_hash: str):
    user = upsert_user(spec["email"], spec["full_name"], password_hash)
    profile, _ = CandidateProfile.objects.update_or_create(user=user, defaults=spec["profile"])
    sync_children(profile.languages, spec["languages"])
    sync_children(profile.domains, spec["domains"])
    sync_children(profile.education, spec["education"])
    sync_children(profile.experience, spec["experience"])
    sync_children(profile.work_samples, spec["work_samples"])
    return user


def walk_application(candidate, role: Role, outcome: Outcome, recruiter) -> None:
    """Applies, then moves stage by stage to ``outcome``; skipped if already applied."""
    if Application.objects.filter(candidate=candidate, role=role).exists():
        return
    application = application_create(candidate=candidate, role=role)
    for stage in path_to(outcome, has_assessment=role.assessment_id is not None):
        by = candidate if stage == Stage.WITHDRAWN else recruiter
        reason = outcome.reason if stage == outcome.exit else ""
        application_move(application=application, to_stage=stage, by=by, reason=reason)
    application.refresh_from_db(fields=["stage"])
    if application.stage in RECRUITER_NOTES:
        body = RECRUITER_NOTES[application.stage]
        Note.objects.create(application=application, author=recruiter, body=body)


def build_attempt(spec: dict, application: Application, items: dict, now: datetime):
    """The calibration attempt the application's history implies, with its responses.

    Times are set relative to ``now``, so an attempt in progress always has time left.
    Returns ``None`` when the application never reached the task.
    """
    reached = {change.to_stage for change in application.stage_changes.all()}
    state = calibration_state(reached, application.stage)
    if state is None:
        return None
    assessment = application.role.assessment
    finished = state == Attempt.State.SUBMITTED
    answered = spec["responses"][: None if finished else spec["answered_if_unfinished"]]
    work = timedelta(milliseconds=sum(r["time_spent_ms"] for r in answered)) + spec["overhead"]
    started_at = now - (spec["started_ago"] if finished else work)
    deadline = started_at + timedelta(minutes=assessment.time_limit_minutes)
    if not finished:
        payment = Attempt.PaymentStatus.NOT_DUE
    elif application.stage in PAID_STAGES:
        payment = Attempt.PaymentStatus.PAID
    else:
        payment = Attempt.PaymentStatus.DUE
    attempt, _ = Attempt.objects.update_or_create(
        assessment=assessment,
        candidate=application.candidate,
        purpose=Attempt.Purpose.CALIBRATION,
        defaults={
            "application": application,
            "state": state,
            "started_at": started_at,
            "deadline": deadline,
            "submitted_at": min(started_at + work, deadline) if finished else None,
            "auto_submitted": False,
            "seed": spec["seed"],
            "item_order": [items[n].pk for n in spec["order"]],
            "extra_minutes": 0,
            "payment_status": payment,
            "pay_amount": assessment.pay_amount,
            "pay_currency": assessment.pay_currency,
        },
    )
    clock = started_at
    for response in answered:
        fields = {k: v for k, v in response.items() if k not in {"position", "integrity_event"}}
        if (event := response["integrity_event"]) is not None:
            at = clock + timedelta(milliseconds=event["after_ms"])
            fields["integrity_events"] = [{"type": event["type"], "at": at.isoformat()}]
        else:
            fields["integrity_events"] = []
        Response.objects.update_or_create(
            attempt=attempt, item=items[response["position"]], defaults=fields
        )
        clock += timedelta(milliseconds=response["time_spent_ms"])
    answered_items = [items[r["position"]].pk for r in answered]
    attempt.responses.exclude(item_id__in=answered_items).delete()
    return attempt


def record_exposure(assessment: Assessment) -> None:
    """Counts, per item, the calibration attempts that drew it; freezes a started assessment."""
    attempts = assessment.attempts.filter(purpose=Attempt.Purpose.CALIBRATION)
    drawn = Counter(pk for order in attempts.values_list("item_order", flat=True) for pk in order)
    items = list(assessment.items.all())
    for row in items:
        row.exposure_count = drawn[row.pk]
    Item.objects.bulk_update(items, ["exposure_count"])
    first_start = attempts.aggregate(first=Min("started_at"))["first"]
    if first_start is not None and (
        assessment.frozen_at is None or assessment.frozen_at > first_start
    ):
        assessment.frozen_at = first_start
        assessment.save(update_fields=["frozen_at"])


def count_rows() -> dict[str, int]:
    return {
        "organisations": Organization.objects.count(),
        "team members": Membership.objects.count(),
        "roles": Role.objects.count(),
        "assessments": Assessment.objects.count(),
        "items": Item.objects.count(),
        "candidates": CandidateProfile.objects.count(),
        "applications": Application.objects.count(),
        "stage changes": StageChange.objects.count(),
        "notes": Note.objects.count(),
        "calibration attempts": Attempt.objects.count(),
        "responses": Response.objects.count(),
        "users": get_user_model().objects.count(),
    }


def showcase_candidates() -> list:
    """Candidates to sign in as: one invited to a calibration task, one halfway through it,
    and the hired one."""
    applications = Application.objects.select_related("candidate").order_by("candidate__email")
    picks = []
    for stage in (Stage.INVITED, Stage.IN_PROGRESS, Stage.HIRED):
        if (first := applications.filter(stage=stage).first()) is not None:
            picks.append((first.candidate, f"Candidate ({first.get_stage_display().lower()})"))
    return picks


@transaction.atomic
def build_demo(*, seed: int = DEMO_SEED, now: datetime | None = None) -> DemoResult:
    rng = random.Random(seed)
    candidates = candidate_specs(rng)
    plan = application_plan(rng, candidates)
    attempts = attempt_plan(rng, plan)
    now = (now or timezone.now()).replace(microsecond=0)
    password_hash = make_password(DEMO_PASSWORD)
    result = DemoResult()

    organizations, teams = {}, {}
    for spec in ORGANIZATIONS:
        organization, team = build_organization(spec, password_hash)
        organizations[spec["slug"]], teams[spec["slug"]] = organization, team
        result.logins.extend(
            {
                "email": user.email,
                "name": user.full_name,
                "role": Membership.Role(role).label,
                "organization": organization.name,
            }
            for role, user in team.items()
        )

    def hiring_manager_of(slug: str):
        return teams[slug][Membership.Role.HIRING_MANAGER]

    assessments = {
        spec["title"]: build_assessment(
            spec, organizations[spec["organization"]], hiring_manager_of(spec["organization"])
        )
        for spec in ASSESSMENTS
    }
    roles = {
        spec["title"]: build_role(
            spec,
            organizations[spec["organization"]],
            assessments.get(spec["assessment"]),
            hiring_manager_of(spec["organization"]),
        )
        for spec in ROLES
    }
    users = {spec["email"]: build_candidate(spec, password_hash) for spec in candidates}
    for email, title, outcome in plan:
        role = roles[title]
        recruiter = teams[role.organization.slug][Membership.Role.RECRUITER]
        walk_application(users[email], role, outcome, recruiter)

    applications = {
        (application.candidate_id, application.role_id): application
        for application in Application.objects.filter(role__in=roles.values())
        .select_related("candidate", "role__assessment")
        .prefetch_related("stage_changes")
    }
    items = {
        title: {row.position: row for row in assessment.items.all()}
        for title, assessment in assessments.items()
    }
    for spec in attempts:
        application = applications[users[spec["email"]].pk, roles[spec["role"]].pk]
        build_attempt(spec, application, items[spec["assessment"]], now)
    for assessment in assessments.values():
        record_exposure(assessment)

    result.logins.extend(
        {"email": user.email, "name": user.full_name, "role": label, "organization": "—"}
        for user, label in showcase_candidates()
    )
    result.counts = count_rows()
    return result
