"""Every team-facing route, taken from the URLconf, with its path parameters filled from a
``World`` (no tests here).

A route is team-facing when it lives under ``org/`` or ``api/`` and is not one of the
candidate's own or public routes. Each path parameter is filled from the literal segment
in front of it (``roles/<pk>`` is the world's role, ``tasks/<pk>`` its review task…) or
from its name; a route with a parameter neither explains is returned in ``unfilled``, so a
new route the walk cannot fill fails the walk's test instead of being skipped silently.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import URLPattern, URLResolver, get_resolver

from tests.walk.world import World

TEAM_PREFIXES = ("org/", "api/")
# The candidate's own routes and the public ones (the candidate-side tests cover them), and
# the API's documentation, which holds no data.
NOT_TEAM = (
    "api/me/profile/",
    "api/me/applications/",
    "api/me/quality/",
    "api/public/",
    "api/attempts/",
    "api/schema/",
    "api/docs/",
)
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    pattern: str  # "org/<slug:slug>/roles/<int:pk>/"
    name: str  # "hiring:role"


@dataclass
class FilledRoute:
    route: Route
    url: str


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
            yield Route(pattern=prefix + str(entry.pattern), name=name)


def team_routes() -> list[Route]:
    """The team-facing routes of the URLconf, in URLconf order."""
    return [
        route
        for route in _walk(get_resolver().url_patterns)
        if route.pattern.startswith(TEAM_PREFIXES) and not route.pattern.startswith(NOT_TEAM)
    ]


def _values(world: World) -> dict[str, object]:
    """What a parameter means, by the literal segment in front of it."""
    return {
        "org": world.organization.slug,
        "organizations": world.organization.slug,
        "roles": world.role.pk,
        "applications": world.star.pk,
        "assessments": world.assessment.pk,
        "items": world.item.pk,
        "attempts": world.attempt.pk,
        "contests": world.contest.pk,
        "payments": world.payment.pk,
        "rubrics": world.rubric.pk,
        "templates": "error_identification",
        "tasks": world.done_task.pk,
        "jobs": world.job.pk,
        "scoring-jobs": world.job.pk,
        "new": "data_annotator",  # roles/new/<role_type>/
        "ninety-days": world.hired.pk if world.hired else None,  # a hire's 90-day report
        "alerts": world.alert.pk,
        "trainers": world.trainer.pk,
        "members": world.membership.pk,  # team/members/<pk>/
        "invitations": world.team_invitation.pk,  # team/invitations/<pk>/…
        "tokens": world.token.pk,  # me/tokens/<pk>/
    }


# Query strings a route needs to show anything at all.
QUERIES = {
    "hiring:compare": lambda w: {"a": [w.star.pk, w.second.pk]},
    "api:role-compare": lambda w: {"a": [w.star.pk, w.second.pk]},
}


def fill(route: Route, world: World) -> str | None:
    """The route's URL for the world, or None when a parameter cannot be filled."""
    if "(?P<" in route.pattern or "^" in route.pattern:
        return None
    values = _values(world)
    path, position = "", 0
    for match in PARAMETER.finditer(route.pattern):
        before = route.pattern[position : match.start()]
        segment = before.rstrip("/").rsplit("/", 1)[-1]
        if segment not in values:
            return None
        path += before + str(values[segment])
        position = match.end()
    path = "/" + path + route.pattern[position:]
    query = QUERIES.get(route.name)
    return f"{path}?{urlencode(query(world), doseq=True)}" if query else path


def filled_routes(world: World) -> tuple[list[FilledRoute], list[Route]]:
    """(every team route with its URL, the routes the world could not fill)."""
    filled, unfilled = [], []
    for route in team_routes():
        url = fill(route, world)
        if url is None:
            unfilled.append(route)
        else:
            filled.append(FilledRoute(route=route, url=url))
    return filled, unfilled
