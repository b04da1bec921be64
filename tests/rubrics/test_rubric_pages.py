"""The rubric builder's pages: who may do what, the form without JavaScript, versioning."""

import re

import pytest
from django.urls import reverse

from hiring.models import Membership
from rubrics.models import Review, Rubric
from tests.factories import AssessmentFactory, MembershipFactory, ResponseFactory
from tests.factories.rubrics import rubric_with_levels

pytestmark = pytest.mark.django_db

PEOPLE = ["owner", "hiring_manager", "recruiter", "reviewer", "other_org", "anonymous"]


@pytest.fixture
def people(org, other_org):
    members = {
        name: MembershipFactory(organization=org, role=getattr(Membership.Role, name.upper())).user
        for name in ("owner", "hiring_manager", "recruiter", "reviewer")
    }
    members["other_org"] = MembershipFactory(
        organization=other_org, role=Membership.Role.OWNER
    ).user
    members["anonymous"] = None
    return members


@pytest.fixture
def rubric(org):
    return rubric_with_levels(org, name="Error explanation")


@pytest.fixture
def author(client, hiring_manager):
    client.force_login(hiring_manager)
    return client


def url(name, org, *args):
    return reverse(f"rubrics:{name}", args=[org.slug, *args])


def criterion_row(index, name, *, weight="1", position=None, **overrides) -> dict:
    row = {
        f"criteria-{index}-position": position or index + 1,
        f"criteria-{index}-name": name,
        f"criteria-{index}-weight": weight,
        f"criteria-{index}-description": "",
    }
    for score in range(5):
        row[f"criteria-{index}-level_{score}_descriptor"] = f"{name} at level {score}"
        row[f"criteria-{index}-level_{score}_example"] = ""
    row.update({f"criteria-{index}-{key}": value for key, value in overrides.items()})
    return row


def form_data(*rows: dict, name="Error explanation", guide="Lower level when unsure.", blank=1):
    total = len(rows) + blank
    data = {
        "name": name,
        "edge_case_guide": guide,
        "criteria-TOTAL_FORMS": str(total),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "20",
    }
    for row in rows:
        data.update(row)
    for index in range(len(rows), total):  # blank rows, as the page renders them
        data.update(criterion_row(index, "", weight="1"))
        data.update({f"criteria-{index}-level_{s}_descriptor": "" for s in range(5)})
    return data


def errors_of(response) -> list[str]:
    return re.findall(
        r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )


# --- Permissions ------------------------------------------------------------------------------

READ = {"owner": 200, "hiring_manager": 200, "recruiter": 200, "reviewer": 200, "other_org": 404}
WRITE = {"owner": 200, "hiring_manager": 200, "recruiter": 403, "reviewer": 403, "other_org": 404}


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize(
    ("page", "expected"), [("index", READ), ("detail", READ), ("create", WRITE), ("edit", WRITE)]
)
def test_members_read_authors_write_and_others_see_nothing(
    client, people, org, rubric, person, page, expected
):
    if people[person]:
        client.force_login(people[person])
    args = [rubric.pk] if page in ("detail", "edit") else []

    response = client.get(url(page, org, *args))

    if person == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected[person]


@pytest.mark.parametrize("person", ["recruiter", "reviewer", "other_org"])
def test_readers_and_outsiders_cannot_post_writes(client, people, org, rubric, person):
    client.force_login(people[person])
    expected = 404 if person == "other_org" else 403

    responses = [
        client.post(url("create", org), form_data(criterion_row(0, "Root cause"))),
        client.post(url("edit", org, rubric.pk), form_data(criterion_row(0, "Root cause"))),
        client.post(url("from_template", org, "span_annotation")),
        client.post(url("delete", org, rubric.pk)),
    ]

    assert [r.status_code for r in responses] == [expected] * 4
    assert list(Rubric.objects.values_list("name", flat=True)) == ["Error explanation"]
    assert rubric.criteria.count() == 3


def test_another_organisations_rubric_is_a_404_even_for_an_owner_elsewhere(
    client, people, org, other_org
):
    theirs = rubric_with_levels(other_org)
    client.force_login(people["owner"])

    assert client.get(url("detail", org, theirs.pk)).status_code == 404
    assert client.get(url("detail", other_org, theirs.pk)).status_code == 404


def test_readers_see_no_write_buttons(client, people, org, rubric):
    client.force_login(people["reviewer"])

    index = client.get(url("index", org)).content.decode()
    detail = client.get(url("detail", org, rubric.pk)).content.decode()

    assert "Error explanation" in index
    assert url("create", org) not in index
    assert "Start from a template" not in index
    assert url("edit", org, rubric.pk) not in detail
    assert "Identifies the root cause: level 4" in detail  # they read every anchor


