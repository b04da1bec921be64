"""The Content-Security-Policy: on every page, with no inline script, no inline style and
no eval allowed, and no template that would need them. (tests/browser checks that the
pages raise no violation in a real browser.)"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("account_login"),
        reverse("admin:login"),
        reverse("public_roles:list"),
        reverse("api:docs"),
        reverse("api:schema"),
        "/no-such-page/",
    ],
)
def test_every_response_carries_a_policy_without_inline_script_style_or_eval(client, url):
    policy = directives(client.get(url))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_a_signed_in_page_carries_it_too(client, recruiter, org):
    client.force_login(recruiter)

    response = client.get(reverse("hiring:organization", args=[org.slug]))

    assert response.status_code == 200
    assert directives(response)["script-src"] == ["'self'"]


INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "htmx hx-on handler": re.compile(r"\shx-on[:-]", re.I),
    # keyup[ctrlKey] is evaluated by htmx; from:[data-x] is a plain selector.
    "htmx trigger filter (evaluated)": re.compile(r"hx-trigger=\"[^\"]*\w\[", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_template_needs_inline_script_style_or_eval(template):
    text = template.read_text()

    found = [name for name, pattern in INLINE.items() if pattern.search(text)]

    assert found == []
