"""Integrity signals: the pure summary and the floor for "too fast" (no database)."""

from datetime import UTC, datetime

from assessments.integrity import (
    capped_interval_ms,
    clean_client_events,
    integrity_summary,
    too_fast_floor_ms,
)

AT = datetime(2025, 6, 6, 12, 0, tzinfo=UTC)


def test_the_summary_counts_each_signal_and_the_items_that_show_it():
    attempt_events = [{"type": "focus_lost"}, {"type": "focus_lost"}, {"type": "unknown"}]
    responses = [
        {"integrity_events": [{"type": "paste"}, {"type": "paste"}, {"type": "too_fast"}]},
        {"integrity_events": [{"type": "paste"}]},
        {"integrity_events": []},
    ]

    assert integrity_summary(attempt_events, responses) == {
        "paste": 3,
        "focus_lost": 2,
        "too_fast": 1,
        "items_with_paste": 2,
        "items_too_fast": 1,
        "total": 6,
    }


def test_an_attempt_without_signals_sums_to_zero():
    assert integrity_summary([], [])["total"] == 0


def test_too_fast_is_a_fifth_of_the_expected_pace_and_never_under_three_seconds():
    assert too_fast_floor_ms(30) == 24_000  # 2 minutes per item
    assert too_fast_floor_ms(1000) == 3_000
    assert too_fast_floor_ms(0) == 3_000


def test_one_reported_interval_counts_at_most_ten_minutes_and_junk_counts_nothing():
    assert capped_interval_ms("2500") == 2500
    assert capped_interval_ms(10**9) == 600_000
    assert capped_interval_ms(-5) == 0
    assert capped_interval_ms("soon") == 0


def test_client_events_keep_known_types_and_plain_fields_only():
    events = clean_client_events(
        [{"type": "paste", "chars": 42, "html": "<b>"}, {"type": "too_fast"}, "focus_lost", 7],
        at=AT,
        item_id=3,
    )

    assert events == [
        {"type": "paste", "at": AT.isoformat(), "item": 3, "chars": 42},
        {"type": "focus_lost", "at": AT.isoformat(), "item": 3},
    ]
    assert clean_client_events("not a list", at=AT) == []
