"""The candidate detail page: identity per blind mode, the score breakdown against the role's
cohort (SVG), flags, answers beside gold and the cohort majority, reviewed rationales, the
profile and the history — on a cohort really scored, for the pipeline only."""

import re

import pytest
from django.urls import reverse

from assessments.results.display import score_text
from core.blind import role_blind_mode_set
from core.pseudonyms import pseudonym
from hiring.models import Application, Membership
from hiring.pipeline.services import application_move
from tests.factories import ApplicationFactory, MembershipFactory, RoleFactory
from tests.factories.candidate_detail import (
    COUNTRY,
    EMAIL,
    NAME,
    RATIONALE,
    REVIEW_COMMENT,
    SECRETS,
    flag_collusion,
    reviewed_rationale,
    scored_role,
)

pytestmark = pytest.mark.django_db

Stage = Application.Stage


@pytest.fixture
def scored(org):
    return scored_role(org, candidates=5, items=10)


@pytest.fixture
def team(client, recruiter):
    client.force_login(recruiter)
    return client


def url(application):
    return reverse("hiring:application", args=[application.role.organization.slug, application.pk])


def page_of(client, application) -> str:
    response = client.get(url(application))
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, testid: str) -> str:
    """The element carrying ``data-testid`` up to the end of its tag's block (roughly)."""
    start = page.index(f'data-testid="{testid}"')
    return page[start : start + 4000]


# --- Blind mode -----------------------------------------------------------------------------


def test_blind_mode_hides_name_email_country_institution_and_links(team, scored):
    page = page_of(team, scored.star)

    for secret in SECRETS:
        assert secret not in page
    assert f"<dd>{COUNTRY}</dd>" not in page
    assert pseudonym(scored.star.pk) in page
    assert 'data-testid="identity-hidden"' in page
    assert "(institutions hidden)" in page
    assert "Master&#x27;s Commercial law" in page  # the degree stays, without the institution
    assert "Icelandic (native)" in page  # languages, domains, time zone stay
    assert "Atlantic/Reykjavik" in page


def test_the_identity_shows_from_the_interview_stage_on(team, scored, hiring_manager):
    for stage in (Stage.SHORTLISTED, Stage.INTERVIEW):
        application_move(application=scored.star, to_stage=stage, by=hiring_manager)

    page = page_of(team, scored.star)

    for secret in SECRETS:
        assert secret in page
    assert f"<dd>{COUNTRY}</dd>" in page
    assert "Visible since the interview stage." in page
    assert 'data-testid="identity-hidden"' not in page


def test_the_identity_stays_visible_after_the_interview_stage(team, scored, hiring_manager):
    for stage in (Stage.SHORTLISTED, Stage.INTERVIEW, Stage.REJECTED):
        application_move(application=scored.star, to_stage=stage, by=hiring_manager)

    assert NAME in page_of(team, scored.star)


def test_a_role_without_blind_mode_shows_everyone(team, scored):
    role_blind_mode_set(role=scored.role, blind=False)

    page = page_of(team, scored.star)

    for secret in SECRETS:
        assert secret in page
    assert "Blind mode is off for this role." in page


def test_the_role_page_lists_candidates_by_pseudonym_while_hidden(team, scored, hiring_manager):
    interviewed = scored.applications[1]
    for stage in (Stage.SHORTLISTED, Stage.INTERVIEW):
        application_move(application=interviewed, to_stage=stage, by=hiring_manager)
    interviewed.candidate.full_name = "Orrin Vasquez-Tamm"
    interviewed.candidate.save(update_fields=["full_name"])

    page = team.get(
        reverse("hiring:role", args=[scored.role.organization.slug, scored.role.pk])
    ).content.decode()

    assert NAME not in page
    assert EMAIL not in page
    assert pseudonym(scored.star.pk) in page
    assert "Orrin Vasquez-Tamm" in page  # at the interview stage: visible
    assert 'data-testid="blind-note"' in page


# --- Score breakdown and charts ----------------------------------------------------------


