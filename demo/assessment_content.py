"""The demo's calibration assessments: items with their hidden gold, plus sample material
for the candidates' responses. Data only."""

from decimal import Decimal
from typing import Any

from assessments.models import Item

Kind = Item.Kind

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
    difficulty: float = 0.5,
    believed=None,
) -> dict:
    """An item with its gold, plus ``sample`` material for the demo's candidate responses.

    ``why`` is a rationale a careful candidate might write, ``note`` the line they add when
    flagging an edge case, ``texts`` a strong and a weak free-text answer, and
    ``distractors`` plausible wrong numeric answers; ``difficulty`` (0 easy … 1 hard) is how
    hard the simulated candidates find it. ``believed`` marks a gold keyed in error: what
    careful candidates answer instead (the cohort's agreement then shows the gold as suspect).
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
        "sample": {
            "why": why,
            "note": note,
            "texts": texts,
            "distractors": distractors,
            "difficulty": difficulty,
            "believed": believed,
        },
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

ASSESSMENTS: tuple[dict[str, Any], ...] = (
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
