"""Rubric CRUD through the REST API: the same rules, versioning and permissions as the pages."""

from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from hiring.models import Membership
from rubrics.models import Review, ReviewTask, Rubric
from tests.factories import AssessmentFactory, MembershipFactory, ResponseFactory
from tests.factories.rubrics import criteria_input, rubric_with_levels

pytestmark = pytest.mark.django_db

BASE = "/api/organizations/lexicon/rubrics/"


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api(hiring_manager):
    return client_for(hiring_manager)


@pytest.fixture
def rubric(org):
    return rubric_with_levels(org, name="Error explanation")


def payload(*names, name="Error explanation", guide="Lower level when unsure.") -> dict:
    return {"name": name, "edge_case_guide": guide, "criteria": criteria_input(*names)}


# --- Reading -----------------------------------------------------------------------------------


def test_list_shows_current_versions_with_nested_criteria_and_levels(
    api, org, rubric, django_assert_max_num_queries
):
    newer = Rubric.objects.create(organization=org, name=rubric.name, version=2, previous=rubric)
    for n in range(4):
        rubric_with_levels(org, name=f"Spare {n}")
    rubric_with_levels(org, name="Preference")
    assessment = AssessmentFactory(organization=org, rubric=newer, title="Clause review")
    rubric_with_levels(organization=None)  # another organisation's

    with django_assert_max_num_queries(8):  # six reads and a savepoint
        response = api.get(BASE)

    assert response.status_code == 200
    rows = {row["name"]: row for row in response.json()["results"]}
    assert set(rows) == {"Error explanation", "Preference", *(f"Spare {n}" for n in range(4))}
    current = rows["Error explanation"]
    assert (current["id"], current["version"], current["previous"]) == (newer.pk, 2, rubric.pk)
    assert current["assessments"] == [{"id": assessment.pk, "title": "Clause review", "version": 1}]
    preference = rows["Preference"]
    assert [c["name"] for c in preference["criteria"]] == [
        "Identifies the root cause",
        "Precision of the error explanation",
        "Clarity for an engineer",
    ]
    assert preference["criteria"][0]["levels"][4] == {
        "score": 4,
        "descriptor": "Identifies the root cause: level 4",
        "example": "",
    }
    assert preference["criteria"][0]["weight"] == "1.00"


def test_retrieve_has_versions_and_the_frozen_state(api, org, rubric, reviewer):
    Review.objects.create(response=ResponseFactory(), rubric=rubric, reviewer=reviewer)

    body = api.get(f"{BASE}{rubric.pk}/").json()

    assert body["is_frozen"] is True
    assert body["is_latest"] is True
    assert body["organization"] == "lexicon"
    assert body["versions"] == [
        {
            "id": rubric.pk,
            "name": "Error explanation",
            "version": 1,
            "frozen_at": None,
            "created_at": body["created_at"],
        }
    ]


def test_templates_are_listed(api):
    body = api.get(BASE + "templates/").json()

    assert [t["key"] for t in body] == [
        "error_identification",
        "preference_ranking",
        "span_annotation",
    ]
    assert "Identifies the root cause" in body[0]["criteria"]


# --- Writing -----------------------------------------------------------------------------------


def test_create_returns_the_rubric_with_its_levels(api, org):
    response = api.post(BASE, payload("Root cause", "Clarity"), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["name"], body["version"], body["previous"], body["is_frozen"]) == (
        "Error explanation",
        1,
        None,
        False,
    )
    assert [len(c["levels"]) for c in body["criteria"]] == [5, 5]
    assert Rubric.objects.get(pk=body["id"]).organization == org


def test_create_from_a_template(api):
    response = api.post(BASE + "from-template/", {"template": "span_annotation"}, format="json")
    unknown = api.post(BASE + "from-template/", {"template": "essay"}, format="json")

    assert response.status_code == 201
    assert response.json()["name"] == "Span annotation"
    assert len(response.json()["criteria"]) == 4
    assert unknown.status_code == 400
    assert "no rubric template “essay”" in unknown.json()["template"][0]


def test_bad_input_is_a_400_with_errors_nested_by_criterion(api):
    body = payload("Root cause", "Clarity", "Severity")
    body["criteria"][1]["levels"] = body["criteria"][1]["levels"][:3]
    body["criteria"][2]["weight"] = "150"
    body["criteria"][2]["name"] = "ROOT CAUSE"

    response = api.post(BASE, body, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "criteria": {
            "1": {
                "levels": [
                    "Level 3 needs a descriptor: what an answer at 3 looks like.",
                    "Level 4 needs a descriptor: what an answer at 4 looks like.",
                ]
            },
            "2": {
                "name": ["“ROOT CAUSE” is already criterion 1: give each criterion its own name."],
                "weight": ["A weight is a number above 0 and at most 100, for example 1 or 2.5."],
            },
        }
    }
    assert not Rubric.objects.exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"name": "R", "criteria": []}, "criteria", "Add at least one criterion"),
        ({"name": " ", "criteria": criteria_input("A")}, "name", "Give the rubric a name"),
        ({"name": "R"}, "criteria", "This field is required."),
        (
            {"name": "R", "criteria": "A, B"},
            "criteria",
            'Expected a list of items but got type "str"',
        ),
    ],
)
def test_missing_or_malformed_fields_are_400s(api, body, field, message):
    response = api.post(BASE, body, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field])


def test_a_level_with_a_non_numeric_score_is_a_400(api):
    body = payload("Root cause")
    body["criteria"][0]["levels"][0]["score"] = "top"

    response = api.post(BASE, body, format="json")

    assert response.status_code == 400
    assert response.json()["criteria"]["0"]["levels"]["0"]["score"] == [
        "A valid integer is required."
    ]


