"""The walk's fixtures: the world, and a walker that requests every team route as a member.

``walk(user)`` GETs every filled route, as a page and as an HTMX request (the partials
some pages answer with), POSTs each export endpoint that needs a POST without the reason
it requires, and returns one ``Visit`` per request, so a walk test only says what must not
be in the bodies.
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from tests.walk.routes import FilledRoute, Route, filled_routes
from tests.walk.world import World, build_world

TEAM_ROLES = ("owner", "hiring_manager", "recruiter", "reviewer")
# Exports that are a POST (a recorded reveal needs a reason): the walk posts them without
# one, which must be refused without the file.
EXPORT_POSTS = ("calibration:payout_csv", "api:ops-payout-csv")


@dataclass
class Visit:
    route: Route
    method: str
    url: str
    status: int
    body: str

    def __str__(self) -> str:
        return f"{self.method} {self.url} ({self.route.name}) → {self.status}"


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _visit(client: Client, filled: FilledRoute, method: str) -> Visit:
    if method == "HTMX":
        response = client.get(filled.url, headers={"HX-Request": "true"})
    else:
        response = getattr(client, method.lower())(filled.url)
    return Visit(filled.route, method, filled.url, response.status_code, _body(response))


@pytest.fixture
def world(transactional_db) -> World:
    """Built in a real (not rolled-back) database: the walk makes hundreds of requests, and
    a refused request to a view outside the request transaction (a 405 from DRF) would
    otherwise mark the test's own transaction for rollback."""
    return build_world()


@pytest.fixture
def walk(world):
    """``walk(user)``: every team route requested as ``user``; a list of ``Visit``."""

    def walk_as(user) -> list[Visit]:
        client = Client()
        client.force_login(user)
        filled, _ = filled_routes(world)
        visits = [_visit(client, route, method) for route in filled for method in ("GET", "HTMX")]
        visits += [
            _visit(client, route, "POST") for route in filled if route.route.name in EXPORT_POSTS
        ]
        return visits

    return walk_as
