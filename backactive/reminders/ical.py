"""The patient's calendar: one weekly recurring event on the chosen days at the chosen time,
describing the plan's items. Pure Python (icalendar, no Django), words passed in already
translated.

No names and no diary values go into the calendar: it may be synced to third-party calendar
services, so it says only what to do, not who does it or how their back is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vRecur

from .schedule import DAY_CODES, next_on_or_after

PRODID = "-//BackActive//Reminders//EN"


@dataclass(frozen=True)
class CalendarSpec:
    uid: str  # stable across renewals of the link, so re-imports update instead of duplicating
    weekdays: list[int]
    time: dt.time
    minutes: int
    summary: str
    description: str
    calendar_name: str
    alarm_text: str
    start_from: dt.date
    timezone: str = "Europe/Berlin"


def build_calendar(spec: CalendarSpec, *, alarm: bool, stamp: dt.datetime) -> bytes:
    """The .ics text. With ``alarm`` the event carries a display alarm at its start (kept by
    calendar apps on import, often dropped on subscription). No weekdays: an empty calendar."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", spec.calendar_name)
    cal.add("x-wr-timezone", spec.timezone)
    if spec.weekdays:
        tz = ZoneInfo(spec.timezone)
        first = next_on_or_after(spec.start_from, spec.weekdays)
        start = dt.datetime.combine(first, spec.time, tzinfo=tz)
        event = Event()
        event.add("uid", spec.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("duration", dt.timedelta(minutes=spec.minutes))
        event.add("rrule", vRecur({"FREQ": "WEEKLY", "BYDAY": [DAY_CODES[d] for d in spec.weekdays]}))
        event.add("summary", spec.summary)
        event.add("description", spec.description)
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        if alarm:
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("description", spec.alarm_text)
            reminder.add("trigger", dt.timedelta(0))
            event.add_component(reminder)
        cal.add_component(event)
        cal.add_missing_timezones()  # a VTIMEZONE for the TZID, as RFC 5545 requires
    return cal.to_ical()