def test_each_component_is_a_bar_against_the_cohort(team, scored):
    from assessments.models import ScoreReport

    report = ScoreReport.objects.get(attempt=scored.attempt_of(scored.star), is_current=True)
    page = page_of(team, scored.star)
    chart = page[
        page.index('data-testid="component-chart"') : page.index(
            "</svg>", page.index('data-testid="component-chart"')
        )
    ]

    rows = re.findall(r'data-component="(\w+)"', chart)
    assert rows == [
        "composite",
        *[
            n
            for n in ("accuracy", "edge_cases", "agreement", "throughput", "rationale")
            if n in report.components
        ],
    ]
    assert chart.count('data-testid="component-bar"') == len(rows)
    assert chart.count('class="strip__box"') == len(rows)  # the cohort's quartiles, per row
    assert "cohort of 5 scored candidates" in chart
    assert f">{score_text(report.composite)}<" in chart  # the one score reading


def test_time_per_item_draws_one_bar_per_item_with_the_pace_line(team, scored):
    page = page_of(team, scored.star)
    start = page.index('data-testid="time-chart"')
    chart = page[start : page.index("</svg>", start)]

    assert chart.count('class="time-bar ') == 10
    assert 'data-testid="pace-line"' in chart
    assert "expected pace 1 min 30 s per item" in chart  # 40 items per hour
    assert chart.count("time-bar--fast") == 1  # the item the server marked too fast


def test_accuracy_by_kind_draws_one_bar_per_kind(team, scored):
    from assessments.models import ScoreReport

    report = ScoreReport.objects.get(attempt=scored.attempt_of(scored.star), is_current=True)
    kinds = report.details["accuracy"]["by_kind"]
    page = page_of(team, scored.star)
    start = page.index('data-testid="kind-chart"')
    chart = page[start : page.index("</svg>", start)]

    assert chart.count('class="kind-bar ') == len(kinds)
    assert sorted(re.findall(r'data-kind="(\w+)"', chart)) == sorted(kinds)


def test_the_gates_say_which_failed(team, org):
    from assessments.models import ScoreReport

    scored = scored_role(org, candidates=10, items=10, seed=5)

    failing = next(
        application
        for application in scored.applications
        if ScoreReport.objects.get(
            attempt=scored.attempt_of(application), is_current=True
        ).failed_gates
    )

    page = page_of(team, failing)

    assert 'data-testid="gate-failed"' in page
    assert "failed: accuracy" in page


# --- Flags, answers, rationales ------------------------------------------------------------


def test_flags_count_pastes_focus_losses_too_fast_and_name_the_colluder_by_pseudonym(team, scored):
    other = scored.applications[2]
    flag_collusion(scored, scored.star, other)
    other.candidate.full_name = "Colluding Carla Brightwater"
    other.candidate.save(update_fields=["full_name"])

    flags = section(page_of(team, scored.star), "flags")

    assert "<strong>2</strong> pastes on 1 item" in flags
    assert "<strong>3</strong> focus losses" in flags
    assert "<strong>1</strong> item answered too fast" in flags
    assert pseudonym(other.pk) in flags
    assert url(other) in flags
    assert "Colluding Carla Brightwater" not in flags


def answers_table(page: str) -> str:
    start = page.index('data-testid="answers"')
    return page[start : page.index("</table>", start)]


def test_an_author_sees_each_answer_beside_gold_and_the_cohort_majority(
    client, hiring_manager, scored
):
    from assessments.models import CohortAgreement, GoldAnswer

    client.force_login(hiring_manager)
    table = answers_table(page_of(client, scored.star))
    agreement = CohortAgreement.objects.filter(assessment=scored.cohort.assessment).latest("id")

    assert table.count("<tr data-item=") == 10
    assert table.count('class="gold-cell"') == 10
    single = scored.cohort.items[0]
    gold = GoldAnswer.objects.get(item=single).answer
    assert f"<code>{gold}</code>" in table
    majority = next(e for e in agreement.per_item if e["item"] == single.pk)["majority"]
    assert majority in table


def test_a_recruiter_sees_each_answers_score_and_the_majority_but_no_gold(team, scored):
    from assessments.models import CohortAgreement, GoldAnswer

    page = page_of(team, scored.star)
    table = answers_table(page)
    agreement = CohortAgreement.objects.filter(assessment=scored.cohort.assessment).latest("id")

    assert table.count("<tr data-item=") == 10
    assert table.count('<span class="score-pill score-pill--') == 10  # full, part or none
    single = scored.cohort.items[0]
    majority = next(e for e in agreement.per_item if e["item"] == single.pk)["majority"]
    assert majority in table
    assert "gold-cell" not in table
    assert ">Gold<" not in table
    assert f"<code>{GoldAnswer.objects.get(item=single).answer}</code>" not in page
    assert "edge case" not in table


