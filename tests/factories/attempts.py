"""An assessment with one item of every kind and its gold, and an invited candidate."""

from decimal import Decimal

from assessments.attempts.services import response_save
from assessments.models import Assessment, GoldAnswer, Item
from hiring.models import Application
from tests.factories.accounts import UserFactory
from tests.factories.assessments import AssessmentFactory
from tests.factories.hiring import ApplicationFactory, OrganizationFactory, RoleFactory

SPAN_TEXT = "Halden Logistics Ltd signed on 3 March 2025 for £120,000."

# kind → (prompt, content, options, gold answer)
ITEMS = {
    "single_choice": (
        "What type of clause is this?",
        {"text": "Either party may terminate on ninety days' notice."},
        ["Termination for convenience", "Termination for cause", "Force majeure"],
        "Termination for convenience",
    ),
    "multi_label": (
        "Which risks does this clause create?",
        {"text": "The Supplier may amend these Terms at any time."},
        ["Unilateral amendment", "Broad indemnity", "Exclusivity"],
        ["Unilateral amendment"],
    ),
    "spans": (
        "Mark every party, date and amount.",
        {"text": SPAN_TEXT},
        ["PARTY", "DATE", "AMOUNT"],
        [{"start": 0, "end": 20, "label": "PARTY"}],
    ),
    "pairwise": (
        "Which answer is more helpful?",
        {"question": "How do I reset a router?", "outputs": ["Unplug it for 30 s.", "Call us."]},
        [],
        "A>B",
    ),
    "ranking": (
        "Rank the three summaries, best first.",
        {"outputs": ["Summary one.", "Summary two.", "Summary three."]},
        [],
        [2, 0, 1],
    ),
    "rating": (
        "Rate this summary on each criterion.",
        {"output": "Both sides keep secrets.", "criteria": ["Accuracy", "Clarity"], "scale": 5},
        [],
        {"Accuracy": 4, "Clarity": 5},
    ),
    "numeric": (
        "On which day of June does the cure period end?",
        {"text": "Fifteen Business Days from service on Friday 6 June.", "unit": "day"},
        [],
        27,
    ),
    "error_identification": (
        "Does each summary misstate the clause?",
        {
            "text": "Liability is capped at 12 months' fees.",
            "outputs": ["Capped at 12 months.", "Uncapped."],
        },
        ["wrong_amount_or_period", "omitted_exception"],
        [
            {"has_error": False, "category": None, "explanation": ""},
            {"has_error": True, "category": "omitted_exception", "explanation": ""},
        ],
    ),
    "free_text": (
        "Explain the clause to a client in two sentences.",
        {"text": "Each party shall keep confidential all Confidential Information."},
        [],
        {"reference": "Both keep each other's information secret."},
    ),
}


def assessment_with_every_kind(
    *, organization=None, kinds=tuple(ITEMS), gold=None, first_item_id=None, **fields
) -> Assessment:
    """Items in authoring order, one per kind; ``gold`` maps kind → GoldAnswer fields.

    ``first_item_id`` gives the items consecutive ids from it (ids a test can look for);
    otherwise the database numbers them."""
    fields = {
        "time_limit_minutes": 45,
        "pay_amount": Decimal("40.00"),
        "pay_currency": "GBP",
        "rationale_count": 2,
        "shuffle": False,
        "instructions": "Answer **every** item on its own.",
        **fields,
    }
    assessment = AssessmentFactory(organization=organization or OrganizationFactory(), **fields)
    for position, kind in enumerate(kinds, start=1):
        prompt, content, options, answer = ITEMS[kind]
        item = Item.objects.create(
            pk=first_item_id + position - 1 if first_item_id else None,
            assessment=assessment,
            position=position,
            kind=kind,
            prompt=prompt,
            content=content,
            options=options
            or (["A>>B", "A>B", "tie", "B>A", "B>>A"] if kind == "pairwise" else []),
        )
        GoldAnswer.objects.create(item=item, answer=answer, **(gold or {}).get(kind, {}))
    return assessment


def invited_application(*, assessment: Assessment, candidate=None) -> Application:
    role = RoleFactory(organization=assessment.organization, assessment=assessment)
    return ApplicationFactory(
        role=role, candidate=candidate or UserFactory(), stage=Application.Stage.INVITED
    )


def answer_items(attempt, numbers) -> None:
    """Answers the items numbered ``numbers`` of an open attempt (with their gold answers,
    a valid shape for every kind), as the candidate's API would."""
    for number in numbers:
        item_id = attempt.item_order[number - 1]
        gold = GoldAnswer.objects.get(item_id=item_id)
        response_save(attempt_id=attempt.pk, number=number, answer=gold.answer)
