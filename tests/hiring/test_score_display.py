"""Scores read one way on every team page: a whole percentage ("73%", rounded half up,
"—" when missing) from ``assessments.results.display`` through the ``score`` filter; the
API keeps the raw 0–1 number."""

import re

import pytest
from django.urls import reverse

from assessments.models import ScoreReport
from assessments.results.display import score_percent, score_text
from tests.factories.candidate_detail import scored_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "—"),
        (0.0, "0%"),
        (0.725, "73%"),  # half up, not to even
        (0.005, "1%"),
        (0.994, "99%"),
        (1.0, "100%"),
        (float("nan"), "—"),
    ],
)
def test_a_score_reads_as_a_whole_percentage(value, text):
    assert score_text(value) == text


def test_the_percentage_is_a_number_for_bars():
    assert score_percent(0.375) == 38
    assert score_percent(None) is None


def test_the_same_composite_reads_the_same_on_every_page_and_raw_in_the_api(
    client, org, hiring_manager
):
    scored = scored_role(org, candidates=3, items=6)
    star = scored.star
    report = ScoreReport.objects.get(attempt=scored.attempt_of(star), is_current=True)
    other = scored.applications[1]
    slug, role = org.slug, scored.role
    client.force_login(hiring_manager)
    shown = score_text(report.composite)
    assert shown.endswith("%")

    pages = {
        "shortlist": reverse("shortlist:page", args=[slug, role.pk]),
        "candidate": reverse("hiring:application", args=[slug, star.pk]),
        "compare": reverse("hiring:compare", args=[slug, role.pk]) + f"?a={star.pk}&a={other.pk}",
        "results": reverse("results:index", args=[slug, scored.cohort.assessment.pk]),
        "result": reverse(
            "results:attempt", args=[slug, scored.cohort.assessment.pk, report.attempt_id]
        ),
    }
    for name, url in pages.items():
        html = client.get(url).content.decode()
        assert re.search(rf">\s*{re.escape(shown)}\s*<", html), f"{name} does not read {shown}"
        # No score as a 0–1 decimal beside it.
        assert f">{report.composite:.2f}<" not in html, name

    api = client.get(reverse("api:candidate-detail", args=[slug, star.pk])).json()
    assert api["score"]["composite"] == pytest.approx(report.composite)
