"""Autosave under load: 32 candidates saving answers at once against a real server.

Starts gunicorn (several workers, from the venv) on loopback against the bench database,
gives each of ``--candidates`` candidates an attempt and a session of their own, then has
each candidate save answers as fast as the server acknowledges them (rotating items and
values). Prints saves per second, median and p99 latency, the ratio to a plain Django
``JsonResponse`` view (``/bench/plain``) measured the same way in the same run, and how
many acknowledged answers are missing from the database (must be 0).

The load comes from ``wrk`` (``bench/wrk_driver.py``) when it is installed, one connection
per candidate, or else from one Python thread per candidate. Either way each client
carries its own session and CSRF cookies and remembers the last value the server
acknowledged for each item. The server runs ``bench.server_settings``: DEBUG off, the
product's URLs plus the plain view.
"""

import http.client
import os
import secrets
import shutil
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
PLAIN_VIEW = "/bench/plain"


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
    from assessments.attempts.services import attempt_start
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


def start_server(database_url: str, port: int, workers: int, threads: int = 4) -> subprocess.Popen:
    root = Path(__file__).resolve().parent.parent
    gunicorn = Path(sys.executable).parent / "gunicorn"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.server_settings",
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
            str(threads),
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
                    connection.request("GET", PLAIN_VIEW, headers={"Cookie": client.cookie})
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


def answers_lost(acknowledged: dict[tuple[int, int], int]) -> int:
    """Acknowledged last values (``{(attempt id, item id): value}``) the database lost.

    Each client's values only grow, so the database must hold the acknowledged value or a
    later one: a save the server applied as the run ended, whose answer the client never
    read, is newer, not lost."""
    from assessments.models import Response

    attempts = {attempt_id for attempt_id, _ in acknowledged}
    stored = {
        (r.attempt_id, r.item_id): r.answer
        for r in Response.objects.filter(attempt_id__in=attempts)
    }
    return sum(
        1
        for key, value in acknowledged.items()
        if not isinstance(stored.get(key), int) or stored[key] < value
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
        if shutil.which("wrk"):
            measured = measure_with_wrk(port, clients, seconds)
        else:
            measured = measure_with_threads(port, clients, seconds)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    baseline, saved, median, p99, errors, acknowledged, driver = measured
    lost = answers_lost(acknowledged)
    ratio = saved / baseline if baseline else 0.0
    print()
    print(
        f"Autosave benchmark — postgresql, gunicorn {workers} workers × 4 threads, "
        f"{candidates} concurrent candidates, {seconds:.0f} s per measurement, load from {driver}"
    )
    print(f"{'measure':<44} {'value':>10}")
    print(f"{'plain JsonResponse view req/s':<44} {baseline:>10.1f}")
    print(f"{'autosaves/s':<44} {saved:>10.1f}")
    print(f"{'autosave median ms':<44} {median:>10.1f}")
    print(f"{'autosave p99 ms':<44} {p99:>10.1f}")
    print(f"{'ratio to the plain view (target ≥ 0.15)':<44} {ratio:>10.2f}")
    print(f"{'failed saves (not acknowledged)':<44} {errors:>10}")
    print(f"{'acknowledged answers checked':<44} {len(acknowledged):>10}")
    print(f"{'acknowledged answers lost (must be 0)':<44} {lost:>10}")
    return 1 if lost else 0


def measure_with_wrk(port: int, clients: list[Client], seconds: float) -> tuple:
    from bench import wrk_driver

    wrk_driver.drive(port, clients, 2, mode="plain")  # warm the workers and their connections
    plain = wrk_driver.drive(port, clients, seconds, mode="plain")
    saves = wrk_driver.drive(port, clients, seconds, mode="save")
    return (
        plain.rate, saves.rate, saves.p50_ms, saves.p99_ms, saves.failed, saves.acknowledged,
        f"wrk ({len(clients)} connections)",
    )  # fmt: skip


def measure_with_threads(port: int, clients: list[Client], seconds: float) -> tuple:
    """Without wrk: one Python thread per candidate (the client then competes for the CPU)."""
    drive(port, clients, 2, saves=False)
    for client in clients:
        client.errors = 0
    baseline = drive(port, clients, seconds, saves=False) / seconds
    for client in clients:
        client.errors = 0
    saved = drive(port, clients, seconds, saves=True) / seconds
    latencies = sorted(ms for client in clients for ms in client.latencies)
    p99 = statistics.quantiles(latencies, n=100)[-1] if len(latencies) > 1 else float("nan")
    acknowledged = {
        (client.attempt_id, item_id): int(value)
        for client in clients
        for item_id, value in client.acknowledged.items()
    }
    errors = sum(client.errors for client in clients)
    return (
        baseline, saved, statistics.median(latencies), p99, errors, acknowledged,
        "Python threads (install wrk for a lighter client)",
    )  # fmt: skip
