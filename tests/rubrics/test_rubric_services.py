"""The rubric builder's writes: validation, versioning of used rubrics, templates."""

from decimal import Decimal

import pytest

from config.errors import ApplicationError
from rubrics import selectors, services
from rubrics.models import Criterion, CriterionLevel, Review, ReviewTask, Rubric
from rubrics.rubric_templates import RUBRIC_TEMPLATES
from rubrics.services import RubricInvalid, rubric_problems
from tests.factories import AssessmentFactory, ResponseFactory
from tests.factories.rubrics import criteria_input, rubric_with_levels

pytestmark = pytest.mark.django_db


def _create(org, name="Error explanation", criteria=None, **fields):
    return services.rubric_create(
        organization=org,
        name=name,
        edge_case_guide=fields.pop("edge_case_guide", "Choose the lower level when unsure."),
        criteria=criteria if criteria is not None else criteria_input("Root cause", "Clarity"),
        **fields,
    )


def _snapshot(rubric: Rubric) -> tuple:
    rubric.refresh_from_db()
    return (
        rubric.name,
        rubric.version,
        rubric.edge_case_guide,
        [
            (c.position, c.name, c.weight, [(lv.score, lv.descriptor) for lv in c.levels.all()])
            for c in rubric.criteria.order_by("position")
        ],
    )


def _review(rubric, reviewer):
    return Review.objects.create(response=ResponseFactory(), rubric=rubric, reviewer=reviewer)


# --- Validation ------------------------------------------------------------------------------


def test_a_sound_rubric_has_no_problems():
    assert rubric_problems(name="R", criteria=criteria_input("A", "B")) == {}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda c: c.clear(), "criteria", "Add at least one criterion"),
        (lambda c: c[1].update(name="root cause"), "criteria.1.name", "already criterion 1"),
        (lambda c: c[0].update(name="  "), "criteria.0.name", "Name the criterion"),
        (lambda c: c[0].update(weight=0), "criteria.0.weight", "above 0 and at most 100"),
        (lambda c: c[0].update(weight=Decimal("100.01")), "criteria.0.weight", "at most 100"),
        (lambda c: c[0].update(weight="-2"), "criteria.0.weight", "above 0"),
        (lambda c: c[0].update(weight="heavy"), "criteria.0.weight", "a number"),
        (lambda c: c[0].update(weight=True), "criteria.0.weight", "a number"),
        (lambda c: c[0].update(weight="1.255"), "criteria.0.weight", "two decimals"),
        (lambda c: c[0]["levels"].pop(3), "criteria.0.levels.3", "Level 3 needs a descriptor"),
        (
            lambda c: c[1]["levels"][2].update(descriptor=" "),
            "criteria.1.levels.2",
            "Level 2 needs a descriptor",
        ),
        (
            lambda c: c[0]["levels"][4].update(descriptor="x" * 401),
            "criteria.0.levels.4",
            "401 characters; keep it to 400",
        ),
        (
            lambda c: c[0]["levels"].append({"score": 5, "descriptor": "Beyond"}),
            "criteria.0.levels",
            "“5” is not one of them",
        ),
        (
            lambda c: c[0]["levels"].append({"score": 1, "descriptor": "Again"}),
            "criteria.0.levels",
            "Level 1 is given twice",
        ),
        (lambda c: c[0].update(levels="all good"), "criteria.0.levels", "five anchored levels"),
    ],
)
def test_each_rule_names_its_field_and_says_what_to_do(change, field, message):
    criteria = criteria_input("Root cause", "Clarity")
    change(criteria)

    problems = rubric_problems(name="Error explanation", criteria=criteria)

    assert field in problems, problems
    assert message in problems[field]


def test_a_nameless_rubric_and_too_many_criteria_are_refused():
    problems = rubric_problems(name=" ", criteria=criteria_input(*(f"C{i}" for i in range(21))))

    assert problems["name"].startswith("Give the rubric a name")
    assert "at most 20 criteria" in problems["criteria"]


def test_the_service_refuses_with_every_problem_nested_for_the_api(org):
    criteria = criteria_input("Root cause", "Clarity")
    criteria[1]["weight"] = 0
    criteria[1]["levels"][2]["descriptor"] = ""

    with pytest.raises(RubricInvalid) as refused:
        _create(org, criteria=criteria)

    assert refused.value.as_dict() == {
        "criteria": {
            1: {
                "weight": [services.WEIGHT_RANGE],
                "levels": ["Level 2 needs a descriptor: what an answer at 2 looks like."],
            }
        }
    }
    assert not Rubric.objects.exists()


@pytest.mark.parametrize("reverse", [False, True], ids=["list-first", "rows-first"])
def test_nested_problems_keep_list_and_row_messages_whatever_their_order(reverse):
    problems = {"name": "N", "criteria": "Too many", "criteria.3": "Bad row"}
    if reverse:
        problems = dict(reversed(problems.items()))

    assert services.nested_problems(problems) == {
        "name": ["N"],
        "criteria": {"non_field_errors": ["Too many"], 3: {"non_field_errors": ["Bad row"]}},
    }


