"""Shared fixtures.

Integration and browser tests need real services. On a bare machine they skip
with the reason; with ``CALIBRATE_REQUIRE_SERVICES=1`` (set by ``.ci/run``) a
missing service fails the test instead, so CI cannot pass by skipping.
"""

import os
from contextlib import contextmanager

import pytest

from hiring.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

REQUIRE_SERVICES = os.environ.get("CALIBRATE_REQUIRE_SERVICES") == "1"


def require(available: bool, reason: str) -> None:
    """Skip (or, in CI, fail) when a real service the test needs is missing."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"CALIBRATE_REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def tasks_queued_not_run():
    """Tasks go to the broker (in memory unless one is configured) instead of running in
    this process: never run, as when the worker that took them died."""
    from config.celery import app

    saved = app.conf.get("CELERY_TASK_ALWAYS_EAGER")
    app.conf.update({"CELERY_TASK_ALWAYS_EAGER": False})
    try:
        yield
    finally:
        app.conf.update({"CELERY_TASK_ALWAYS_EAGER": saved})


@pytest.fixture
def org():
    return OrganizationFactory(name="Lexicon Legal AI", slug="lexicon")


@pytest.fixture
def other_org():
    return OrganizationFactory(name="Meridian Health AI", slug="meridian")


def _member(organization, role):
    return MembershipFactory(organization=organization, role=role).user


@pytest.fixture
def recruiter(org):
    return _member(org, Membership.Role.RECRUITER)


@pytest.fixture
def hiring_manager(org):
    return _member(org, Membership.Role.HIRING_MANAGER)


@pytest.fixture
def reviewer(org):
    return _member(org, Membership.Role.REVIEWER)


@pytest.fixture
def other_recruiter(other_org):
    return _member(other_org, Membership.Role.RECRUITER)


@pytest.fixture
def candidate():
    return UserFactory(email="candidate@example.com", full_name="Priya Raman")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth's rate limits live in the cache: each test starts with none used. Nor does
    a test see items another test read (SQLite may give a rolled-back id out again)."""
    from django.core.cache import cache

    from assessments.attempts import item_cache
    from assessments.scoring import selectors as scoring_inputs

    cache.clear()
    item_cache.clear()
    scoring_inputs.clear()
