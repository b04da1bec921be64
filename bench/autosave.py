"""Autosave under load: 32 candidates saving answers at once against a real server.

Starts gunicorn (several workers, from the venv) on loopback against the bench database,
gives each of ``--candidates`` candidates an attempt and a session of their own, then has
one client thread per candidate save answers as fast as the server acknowledges them
(rotating items and values). Prints saves per second, p50/p99 latency, the ratio to a
plain Django ``JsonResponse`` view (``/healthz``) measured the same way in the same run,
and how many acknowledged answers are missing from the database (must be 0).

A small threaded client rather than ``wrk``: each client carries its own session and
CSRF cookies and remembers the last value the server acknowledged for each item.
"""

import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

ITEMS = 8
TARGET_RATIO = 0.15


@dataclass
class Client:
    attempt_id: int
    item_ids: list[int]
    cookie: str
    csrf: str
    latencies: list[float] = field(default_factory=list)
    acknowledged: dict[int, str] = field(default_factory=dict)
    errors: int = 0


def build_candidates(count: int) -> list[Client]:
    """An assessment of numeric items, ``count`` invited candidates, each with an attempt."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from assessments.attempts import attempt_start
    from assessments.models import Assessment, Item
    from hiring.models import Application, Organization, Role

    organization = Organization.objects.create(name="Autosave bench", slug="autosave-bench")
    assessment = Assessment.objects.create(
        organization=organization,
        title="Autosave bench",
        time_limit_minutes=120,
        pay_amount=Decimal("10"),
        shuffle=True,
    )
    Item.objects.bulk_create(
        Item(
            assessment=assessment,
            position=n + 1,
            kind=Item.Kind.NUMERIC,
            prompt=f"Bench item {n + 1}",
            content={"text": "How many?"},
        )
        for n in range(ITEMS)
    )
    role = Role.objects.create(
        organization=organization,
        title="Autosave bench role",
        domain="law",
        role_type=Role.RoleType.DATA_ANNOTATOR,
        task_complexity=Role.Complexity.SPECIALISED,
        engagement=Role.Engagement.HOURLY,
        pay_min=30,
        pay_max=45,
        status=Role.Status.PUBLISHED,
        assessment=assessment,
    )
    clients = []
    for n in range(count):
        user = User.objects.create_user(email=f"autosave{n}@bench.test", password=None)
        application = Application.objects.create(
            candidate=user, role=role, stage=Application.Stage.INVITED
        )
        attempt = attempt_start(application=application, candidate=user)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        csrf = secrets.token_hex(16)  # 32 characters, as Django's CSRF cookie
        clients.append(
            Client(
                attempt_id=attempt.pk,
                item_ids=list(attempt.item_order),
                cookie=f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
                f"{settings.CSRF_COOKIE_NAME}={csrf}",
                csrf=csrf,
            )
        )
    return clients


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database_url: str, port: int, workers: int) -> subprocess.Popen:
    root = Path(__file__).resolve().parent.parent
    gunicorn = Path(sys.executable).parent / "gunicorn"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DJANGO_CONN_MAX_AGE": "60",
    }
    server = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer /healthz within 30 s")


def drive(port: int, clients: list[Client], seconds: float, *, saves: bool) -> int:
    """One thread per client, each sending requests back to back; returns the count done."""
    stop = time.monotonic() + seconds
    counts = [0] * len(clients)

    def run(index: int, client: Client) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        n = 0
        while time.monotonic() < stop:
            n += 1
            position = n % len(client.item_ids) + 1
            value = f"{index}{n:06d}"
            started = time.perf_counter()
            try:
                if saves:
                    connection.request(
                        "POST",
                        f"/me/attempts/{client.attempt_id}/items/{position}/answer/",
                        body=urlencode({"number": value, "elapsed_ms": "1000"}),
                        headers={
                            "Cookie": client.cookie,
                            "X-CSRFToken": client.csrf,
                            "HX-Request": "true",
                            "Content-Type": "application/x-www-form-urlencoded",
                        },
                    )
                else:
                    connection.request("GET", "/healthz", headers={"Cookie": client.cookie})
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                client.errors += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                client.errors += 1
                continue
            counts[index] += 1
            if saves:
                client.latencies.append(elapsed)
                client.acknowledged[client.item_ids[position - 1]] = value
        connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts)


def answers_lost(clients: list[Client]) -> int:
    """Acknowledged last values that the database does not hold."""
    from assessments.models import Response

    stored = {
        (r.attempt_id, r.item_id): r.answer
        for r in Response.objects.filter(attempt_id__in=[c.attempt_id for c in clients])
    }
    return sum(
        1
        for client in clients
        for item_id, value in client.acknowledged.items()
        if stored.get((client.attempt_id, item_id)) != int(value)
    )


def run(*, candidates: int, seconds: float, workers: int) -> int:
    from django.db import connection

    if connection.vendor != "postgresql":
        print(
            "Autosave benchmark skipped: it needs PostgreSQL "
            "(BENCH_DATABASE_URL=postgres://…), as in production."
        )
        return 0
    clients = build_candidates(candidates)
    database_url = os.environ["DATABASE_URL"]
    connection.close()
    port = free_port()
    server = start_server(database_url, port, workers)
    try:
        drive(port, clients, 2, saves=False)  # warm the workers and their connections
        for client in clients:
            client.errors = 0
        baseline = drive(port, clients, seconds, saves=False) / seconds
        for client in clients:
            client.errors = 0
        saved = drive(port, clients, seconds, saves=True) / seconds
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    latencies = sorted(ms for client in clients for ms in client.latencies)
    p99 = statistics.quantiles(latencies, n=100)[-1] if len(latencies) > 1 else float("nan")
    lost = answers_lost(clients)
    errors = sum(client.errors for client in clients)
    ratio = saved / baseline if baseline else 0.0
    print()
    print(
        f"Autosave benchmark — postgresql, gunicorn {workers} workers × 4 threads, "
        f"{candidates} concurrent candidates, {seconds:.0f} s per measurement"
    )
    print(f"{'measure':<40} {'value':>12}")
    print(f"{'plain JsonResponse (/healthz) req/s':<40} {baseline:>12.1f}")
    print(f"{'autosaves/s':<40} {saved:>12.1f}")
    print(f"{'autosave median ms':<40} {statistics.median(latencies):>12.1f}")
    print(f"{'autosave p99 ms':<40} {p99:>12.1f}")
    print(f"{'ratio to JsonResponse (target ≥ 0.15)':<40} {ratio:>12.2f}")
    print(f"{'failed saves (not acknowledged)':<40} {errors:>12}")
    print(f"{'acknowledged answers lost (must be 0)':<40} {lost:>12}")
    return 1 if lost else 0