# --- Create, names, templates -------------------------------------------------------------


def test_create_writes_criteria_in_order_with_five_levels_each(org):
    criteria = criteria_input("Root cause", "Clarity")
    criteria[0]["weight"] = "2.5"
    criteria[0]["levels"][4]["example"] = "Names clause 3.2 as the source."
    criteria[1]["levels"].reverse()  # order of the levels in the input does not matter

    rubric = _create(org, name="  Error explanation ", criteria=criteria)

    assert (rubric.name, rubric.version, rubric.previous, rubric.is_frozen) == (
        "Error explanation",
        1,
        None,
        False,
    )
    rows = list(rubric.criteria.order_by("position"))
    assert [(c.position, c.name, c.weight) for c in rows] == [
        (1, "Root cause", Decimal("2.50")),
        (2, "Clarity", Decimal("1.00")),
    ]
    assert [lv.score for lv in rows[1].levels.all()] == [0, 1, 2, 3, 4]
    assert rows[0].levels.get(score=4).example == "Names clause 3.2 as the source."


def test_a_name_already_used_in_the_organisation_is_refused(org, other_org):
    _create(org)
    _create(other_org)  # another organisation may use the same name

    with pytest.raises(ApplicationError) as refused:
        _create(org)

    assert refused.value.field == "name"
    assert refused.value.message == (
        "A rubric named “Error explanation” already exists; choose another name or edit that one."
    )


@pytest.mark.parametrize("template", RUBRIC_TEMPLATES, ids=lambda t: t.key)
def test_every_template_is_a_valid_rubric_with_real_anchors(org, template):
    assert 3 <= len(template.criteria) <= 4
    assert (
        rubric_problems(
            name=template.name,
            edge_case_guide=template.edge_case_guide,
            criteria=template.criteria_input(),
        )
        == {}
    )
    for criterion in template.criteria:
        descriptors = [anchor.descriptor for anchor in criterion.levels]
        assert len(set(descriptors)) == 5, criterion.name  # five distinct anchors
        assert all(len(d) >= 25 for d in descriptors), criterion.name

    rubric = services.rubric_from_template(organization=org, template_key=template.key)

    assert rubric.name == template.name
    assert rubric.edge_case_guide == template.edge_case_guide.strip()
    assert rubric.criteria.count() == len(template.criteria)
    assert CriterionLevel.objects.filter(criterion__rubric=rubric).count() == 5 * len(
        template.criteria
    )


def test_a_template_used_twice_gets_a_free_name(org):
    first = services.rubric_from_template(organization=org, template_key="span_annotation")
    second = services.rubric_from_template(organization=org, template_key="span_annotation")

    assert (first.name, second.name) == ("Span annotation", "Span annotation (2)")


def test_an_unknown_template_is_refused_with_the_known_keys(org):
    with pytest.raises(ApplicationError, match="use one of error_identification"):
        services.rubric_from_template(organization=org, template_key="essay")


# --- Update: in place while unused, a new version once used -----------------------------------


def test_an_unused_rubric_is_edited_in_place(org):
    rubric = _create(org)
    assessment = AssessmentFactory(organization=org, rubric=rubric)

    saved = services.rubric_update(
        rubric=rubric,
        name="Error explanation",
        edge_case_guide="New guide.",
        criteria=criteria_input("Clarity", "Severity", "Root cause"),
    )

    assert saved.pk == rubric.pk
    assert Rubric.objects.count() == 1
    assert _snapshot(saved)[2] == "New guide."
    assert [c.name for c in saved.criteria.order_by("position")] == [
        "Clarity",
        "Severity",
        "Root cause",
    ]
    assert Criterion.objects.count() == 3  # the old rows are gone, not orphaned
    assessment.refresh_from_db()
    assert assessment.rubric == rubric


def test_a_rubric_used_by_a_review_gets_a_new_version_and_the_old_one_stays(org, reviewer):
    rubric = _create(org)
    before = _snapshot(rubric)
    _review(rubric, reviewer)
    uses_it = AssessmentFactory(organization=org, rubric=rubric)
    uses_another = AssessmentFactory(organization=org, rubric=_create(org, name="Other"))

    saved = services.rubric_update(
        rubric=rubric,
        name="Error explanation",
        edge_case_guide="Sharper guide.",
        criteria=criteria_input("Root cause", "Clarity", "Severity"),
    )

    assert saved.pk != rubric.pk
    assert (saved.name, saved.version, saved.previous_id) == ("Error explanation", 2, rubric.pk)
    assert [c.name for c in saved.criteria.all()] == ["Root cause", "Clarity", "Severity"]
    assert _snapshot(rubric) == before  # criteria, levels, name and guide untouched
    assert rubric.is_frozen  # and recorded as frozen
    uses_it.refresh_from_db()
    uses_another.refresh_from_db()
    assert uses_it.rubric_id == saved.pk
    assert uses_another.rubric.name == "Other"
    assert [v.version for v in selectors.rubric_versions(rubric=rubric)] == [1, 2]


