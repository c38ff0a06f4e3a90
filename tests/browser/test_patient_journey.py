"""From the GP screen to the patient's own chart: the assistant creates an invitation, the
patient opens it on a phone, sets a password, makes a first entry in one tap and sees the chart."""

from __future__ import annotations

from typing import Any

import pytest

from backactive.diary.models import ActivityEntry, PainEntry, Source
from tests.browser.support import new_page, serious_violations
from tests.conftest import PASSWORD
from tests.consultations.factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_invitation_to_first_entry_to_chart(world: Any, live_server: Any, browser: Any) -> None:
    from backactive.patients.models import Patient

    patient = Patient.objects.create(practice=world.practice_x, display_name="Nora Neu", year_of_birth=1950)
    make_plan(patient, world.clinician_x)

    desk = new_page(browser, viewport={"width": 1280, "height": 800})
    desk.goto(f"{live_server.url}/accounts/login/")
    desk.fill("#id_username", "mfa_x")
    desk.fill("#id_password", PASSWORD)
    desk.click("main button[type=submit]")
    desk.wait_for_url("**/patients/")
    desk.goto(f"{live_server.url}/patients/{patient.pk}/")
    desk.click(".patient-head details.menu summary")  # the less frequent actions sit under "More"
    desk.click(f"a[href='/patients/{patient.pk}/invitation/']")
    desk.click("main button.primary")
    code = desk.get_by_test_id("invite-code").inner_text().strip()
    assert desk.locator(".qr svg").count() == 1
    desk.context.close()

    phone = new_page(browser)
    phone.goto(f"{live_server.url}/invitation/")
    phone.fill("#id_code", code.lower())
    phone.click("main button[type=submit]")
    phone.fill("#id_username", "nora50")
    phone.fill("#id_password1", "a-quiet-garden-path")
    phone.fill("#id_password2", "a-quiet-garden-path")
    phone.click("main button[type=submit]")
    phone.wait_for_url("**/me/welcome/")
    assert not serious_violations(phone)

    phone.click("a.button.primary")  # to the diary
    phone.wait_for_url("**/me/")
    phone.evaluate("() => { window.sameDocument = true; }")  # gone if the page reloads
    phone.click("form.pain-form button[value='4']")
    phone.wait_for_function(
        "() => document.getElementById('sync-status').textContent === document.getElementById('me').dataset.msgSaved"
    )
    [entry] = PainEntry.objects.filter(patient=patient)
    assert (entry.pain, entry.source, entry.scale) == (4, Source.PATIENT, "numeric")
    assert phone.get_by_test_id("entries").inner_text().count("4") >= 1

    # A plan item: tapped, it shows "done today" in place (no reload), and can be undone.
    phone.click("ul.doables button.done >> nth=0")
    phone.wait_for_selector("ul.doables .done-today")
    assert phone.evaluate("() => window.sameDocument === true")
    assert ActivityEntry.objects.filter(patient=patient).count() == 1
    phone.click("ul.doables form[data-delete] button")
    phone.wait_for_function("() => !document.querySelector('ul.doables .done-today')")
    assert not ActivityEntry.objects.filter(patient=patient).exists()
    assert phone.evaluate("() => window.sameDocument === true")

    phone.click(".me-nav a[href='/me/progress/']")
    phone.wait_for_selector("svg.pa-chart:visible")  # the narrow drawing on a phone
    assert phone.get_by_test_id("change").inner_text()
    phone.context.close()