# --- Index and detail ------------------------------------------------------------------------


def test_index_lists_the_current_versions_with_their_assessments_in_constant_queries(
    author, org, reviewer, django_assert_max_num_queries
):
    first = rubric_with_levels(org, name="Error explanation")
    current = Rubric.objects.create(organization=org, name="Error explanation", version=2,
                                    previous=first)  # fmt: skip
    AssessmentFactory(organization=org, rubric=current, title="Clause review")
    for n in range(5):
        rubric_with_levels(org, name=f"Rubric {n}")

    with django_assert_max_num_queries(8):  # with the navigation's alert badge
        response = author.get(url("index", org))

    page = response.content.decode()
    assert len(re.findall(r'href="/org/lexicon/rubrics/\d+/"', page)) == 6  # current ones
    assert url("detail", org, current.pk) in page
    assert url("detail", org, first.pk) not in page
    assert "Clause review" in page
    assert "1 earlier version" in page
    assert 'data-template="error_identification"' in page


def test_detail_shows_the_level_grid_guide_versions_and_assessments(author, org, rubric):
    rubric.edge_case_guide = "- **Two errors**: score the worse one."
    rubric.save()
    AssessmentFactory(organization=org, rubric=rubric, title="Clause review")
    level = rubric.criteria.first().levels.get(score=4)
    level.example = "Names clause 3.2."
    level.save()

    page = author.get(url("detail", org, rubric.pk)).content.decode()

    grid = page[page.index('data-testid="level-grid"') :]
    assert grid.count('<th scope="col" class="level-grid__level">') == 5
    assert "Identifies the root cause: level 0" in grid
    assert "Clarity for an engineer: level 4" in grid
    assert "Names clause 3.2." in grid
    assert "33% of the score" in grid
    assert "<strong>Two errors</strong>" in page  # the guide is rendered as Markdown
    assert "Clause review" in page
    assert 'data-testid="versions"' in page


@pytest.mark.parametrize("size", [1, 8])
def test_detail_queries_do_not_grow_with_criteria(
    author, org, reviewer, size, django_assert_max_num_queries
):
    rubric = rubric_with_levels(org, criteria=[f"Criterion {n}" for n in range(size)])
    AssessmentFactory(organization=org, rubric=rubric)

    with django_assert_max_num_queries(13):  # with the navigation's alert badge
        response = author.get(url("detail", org, rubric.pk))

    assert response.content.decode().count("level-grid__cell--4") == size


def test_detail_of_an_old_version_points_to_the_current_one(author, org, rubric):
    newer = Rubric.objects.create(organization=org, name=rubric.name, version=2, previous=rubric)

    page = author.get(url("detail", org, rubric.pk)).content.decode()

    assert 'data-testid="old-version"' in page
    assert url("detail", org, newer.pk) in page
    assert url("edit", org, rubric.pk) not in page


# --- Creating -----------------------------------------------------------------------------------


def test_an_author_builds_a_rubric_without_javascript(author, org):
    data = form_data(
        criterion_row(0, "Clarity", weight="1", position=2),
        criterion_row(1, "Root cause", weight="2.5", position=1, level_4_example="Clause 3.2."),
        blank=2,
    )

    response = author.post(url("create", org), data)

    rubric = Rubric.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", org, rubric.pk)
    assert rubric.edge_case_guide == "Lower level when unsure."
    criteria = list(rubric.criteria.order_by("position"))
    assert [(c.name, str(c.weight)) for c in criteria] == [
        ("Root cause", "2.50"),
        ("Clarity", "1.00"),
    ]
    assert criteria[0].levels.get(score=4).example == "Clause 3.2."
    assert criteria[1].levels.count() == 5


def test_a_row_marked_for_removal_is_left_out(author, org):
    data = form_data(
        criterion_row(0, "Root cause"), criterion_row(1, "Discarded", DELETE="on"), blank=0
    )

    author.post(url("create", org), data)

    assert [c.name for c in Rubric.objects.get().criteria.all()] == ["Root cause"]


def test_the_new_form_has_blank_rows_and_a_row_template_for_javascript(author, org):
    page = author.get(url("create", org)).content.decode()

    assert 'name="criteria-TOTAL_FORMS" value="2"' in page
    assert 'name="criteria-__prefix__-level_4_descriptor"' in page
    assert "js/formset.js" in page


