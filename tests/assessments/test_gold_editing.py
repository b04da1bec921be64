"""Gold edits are versioned and recorded; frozen assessments refuse item changes."""

import pytest
from django.utils import timezone

from assessments.authoring import services as authoring
from assessments.models import Assessment, GoldAnswer, GoldChange, Item
from config.errors import ApplicationError
from tests.factories import AssessmentFactory, AttemptFactory, GoldAnswerFactory, ItemFactory

pytestmark = pytest.mark.django_db

GOLD = {"answer": "indemnity", "explanation": "Allocates third-party loss."}


@pytest.fixture
def assessment(org):
    return AssessmentFactory(organization=org, title="Clause review")


@pytest.fixture
def item(assessment):
    return GoldAnswerFactory(item=ItemFactory(assessment=assessment, position=1)).item


def test_a_gold_edit_bumps_the_version_and_records_who_what_and_before_after(item, hiring_manager):
    assessment = item.assessment

    authoring.gold_update(
        item=item,
        by=hiring_manager,
        answer="limitation",
        accepted_alternatives=["termination"],
        explanation="Caps liability.",
        summary="Contest #4 upheld: it caps liability.",
    )

    assessment.refresh_from_db()
    assert assessment.gold_version == 2
    change = GoldChange.objects.get(assessment=assessment)
    assert change.gold_version == 2
    assert change.changed_by == hiring_manager
    assert change.item == item
    assert change.summary == "Contest #4 upheld: it caps liability."
    assert change.before["answer"] == "indemnity"
    assert change.after == {
        "answer": "limitation",
        "accepted_alternatives": ["termination"],
        "tolerance": None,
        "is_edge_case": False,
        "explanation": "Caps liability.",
    }
    assert GoldAnswer.objects.get(item=item).answer == "limitation"


def test_saving_the_same_gold_again_changes_nothing(item, hiring_manager):
    gold = item.gold
    same = {"answer": gold.answer, "explanation": gold.explanation}

    authoring.gold_update(item=item, by=hiring_manager, **same)

    item.assessment.refresh_from_db()
    assert item.assessment.gold_version == 1
    assert not GoldChange.objects.exists()


def test_an_invalid_gold_is_refused_with_its_field_and_nothing_changes(item, hiring_manager):
    with pytest.raises(ApplicationError) as refused:
        authoring.gold_update(item=item, by=hiring_manager, answer="arbitration")

    assert refused.value.field == "answer"
    assert refused.value.message == (
        "The answer must be one of: indemnity, limitation, termination."
    )
    item.gold.refresh_from_db()
    assert item.gold.answer == "indemnity"
    assert not GoldChange.objects.exists()


def test_an_automatic_summary_names_the_fields_that_changed(item, hiring_manager):
    authoring.gold_update(item=item, by=hiring_manager, answer="indemnity", is_edge_case=True)

    change = GoldChange.objects.get()
    assert change.summary == "Changed the is edge case, explanation of item #1."


@pytest.mark.parametrize("how", ["frozen_at", "attempt"])
def test_a_started_assessment_refuses_item_changes_but_allows_gold_changes(
    item, hiring_manager, how
):
    assessment = item.assessment
    if how == "frozen_at":
        Assessment.objects.filter(pk=assessment.pk).update(frozen_at=timezone.now())
    else:
        AttemptFactory(assessment=assessment)
    refusals = [
        lambda: authoring.item_create(
            assessment=assessment, by=hiring_manager, kind="numeric", prompt="Days?",
            gold={"answer": 90},
        ),
        lambda: authoring.item_update(
            item=item, by=hiring_manager, prompt=item.prompt, content=item.content,
            options=[*item.options, "force majeure"], requires_rationale=False, gold=GOLD,
        ),
        lambda: authoring.item_delete(item=item, by=hiring_manager),
        lambda: authoring.items_reorder(
            assessment=assessment, ordered_ids=[item.pk], by=hiring_manager
        ),
    ]  # fmt: skip

    for refuse in refusals:
        with pytest.raises(ApplicationError) as refused:
            refuse()
        assert refused.value.message == authoring.FROZEN_MESSAGE

    item.refresh_from_db()
    assert item.options == ["indemnity", "limitation", "termination"]
    assert Item.objects.filter(assessment=assessment).count() == 1

    authoring.item_update(
        item=item, by=hiring_manager, prompt=item.prompt, content=item.content,
        options=item.options, requires_rationale=False, gold={"answer": "termination"},
    )  # fmt: skip

    assessment.refresh_from_db()
    assert assessment.gold_version == 2
    assert GoldAnswer.objects.get(item=item).answer == "termination"


