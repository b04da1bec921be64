"""Shared by the authoring page tests: an author's signed-in client and the pages' URLs."""

import pytest
from django.urls import reverse


@pytest.fixture
def author(client, hiring_manager):
    client.force_login(hiring_manager)
    return client


def url(name, assessment, *args):
    return reverse(f"authoring:{name}", args=[assessment.organization.slug, assessment.pk, *args])
