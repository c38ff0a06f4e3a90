"""Reminders are off by default; switching the calendar on gives a secret feed with the plan's
days; renewing or switching off makes the old link 404; the .ics download carries an alarm."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from icalendar import Calendar

from backactive.privacy.services import patient_erase
from backactive.reminders import services
from backactive.reminders.models import PatientSettings
from backactive.security.models import AuditEvent
from tests.consultations.factories import make_plan


def _switch_on(patient: Any, days: list[int]) -> PatientSettings:
    return services.reminders_update(
        patient=patient,
        weekdays=days,
        time=dt.time(17, 30),
        calendar_enabled=True,
        email_enabled=False,
        email_after_days=3,
    )


def test_everything_is_off_by_default_and_days_follow_the_plan(world: Any) -> None:
    make_plan(world.patient_a, world.clinician_x, days=3)
    own = services.settings_for(world.patient_a)
    assert (own.goal_minutes, own.calendar_enabled, own.email_enabled, own.calendar_token) == (None, False, False, None)
    assert own.weekdays == [0, 2, 4]


def test_feed_is_parsed_back_with_the_chosen_days(world: Any, client: Any) -> None:
    make_plan(world.patient_a, world.clinician_x)
    own = _switch_on(world.patient_a, [0, 2, 4])
    response = client.get(reverse("reminders:feed", args=[own.calendar_token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    [event] = cal.walk("VEVENT")
    rule: Any = event["RRULE"]
    assert rule["BYDAY"] == ["MO", "WE", "FR"]
    assert event.decoded("dtstart").time() == dt.time(17, 30)
    assert event.decoded("dtstart").weekday() in (0, 2, 4)
    # Reminder times only (the settings page promises no more): before, the plan's items were in it.
    body = response.content.decode()
    assert not any(title in body for title in ("Bridge", "Walking", "dog"))
    assert "Anna" not in body  # no names in a calendar that may be synced elsewhere


def test_the_feed_is_off_after_deactivation_or_erasure_and_reads_are_audited(world: Any, client: Any) -> None:
    own = _switch_on(world.patient_a, [0, 2, 4])
    url = reverse("reminders:feed", args=[own.calendar_token])
    assert client.get(url).status_code == 200
    read = AuditEvent.objects.filter(object_type="reminders.patientsettings", patient_id=world.patient_a.pk).get()
    assert read.action == "view" and own.calendar_token not in read.path
    world.patient_a_user.is_active = False  # what erasure with a retention lock does to the login
    world.patient_a_user.save()
    assert client.get(url).status_code == 404
    world.patient_a_user.is_active = True
    world.patient_a_user.save()
    patient_erase(patient=world.patient_a)
    assert client.get(url).status_code == 404


def test_renewing_kills_the_old_link_and_switching_off_kills_the_feed(world: Any, client: Any) -> None:
    own = _switch_on(world.patient_a, [1])
    old = own.calendar_token
    new = services.calendar_renew(patient=world.patient_a).calendar_token
    assert new != old
    assert client.get(reverse("reminders:feed", args=[old])).status_code == 404
    assert client.get(reverse("reminders:feed", args=[new])).status_code == 200
    services.reminders_update(
        patient=world.patient_a,
        weekdays=[1],
        time=dt.time(9),
        calendar_enabled=False,
        email_enabled=False,
        email_after_days=3,
    )
    assert client.get(reverse("reminders:feed", args=[new])).status_code == 404


def test_download_has_an_alarm(world: Any, login: Any) -> None:
    make_plan(world.patient_a, world.clinician_x)
    response = login(world.patient_a_user).get(reverse("me:calendar_download"))
    assert response["Content-Disposition"].endswith('.ics"')
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(event.walk("VALARM")) == 1


def test_settings_form_round_trip(world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    client.post(
        reverse("me:settings_save", args=["reminders"]),
        {"weekdays": ["1", "3"], "time": "08:15", "calendar_enabled": "on", "email_after_days": "4"},
    )
    own = PatientSettings.objects.get(patient=world.patient_a)
    assert (own.weekdays, own.time, own.calendar_enabled, own.email_enabled) == ([1, 3], dt.time(8, 15), True, False)
    client.post(reverse("me:settings_save", args=["goal"]), {"goal_on": "on", "goal_minutes": "120"})
    assert PatientSettings.objects.get(patient=world.patient_a).goal_minutes == 120
    client.post(reverse("me:settings_save", args=["goal"]), {"goal_minutes": "120"})
    assert PatientSettings.objects.get(patient=world.patient_a).goal_minutes is None
    client.post(reverse("me:settings_save", args=["scale"]), {"pain_scale": "faces"})
    world.patient_a.refresh_from_db()
    assert world.patient_a.pain_scale == "faces"


def test_bad_settings_are_refused_with_a_message(world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    response = client.post(
        reverse("me:settings_save", args=["goal"]),
        {"goal_on": "on", "goal_minutes": "5000"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "between 1 and 2000" in response.content.decode()
    response = client.post(
        reverse("me:settings_save", args=["reminders"]),
        {"email_enabled": "on", "email_after_days": "3", "weekdays": ["1"]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "need an e-mail address" in response.content.decode()
    assert PatientSettings.objects.get(patient=world.patient_a).email_enabled is False
