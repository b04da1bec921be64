"""``make run PORT=…``: the server listens on that port and links in e-mails point at it.

The Makefile is copied to a temporary directory and run there with ``STAMP`` emptied
(nothing is installed) and ``PY`` replaced by a script that records each command with
the ``DJANGO_SITE_URL`` it was given, so the recipe itself is what is tested.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings

from assessments.audits.alerts import _absolute
from hiring.pipeline.emails import invitation
from tests.factories.hiring import ApplicationFactory

ROOT = Path(__file__).resolve().parent.parent

needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")


def make_run(tmp_path: Path, *args: str, site_url: str | None = None) -> list[str]:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    record = tmp_path / "commands.txt"
    python = tmp_path / "python"
    python.write_text(f'#!/bin/sh\necho "$DJANGO_SITE_URL $*" >> {record}\n')
    python.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SITE_URL", "PORT", "HOST"}}
    if site_url is not None:
        env["DJANGO_SITE_URL"] = site_url
    subprocess.run(
        ["make", "--no-print-directory", "run", "STAMP=", f"PY={python}", *args],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=30,
    )
    return record.read_text().splitlines()


@needs_make
def test_make_run_serves_on_port_8000_by_default_and_links_follow(tmp_path):
    assert make_run(tmp_path) == [
        "http://127.0.0.1:8000 manage.py migrate --noinput",
        "http://127.0.0.1:8000 manage.py seed_demo",
        "http://127.0.0.1:8000 manage.py runserver 127.0.0.1:8000",
    ]


@needs_make
def test_make_run_port_moves_the_server_and_the_email_links(tmp_path):
    commands = make_run(tmp_path, "PORT=8123")
    assert commands[-1] == "http://127.0.0.1:8123 manage.py runserver 127.0.0.1:8123"
    assert {line.split()[0] for line in commands} == {"http://127.0.0.1:8123"}


@needs_make
def test_an_explicit_site_url_wins_over_the_port(tmp_path):
    commands = make_run(tmp_path, "PORT=8123", site_url="https://calibrate.example.com")
    assert commands[-1] == "https://calibrate.example.com manage.py runserver 127.0.0.1:8123"


@pytest.mark.django_db
def test_email_links_are_built_on_the_site_url(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    with (
        override_settings(SITE_URL="http://127.0.0.1:8123/"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        invitation(application, start_path="/me/attempts/start/1/")
        assert _absolute("/org/x/alerts/1/") == "http://127.0.0.1:8123/org/x/alerts/1/"
    body = mail.outbox[-1].body
    assert "http://127.0.0.1:8123/me/attempts/start/1/" in body
    assert "http://127.0.0.1:8000" not in body