def test_a_reviewed_rationale_shows_its_score_levels_and_comment(team, scored, reviewer):
    reviewed_rationale(scored, reviewer=reviewer, final_score=0.75)

    rationales = section(page_of(team, scored.star), "rationales")

    assert RATIONALE in rationales
    assert 'data-testid="review-score">75%<' in rationales
    assert "Deciding reason" in rationales
    assert "3 / 4" in rationales
    assert REVIEW_COMMENT in rationales


def test_a_rationale_not_reviewed_yet_still_shows(team, scored):
    rationales = section(page_of(team, scored.star), "rationales")

    assert RATIONALE in rationales
    assert "Not sent for review" in rationales


def test_profile_shows_rate_and_time_zone_overlap(team, scored):
    page = page_of(team, scored.star)

    assert "35.00 USD per hour" in page
    assert "h overlap with Europe/London" in page


def test_an_application_without_an_attempt_still_has_its_page(team, org):
    application = ApplicationFactory(role=RoleFactory(organization=org))

    page = page_of(team, application)

    assert "No calibration attempt submitted yet." in page
    assert 'data-testid="component-chart"' not in page


# --- Permissions and cost ----------------------------------------------------------------


def test_other_organisations_and_reviewers_get_a_404(client, scored, reviewer, other_recruiter):
    for user in (reviewer, other_recruiter):
        client.force_login(user)
        assert client.get(url(scored.star)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, scored):
    response = client.get(url(scored.star))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role_name", [Membership.Role.OWNER, Membership.Role.HIRING_MANAGER])
def test_every_pipeline_member_sees_it(client, org, scored, role_name):
    client.force_login(MembershipFactory(organization=org, role=role_name).user)

    assert client.get(url(scored.star)).status_code == 200


@pytest.mark.parametrize("candidates", [4, 24])
def test_the_page_costs_the_same_queries_for_any_cohort(
    team, org, reviewer, candidates, django_assert_max_num_queries
):
    scored = scored_role(org, candidates=candidates, items=12, seed=candidates)
    flag_collusion(scored, scored.star, scored.applications[1])
    reviewed_rationale(scored, reviewer=reviewer)

    address = url(scored.star)

    with django_assert_max_num_queries(31):
        response = team.get(address)
    assert response.status_code == 200


def test_the_cohort_figures_match_the_entries_exactly(scored):
    from core.charts import BINS
    from hiring.models import ShortlistEntry
    from hiring.pipeline.candidate_detail import COHORT_FIELDS, cohort_stats

    # Values on bin edges and at 1.0 land where the pure binning puts them.
    ShortlistEntry.objects.filter(application=scored.applications[1]).update(accuracy=0.15)
    ShortlistEntry.objects.filter(application=scored.applications[2]).update(accuracy=1.0)
    rows = list(ShortlistEntry.objects.filter(role=scored.role).values(*COHORT_FIELDS))
    mine = {"composite": 0.5, "accuracy": 0.15, "rationale": None}

    stats = cohort_stats(role=scored.role, values=mine)

    for name in COHORT_FIELDS:
        values = [row[name] for row in rows if row[name] is not None]
        figures = stats[name]
        assert figures.n == len(values)
        if not values:
            assert (figures.low, figures.high, figures.mean) == (None, None, None)
            continue
        assert figures.low == pytest.approx(min(values))
        assert figures.high == pytest.approx(max(values))
        assert figures.mean == pytest.approx(sum(values) / len(values))
        expected = [0] * BINS
        for value in values:
            expected[min(int(round(value * BINS, 9)), BINS - 1)] += 1
        assert list(figures.bins) == expected
        if mine.get(name) is not None:
            assert figures.below == sum(v < mine[name] for v in values)
            assert figures.at_or_below == sum(v <= mine[name] for v in values)
        else:
            assert figures.percentile is None
    assert stats["accuracy"].bins[3] >= 1  # 0.15 sits in [0.15, 0.20)
    assert stats["accuracy"].bins[BINS - 1] >= 1  # 1.0 sits in the last bin
