"""The patient's language (issue 14, item 6): the record has a language; the patient's pages, the
plan (titles and reasons), the handout, reminders and the calendar use it, whatever language the
GP's screen or the patient's browser is set to; every knowledge text exists in every language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from backactive.consultations.models import Plan
from backactive.core import codes
from backactive.diary.models import PainEntry
from backactive.recommendations.knowledge import load_knowledge
from backactive.reminders import services as reminders
from backactive.reminders.sending import send_due_reminders
from tests.consultations.factories import make_plan


@pytest.fixture
def english(world: Any) -> Any:
    world.patient_a.language = "en"
    world.patient_a.save()
    return world.patient_a


def test_patient_pages_follow_the_record_not_the_browser(world: Any, login: Any, english: Any) -> None:
    make_plan(english, world.clinician_x)
    client = login(world.patient_a_user)
    for name in ("me:today", "me:progress", "me:plan", "me:settings"):
        response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="de")
        assert response.headers["Content-Language"] == "en", name
    page = client.get(reverse("me:today"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "How strong is your back pain?" in page


def test_the_patient_switches_their_language_on_their_pages(world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    today = client.get(reverse("me:today")).content.decode()
    switch = reverse("me:settings_save", args=["language"])
    assert f'action="{switch}"' in today and 'action="/i18n/setlang/"' not in today
    response = client.post(switch, {"language": "en", "next": reverse("me:plan")})
    assert response.status_code == 302 and response["Location"] == reverse("me:plan")
    world.patient_a.refresh_from_db()
    assert world.patient_a.language == "en"
    client.post(switch, {"language": "xx"})
    world.patient_a.refresh_from_db()
    assert world.patient_a.language == "en"  # an unknown language changes nothing
    assert client.post(switch, {"language": "de", "next": "https://elsewhere.example/"})["Location"] == (
        reverse("me:settings")  # never sent off the site
    )


def test_staff_set_the_language_on_the_patient_record(world: Any, login: Any) -> None:
    client = login(world.assistant_x)
    page = client.get(reverse("patients:edit", args=[world.patient_a.pk])).content.decode()
    assert 'name="language"' in page and ">English<" in page and ">Deutsch<" in page


def test_a_german_gp_agrees_an_english_plan_and_handout(world: Any, login: Any, english: Any) -> None:
    gp = login(world.clinician_x)
    gp.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    response = gp.post(reverse("consultations:plan_create", args=[world.consultation_a.pk]),
                       {"chosen": ["walking"], "times_walking": "3"})
    assert response.status_code == 302
    plan = Plan.objects.filter(patient=english).latest("version")
    [item] = plan.items.all()
    assert plan.lang == "en" and item.title == "Walking" and "Gehen" not in item.why
    from backactive.handouts.build import handout_input  # the handout is written in the plan's language

    request = gp.get(reverse("consultations:overview", args=[english.pk])).wsgi_request
    data = handout_input(plan, request=request, issue_invitation=False)
    assert data["items"][0]["title"] == "Walking"


def test_reminders_and_the_calendar_speak_the_patients_language(world: Any, client: Any, english: Any) -> None:
    make_plan(english, world.clinician_x)
    world.patient_a_user.email = "anna@example.org"
    world.patient_a_user.save()
    own = reminders.reminders_update(patient=english, weekdays=[0, 2, 4], time=dt.time(18, 0),
                                     calendar_enabled=True, email_enabled=True, email_after_days=3)
    own.lang = "de"  # chosen earlier on a German page: the record's language wins
    own.email_enabled_on = dt.date.today() - dt.timedelta(days=10)
    own.save()
    feed = client.get(reverse("reminders:feed", args=[own.calendar_token]), HTTP_ACCEPT_LANGUAGE="de")
    [event] = Calendar.from_ical(feed.content).walk("VEVENT")
    assert "Bewegung" not in str(event["SUMMARY"])
    PainEntry.objects.create(patient=english, date=dt.date.today() - dt.timedelta(days=9), pain=3)
    send_due_reminders(today=dt.date.today())
    assert mail.outbox and "Ihr" not in mail.outbox[0].body and "your" in mail.outbox[0].body.lower()


def test_every_knowledge_text_and_code_exists_in_every_language() -> None:
    """No fallback anywhere: an empty or missing text in any language fails (the loaders refuse a
    missing German or English text; this walks what was loaded). Questionnaires and
    practice-written items are exempt. The added languages: tests/core/test_translations.py."""
    knowledge = load_knowledge()
    texts: list[tuple[str, Any]] = []
    for item in knowledge.items.values():
        texts += [(f"{item.code}.{f}", getattr(item, f)) for f in ("title", "why", "instructions")]
    texts += [(f"{s.code}.why", s.why) for s in knowledge.support.values()]
    missing = [f"{where}.{lang}" for where, text in texts for lang in codes.LANGS if not text.has(lang)]
    for group in (codes.CONDITIONS, codes.SETTINGS):
        missing += [f"{c.code}.{lang}" for c in group.values() for lang in codes.LANGS if lang not in c.labels]
    for group in (codes.BARRIERS, codes.RED_FLAGS, codes.MOBILITY):  # staff pages: German and English
        missing += [f"{c.code}.{lang}" for c in group.values() for lang in codes.STAFF_ONLY_LANGS
                    if not c.label(lang).strip()]
    assert texts and not missing, missing