def test_a_frozen_rubric_versions_even_without_reviews(org):
    rubric = services.rubric_freeze(_create(org))

    saved = services.rubric_update(
        rubric=rubric, name="Error explanation", criteria=criteria_input("Root cause")
    )

    assert saved.version == 2


def test_new_version_moves_only_waiting_tasks_that_nobody_reviewed(org, reviewer):
    rubric = _create(org)
    waiting = ReviewTask.objects.create(
        organization=org, response=ResponseFactory(), source="rationale", rubric=rubric
    )
    started = ReviewTask.objects.create(
        organization=org, response=ResponseFactory(), source="rationale", rubric=rubric
    )
    Review.objects.create(task=started, response=started.response, rubric=rubric, reviewer=reviewer)
    done = ReviewTask.objects.create(
        organization=org,
        response=ResponseFactory(),
        source="free_text",
        rubric=rubric,
        state=ReviewTask.State.DONE,
    )

    saved = services.rubric_update(
        rubric=rubric, name="Error explanation", criteria=criteria_input("Root cause")
    )

    rubric_of = dict(ReviewTask.objects.values_list("pk", "rubric_id"))
    assert rubric_of == {waiting.pk: saved.pk, started.pk: rubric.pk, done.pk: rubric.pk}


def test_saving_a_used_rubric_unchanged_makes_no_version(org, reviewer):
    rubric = _create(org)
    _review(rubric, reviewer)

    saved = services.rubric_update(
        rubric=rubric,
        name="Error explanation",
        edge_case_guide="Choose the lower level when unsure.",
        criteria=criteria_input("Root cause", "Clarity"),
    )

    assert saved.pk == rubric.pk
    assert Rubric.objects.count() == 1


def test_only_the_current_version_can_be_edited(org, reviewer):
    rubric = _create(org)
    _review(rubric, reviewer)
    services.rubric_update(rubric=rubric, name="Error explanation", criteria=criteria_input("X"))

    with pytest.raises(ApplicationError, match="version 2 replaced it"):
        services.rubric_update(
            rubric=rubric, name="Error explanation", criteria=criteria_input("Y")
        )


def test_a_rename_keeps_the_version_history_and_cannot_take_another_rubrics_name(org, reviewer):
    rubric = _create(org)
    _create(org, name="Preference")
    _review(rubric, reviewer)

    renamed = services.rubric_update(
        rubric=rubric, name="Error explanation (legal)", criteria=criteria_input("Root cause")
    )
    with pytest.raises(ApplicationError, match="“Preference” already exists"):
        services.rubric_update(rubric=renamed, name="Preference", criteria=criteria_input("A"))
    back = services.rubric_update(
        rubric=renamed, name="Error explanation", criteria=criteria_input("Root cause")
    )  # renamed is unused, so this is in place; its own old name is free to take back

    assert back.pk == renamed.pk
    assert [v.pk for v in selectors.rubric_versions(rubric=back)] == [rubric.pk, renamed.pk]


def test_an_update_with_a_bad_criterion_changes_nothing(org):
    rubric = _create(org)
    before = _snapshot(rubric)
    criteria = criteria_input("Root cause")
    criteria[0]["weight"] = 500

    with pytest.raises(RubricInvalid):
        services.rubric_update(rubric=rubric, name="Renamed", criteria=criteria)

    assert _snapshot(rubric) == before


# --- Freeze and delete -------------------------------------------------------------------------


def test_freeze_sets_the_time_once(org):
    rubric = _create(org)

    first = services.rubric_freeze(rubric).frozen_at
    again = services.rubric_freeze(Rubric.objects.get(pk=rubric.pk)).frozen_at

    assert first is not None
    assert again == first


def test_delete_refuses_a_rubric_in_use_and_deletes_an_unused_one(org, reviewer):
    reviewed = _create(org, name="Reviewed")
    _review(reviewed, reviewer)
    attached = _create(org, name="Attached")
    AssessmentFactory(organization=org, rubric=attached, title="Clause review")
    queued = _create(org, name="Queued")
    ReviewTask.objects.create(
        organization=org, response=ResponseFactory(), source="rationale", rubric=queued
    )
    unused = _create(org, name="Unused")

    with pytest.raises(ApplicationError, match="used to score reviews"):
        services.rubric_delete(rubric=reviewed)
    with pytest.raises(ApplicationError, match="rubric of “Clause review”"):
        services.rubric_delete(rubric=attached)
    with pytest.raises(ApplicationError, match="queued for review"):
        services.rubric_delete(rubric=queued)
    services.rubric_delete(rubric=unused)

    assert sorted(Rubric.objects.values_list("name", flat=True)) == [
        "Attached",
        "Queued",
        "Reviewed",
    ]


def test_the_factory_helper_builds_full_rubrics(org):
    rubric = rubric_with_levels(org, criteria=[("Root cause", 2), "Clarity"])

    assert rubric_problems(**selectors.rubric_input(rubric=rubric)) == {}
    assert [c.weight for c in rubric.criteria.all()] == [Decimal(2), Decimal(1)]
