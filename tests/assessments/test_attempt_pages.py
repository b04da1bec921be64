"""The candidate's attempt through the pages: start, autosave, resume, deadline, submit."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.attempts.services import attempt_start
from assessments.integrity import attempt_integrity
from assessments.models import Assessment, Attempt, Contest, Item, Payment, Response
from hiring.models import Application
from tests.a11y import dangling_references
from tests.factories import UserFactory
from tests.factories.attempts import (
    answer_items,
    assessment_with_every_kind,
    invited_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment():
    return assessment_with_every_kind()


@pytest.fixture
def application(assessment, candidate):
    return invited_application(assessment=assessment, candidate=candidate)


@pytest.fixture
def me(client, candidate):
    client.force_login(candidate)
    return client


@pytest.fixture
def attempt(application, candidate):
    return attempt_start(application=application, candidate=candidate)


def position_of(attempt, kind: str) -> int:
    kinds = dict(Item.objects.filter(pk__in=attempt.item_order).values_list("pk", "kind"))
    return next(n for n, pk in enumerate(attempt.item_order, start=1) if kinds[pk] == kind)


def answer_url(attempt, kind):
    return reverse("attempts:answer", args=[attempt.pk, position_of(attempt, kind)])


def item_url(attempt, kind):
    return reverse("attempts:item", args=[attempt.pk, position_of(attempt, kind)])


def saved(attempt, kind):
    item_id = attempt.item_order[position_of(attempt, kind) - 1]
    return Response.objects.filter(attempt=attempt, item_id=item_id).first()


# --- Start -------------------------------------------------------------------------------


def test_the_start_page_shows_time_pay_instructions_and_item_count(me, application):
    page = me.get(reverse("attempts:start", args=[application.pk]))

    body = page.content.decode()
    assert page.status_code == 200
    assert "45 min" in body
    assert "40.00 GBP" in body
    assert "whatever the score" in body
    assert "<strong>every</strong>" in body  # instructions rendered from Markdown
    assert ">9<" in body  # items


def test_starting_creates_one_attempt_with_a_server_deadline_and_moves_the_application(
    me, application, assessment
):
    before = timezone.now()
    page = me.post(reverse("attempts:start", args=[application.pk]))
    again = me.post(reverse("attempts:start", args=[application.pk]))  # double click

    attempt = Attempt.objects.get()
    assert page.status_code == again.status_code == 302
    assert page["Location"] == again["Location"] == reverse("attempts:attempt", args=[attempt.pk])
    assert attempt.deadline - attempt.started_at == timedelta(minutes=45)
    assert attempt.started_at >= before
    assert sorted(attempt.item_order) == sorted(assessment.items.values_list("pk", flat=True))
    assert (attempt.pay_amount, attempt.pay_currency) == (assessment.pay_amount, "GBP")
    application.refresh_from_db()
    assert application.stage == Application.Stage.IN_PROGRESS
    assessment.refresh_from_db()
    assert assessment.frozen_at is not None
    assert set(assessment.items.values_list("exposure_count", flat=True)) == {1}


def test_a_started_attempt_takes_the_start_page_to_the_attempt(me, application, attempt):
    page = me.get(reverse("attempts:start", args=[application.pk]))

    assert page["Location"] == reverse("attempts:attempt", args=[attempt.pk])


def test_items_per_attempt_draws_a_subset_and_counts_only_their_exposure(me, candidate):
    assessment = assessment_with_every_kind(items_per_attempt=4, shuffle=True)
    application = invited_application(assessment=assessment, candidate=candidate)

    me.post(reverse("attempts:start", args=[application.pk]))

    attempt = Attempt.objects.get()
    assert len(attempt.item_order) == 4
    exposed = set(assessment.items.filter(exposure_count=1).values_list("pk", flat=True))
    assert exposed == set(attempt.item_order)


def test_an_application_that_is_not_invited_cannot_start(me, assessment, candidate):
    application = invited_application(assessment=assessment, candidate=candidate)
    Application.objects.filter(pk=application.pk).update(stage=Application.Stage.APPLIED)

    page = me.post(reverse("attempts:start", args=[application.pk]))

    assert page.status_code == 400
    assert "Only an invitation opens the task" in page.content.decode()
    assert not Attempt.objects.exists()


def test_another_candidates_application_is_a_404(client, application):
    client.force_login(UserFactory())

    assert client.get(reverse("attempts:start", args=[application.pk])).status_code == 404
    assert client.post(reverse("attempts:start", args=[application.pk])).status_code == 404
    assert not Attempt.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, application):
    page = client.get(reverse("attempts:start", args=[application.pk]))

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_login"))


# --- Autosave and resume ---------------------------------------------------------------


def test_an_autosaved_answer_is_there_on_reload_and_on_a_second_device(me, candidate, attempt):
    saved_page = me.post(answer_url(attempt, "single_choice"), {"choice": "Force majeure"})

    assert saved_page.status_code == 200
    assert "Saved ✓" in saved_page.content.decode()
    reload = me.get(item_url(attempt, "single_choice")).content.decode()
    assert 'value="Force majeure" checked' in reload

    second_device = Client()
    second_device.force_login(candidate)
    resumed = second_device.get(reverse("attempts:attempt", args=[attempt.pk]))
    assert resumed["Location"] == item_url(attempt, "single_choice")
    page = second_device.get(resumed["Location"]).content.decode()
    assert 'value="Force majeure" checked' in page


def test_every_widget_saves_its_answer_and_shows_it_again(me, attempt):
    posts = {
        "single_choice": ({"choice": "Termination for cause"}, "Termination for cause"),
        "multi_label": (
            {"labels": ["Exclusivity", "Broad indemnity"]},
            ["Exclusivity", "Broad indemnity"],
        ),
        "spans": (
            {"spans": json.dumps([{"start": 31, "end": 43, "label": "DATE"}])},
            [{"start": 31, "end": 43, "label": "DATE"}],
        ),
        "pairwise": ({"choice": "B>>A"}, "B>>A"),
        "ranking": ({"rank_0": "2", "rank_1": "3", "rank_2": "1"}, [2, 0, 1]),
        "rating": ({"rating_0": "3", "rating_1": "5"}, {"Accuracy": 3, "Clarity": 5}),
        "numeric": ({"number": "27"}, 27),
        "error_identification": (
            {"has_error_0": "no", "has_error_1": "yes", "category_1": "omitted_exception"},
            [
                {"has_error": False, "category": None, "explanation": ""},
                {"has_error": True, "category": "omitted_exception", "explanation": ""},
            ],
        ),
        "free_text": ({"text": "  Both keep secrets.  "}, "Both keep secrets."),
    }
    for kind, (data, expected) in posts.items():
        assert me.post(answer_url(attempt, kind), data).status_code == 200, kind
        assert saved(attempt, kind).answer == expected, kind

    pages = {kind: me.get(item_url(attempt, kind)).content.decode() for kind in posts}
    assert 'value="Exclusivity" checked' in pages["multi_label"]
    assert '"label": "DATE"' in pages["spans"]
    assert 'value="B&gt;&gt;A" checked' in pages["pairwise"]
    assert '<option value="1" selected>' in pages["ranking"]
    assert 'name="rating_0" value="3" aria-label="Accuracy: 3 of 5" checked' in pages["rating"]
    assert 'value="27"' in pages["numeric"]
    assert 'name="has_error_1" value="yes" checked' in pages["error_identification"]
    assert "Both keep secrets.</textarea>" in pages["free_text"]


def test_navigation_saves_the_position_to_resume_at(me, attempt):
    me.get(reverse("attempts:item", args=[attempt.pk, 4]))

    attempt.refresh_from_db()
    assert attempt.current_position == 3
    assert me.get(reverse("attempts:attempt", args=[attempt.pk]))["Location"] == reverse(
        "attempts:item", args=[attempt.pk, 4]
    )


def test_a_wrong_shape_is_refused_with_its_message_and_the_previous_answer_stays(me, attempt):
    me.post(answer_url(attempt, "rating"), {"rating_0": "3", "rating_1": "5"})

    refused = me.post(answer_url(attempt, "rating"), {"rating_0": "2"}, HTTP_HX_REQUEST="true")

    assert refused.status_code == 400
    assert "Rate “Clarity” too: every criterion needs a rating." in refused.content.decode()
    assert saved(attempt, "rating").answer == {"Accuracy": 3, "Clarity": 5}
    other = me.post(answer_url(attempt, "single_choice"), {"choice": "Not an option"})
    assert other.status_code == 400
    assert "must be one of" in other.content.decode()
    ranks = me.post(answer_url(attempt, "ranking"), {"rank_0": "1", "rank_1": "1", "rank_2": "2"})
    assert "each rank is used once" in ranks.content.decode()


def test_a_changed_answer_counts_a_revision_and_time_adds_up_with_a_cap(me, attempt):
    url = answer_url(attempt, "single_choice")
    me.post(url, {"choice": "Force majeure", "elapsed_ms": "40000"})
    me.post(url, {"choice": "Force majeure", "elapsed_ms": "5000"})  # same answer
    me.post(url, {"choice": "Termination for cause", "elapsed_ms": str(60 * 60 * 1000)})

    response = saved(attempt, "single_choice")
    assert response.revision_count == 2
    assert response.time_spent_ms == 40000 + 5000 + 10 * 60 * 1000  # one interval capped


def test_pastes_tab_switches_and_too_fast_answers_are_recorded_without_blocking(me, attempt):
    events = json.dumps([{"type": "paste", "chars": 120}, {"type": "made_up"}])
    page = me.post(answer_url(attempt, "free_text"), {"text": "Pasted.", "events": events})
    me.post(
        reverse("attempts:activity", args=[attempt.pk]),
        {
            "item": "1",  # the item's number, as the page sends it
            "elapsed_ms": "1500",
            "events": json.dumps([{"type": "focus_lost"}]),
        },
    )

    assert page.status_code == 200
    response = saved(attempt, "free_text")
    assert [e["type"] for e in response.integrity_events] == ["paste", "too_fast"]
    assert response.integrity_events[0]["chars"] == 120
    attempt.refresh_from_db()
    assert [e["type"] for e in attempt.integrity_events] == ["focus_lost"]
    numbered_one = Response.objects.get(attempt=attempt, item_id=attempt.item_order[0])
    assert numbered_one.time_spent_ms == 1500  # the beacon names the item by its number
    summary = attempt_integrity(attempt)
    assert (summary["paste"], summary["focus_lost"], summary["too_fast"]) == (1, 1, 1)


def test_an_answer_after_reading_for_a_while_is_not_too_fast(me, attempt):
    me.post(answer_url(attempt, "numeric"), {"number": "27", "elapsed_ms": "90000"})

    assert saved(attempt, "numeric").integrity_events == []


def test_flagging_an_item_with_a_note_is_autosaved_and_shown_in_the_nav(me, attempt):
    position = position_of(attempt, "pairwise")
    url = reverse("attempts:flag", args=[attempt.pk, position])

    assert (
        me.post(url, {"flagged": "on", "ambiguity_note": "Both answers dodge."}).status_code == 200
    )

    response = saved(attempt, "pairwise")
    assert (response.flagged_ambiguous, response.ambiguity_note) == (True, "Both answers dodge.")
    assert response.answer is None
    page = me.get(item_url(attempt, "single_choice")).content.decode()
    assert "is-flagged" in page


# --- Someone else's attempt, items outside it ----------------------------------------------


def test_another_candidates_attempt_is_a_404_everywhere(client, attempt):
    client.force_login(UserFactory())
    urls = [
        reverse("attempts:attempt", args=[attempt.pk]),
        reverse("attempts:item", args=[attempt.pk, 1]),
        reverse("attempts:review", args=[attempt.pk]),
        reverse("attempts:submitted", args=[attempt.pk]),
        reverse("attempts:contest", args=[attempt.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    answer = client.post(reverse("attempts:answer", args=[attempt.pk, 1]), {"choice": "x"})
    flag = client.post(reverse("attempts:flag", args=[attempt.pk, 1]), {"flagged": "on"})
    assert answer.status_code == flag.status_code == 404
    assert not Response.objects.exists()


def test_an_item_outside_the_attempt_is_a_404(me, candidate):
    assessment = assessment_with_every_kind(items_per_attempt=3)
    application = invited_application(assessment=assessment, candidate=candidate)
    attempt = attempt_start(application=application, candidate=candidate)

    assert me.get(reverse("attempts:item", args=[attempt.pk, 4])).status_code == 404
    assert me.get(reverse("attempts:item", args=[attempt.pk, 0])).status_code == 404
    assert me.post(reverse("attempts:answer", args=[attempt.pk, 4]), {"x": 1}).status_code == 404


# --- Deadline -------------------------------------------------------------------------------


def expire(attempt):
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(hours=2),
        deadline=timezone.now() - timedelta(seconds=1),
    )


def test_after_the_deadline_answers_are_refused_and_the_attempt_submits_keeping_earlier_ones(
    me, attempt
):
    me.post(answer_url(attempt, "single_choice"), {"choice": "Force majeure"})
    expire(attempt)

    late = me.post(
        answer_url(attempt, "single_choice"),
        {"choice": "Termination for cause"},
        HTTP_HX_REQUEST="true",
    )

    assert late.status_code == 409
    assert "Time is up" in late.content.decode() or "submitted" in late.content.decode()
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.auto_submitted
    assert saved(attempt, "single_choice").answer == "Force majeure"
    assert Payment.objects.filter(attempt=attempt).count() == 1


def test_opening_an_overdue_attempt_submits_it_and_says_so(me, attempt):
    expire(attempt)

    page = me.get(reverse("attempts:attempt", args=[attempt.pk]), follow=True)

    assert page.redirect_chain[-1][0] == reverse("attempts:submitted", args=[attempt.pk])
    assert "submitted automatically" in page.content.decode()
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED


# --- Review and submit ----------------------------------------------------------------------


RATIONALE = "I weighed the notice period against the trigger: no breach is needed, so convenience."


def test_the_review_page_lists_answered_unanswered_and_flagged_items(me, attempt):
    me.post(answer_url(attempt, "numeric"), {"number": "27"})
    me.post(
        reverse("attempts:flag", args=[attempt.pk, position_of(attempt, "pairwise")]),
        {"flagged": "on"},
    )

    page = me.get(reverse("attempts:review", args=[attempt.pk])).content.decode()

    assert "1 of 9 answered · 1 flagged" in page
    assert page.count("Not answered") == 8
    assert "Your 2 hardest decisions" in page


def test_submitting_without_enough_rationales_says_what_is_missing_and_keeps_the_text(me, attempt):
    page = me.post(
        reverse("attempts:review", args=[attempt.pk]),
        {"action": "submit", "hardest": ["1", "2"], "rationale_1": "Too short."},
    )

    body = page.content.decode()
    assert page.status_code == 400
    assert "Item 1: write at least 80 characters explaining your decision (10 so far)." in body
    assert "Item 2: write at least 80 characters" in body
    assert "Too short.</textarea>" in body
    assert 'aria-describedby="rationale-1-count rationale-1-error" aria-invalid="true"' in body
    assert dangling_references(body) == []
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS


def test_picking_the_wrong_number_of_hardest_decisions_is_refused(me, attempt):
    answer_items(attempt, [1, 2, 3])

    page = me.post(
        reverse("attempts:review", args=[attempt.pk]),
        {"action": "submit", "hardest": ["1"]},
    )

    assert page.status_code == 400
    assert "Pick 2 of your hardest decisions (you picked 1)." in page.content.decode()


def test_fewer_answered_items_ask_for_fewer_hardest_picks(me, attempt):
    answer_items(attempt, [3])

    refused = me.post(reverse("attempts:review", args=[attempt.pk]), {"action": "submit"})
    review = me.get(reverse("attempts:review", args=[attempt.pk])).content.decode()
    page = me.post(
        reverse("attempts:review", args=[attempt.pk]),
        {"action": "submit", "hardest": ["3"], "rationale_3": RATIONALE},
    )

    assert "Pick 1 of your hardest decisions (you picked 0)." in refused.content.decode()
    assert "so 1 pick will do" in review
    assert page.status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED


def test_items_that_ask_for_a_rationale_need_one_to_submit(me, attempt):
    Item.objects.filter(pk=attempt.item_order[4]).update(requires_rationale=True)
    answer_items(attempt, [1, 2, 5])

    page = me.post(
        reverse("attempts:review", args=[attempt.pk]),
        {
            "action": "submit",
            "hardest": ["1", "2"],
            "rationale_1": RATIONALE,
            "rationale_2": RATIONALE,
        },
    )

    assert page.status_code == 400
    assert "Item 5: write at least 80 characters" in page.content.decode()


def test_unanswered_items_that_ask_for_a_rationale_need_none(me, attempt):
    Item.objects.filter(pk__in=attempt.item_order[3:6]).update(requires_rationale=True)
    answer_items(attempt, [1, 2, 4])

    review = me.get(reverse("attempts:review", args=[attempt.pk])).content.decode()
    page = me.post(
        reverse("attempts:review", args=[attempt.pk]),
        {
            "action": "submit",
            "hardest": ["1", "2"],
            "rationale_1": RATIONALE,
            "rationale_2": RATIONALE,
            "rationale_4": RATIONALE,
        },
    )

    assert review.count(">Rationale asked<") == 1  # item 4, answered
    assert review.count(">Rationale asked if answered<") == 2  # items 5 and 6
    assert page.status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED


def test_a_picked_item_needs_its_rationale_answered_or_not(me, attempt):
    answer_items(attempt, [1, 2])

    page = me.post(
        reverse("attempts:review", args=[attempt.pk]),
        {"action": "submit", "hardest": ["1", "7"], "rationale_1": RATIONALE},
    )

    assert page.status_code == 400
    assert "Item 7: write at least 80 characters" in page.content.decode()


def submit(client, attempt):
    return client.post(
        reverse("attempts:review", args=[attempt.pk]),
        {
            "action": "submit",
            "hardest": ["1", "2"],
            "rationale_1": RATIONALE,
            "rationale_2": RATIONALE + " Second.",
        },
    )


def test_submitting_twice_is_one_submission_with_one_payment(me, attempt):
    first = submit(me, attempt)
    second = submit(me, attempt)

    assert first.status_code == second.status_code == 302
    assert (
        first["Location"] == second["Location"] == reverse("attempts:submitted", args=[attempt.pk])
    )
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert not attempt.auto_submitted
    assert Payment.objects.filter(attempt=attempt).count() == 1
    hardest = Response.objects.filter(attempt=attempt, hardest=True)
    assert sorted(hardest.values_list("item_id", flat=True)) == sorted(attempt.item_order[:2])
    attempt.application.refresh_from_db()
    assert attempt.application.stage == Application.Stage.SUBMITTED


def test_a_submitted_attempt_refuses_answers_and_shows_the_payment(me, attempt):
    submit(me, attempt)

    late = me.post(answer_url(attempt, "numeric"), {"number": "3"})
    page = me.get(reverse("attempts:submitted", args=[attempt.pk])).content.decode()

    assert late.status_code == 409
    assert "has been submitted" in late.content.decode()
    assert "40.00 GBP" in page
    assert 'class="is-current">Pending' in page
    assert me.get(reverse("attempts:item", args=[attempt.pk, 1]))["Location"] == reverse(
        "attempts:submitted", args=[attempt.pk]
    )


def test_saving_rationales_as_a_draft_needs_no_minimum(me, attempt):
    page = me.post(
        reverse("attempts:review", args=[attempt.pk]),
        {"action": "save", "hardest": ["1"], "rationale_1": "Draft."},
    )

    assert page.status_code == 302
    response = Response.objects.get(attempt=attempt, item_id=attempt.item_order[0])
    assert (response.hardest, response.rationale) == (True, "Draft.")


# --- Contests --------------------------------------------------------------------------------


REASON = "Option two is also defensible because the clause names a breach in its second sentence."


def test_a_candidate_contests_up_to_three_items_with_a_reason(me, attempt):
    submit(me, attempt)
    url = reverse("attempts:contest", args=[attempt.pk])

    short = me.post(url, {"item": 1, "reason": "Wrong."})
    assert short.status_code == 400
    assert "at least 40 characters" in short.content.decode()
    for number in (1, 2, 3):
        assert me.post(url, {"item": number, "reason": REASON}).status_code == 302
    again = me.post(url, {"item": 1, "reason": REASON})
    fourth = me.post(url, {"item": 4, "reason": REASON})

    assert "already contested" in again.content.decode()
    assert "at most 3 items" in fourth.content.decode()
    assert Contest.objects.filter(attempt=attempt).count() == Contest.MAX_PER_ATTEMPT


def test_contesting_is_only_for_submitted_attempts(me, attempt):
    page = me.post(reverse("attempts:contest", args=[attempt.pk]), {"item": 1, "reason": REASON})

    assert page.status_code == 302
    assert not Contest.objects.exists()


def test_the_contest_form_shows_the_candidates_own_answer(me, attempt):
    me.post(answer_url(attempt, "numeric"), {"number": "26"})
    submit(me, attempt)

    page = me.get(
        reverse("attempts:contest", args=[attempt.pk]),
        {"item": position_of(attempt, "numeric")},
    ).content.decode()

    assert 'value="26"' in page
    assert "I believe the expected answer is wrong because" in page


def test_an_assessment_is_frozen_once_someone_starts(attempt):
    assert Assessment.objects.get(pk=attempt.assessment_id).is_frozen