def test_a_new_version_copies_items_and_gold_and_is_editable(item, hiring_manager):
    old = item.assessment
    ItemFactory(assessment=old, position=2, kind="numeric", options=[], content={})
    AttemptFactory(assessment=old)

    new = authoring.assessment_new_version(assessment=old, by=hiring_manager)

    assert (new.version, new.previous, new.title) == (2, old, old.title)
    assert new.frozen_at is None
    assert not authoring.assessment_is_frozen(new)
    copied = list(new.items.order_by("position"))
    assert [(i.position, i.kind, i.prompt) for i in copied] == [
        (i.position, i.kind, i.prompt) for i in old.items.order_by("position")
    ]
    assert copied[0].gold.answer == "indemnity"
    assert not hasattr(copied[1], "gold")  # the original had none either
    authoring.item_delete(item=copied[1], by=hiring_manager)  # editable
    assert authoring.assessment_new_version(assessment=old, by=hiring_manager).version == 3


def test_items_are_created_in_order_reordered_and_renumbered_after_a_delete(
    assessment, hiring_manager
):
    made = [
        authoring.item_create(
            assessment=assessment, by=hiring_manager, kind="numeric", prompt=f"Q{n}",
            gold={"answer": n},
        )
        for n in range(3)
    ]  # fmt: skip
    assert [i.position for i in made] == [1, 2, 3]

    authoring.items_reorder(
        assessment=assessment, ordered_ids=[made[2].pk, made[0].pk, made[1].pk], by=hiring_manager
    )
    assert list(assessment.items.values_list("prompt", flat=True)) == ["Q2", "Q0", "Q1"]

    authoring.item_move(item=made[1], direction="up", by=hiring_manager)
    assert list(assessment.items.values_list("prompt", flat=True)) == ["Q2", "Q1", "Q0"]

    authoring.item_delete(item=made[2], by=hiring_manager)
    assert list(assessment.items.values_list("prompt", "position")) == [("Q1", 1), ("Q0", 2)]
    assessment.refresh_from_db()
    assert assessment.gold_version == 5  # three items added, one deleted: four changes
    assert GoldChange.objects.filter(assessment=assessment).first().summary == (
        "Deleted item #1 and its gold."
    )


def test_a_reorder_must_list_every_item_once(item, hiring_manager):
    with pytest.raises(ApplicationError) as refused:
        authoring.items_reorder(
            assessment=item.assessment, ordered_ids=[item.pk, item.pk], by=hiring_manager
        )

    assert refused.value.field == "order"


def test_a_duplicate_item_is_refused(item, hiring_manager):
    with pytest.raises(ApplicationError) as refused:
        authoring.item_create(
            assessment=item.assessment, by=hiring_manager, kind=item.kind, prompt=item.prompt,
            content=item.content, options=item.options, gold=GOLD,
        )  # fmt: skip

    assert refused.value.field == "prompt"


def test_assessment_settings_are_checked(org, hiring_manager, assessment):
    from tests.factories import RubricFactory

    with pytest.raises(ApplicationError) as refused:
        authoring.assessment_create(
            organization=org, by=hiring_manager, title="X", pass_gates={"speed": 0.5}
        )
    assert refused.value.field == "pass_gates"

    with pytest.raises(ApplicationError) as refused:
        authoring.assessment_create(
            organization=org, by=hiring_manager, title="X", rubric=RubricFactory()
        )
    assert refused.value.message == "Choose one of your organisation's rubrics."

    with pytest.raises(ApplicationError) as refused:
        authoring.assessment_update(assessment=assessment, by=hiring_manager, items_per_attempt=5)
    assert refused.value.message == "The assessment has 0 items: a sample cannot be larger."

    with pytest.raises(ApplicationError) as refused:
        authoring.assessment_create(organization=org, by=hiring_manager, title="Clause review")
    assert refused.value.field == "title"