def test_validation_messages_land_next_to_their_fields_and_nothing_is_saved(author, org):
    data = form_data(
        criterion_row(0, "Root cause", weight="0"),
        criterion_row(1, "root cause", level_2_descriptor=""),
    )

    response = author.post(url("create", org), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page
    errors = " ".join(errors_of(response))
    assert "A weight is a number above 0 and at most 100" in errors
    assert "“root cause” is already criterion 1" in errors
    assert "Level 2 needs a descriptor" in errors
    assert not Rubric.objects.exists()


def test_a_form_with_no_criteria_says_to_add_one(author, org):
    response = author.post(url("create", org), form_data(blank=2))

    assert response.status_code == 400
    assert "Add at least one criterion" in response.content.decode()


def test_a_duplicate_name_is_refused_on_the_name_field(author, org, rubric):
    response = author.post(url("create", org), form_data(criterion_row(0, "Root cause")))

    assert response.status_code == 400
    assert "A rubric named “Error explanation” already exists" in " ".join(errors_of(response))
    assert Rubric.objects.count() == 1


def test_starting_from_a_template_opens_the_new_rubric_for_editing(author, org):
    response = author.post(url("from_template", org, "preference_ranking"))

    rubric = Rubric.objects.get()
    assert rubric.name == "Preference ranking"
    assert response["Location"] == url("edit", org, rubric.pk)
    edit = author.get(response["Location"]).content.decode()
    assert "Grounds the preference in the decisive difference" in edit
    assert 'data-testid="in-place-notice"' in edit


def test_an_unknown_template_is_a_message_not_an_error(author, org):
    response = author.post(url("from_template", org, "essay"), follow=True)

    assert response.status_code == 200
    assert "There is no rubric template “essay”" in response.content.decode()
    assert not Rubric.objects.exists()


def test_from_template_only_takes_a_post(author, org):
    assert author.get(url("from_template", org, "span_annotation")).status_code == 405


# --- Editing and versions ------------------------------------------------------------------------


def test_the_edit_form_is_prefilled_with_every_criterion_and_level(author, org, rubric):
    page = author.get(url("edit", org, rubric.pk)).content.decode()

    assert 'name="criteria-TOTAL_FORMS" value="4"' in page  # three criteria and a blank row
    assert 'value="Identifies the root cause"' in page
    assert "Clarity for an engineer: level 3</textarea>" in page


def test_editing_an_unused_rubric_changes_it_in_place(author, org, rubric):
    data = form_data(criterion_row(0, "Root cause"), name="Error explanation v1")

    response = author.post(url("edit", org, rubric.pk), data)

    assert response["Location"] == url("detail", org, rubric.pk)
    rubric.refresh_from_db()
    assert rubric.name == "Error explanation v1"
    assert [c.name for c in rubric.criteria.all()] == ["Root cause"]


def test_editing_a_used_rubric_says_so_and_saves_a_new_version(author, org, rubric, reviewer):
    Review.objects.create(response=ResponseFactory(), rubric=rubric, reviewer=reviewer)
    assessment = AssessmentFactory(organization=org, rubric=rubric)

    page = author.get(url("edit", org, rubric.pk)).content.decode()
    assert "This version is frozen because 1 review used it; saving makes version 2." in page
    assert "Save as version 2" in page

    response = author.post(url("edit", org, rubric.pk), form_data(criterion_row(0, "Root cause")))

    newer = Rubric.objects.get(version=2)
    assert response["Location"] == url("detail", org, newer.pk)
    assert newer.previous == rubric
    assert rubric.criteria.count() == 3  # the old version is untouched
    assessment.refresh_from_db()
    assert assessment.rubric == newer
    shown = author.get(response["Location"]).content.decode()
    assert "Saved as version 2. Version 1 stays as it was" in shown


def test_editing_an_old_version_goes_to_the_current_one(author, org, rubric):
    newer = Rubric.objects.create(organization=org, name=rubric.name, version=2, previous=rubric)

    response = author.get(url("edit", org, rubric.pk))

    assert response["Location"] == url("edit", org, newer.pk)


def test_deleting_an_unused_rubric_and_refusing_one_in_use(author, org, rubric):
    in_use = rubric_with_levels(org, name="In use")
    AssessmentFactory(organization=org, rubric=in_use, title="Clause review")

    refused = author.post(url("delete", org, in_use.pk), follow=True)
    deleted = author.post(url("delete", org, rubric.pk))

    assert "is the rubric of “Clause review”" in refused.content.decode()
    assert deleted["Location"] == url("index", org)
    assert list(Rubric.objects.values_list("name", flat=True)) == ["In use"]
