"""Reminders in the browser: off until the patient opts in; the calendar link then serves the
plan's days, read back with the icalendar parser; opting out makes the link stop working."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import requests
from icalendar import Calendar

from backactive.reminders.models import PatientSettings
from tests.browser.support import log_in, new_page
from tests.conftest import PASSWORD
from tests.consultations.factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_opt_in_gives_a_calendar_with_the_plans_days(world: Any, live_server: Any, browser: Any) -> None:
    make_plan(world.patient_a, world.clinician_x, days=3)
    page = new_page(browser)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    page.click(".me-nav a[href='/me/settings/']")
    assert not page.is_checked("#calendar_enabled") and not page.is_checked("#email_enabled")
    assert page.get_by_test_id("feed-url").count() == 0
    # The plan asks for three days: suggested as Monday, Wednesday, Friday.
    checked = [page.is_checked(f"input[name=weekdays][value='{d}']") for d in range(7)]
    assert checked == [True, False, True, False, True, False, False]
    page.fill("#time", "07:45")
    page.check("#calendar_enabled")
    page.click("form[action$='/settings/reminders/'] button[type=submit]")
    feed = page.get_by_test_id("feed-url").input_value()

    response = requests.get(feed, timeout=10)
    assert response.status_code == 200
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    rule: Any = event["RRULE"]
    assert rule["BYDAY"] == ["MO", "WE", "FR"]
    assert event.decoded("dtstart").time() == dt.time(7, 45)

    page.uncheck("#calendar_enabled")
    page.click("form[action$='/settings/reminders/'] button[type=submit]")
    page.wait_for_selector("#calendar_enabled:not(:checked)")
    assert requests.get(feed, timeout=10).status_code == 404
    assert PatientSettings.objects.get(patient=world.patient_a).calendar_token is None
    page.context.close()
