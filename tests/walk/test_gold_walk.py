"""Gold never reaches a recruiter or a reviewer: every team page and API route, walked from
the URLconf, carries none of the world's gold markers (gold answers, accepted
alternatives, free-text references, explanations) and no edge-case mark. Recruiters still
see whether each answer matched (its score). The owner walks the same routes and does
see the markers where gold belongs, so the check can fail."""

import re

import pytest
from django.urls import reverse

from tests.walk.world import GOLD_MARKERS, World

NOT_AUTHORS = ("recruiter", "reviewer")
# An item marked as an edge case: the tag the answers tables draw, or the flag in JSON.
EDGE_CASE_MARKS = (
    re.compile(r'class="tag tag--invited">edge case<'),
    re.compile(r'"(?:is_)?edge_case"\s*:\s*true'),
)
# The detail pages where an author reads each answer beside its gold.
GOLD_PAGES = ("hiring:application", "api:candidate-detail", "hiring:compare", "api:role-compare")


def gold_in(text: str) -> list[str]:
    found = [marker for marker in GOLD_MARKERS if marker in text]
    return found + [mark.pattern for mark in EDGE_CASE_MARKS if mark.search(text)]


@pytest.mark.parametrize("member", NOT_AUTHORS)
def test_no_gold_reaches_a_recruiter_or_a_reviewer(world: World, walk, member):
    visits = walk(world.members[member])

    errors = [str(v) for v in visits if v.status >= 500]
    leaked = [f"{v}: {gold_in(v.body)}" for v in visits if gold_in(v.body)]
    assert not errors, "\n".join(errors)
    assert not leaked, "\n".join(leaked)
    assert world.edge_case_items  # the world has edge cases to hide


def test_the_owner_sees_the_gold_the_walk_looks_for(world: World, walk):
    """The same walk as the owner finds the gold markers and the edge-case marks on the
    candidate detail and compare pages and APIs: the check above can fail."""
    visits = {v.route.name: v for v in walk(world.members["owner"]) if v.method == "GET"}

    for name in GOLD_PAGES:
        assert visits[name].status == 200, visits[name]
        body = visits[name].body
        assert "GOLDMARKER-REFERENCE" in body, visits[name]
        assert "GOLDMARKER-ALTERNATIVE" in body, visits[name]
        assert any(mark.search(body) for mark in EDGE_CASE_MARKS), visits[name]


def test_a_recruiter_still_sees_whether_each_answer_matched(world: World, client):
    client.force_login(world.members["recruiter"])
    slug = world.organization.slug

    page = client.get(reverse("hiring:application", args=[slug, world.star.pk]))
    api = client.get(reverse("api:candidate-detail", args=[slug, world.star.pk])).json()

    assert '<span class="score-pill score-pill--' in page.content.decode()
    scored = [row for row in api["items"] if row["score"] is not None]
    assert scored
    assert all(0 <= row["score"] <= 1 for row in scored)
    assert not {"gold", "edge_case"} & {key for row in api["items"] for key in row}
