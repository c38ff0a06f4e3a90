"""The minutes on the phone (issue 12, item 5): the chip and the "other" field cannot disagree,
the last choice wins and the screen says what will be saved; a day of more than 5 hours is
confirmed on the phone first and the entry carries ``confirmed: true``. Before: typing 25 in
"other" and then tapping the 45 chip saved 25; 1,000 minutes went through without a question."""

from __future__ import annotations

from typing import Any

import pytest

from backactive.diary.models import ActivityEntry
from tests.browser.support import log_in, new_page
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM = "form.activity-form"
# The day's list shows n stored entries (not counting those still being sent).
STORED = "() => document.querySelectorAll('[data-testid=entries] li:not(.pending):not(.empty)').length === {n}"


def _minutes(world: Any) -> list[int]:
    return sorted(ActivityEntry.objects.filter(patient=world.patient_a).values_list("minutes", flat=True))


def test_the_last_choice_wins_and_the_screen_says_what_will_be_saved(world: Any, live_server: Any,
                                                                     browser: Any) -> None:
    page = new_page(browser)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    page.fill(f"{FORM} input[name=minutes_custom]", "25")
    assert page.inner_text(f"{FORM} [data-will-save]") == "Gespeichert werden: 25 Minuten."
    page.check(f"{FORM} input[name=minutes][value='45']")
    assert page.input_value(f"{FORM} input[name=minutes_custom]") == ""
    assert page.inner_text(f"{FORM} [data-will-save]") == "Gespeichert werden: 45 Minuten."
    page.click(f"{FORM} button[type=submit]")
    page.wait_for_function(STORED.format(n=1))
    assert _minutes(world) == [45]
    page.wait_for_function(f"() => !document.querySelector('{FORM}').dataset.busy")

    # Typed after a chip: the typed number counts, the chip is cleared.
    page.check(f"{FORM} input[name=minutes][value='30']")
    page.fill(f"{FORM} input[name=minutes_custom]", "35")
    assert not page.is_checked(f"{FORM} input[name=minutes][value='30']")
    page.click(f"{FORM} button[type=submit]")
    page.wait_for_function(STORED.format(n=2))
    assert _minutes(world) == [35, 45]
    page.context.close()


def test_a_long_day_is_confirmed_on_the_phone_even_offline(world: Any, live_server: Any, browser: Any) -> None:
    page = new_page(browser)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    page.wait_for_function("() => document.getElementById('me').dataset.queue === '0'")
    page.context.set_offline(True)
    page.fill(f"{FORM} input[name=minutes_custom]", "400")
    page.click(f"{FORM} button[type=submit]")
    page.locator(f"{FORM} [data-confirm]").wait_for(state="visible")
    assert "400 Minuten Bewegung an einem Tag" in page.inner_text(f"{FORM} [data-form-error]")
    assert page.evaluate("() => document.getElementById('me').dataset.queue") == "0"  # nothing queued yet
    page.check(f"{FORM} input[name=confirmed]")
    page.click(f"{FORM} button[type=submit]")
    page.wait_for_function("() => document.getElementById('me').dataset.queue === '1'")
    page.context.set_offline(False)
    page.wait_for_function("() => document.getElementById('me').dataset.queue === '0'")
    assert _minutes(world) == [400]
    page.context.close()


PLAN = "#doables-card form[data-entry]"


def _long_day_so_far(world: Any, minutes: int) -> None:
    from django.utils import timezone

    from backactive.diary import services
    from backactive.diary.models import Source

    services.activity_entry_create(patient=world.patient_a, date=timezone.localdate(), activity="gardening",
                                   source=Source.STAFF, minutes=minutes)


def test_a_plan_button_on_a_long_day_asks_and_says_what_it_will_save(world: Any, live_server: Any,
                                                                     browser: Any) -> None:
    """A plan button (walking, 20 min) on a day that already has 290 minutes: the tap asks, in a
    box beside the button, and says what will be saved; ticked, the next tap saves once. Before:
    the server's question came back but the plan button had no box to confirm it."""
    _long_day_so_far(world, 290)
    page = new_page(browser)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    page.wait_for_function("() => document.getElementById('me').dataset.queue === '0'")
    page.click(f"{PLAN} button[type=submit]")
    page.locator(f"{PLAN} [data-confirm]").wait_for(state="visible")
    assert "310 Minuten Bewegung an einem Tag" in page.inner_text(f"{PLAN} [data-form-error]")
    assert page.inner_text(f"{PLAN} [data-will-save]") == "Gespeichert werden: 20 Minuten."
    assert page.evaluate("() => document.getElementById('me').dataset.queue") == "0"  # nothing queued yet
    assert _minutes(world) == [290]
    page.check(f"{PLAN} input[name=confirmed]")
    page.click(f"{PLAN} button[type=submit]")
    page.wait_for_function(STORED.format(n=2))
    assert _minutes(world) == [20, 290]
    page.context.close()


def test_a_plan_button_shows_the_servers_question_when_the_page_could_not_see_the_long_day(
        world: Any, live_server: Any, browser: Any) -> None:
    """Entries from another device after the page was loaded: the page sees a short day, the
    server asks; the box appears beside the plan button, and confirming saves it."""
    page = new_page(browser)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    page.wait_for_function("() => document.getElementById('me').dataset.queue === '0'")
    _long_day_so_far(world, 295)  # entered elsewhere, not on this page
    page.click(f"{PLAN} button[type=submit]")
    page.locator(f"{PLAN} [data-confirm]").wait_for(state="visible")
    assert "315 Minuten" in page.inner_text(f"{PLAN} [data-form-error]")
    assert page.inner_text(f"{PLAN} [data-will-save]") == "Gespeichert werden: 20 Minuten."
    assert _minutes(world) == [295]
    page.wait_for_function(f"() => !document.querySelector('{PLAN}').dataset.busy")
    page.check(f"{PLAN} input[name=confirmed]")
    page.click(f"{PLAN} button[type=submit]")
    page.wait_for_function(f"() => document.querySelectorAll('{PLAN}').length === 0")  # ticked: done today
    assert _minutes(world) == [20, 295]
    page.context.close()
