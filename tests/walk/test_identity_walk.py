"""Blind mode holds on every team page and API route: walked from the URLconf as owner,
hiring manager, recruiter and reviewer, no candidate's name, e-mail, institution or
work-sample link appears anywhere before a reveal or the interview stage."""

import pytest
from django.test import Client
from django.urls import reverse

from core.blind import identity_reveal
from core.pseudonyms import pseudonym
from hiring.models import Application
from tests.walk.conftest import EXPORT_POSTS, TEAM_ROLES
from tests.walk.routes import filled_routes, team_routes
from tests.walk.world import GOLD_MARKERS, STAR_NAME, World, markers_in

# Routes the world cannot fill a parameter of. Empty: a new route with a parameter the
# walk does not know fails here until ``tests/walk/routes.py`` learns to fill it.
UNFILLED: set[str] = set()


def test_the_walk_fills_every_team_route(world):
    filled, unfilled = filled_routes(world)

    assert {route.name for route in unfilled} == UNFILLED
    assert len(filled) == len(team_routes())
    names = {route.route.name for route in filled}
    # The routes the issue names are among them.
    assert {
        "hiring:application",
        "api:candidate-detail",
        "api:team-application",
        "calibration:attempts",
        "calibration:attempt",
        "calibration:role_invitations",
        "calibration:accommodations",
        "calibration:contests",
        "calibration:payments",
        "calibration:payout_csv",
        "api:ops-payments",
        "api:ops-payout-csv",
        "api:shortlist-csv",
    } <= names


@pytest.mark.parametrize("member", TEAM_ROLES)
def test_no_identity_reaches_the_team_before_a_reveal(world, walk, member):
    visits = walk(world.members[member])

    errors = [str(v) for v in visits if v.status >= 500]
    leaked = [f"{v}: {markers_in(v.body)}" for v in visits if markers_in(v.body)]
    assert not errors, "\n".join(errors)
    assert not leaked, "\n".join(leaked)
    # The exports that need a reason refused the walk's reason-less POST (a 404 for a
    # reviewer, who does not see payments at all).
    assert {v.status for v in visits if v.method == "POST"} == {
        404 if member == "reviewer" else 400
    }
    assert {v.route.name for v in visits if v.method == "POST"} == set(EXPORT_POSTS)


def test_the_owner_opens_every_page_the_walk_reads(world, walk):
    """The walk reads real pages, not 404s from a world that does not fit: every route
    answers the owner, except POST-only routes (405) and the three that move on (302: the
    next review, a new item of an assessment that already has attempts, and a preview's
    item before its clock is started)."""
    visits = [v for v in walk(world.members["owner"]) if v.method == "GET"]

    odd = {v.route.name: v.status for v in visits if v.status != 200}
    assert all(status in (302, 405) for status in odd.values()), odd
    assert {name for name, status in odd.items() if status == 302} <= {
        "reviews:next",
        "authoring:item_create",
        "authoring:preview_item",
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_move_the_candidate_made_shows_their_pseudonym_not_their_account(world: World):
    client = _client(world.members["recruiter"])
    shown = pseudonym(world.star.pk)
    page = client.get(reverse("hiring:application", args=[world.organization.slug, world.star.pk]))
    history = page.content.decode()
    history = history[history.index('data-testid="stage-history"') :]
    assert f'{shown} <span class="meta">(the candidate)</span>' in history

    for url in (
        reverse("api:candidate-detail", args=[world.organization.slug, world.star.pk]),
        reverse("api:team-application", args=[world.star.pk]),
    ):
        changes = client.get(url).json()["stage_changes"]
        by_candidate = [c for c in changes if c["by_candidate"]]
        assert [(c["from_stage"], c["to_stage"]) for c in by_candidate] == [
            ("invited", "in_progress"),
            ("in_progress", "submitted"),
        ]
        assert {c["changed_by"]["full_name"] for c in by_candidate} == {shown}
        assert {c["changed_by"]["id"] for c in by_candidate} == {None}
        recruiter_move = next(c for c in changes if c["to_stage"] == "invited")
        assert recruiter_move["changed_by"]["id"] == world.members["recruiter"].pk


def test_the_walk_sees_an_identity_once_it_is_revealed(world: World):
    """The walk's check would fail on a leak: after a recorded reveal the candidate's name
    is there, on the page, the API and the calibration pages."""
    recruiter = world.members["recruiter"]
    identity_reveal(application=world.star, by=recruiter, reason="Reference check")
    client = _client(recruiter)
    slug = world.organization.slug

    for url in (
        reverse("hiring:application", args=[slug, world.star.pk]),
        reverse("api:candidate-detail", args=[slug, world.star.pk]),
        reverse("calibration:attempt", args=[slug, world.attempt.pk]),
        reverse("api:ops-attempt", args=[slug, world.attempt.pk]),
        reverse("calibration:payments", args=[slug]),
    ):
        assert STAR_NAME in client.get(url).content.decode(), url


def test_the_interview_stage_lifts_blind_mode_on_the_calibration_pages(world: World):
    Application.objects.filter(pk=world.star.pk).update(stage=Application.Stage.INTERVIEW)
    client = _client(world.members["recruiter"])
    page = client.get(
        reverse("calibration:attempt", args=[world.organization.slug, world.attempt.pk])
    )

    assert f"<h1>{STAR_NAME}</h1>" in page.content.decode()


def test_the_world_carries_gold_markers_the_authors_see(world, walk):
    """For the gold walk: the world's gold markers do reach an author's pages (so their
    absence elsewhere means something), and no candidate's answer carries them."""
    from assessments.models import Response

    seen = {m for v in walk(world.members["owner"]) for m in GOLD_MARKERS if m in v.body}

    assert seen == set(GOLD_MARKERS)
    answers = [str(a) for a in Response.objects.values_list("answer", flat=True)]
    assert not [a for a in answers if any(m in a for m in GOLD_MARKERS)]


def test_a_payout_export_shows_on_the_candidate_page_as_a_reveal(world: World):
    """The payout file named the star (their payment was in it): the candidate page and its
    API say who exported it, when and why — without naming the candidate."""
    client = _client(world.members["recruiter"])
    slug = world.organization.slug
    page = client.get(reverse("hiring:application", args=[slug, world.star.pk])).content.decode()
    data = client.get(reverse("api:candidate-detail", args=[slug, world.star.pk])).json()
    other = client.get(reverse("api:candidate-detail", args=[slug, world.second.pk])).json()

    reveal = page[page.index('data-testid="payout-reveal"') :]
    assert "Earlier payout run" in reveal[: reveal.index("</li>")]
    assert str(world.members["owner"]) in reveal[: reveal.index("</li>")]
    assert [(e["reason"], e["exported_by"]["id"]) for e in data["payout_exports"]] == [
        ("Earlier payout run", world.members["owner"].pk)
    ]
    assert other["payout_exports"] == []
    assert not markers_in(page)
