from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backactive.offers.times import (
    WeeklyTime,
    format_times,
    parse_times,
    query_mask,
    slot_bit,
    slots_mask,
)


def test_parses_german_and_english_days_ranges_and_lists():
    got = parse_times("Mo 18:00-19:00; Di, Do 9-10\nSat 07.30 - 08.15 Uhr; Mo-Mi 12:00-13:00")
    assert WeeklyTime(0, time(18), time(19)) in got
    assert WeeklyTime(1, time(9), time(10)) in got and WeeklyTime(3, time(9), time(10)) in got
    assert WeeklyTime(5, time(7, 30), time(8, 15)) in got
    assert [t.weekday for t in got if t.start == time(12)] == [0, 1, 2]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Xy 18:00-19:00", "unknown weekday"),
        ("Mo 19:00-18:00", "end is not after the start"),
        ("Mo 25:00-26:00", "not a time of day"),
        ("Montags abends", "is not like"),
        ("Fr-Mo 9-10", "runs backwards"),
    ],
)
def test_rejects_with_a_message_staff_can_act_on(text, message):
    with pytest.raises(ValueError, match=message):
        parse_times(text)


def test_empty_text_is_no_times():
    assert parse_times("  ") == []


def test_slots_follow_the_start_time():
    times = parse_times("Di 18:00-19:00; Sa 10:00-11:00")
    mask = slots_mask(times)
    assert mask & query_mask(1, "evening")
    assert mask & query_mask(5, None)
    assert mask & query_mask(None, "morning")
    assert not mask & query_mask(1, "morning")
    assert not mask & query_mask(2, None)
    assert query_mask(None, None) == 0


def test_query_mask_rejects_bad_values():
    with pytest.raises(ValueError):
        query_mask(7, None)
    with pytest.raises(ValueError):
        query_mask(None, "night")


weekly = st.builds(
    lambda d, s, length: WeeklyTime(d, time(s // 60, s % 60), time((s + length) // 60, (s + length) % 60)),
    st.integers(0, 6),
    st.integers(0, 22 * 60),
    st.integers(1, 59),
)


@settings(max_examples=200)
@given(st.lists(weekly, max_size=6))
def test_format_and_parse_round_trip(times):
    assert parse_times(format_times(times)) == sorted(set(times))


@settings(max_examples=200)
@given(weekly)
def test_an_offer_matches_its_own_day_and_part(t):
    assert slots_mask([t]) == slot_bit(t.weekday, t.day_part)
    assert slots_mask([t]) & query_mask(t.weekday, t.day_part)
    assert WeeklyTime.from_json(t.as_json()) == t
