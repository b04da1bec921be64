"""Pure helpers behind the shortlist: pseudonyms and working-hours overlap."""

from datetime import date

import pytest

from core.overlap import overlap_hours
from core.pseudonyms import pseudonym

WINTER = date(2026, 1, 15)
SUMMER = date(2026, 7, 15)


def test_a_pseudonym_is_stable_and_names_an_adjective_an_animal_and_a_code():
    name = pseudonym(42)
    assert pseudonym(42) == name
    words, code = name.split(" · ")
    assert len(words.split()) == 2
    assert len(code) == 6
    assert code.isalnum()


def test_pseudonyms_never_collide_and_give_away_no_order():
    names = [pseudonym(n) for n in range(1, 50_001)]
    assert len(set(names)) == len(names)
    codes = [name.split(" · ")[1] for name in names[:100]]
    assert codes != sorted(codes)


@pytest.mark.parametrize("bad", [0, -3, 2**30])
def test_ids_outside_the_range_are_refused(bad):
    with pytest.raises(ValueError, match="outside"):
        pseudonym(bad)


@pytest.mark.parametrize(
    ("zone_a", "zone_b", "on", "hours"),
    [
        ("UTC", "UTC", WINTER, 8),
        ("Europe/London", "Europe/Berlin", WINTER, 7),
        ("America/New_York", "Europe/London", WINTER, 3),  # 14:00–17:00 UTC
        ("America/New_York", "Europe/London", date(2026, 3, 20), 4),  # US already on DST
        ("Asia/Kolkata", "UTC", WINTER, 2),  # 03:30–11:30 against 09:00–17:00
        ("America/Los_Angeles", "Pacific/Auckland", WINTER, 5),  # across the date line
        ("America/Los_Angeles", "Pacific/Auckland", SUMMER, 3),
        # NZDT (UTC+13) against PST (UTC-8): Auckland's 09:00-14:00 on 1 December is
        # Los Angeles' 12:00-17:00 on 30 November, 20:00-01:00 UTC.
        ("Pacific/Auckland", "America/Los_Angeles", date(2026, 12, 1), 5),
        ("Asia/Tokyo", "America/New_York", WINTER, 0),
    ],
)
def test_overlap_counts_whole_shared_working_hours(zone_a, zone_b, on, hours):
    assert overlap_hours(zone_a, zone_b, on=on) == hours
    assert overlap_hours(zone_b, zone_a, on=on) == hours


def test_an_unknown_zone_has_no_overlap_figure():
    assert overlap_hours("Mars/Olympus", "UTC", on=WINTER) is None
