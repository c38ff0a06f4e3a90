"""The GP consultation loop in a real Chromium: log in as a demo GP, open a patient, record a
consultation, and see the chart gain the new consultation mark."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from backactive.core import demo
from backactive.diary.models import ActivityEntry, PainEntry
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
    before = page.locator("svg.pa-chart g.consultation").count()

    page.click("a[href$='/consultations/new/']")
    page.fill("#id_pain_now", "4")
    page.fill("#id_pain_average", "5")
    page.fill("#id_days_per_week", "4")
    page.fill("#id_minutes_per_day", "30")
    page.check("input[name=barriers][value=time]")
    page.fill("#id_next_step", "Dreimal pro Woche 20 Minuten spazieren")
    page.click("form.consultation-form button[type=submit]")

    page.wait_for_selector("svg.pa-chart")
    assert page.locator("svg.pa-chart g.consultation").count() == before + 1
    today_label = timezone.localdate().strftime("%d.%m.")
    assert page.locator("svg.pa-chart g.consultation", has_text=today_label).count() == 1
    assert patient.consultations.filter(date=timezone.localdate(), minutes_per_week=120).exists()
    assert dt.date.today() >= patient.consultations.first().date  # type: ignore[union-attr]
