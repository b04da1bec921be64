"""A Redis outage degrades to the database: no request fails, nothing acknowledged is lost.

Each test starts its own ``redis-server`` on a free port and points the cache (and with it
the ``cached_db`` sessions and allauth's rate limits) at it, then stops or freezes it.
"""

import shutil
import socket
import subprocess
import time
from collections import Counter

import pytest
import redis
from django.test import Client
from django.urls import reverse

from assessments.models import Attempt, Payment, Response
from hiring.models import Membership
from tests.assessments.test_attempt_pages import answer_url, submit
from tests.conftest import require
from tests.factories import MembershipFactory, UserFactory
from tests.factories.accounts import PASSWORD
from tests.factories.attempts import assessment_with_every_kind, invited_application

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

RETRY_AFTER = 0.2


class RedisServer:
    """A throwaway redis-server without persistence, on a port of its own."""

    def __init__(self, tmp_path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tmp_path
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.dir)),
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def stored_keys(self) -> list[bytes]:
        return redis.Redis.from_url(self.url).keys("*")


@pytest.fixture
def redis_server(tmp_path, settings):
    require(shutil.which("redis-server") is not None, "needs redis-server on the PATH")
    server = RedisServer(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.DegradingRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "calibrate",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "RETRY_AFTER": RETRY_AFTER,
            },
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.stop()


def sign_in(client: Client, user) -> int:
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def wait_for_ready(client: Client) -> dict:
    deadline = time.monotonic() + 10
    while (answer := client.get(reverse("readyz"))).status_code != 200:
        assert time.monotonic() < deadline, answer.json()
        time.sleep(RETRY_AFTER)
    return answer.json()


def test_while_redis_is_stopped_candidates_and_teams_keep_working(redis_server):
    assessment = assessment_with_every_kind()
    application = invited_application(assessment=assessment)
    candidate = application.candidate
    manager = MembershipFactory(
        organization=assessment.organization, role=Membership.Role.HIRING_MANAGER
    ).user
    me, team = Client(), Client()
    assert sign_in(me, candidate).status_code == 302
    assert sign_in(team, manager).status_code == 302
    started = me.post(reverse("attempts:start", args=[application.pk]))
    assert started.status_code == 302
    attempt = Attempt.objects.get(application=application)
    assert any(
        key.startswith(b"calibrate:1:django.contrib.sessions") for key in redis_server.stored_keys()
    )

    redis_server.stop()
    statuses = Counter()

    def track(response):
        statuses[response.status_code // 100 * 100] += 1
        return response

    for _ in range(10):
        track(me.post(answer_url(attempt, "single_choice"), {"choice": "Force majeure"}))
        track(me.post(answer_url(attempt, "numeric"), {"number": "42"}))
    track(me.get(reverse("attempts:attempt", args=[attempt.pk])))
    assert track(submit(me, attempt)).status_code == 302
    assert track(me.get(reverse("attempts:submitted", args=[attempt.pk]))).status_code == 200
    track(me.post(reverse("account_logout")))
    assert track(sign_in(me, candidate)).status_code == 302  # allauth's rate limit: no cache
    assert track(me.get(reverse("candidates:applications"))).status_code == 200
    slug = assessment.organization.slug
    results = reverse("results:index", args=[slug, assessment.pk])
    assert track(team.get(results)).status_code == 200
    detail = reverse("results:attempt", args=[slug, assessment.pk, attempt.pk])
    assert track(team.get(detail)).status_code == 200
    not_ready = me.get(reverse("readyz"))

    assert set(statuses) <= {200, 300}, statuses  # no 500, no refused autosave
    assert (not_ready.status_code, not_ready.json()["cache"]) == (503, "down")
    assert not_ready.json()["database"] == "ok"
    assert me.get(reverse("healthz")).status_code == 200  # liveness: the site still works
    attempt.refresh_from_db()
    assert attempt.state in (Attempt.State.SUBMITTED, Attempt.State.SCORED)
    assert Payment.objects.filter(attempt=attempt).count() == 1
    answers = dict(Response.objects.filter(attempt=attempt).values_list("item__kind", "answer"))
    assert answers["single_choice"] == "Force majeure"
    assert answers["numeric"] == 42

    redis_server.start()  # empty: no persistence

    assert wait_for_ready(me) == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
    }
    assert me.get(reverse("candidates:applications")).status_code == 200
    # The cache is in use again: the signed-in session is read through Redis once more.
    assert any(
        key.startswith(b"calibrate:1:django.contrib.sessions") for key in redis_server.stored_keys()
    )


def test_a_sign_out_while_redis_is_down_stays_signed_out_when_it_returns_with_old_data(
    redis_server,
):
    """Redis comes back from its snapshot holding the session from before the sign-out;
    the session is dropped from it before anyone can use it again."""
    user = UserFactory()
    me = Client()
    assert sign_in(me, user).status_code == 302
    cookie = me.cookies["sessionid"].value
    assert me.get(reverse("candidates:applications")).status_code == 200
    redis.Redis.from_url(redis_server.url).save()  # dump.rdb, loaded again at start

    redis_server.stop()
    signed_out = me.post(reverse("account_logout"))
    redis_server.start()

    assert signed_out.status_code == 302
    assert any(cookie.encode() in key for key in redis_server.stored_keys())  # the stale copy
    time.sleep(RETRY_AFTER * 2)
    replay = Client()
    replay.cookies["sessionid"] = cookie
    page = replay.get(reverse("candidates:applications"))
    assert page.status_code == 302  # sent to sign in: the old session is gone everywhere
    assert reverse("account_login") in page["Location"]
    assert not any(cookie.encode() in key for key in redis_server.stored_keys())


def test_a_full_redis_that_refuses_writes_is_served_around(redis_server):
    """Redis answering with an error (here: out of memory under ``noeviction``) is treated
    like one that does not answer."""
    user = UserFactory()
    full = redis.Redis.from_url(redis_server.url)
    full.config_set("maxmemory-policy", "noeviction")
    full.config_set("maxmemory", 1)
    with pytest.raises(redis.exceptions.ResponseError, match="maxmemory"):
        full.set("probe", 1)
    me = Client()

    signed_in = sign_in(me, user)
    page = me.get(reverse("candidates:applications"))

    assert (signed_in.status_code, page.status_code) == (302, 200)
    assert page.wsgi_request.user == user
