"""Errors appear where the person is looking (issue 14, "Errors appear out of view"): after a
failed save the message is on screen beside its field, not at the top of a page scrolled to
the save button, and nothing is stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from backactive.consultations.models import Consultation
from backactive.diary.models import ActivityEntry
from tests.browser.support import log_in, new_page
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# On screen and not under the phone's fixed bottom navigation (sub-pixel rounding allowed).
IN_VIEW = """(el) => {
  const r = el.getBoundingClientRect();
  const nav = document.querySelector('.me-nav');
  const covered = nav && getComputedStyle(nav).position === 'fixed' ? nav.getBoundingClientRect().height : 0;
  return r.height > 0 && r.top >= -1 && r.bottom <= window.innerHeight - covered + 1;
}"""


def test_a_future_consultation_date_is_shown_at_the_date_field(world: Any, live_server: Any, browser: Any) -> None:
    page = new_page(browser, viewport={"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "gp_x")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/patients/")
    page.goto(f"{live_server.url}/patients/{world.patient_a.pk}/consultations/new/")
    before = Consultation.objects.filter(patient=world.patient_a).count()
    for field, value in (("pain_now", "4"), ("pain_average", "5"), ("days_per_week", "2"), ("minutes_per_day", "20")):
        page.fill(f"#id_{field}", value)
    page.fill("#id_date", (dt.date.today() + dt.timedelta(days=3)).isoformat())
    save = page.locator("form.consultation-form button[type=submit]")
    save.scroll_into_view_if_needed()
    save.click()

    # The date field (with its message) is focused and on screen, its message announced.
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'id_date'")
    date = page.locator("#id_date")
    assert date.evaluate(IN_VIEW)
    assert date.get_attribute("aria-invalid") == "true"
    described = date.get_attribute("aria-describedby") or ""
    message = page.locator(f"#{described.split()[-1]}")
    assert message.inner_text().strip() and message.evaluate(IN_VIEW)
    assert Consultation.objects.filter(patient=world.patient_a).count() == before
    page.context.close()


def test_a_refused_activity_on_the_phone_is_shown_in_its_form(world: Any, live_server: Any, browser: Any) -> None:
    # 23 hours already entered for today: another hour would be more than a day holds.
    ActivityEntry.objects.create(patient=world.patient_a, date=dt.date.today(), activity="walking", minutes=1380)
    page = new_page(browser)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    page.fill("form.activity-form input[name=minutes_custom]", "90")
    save = page.locator("form.activity-form button[type=submit]")
    save.scroll_into_view_if_needed()
    save.click()

    # The patient stays at the form and reads why, right there (not in the top bar): first the
    # long-day question (more than 5 hours), then, confirmed, that a day has only 24 hours.
    slot = page.locator("form.activity-form [data-form-error]")
    slot.wait_for(state="visible")
    assert slot.inner_text().strip()
    assert slot.get_attribute("role") == "alert"
    assert slot.evaluate(IN_VIEW)
    page.check("form.activity-form [data-confirm] input")
    save.click()
    page.wait_for_function(
        "() => /24/.test(document.querySelector('form.activity-form [data-form-error]').textContent)"
    )
    assert slot.evaluate(IN_VIEW)
    assert ActivityEntry.objects.filter(patient=world.patient_a).count() == 1
    page.context.close()
