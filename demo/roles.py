"""The demo's roles, their success metrics and the statuses they are published to."""

from decimal import Decimal
from typing import Any

from hiring.models import Role, SuccessMetric

Metric = SuccessMetric.Kind
AT_LEAST = SuccessMetric.Direction.AT_LEAST
AT_MOST = SuccessMetric.Direction.AT_MOST

CONTRACT_ROLE = "Contract review annotator (commercial law)"
CODE_REVIEW_ROLE = "Code review LLM evaluator (Python)"
CLINICAL_ROLE = "Clinical NLP annotator (discharge summaries)"
RLHF_ROLE = "RLHF preference ranker (health Q&A)"
CLINICAL_REVIEW_ROLE = "Clinical LLM output reviewer (medication safety)"
PREFERENCE_ROLE = "RLHF preference rater (legal assistant)"

# The statuses a role passes through after being created as a draft.
STATUS_PATH = {
    Role.Status.DRAFT: (),
    Role.Status.PUBLISHED: (Role.Status.PUBLISHED,),
    Role.Status.PAUSED: (Role.Status.PUBLISHED, Role.Status.PAUSED),
    Role.Status.CLOSED: (Role.Status.PUBLISHED, Role.Status.CLOSED),
}

ROLES: tuple[dict[str, Any], ...] = (
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
    {
        "organization": "meridian",
        "title": CLINICAL_REVIEW_ROLE,
        "status": Role.Status.PUBLISHED,
        "assessment": "Clinical-NLP error identification",
        "fields": {
            "domain": "medicine",
            "sub_domain": "Medication lists and discharge summaries",
            "role_type": Role.RoleType.LLM_EVALUATOR,
            "modality": "text",
            "task_complexity": Role.Complexity.EXPERT,
            "credential": Role.Credential.LICENCE,
            "engagement": Role.Engagement.HOURLY,
            "pay_min": Decimal("55.00"),
            "pay_max": Decimal("80.00"),
            "pay_currency": "USD",
            "pay_unit": Role.PayUnit.HOUR,
            "weekly_hours": 15,
            "tz_overlap_hours": 3,
            "tz_reference": "Europe/London",
            "description": (
                "Our discharge-summary models extract medication lists and write summaries for "
                "care coordinators. We need **licensed clinicians and pharmacists** to check "
                "those outputs line by line against the source note.\n\n"
                "- You know UK prescribing shorthand (BD, TDS, ON, PRN) without looking it up.\n"
                "- You notice a tenfold dose, a look-alike drug or a lost 'no evidence of'.\n"
                "- You flag a genuinely ambiguous line instead of forcing a category."
            ),
        },
        "responsibilities": (
            "Check model-extracted medication lists against the source note: drug, dose, "
            "route, frequency, and medicines that were stopped.",
            "Categorise each error with the Meridian error taxonomy and explain it in a line.",
            "Mark unsupported or contradicted statements in model-written summaries.",
            "Flag ambiguous notes and propose guideline wording for them.",
        ),
        "metrics": (
            (
                Metric.ERROR_IDENTIFICATION,
                "90",
                "%",
                AT_LEAST,
                "Share of seeded errors in weekly audit batches detected and correctly "
                "categorised.",
            ),
            (
                Metric.ACCURACY,
                "92",
                "%",
                AT_LEAST,
                "Judgements matching gold on audit items, rolling four weeks.",
            ),
            (
                Metric.THROUGHPUT,
                "30",
                "outputs/hour",
                AT_LEAST,
                "Median per working day, only on days at or above the accuracy target.",
            ),
        ),
        "languages": (("English", "C1"),),
    },
    {
        "organization": "lexicon",
        "title": PREFERENCE_ROLE,
        "status": Role.Status.PUBLISHED,
        "assessment": "RLHF pairwise preference (legal assistant)",
        "fields": {
            "domain": "law",
            "sub_domain": "Small-business legal questions (England and Wales)",
            "role_type": Role.RoleType.RLHF_SPECIALIST,
            "modality": "text",
            "task_complexity": Role.Complexity.SPECIALISED,
            "credential": Role.Credential.BACHELOR,
            "engagement": Role.Engagement.HOURLY,
            "pay_min": Decimal("24.00"),
            "pay_max": Decimal("34.00"),
            "pay_currency": "GBP",
            "pay_unit": Role.PayUnit.HOUR,
            "weekly_hours": 20,
            "tz_overlap_hours": 3,
            "tz_reference": "Europe/London",
            "description": (
                "Our legal assistant answers small-business questions about English law. You "
                "will compare, rank and rate its answers so the reward model learns that **a "
                "confident wrong answer is worse than a refusal**.\n\n"
                "- A law degree, paralegal work or advice-centre experience.\n"
                "- You know when a threshold or a period has changed recently.\n"
                "- You can explain a preference in two sentences."
            ),
        },
        "responsibilities": (
            "Compare pairs of assistant answers and record which is better, and by how much.",
            "Rank sets of four answers, putting confidently wrong law last.",
            "Rate answers for accuracy, completeness, caveats and concision on a 1-to-5 scale.",
            "Flag comparisons where careful raters could disagree, with a one-line note.",
        ),
        "metrics": (
            (
                Metric.REVIEW_ALIGNMENT,
                "85",
                "%",
                AT_LEAST,
                "Agreement with the senior rater's second pass on a 5% sample.",
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
                "40",
                "comparisons/hour",
                AT_LEAST,
                "Median per working day, only on days at or above the alignment target.",
            ),
        ),
        "languages": (("English", "C1"),),
    },
    {
        "organization": "lexicon",
        "title": "Lease abstraction annotator (2024 pilot)",
        "status": Role.Status.CLOSED,
        "assessment": None,
        "fields": {
            "domain": "law",
            "sub_domain": "Commercial leases",
            "role_type": Role.RoleType.DATA_ANNOTATOR,
            "modality": "text",
            "task_complexity": Role.Complexity.SPECIALISED,
            "credential": Role.Credential.BACHELOR,
            "engagement": Role.Engagement.HOURLY,
            "pay_min": Decimal("30.00"),
            "pay_max": Decimal("42.00"),
            "pay_currency": "GBP",
            "pay_unit": Role.PayUnit.HOUR,
            "weekly_hours": 15,
            "tz_overlap_hours": 4,
            "tz_reference": "Europe/London",
            "description": (
                "Abstract rent reviews, break clauses and repair obligations from commercial "
                "leases. _Closed: the pilot ended and the work moved into the contract review "
                "role._"
            ),
        },
        "responsibilities": (
            "Abstract rent, rent review, break and repair terms from commercial leases.",
            "Mark the clause each abstracted term comes from.",
            "Flag leases with side letters or variations for senior review.",
        ),
        "metrics": (
            (
                Metric.ACCURACY,
                "90",
                "%",
                AT_LEAST,
                "Abstracted fields matching a solicitor's second pass on a 10% sample.",
            ),
        ),
        "languages": (("English", "C1"),),
    },
)
