"""A double tap on the phone saves once (issue 12, item 4). Before: every tap made a new entry id,
so a double tap on a plan button stored the activity twice; a later tap is a new entry."""

from __future__ import annotations

from typing import Any

import pytest

from backactive.diary.models import ActivityEntry
from tests.browser.support import log_in, new_page
from tests.conftest import PASSWORD
from tests.consultations.factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BRIDGE = "ul.doables form:has(input[value='bridge']) button"
# The day's list shows n stored entries (not counting those still being sent).
STORED = "() => document.querySelectorAll('[data-testid=entries] li:not(.pending):not(.empty)').length === {n}"


def _entries(world: Any) -> list[str]:
    return list(ActivityEntry.objects.filter(patient=world.patient_a).values_list("activity", flat=True))


def test_a_double_tap_on_a_plan_button_saves_once(world: Any, live_server: Any, browser: Any) -> None:
    make_plan(world.patient_a, world.clinician_x)
    page = new_page(browser)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    page.dblclick(BRIDGE)
    page.wait_for_selector("#sync-status:has-text('Gespeichert')")
    page.wait_for_selector("ul.doables li.is-done")  # the plan item shows "done today"
    assert _entries(world) == ["bridge"]

    # Another activity saved from the same form later is a new entry (the form got a new id).
    page.click("form.activity-form input[name=minutes][value='30']")
    page.click("form.activity-form button[type=submit]")
    page.wait_for_function(STORED.format(n=2))
    # Taps while the form is still busy with the last one count as the same tap; once it has
    # settled (a new id), the next tap is a second entry.
    page.wait_for_function("() => !document.querySelector('form.activity-form').dataset.busy")
    page.click("form.activity-form button[type=submit]")
    page.wait_for_function(STORED.format(n=3))
    assert len(_entries(world)) == 3
    page.context.close()


def test_a_double_tap_offline_queues_one_entry(world: Any, live_server: Any, browser: Any) -> None:
    make_plan(world.patient_a, world.clinician_x)
    page = new_page(browser)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    page.wait_for_function("() => document.getElementById('me').dataset.queue === '0'")
    page.context.set_offline(True)
    page.dblclick(BRIDGE)
    page.wait_for_function("() => document.getElementById('me').dataset.queue === '1'")
    page.context.set_offline(False)
    page.wait_for_function("() => document.getElementById('me').dataset.queue === '0'")
    assert _entries(world) == ["bridge"]
    page.context.close()