def test_a_duplicate_name_is_a_400_on_name(api, rubric):
    response = api.post(BASE, payload("Root cause"), format="json")

    assert response.status_code == 400
    assert "already exists" in response.json()["name"][0]


def test_put_on_an_unused_rubric_edits_it_in_place(api, rubric):
    response = api.put(f"{BASE}{rubric.pk}/", payload("Root cause"), format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["version"], body["previous"]) == (rubric.pk, 1, None)
    assert [c["name"] for c in body["criteria"]] == ["Root cause"]


def test_put_on_a_used_rubric_returns_its_new_version(api, org, rubric, reviewer):
    Review.objects.create(response=ResponseFactory(), rubric=rubric, reviewer=reviewer)
    assessment = AssessmentFactory(organization=org, rubric=rubric)
    task = ReviewTask.objects.create(
        organization=org, response=ResponseFactory(), source="rationale", rubric=rubric
    )

    response = api.put(f"{BASE}{rubric.pk}/", payload("Root cause", "Severity"), format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] != rubric.pk
    assert (body["version"], body["previous"], body["is_frozen"]) == (2, rubric.pk, False)
    assert [v["version"] for v in body["versions"]] == [1, 2]
    assert body["assessments"] == [
        {"id": assessment.pk, "title": assessment.title, "version": assessment.version}
    ]
    task.refresh_from_db()
    assert task.rubric_id == body["id"]
    assert rubric.criteria.count() == 3  # the old version is untouched
    old = api.get(f"{BASE}{rubric.pk}/").json()
    assert (old["is_latest"], old["is_frozen"]) == (False, True)

    again = api.put(f"{BASE}{rubric.pk}/", payload("Other"), format="json")
    assert again.status_code == 400
    assert "version 2 replaced it" in again.json()["rubric"][0]


def test_patch_changes_only_what_is_given(api, rubric):
    response = api.patch(f"{BASE}{rubric.pk}/", {"edge_case_guide": "Score the worse error."},
                         format="json")  # fmt: skip

    assert response.status_code == 200
    body = response.json()
    assert body["edge_case_guide"] == "Score the worse error."
    assert body["name"] == "Error explanation"
    assert len(body["criteria"]) == 3


def test_patch_with_bad_criteria_is_a_400_and_changes_nothing(api, rubric):
    criteria = criteria_input("Root cause")
    criteria[0]["weight"] = "0"

    response = api.patch(f"{BASE}{rubric.pk}/", {"criteria": criteria}, format="json")

    assert response.status_code == 400
    assert "above 0" in response.json()["criteria"]["0"]["weight"][0]
    assert rubric.criteria.count() == 3


def test_delete_refuses_a_rubric_in_use_and_deletes_an_unused_one(api, org, rubric):
    in_use = rubric_with_levels(org, name="In use")
    AssessmentFactory(organization=org, rubric=in_use, title="Clause review")

    refused = api.delete(f"{BASE}{in_use.pk}/")
    deleted = api.delete(f"{BASE}{rubric.pk}/")

    assert refused.status_code == 400
    assert "rubric of “Clause review”" in refused.json()["rubric"][0]
    assert deleted.status_code == 204
    assert list(Rubric.objects.values_list("name", flat=True)) == ["In use"]


# --- Permissions -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "hiring_manager", "recruiter", "reviewer"])
def test_every_member_reads(org, rubric, role):
    member = MembershipFactory(organization=org, role=role).user

    assert client_for(member).get(f"{BASE}{rubric.pk}/").status_code == 200
    assert client_for(member).get(BASE).status_code == 200


@pytest.mark.parametrize("role", [Membership.Role.RECRUITER, Membership.Role.REVIEWER])
def test_recruiters_and_reviewers_get_403_on_writes(org, rubric, role):
    api = client_for(MembershipFactory(organization=org, role=role).user)

    responses = [
        api.post(BASE, payload("Root cause", name="New"), format="json"),
        api.post(BASE + "from-template/", {"template": "span_annotation"}, format="json"),
        api.put(f"{BASE}{rubric.pk}/", payload("Root cause"), format="json"),
        api.patch(f"{BASE}{rubric.pk}/", {"name": "Renamed"}, format="json"),
        api.delete(f"{BASE}{rubric.pk}/"),
    ]

    assert [r.status_code for r in responses] == [403] * 5
    assert list(Rubric.objects.values_list("name", flat=True)) == ["Error explanation"]


def test_another_organisation_gets_404_everywhere(other_org, rubric):
    api = client_for(MembershipFactory(organization=other_org, role="owner").user)
    theirs = rubric_with_levels(other_org)

    assert api.get(BASE).status_code == 404
    assert api.get(BASE + "templates/").status_code == 404
    assert api.post(BASE, payload("Root cause", name="New"), format="json").status_code == 404
    assert api.get(f"{BASE}{rubric.pk}/").status_code == 404
    assert api.put(f"{BASE}{rubric.pk}/", payload("A"), format="json").status_code == 404
    assert api.delete(f"{BASE}{rubric.pk}/").status_code == 404
    # Their own rubric under our slug is not found either.
    assert api.get(f"{BASE}{theirs.pk}/").status_code == 404


def test_anonymous_requests_are_refused(rubric):
    assert client_for(None).get(BASE).status_code == 403


def test_the_schema_is_valid_and_describes_the_rubric_endpoints(settings, tmp_path):
    schema = tmp_path / "schema.yml"

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(schema), stdout=StringIO()
    )

    text = schema.read_text()
    for path in ("/rubrics/:", "/rubrics/{id}/:", "/rubrics/templates/:", "/from-template/:"):
        assert path in text
