"""The GP consultation loop in a real Chromium: log in as a demo GP, open a patient, record a
consultation, see the suggestions appear in place, choose and save a plan, and see the chart
gain the new consultation mark."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone, translation

from backactive.demo import demo
from backactive.diary.models import ActivityEntry, PainEntry
from backactive.diary.presentation import short_day
from backactive.patients.models import Patient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_gp_records_a_consultation_and_sees_the_chart_update(live_server: Any, page: Any) -> None:
    demo.demo_create(today=timezone.localdate())
    patient = Patient.objects.get(display_name="Inge")
    # Give today's week an entry so the new visit falls inside the chart's weeks.
    PainEntry.objects.create(patient=patient, date=timezone.localdate(), pain=4)
    ActivityEntry.objects.create(patient=patient, date=timezone.localdate(), activity="walking", minutes=30)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "anke")
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/patients/")
    page.fill("#q", "Inge")
    page.press("#q", "Enter")
    page.get_by_role("link", name="Inge", exact=True).click()
    page.wait_for_selector("svg.pa-chart")
    before = page.locator(".chart-wide svg.pa-chart g.consultation").count()

    page.click("a[href$='/consultations/new/']")
    page.fill("#id_pain_now", "4")
    page.fill("#id_pain_average", "5")
    page.fill("#id_days_per_week", "4")
    page.fill("#id_minutes_per_day", "30")
    page.fill("#id_max_minutes_per_session", "30")
    page.check("input[name=barriers][value=time]")
    page.fill("#id_next_step", "Dreimal pro Woche 20 Minuten spazieren")
    url_before = page.url
    page.click("form.consultation-form button[type=submit]")

    # The suggestions appear in place, without a page load, with the 1-minute guide beside them.
    page.wait_for_selector("#plan-form input[name=chosen]")
    assert page.url == url_before
    assert page.locator("section.guide").count() == 1
    # Choose the first two suggestions, add the patient's own idea, save the plan.
    # The current plan comes ticked; this visit starts over with two new choices.
    ticked = page.locator("#plan-form input[name=chosen]:checked")
    while ticked.count():
        ticked.first.uncheck()
    boxes = page.locator("#plan-form input[name=chosen]")
    chosen = [boxes.nth(0).get_attribute("value"), boxes.nth(1).get_attribute("value")]
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.locator("input[name=own_title]").first.fill("Mit dem Hund gehen")
    page.locator("input[name=own_minutes]").first.fill("20")
    page.locator("input[name=own_times]").first.fill("5")
    page.click("#save-plan")

    page.wait_for_selector("ul.plan-items")
    plan = patient.plans.order_by("-version").first()  # the demo's plan was version 1
    assert plan is not None and plan.version == 2
    assert [i.code for i in plan.items.all()][:2] == chosen
    assert page.locator("ul.plan-items li").count() == 3
    assert "Mit dem Hund gehen" in page.locator("ul.plan-items").inner_text()
    assert page.locator(".chart-wide svg.pa-chart g.consultation").count() == before + 1
    with translation.override("de"):
        today_label = short_day(timezone.localdate())
    assert page.locator(".chart-wide svg.pa-chart g.consultation", has_text=today_label).count() == 1
    assert patient.consultations.filter(date=timezone.localdate(), minutes_per_week=120).exists()
    assert dt.date.today() >= patient.consultations.first().date  # type: ignore[union-attr]
