"""The shortlist page: ranked table, blind mode, HTMX filters and sort, pages that never
count, the blind-mode switch, the bulk bar, and who may see any of it."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.blind import identity_reveal
from core.pseudonyms import pseudonym
from hiring.models import Application, Membership, Role, StageChange
from hiring.pipeline.services import application_move
from tests.factories import MembershipFactory
from tests.factories.shortlist import entries, scored_application, shortlist_role

pytestmark = pytest.mark.django_db

Stage = Application.Stage
NAME, EMAIL = "Philippa Quellington", "p.quellington@example.org"


def url(role, name="page"):
    return reverse(f"shortlist:{name}", args=[role.organization.slug, role.pk])


@pytest.fixture
def role(org):
    return shortlist_role(org, title="Clause reviewer")


@pytest.fixture
def team(client, recruiter):
    client.force_login(recruiter)
    return client


@pytest.fixture
def owner(org):
    return MembershipFactory(organization=org, role=Membership.Role.OWNER).user


def rows(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-application="(\d+)"', html)]


def htmx(client, path, **params):
    return client.get(path, params, HTTP_HX_REQUEST="true")


# --- The table -------------------------------------------------------------------------------


def test_the_table_ranks_candidates_with_scores_gates_flags_rate_overlap_and_stage(team, role):
    low = scored_application(role, composite=0.41, failed_gates=["accuracy"])
    top = scored_application(
        role,
        composite=0.93,
        components={"accuracy": 0.95, "edge_cases": 0.5, "agreement": 0.875,
                    "throughput": 0.6, "rationale": None},
        pending_gates=["rationale"],
        paste=3, focus=5, too_fast=4, collusion=True,
        profile={"hourly_rate": "42.50", "time_zone": "UTC"},
        stage=Stage.SHORTLISTED,
    )  # fmt: skip

    response = team.get(url(role))
    page = response.content.decode()

    assert response.status_code == 200
    assert rows(page) == [top.pk, low.pk]
    top_row = page.split(f'data-application="{top.pk}"')[1].split("</tr>")[0]
    assert "93%" in top_row
    assert "95%" in top_row
    assert "88%" in top_row
    assert "passed" in top_row
    assert "Rationale pending" in top_row
    for badge in ("3 pastes", "5 focus losses", "4 items too fast", "possible collusion"):
        assert badge in top_row
    assert 'title="Answered faster than anyone could read the item."' in top_row
    assert "42.50" in top_row
    assert "USD" in top_row
    assert "8 h" in top_row
    assert "Shortlisted" in top_row
    low_row = page.split(f'data-application="{low.pk}"')[1].split("</tr>")[0]
    assert "failed" in low_row
    assert "Accuracy (min 60%)" in low_row
    assert reverse("hiring:application", args=[role.organization.slug, top.pk]) in top_row


def test_the_summary_counts_the_roles_scored_stages(team, role):
    scored_application(role, stage=Stage.SHORTLISTED)
    scored_application(role, stage=Stage.SHORTLISTED)
    scored_application(role, stage=Stage.INTERVIEW)

    page = team.get(url(role)).content.decode()
    summary = page.split('data-testid="stage-counts"')[1].split("</section>")[0]

    assert re.search(r'data-stage="shortlisted".*?<strong>2</strong>', summary, re.S)
    assert re.search(r'data-stage="interview".*?<strong>1</strong>', summary, re.S)


def test_a_role_without_scored_candidates_says_so(team, role):
    page = team.get(url(role)).content.decode()

    assert "No scored candidate yet" in page


# --- Blind mode ------------------------------------------------------------------------------


def test_blind_mode_shows_a_pseudonym_never_the_name_or_email(team, role):
    application = scored_application(role, name=NAME, email=EMAIL)

    page = team.get(url(role)).content.decode()

    assert "Blind mode:" in page
    assert "identities are hidden until the interview stage" in page
    assert pseudonym(application.pk) in page
    assert NAME not in page
    assert EMAIL not in page
    assert "Quellington" not in page


def test_the_name_shows_from_the_interview_stage_on(team, role, recruiter):
    application = scored_application(role, name=NAME, email=EMAIL, stage=Stage.SHORTLISTED)
    application_move(application=application, to_stage=Stage.INTERVIEW, by=recruiter)

    page = team.get(url(role)).content.decode()

    assert NAME in page
    assert EMAIL in page


def test_a_recorded_reveal_shows_that_one_candidate(team, role, recruiter):
    revealed = scored_application(role, name=NAME, email=EMAIL)
    scored_application(role, name="Hidden Hortensia", email="hortensia@example.org")
    identity_reveal(application=revealed, by=recruiter, reason="Referred by a client")

    page = team.get(url(role)).content.decode()

    assert NAME in page
    assert "Hidden Hortensia" not in page
    assert "hortensia@example.org" not in page


def test_with_blind_mode_off_everyone_is_named(team, role):
    role.blind_mode = False
    role.save()
    scored_application(role, name=NAME, email=EMAIL)

    page = team.get(url(role)).content.decode()

    assert NAME in page
    assert "Blind mode is off" in page


@pytest.mark.parametrize("who", ["owner", "hiring_manager"])
def test_owners_and_hiring_managers_switch_blind_mode(client, role, who, owner, hiring_manager):
    client.force_login({"owner": owner, "hiring_manager": hiring_manager}[who])
    scored_application(role, name=NAME)

    response = client.post(url(role, "blind-mode"), {"blind": "off", "query": "domain=law"})

    assert response.status_code == 302
    assert response["Location"] == url(role) + "?domain=law"
    role.refresh_from_db()
    assert role.blind_mode is False
    assert NAME in client.get(url(role)).content.decode()

    client.post(url(role, "blind-mode"), {"blind": "on"})
    role.refresh_from_db()
    assert role.blind_mode is True


def test_the_switch_is_offered_to_authors_only(client, team, role, owner):
    assert 'data-testid="blind-toggle"' not in team.get(url(role)).content.decode()
    client.force_login(owner)
    assert 'data-testid="blind-toggle"' in client.get(url(role)).content.decode()


def test_a_recruiter_cannot_switch_blind_mode(team, role):
    response = team.post(url(role, "blind-mode"), {"blind": "off"})

    assert response.status_code == 403
    role.refresh_from_db()
    assert role.blind_mode is True


@pytest.mark.parametrize("who", ["reviewer", "other_recruiter"])
def test_reviewers_and_other_organisations_cannot_switch_it_either(
    client, role, who, reviewer, other_recruiter
):
    client.force_login({"reviewer": reviewer, "other_recruiter": other_recruiter}[who])

    assert client.post(url(role, "blind-mode"), {"blind": "off"}).status_code == 404
    role.refresh_from_db()
    assert role.blind_mode is True


def test_a_bad_switch_value_changes_nothing(client, role, owner):
    client.force_login(owner)

    client.post(url(role, "blind-mode"), {"blind": "maybe"})

    role.refresh_from_db()
    assert role.blind_mode is True


# --- Permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer", "other_recruiter"])
def test_reviewers_and_other_organisations_get_a_404(client, role, who, reviewer, other_recruiter):
    client.force_login({"reviewer": reviewer, "other_recruiter": other_recruiter}[who])
    scored_application(role)

    assert client.get(url(role)).status_code == 404
    assert client.post(url(role, "bulk"), {"action": "move", "a": [1]}).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, role):
    response = client.get(url(role))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_role_of_another_organisation_under_my_slug_is_a_404(team, org, other_org):
    foreign = shortlist_role(other_org)

    path = reverse("shortlist:page", args=[org.slug, foreign.pk])
    assert team.get(path).status_code == 404


@pytest.mark.parametrize("who", ["owner", "hiring_manager"])
def test_every_pipeline_member_sees_the_shortlist(client, role, who, owner, hiring_manager):
    client.force_login({"owner": owner, "hiring_manager": hiring_manager}[who])

    assert client.get(url(role)).status_code == 200


# --- Filters, sort and pages through HTMX and without ------------------------------------------


def test_filters_narrow_the_table_as_a_plain_get_form(team, role):
    passed = scored_application(role, composite=0.7)
    scored_application(role, composite=0.9, failed_gates=["accuracy"])

    page = team.get(url(role), {"passed": "yes"}).content.decode()

    assert rows(page) == [passed.pk]
    assert '<form id="shortlist-filters" method="get"' in page
    assert '<option value="yes" selected>' in page
    assert "filtered" in page


def test_an_htmx_request_gets_only_the_results_with_the_url_kept_shareable(team, role):
    scored_application(role, composite=0.7, stage=Stage.SHORTLISTED)
    other = scored_application(role, composite=0.9)

    response = htmx(team, url(role), stage="scored", sort="composite")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="shortlist-results"' in html
    assert rows(html) == [other.pk]
    # Sort links, pager and CSV link carry the filters; the sort input follows out of band.
    assert "stage=scored&amp;sort=-accuracy" in html
    assert 'id="shortlist-sort" value="composite" hx-swap-oob="true"' in html
    assert 'hx-push-url="true"' in html
    assert "shortlist.csv?stage=scored&amp;sort=composite" in html


def test_a_history_restore_gets_the_whole_page(team, role):
    response = team.get(url(role), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")

    assert "<html" in response.content.decode()


def test_the_filter_panel_asks_for_the_results_through_htmx(team, role):
    page = team.get(url(role)).content.decode()
    form = page.split('<form id="shortlist-filters"')[1].split(">")[0]

    assert 'hx-get="' + url(role) + '"' in form
    assert 'hx-target="#shortlist-results"' in form
    assert 'hx-push-url="true"' in form
    assert 'hx-trigger="change, submit"' in form


def test_a_bad_filter_is_shown_beside_its_field_with_a_400(team, role):
    kept = scored_application(role, composite=0.9, profile={"hourly_rate": "50"})
    scored_application(role, composite=0.5, profile={"hourly_rate": "25"})

    response = team.get(url(role), {"rate_min": "40", "rate_max": "20", "min_accuracy": "10"})
    page = response.content.decode()

    assert response.status_code == 400
    slot = page.split('id="error-rate_max"')[1].split("</p>")[0]
    assert "The top of the rate range (20) is below its bottom (40)." in slot
    assert "hidden" not in slot
    assert "Those filters are left out until they are fixed." in page
    assert rows(page) == [kept.pk]  # the valid filters (rate_min) still apply


def test_a_bad_filter_over_htmx_updates_the_error_slots_out_of_band(team, role):
    response = htmx(team, url(role), overlap="30")
    html = response.content.decode()

    assert response.status_code == 400
    assert re.search(
        r'<p class="filter__error" id="error-overlap" role="alert" hx-swap-oob="true">'
        r"Time-zone overlap is a whole number of hours from 0 to 24.</p>",
        html,
    )
    # The other slots are sent empty, which clears a message fixed since.
    assert 'id="error-domain" role="alert" hx-swap-oob="true" hidden' in html


def test_sort_headers_flip_direction_and_say_which_is_current(team, role):
    scored_application(role)

    page = team.get(url(role), {"sort": "rate"}).content.decode()
    header = page.split('data-sort="rate"')[0].rsplit("<th", 1)[1]

    assert 'aria-sort="ascending"' in header
    assert "?sort=-rate" in header
    assert 'hx-target="#shortlist-results"' in header


def test_pages_of_25_with_previous_and_next(team, role):
    ids = entries(role, 30)

    first = team.get(url(role)).content.decode()
    second = team.get(url(role), {"page": 2}).content.decode()

    assert len(rows(first)) == 25
    assert len(rows(second)) == 5
    assert set(rows(first)) | set(rows(second)) == set(ids)
    assert 'rel="next"' in first
    assert 'rel="prev"' not in first
    assert 'rel="prev"' in second
    assert 'rel="next"' not in second
    assert "Page 2" in second


def test_a_page_past_the_end_offers_the_first(team, role):
    entries(role, 3)

    page = team.get(url(role), {"page": 9}).content.decode()

    assert rows(page) == []
    assert "Back to the first page" in page


def test_a_garbage_page_number_is_the_first_page(team, role):
    entries(role, 3)

    assert len(rows(team.get(url(role), {"page": "x"}).content.decode())) == 3


def test_no_page_counts_the_shortlist(team, role):
    entries(role, 40)

    with CaptureQueriesContext(connection) as queries:
        team.get(url(role), {"page": 2, "sort": "rate", "passed": "yes"})
        htmx(team, url(role), page=1)

    counted = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert all("shortlistentry" not in sql for sql in counted), counted


@pytest.mark.parametrize("htmx_request", [False, True])
def test_the_query_count_does_not_grow_with_the_shortlist(
    team, role, htmx_request, django_assert_max_num_queries
):
    def load():
        params = {"sort": "-flags", "min_accuracy": "10", "stage": ["scored", "shortlisted"]}
        if htmx_request:
            return htmx(team, url(role), **params)
        return team.get(url(role), params)

    entries(role, 30)
    load()  # warm the session and memberships
    with django_assert_max_num_queries(12) as small:
        assert load().status_code == 200
    entries(role, 270)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert load().status_code == 200


# --- Bulk actions ----------------------------------------------------------------------------


def test_the_bulk_bar_works_without_javascript(team, role):
    scored_application(role)

    page = team.get(url(role)).content.decode()

    assert (
        f'<form id="bulk-form" class="card bulk-bar" method="post" action="{url(role, "bulk")}"'
        in page
    )
    assert 'name="a"' in page
    assert 'form="bulk-form"' in page
    assert 'name="notify"' in page
    assert 'value="compare"' in page
    assert 'name="reason"' in page


def test_bulk_move_reports_moved_and_skipped_rows_by_pseudonym_and_emails(
    team, role, django_capture_on_commit_callbacks
):
    first = scored_application(role, composite=0.9, stage=Stage.SHORTLISTED)
    second = scored_application(role, composite=0.8, stage=Stage.SHORTLISTED)
    already = scored_application(role, composite=0.7, stage=Stage.INTERVIEW, name=NAME)

    with django_capture_on_commit_callbacks(execute=True):
        response = team.post(
            url(role, "bulk"),
            {
                "action": "move",
                "a": [first.pk, second.pk, already.pk],
                "to_stage": "interview",
                "notify": "on",
                "query": "stage=shortlisted&page=1",
            },
            follow=True,
        )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == url(role) + "?stage=shortlisted"
    assert f"Moved 2. Skipped 1: {NAME} — already at Interview." in page  # at interview, so named
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [first.candidate.email, second.candidate.email]
    )
    assert all("Interview" in m.subject for m in mail.outbox)
    assert Application.objects.get(pk=first.pk).stage == Stage.INTERVIEW


def test_skipped_rows_are_named_by_pseudonym_while_hidden(team, role):
    rejected = scored_application(role, stage=Stage.REJECTED, name=NAME)

    response = team.post(
        url(role, "bulk"),
        {"action": "move", "a": [rejected.pk], "to_stage": "interview"},
        follow=True,
    )
    page = response.content.decode()

    assert (
        f"Moved 0. Skipped 1: {pseudonym(rejected.pk)} — a rejected application cannot move "
        "to Interview." in page
    )
    assert NAME not in page


def test_bulk_move_without_notify_sends_no_email(team, role, django_capture_on_commit_callbacks):
    application = scored_application(role, stage=Stage.SCORED)

    with django_capture_on_commit_callbacks(execute=True):
        team.post(
            url(role, "bulk"), {"action": "move", "a": [application.pk], "to_stage": "shortlisted"}
        )

    assert Application.objects.get(pk=application.pk).stage == Stage.SHORTLISTED
    assert mail.outbox == []


def test_bulk_reject_needs_a_reason(team, role):
    application = scored_application(role)

    response = team.post(
        url(role, "bulk"), {"action": "reject", "a": [application.pk], "reason": "  "}, follow=True
    )

    assert "Give a reason for the rejection" in response.content.decode()
    assert Application.objects.get(pk=application.pk).stage == Stage.SCORED


def test_bulk_reject_records_the_reason_and_emails_it(
    team, role, recruiter, django_capture_on_commit_callbacks
):
    application = scored_application(role)

    with django_capture_on_commit_callbacks(execute=True):
        response = team.post(
            url(role, "bulk"),
            {"action": "reject", "a": [application.pk], "reason": "Accuracy below the bar"},
            follow=True,
        )

    assert "Moved 1." in response.content.decode()
    change = StageChange.objects.filter(application=application).latest("id")
    assert (change.to_stage, change.reason, change.changed_by) == (
        Stage.REJECTED, "Accuracy below the bar", recruiter,
    )  # fmt: skip
    assert len(mail.outbox) == 1
    assert "Accuracy below the bar" in mail.outbox[0].body


def test_compare_selected_goes_to_the_compare_page(team, role):
    a, b = scored_application(role), scored_application(role)

    response = team.post(url(role, "bulk"), {"action": "compare", "a": [a.pk, b.pk]})

    assert response.status_code == 302
    assert response["Location"].endswith(f"/roles/{role.pk}/compare/?a={a.pk}&a={b.pk}")


@pytest.mark.parametrize("count", [1, 5])
def test_compare_needs_two_to_four(team, role, count):
    ids = [scored_application(role).pk for _ in range(count)]

    response = team.post(url(role, "bulk"), {"action": "compare", "a": ids}, follow=True)

    assert f"Select 2 to 4 candidates to compare (you selected {count})." in (
        response.content.decode()
    )


def test_an_empty_selection_or_a_bad_id_is_refused_with_a_message(team, role):
    nothing = team.post(url(role, "bulk"), {"action": "move", "to_stage": "interview"}, follow=True)
    garbage = team.post(url(role, "bulk"), {"action": "move", "a": ["x"]}, follow=True)
    no_action = team.post(url(role, "bulk"), {"a": ["1"]}, follow=True)

    assert "Select at least one candidate." in nothing.content.decode()
    assert "not an application" in garbage.content.decode()
    assert "Choose what to do with the selected candidates." in no_action.content.decode()


def test_the_return_query_cannot_redirect_elsewhere(team, role):
    application = scored_application(role)

    response = team.post(
        url(role, "bulk"),
        {"action": "move", "a": [application.pk], "to_stage": "shortlisted",
         "query": "next=https://evil.example/&domain=law"},
    )  # fmt: skip

    assert response["Location"] == url(role) + "?domain=law"


def test_a_closed_role_has_no_bulk_bar_and_refuses_moves(team, role):
    application = scored_application(role)
    Role.objects.filter(pk=role.pk).update(status=Role.Status.CLOSED)

    page = team.get(url(role)).content.decode()
    response = team.post(
        url(role, "bulk"),
        {"action": "move", "a": [application.pk], "to_stage": "shortlisted"},
        follow=True,
    )

    assert 'id="bulk-form"' not in page
    assert "This role is closed" in response.content.decode()
    assert Application.objects.get(pk=application.pk).stage == Stage.SCORED
