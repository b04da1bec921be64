"""The role's pipeline as a funnel: how many reached each stage (or went further), how many
are there now, the share that moved on, and a link to each stage's applications."""

import re

import pytest
from django.urls import reverse

from hiring.models import Application, StageChange
from hiring.pipeline.funnel import funnel
from tests.factories import ApplicationFactory, RoleFactory

S = Application.Stage
PATH = [("applied", "Applied"), ("invited", "Invited"), ("scored", "Scored")]
EXITS = [("rejected", "Rejected")]


def test_reached_counts_everyone_at_or_beyond_a_stage_and_who_left_at_their_furthest():
    result = funnel(
        PATH,
        EXITS,
        {"applied": 5, "invited": 3, "scored": 2, "rejected": 4},
        ["invited", "applied", None, None],
    )

    assert [(s.stage, s.now, s.reached) for s in result.steps] == [
        ("applied", 5, 14),
        ("invited", 3, 6),  # 3 here, 2 scored, 1 rejected after the invitation
        ("scored", 2, 2),
    ]
    assert [s.moved_on for s in result.steps] == [43, 33, None]  # 6/14, 2/6: half up
    assert [s.share for s in result.steps] == [100, 43, 14]
    assert result.exits == (("rejected", "Rejected", 4),)
    assert result.total == 14


def test_an_empty_pipeline_has_no_conversion():
    result = funnel(PATH, EXITS, {}, [])

    assert [(s.reached, s.share, s.moved_on) for s in result.steps] == [
        (0, 0, None),
        (0, 0, None),
        (0, 0, None),
    ]


@pytest.fixture
def team(client, hiring_manager):
    client.force_login(hiring_manager)
    return client


def _at(role, stage, n=1):
    return [ApplicationFactory(role=role, stage=stage) for _ in range(n)]


@pytest.mark.django_db
def test_the_role_page_draws_the_funnel_with_links_to_each_stage(team, org):
    role = RoleFactory(organization=org)
    _at(role, S.APPLIED, 4)
    _at(role, S.INVITED, 2)
    _at(role, S.SHORTLISTED, 1)
    (left,) = _at(role, S.REJECTED)
    StageChange.objects.create(application=left, from_stage=S.APPLIED, to_stage=S.INVITED)
    StageChange.objects.create(application=left, from_stage=S.INVITED, to_stage=S.REJECTED)
    url = reverse("hiring:role", args=[org.slug, role.pk])

    html = team.get(url).content.decode()

    def step(stage):
        found = re.search(rf'data-stage="{stage}">(.*?)</li>', html, re.S)
        assert found, stage
        return found.group(1)

    assert 'data-testid="reached">8<' in step("applied")
    assert 'data-testid="now">4<' in step("applied")
    assert 'data-testid="reached">4<' in step("invited")  # 2 here, 1 shortlisted, 1 left
    assert "50% moved on" in step("applied")
    assert 'data-testid="reached">1<' in step("shortlisted")
    assert f'href="?stage={S.INVITED}#applications-heading"' in step("invited")
    assert 'href="?stage=rejected#applications-heading"' in html

    # The stage's list: only its applications.
    listed = team.get(url, {"stage": "invited"}).content.decode()
    assert listed.count('data-testid="candidate"') == 2
    assert "Invited to assessment" in listed


@pytest.mark.django_db
def test_an_unknown_stage_says_so_and_lists_every_application(team, org):
    role = RoleFactory(organization=org)
    _at(role, S.APPLIED, 3)

    response = team.get(reverse("hiring:role", args=[org.slug, role.pk]), {"stage": "nope"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a pipeline stage" in html
    assert html.count('data-testid="candidate"') == 3
