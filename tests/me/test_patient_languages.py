"""The five added patient languages on the pages (issue 19): a patient reads every page in any of
the seven, Arabic right to left; staff pages stay German and English whatever the browser asks;
the record offers all seven and the patient changes it; invitations and reminders speak it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from backactive.core.languages import NAMES, PATIENT_LANGS
from backactive.diary.models import PainEntry
from backactive.patients import invitations
from backactive.patients.models import Patient
from backactive.reminders import services as reminders
from backactive.reminders.sending import send_due_reminders
from tests.consultations.factories import make_plan

CSS = Path(__file__).resolve().parents[2] / "backactive" / "static" / "css" / "app.css"
# A phrase of the diary page in each language ("How strong is your back pain?").
DIARY_QUESTION = {"de": "Wie stark sind Ihre Rückenschmerzen?", "en": "How strong is your back pain?",
                  "tr": "Bel ağrınız ne kadar güçlü?", "ru": "Насколько сильно болит спина?",
                  "uk": "Наскільки сильно болить спина?", "ar": "ما مدى شدة ألم ظهرك؟",
                  "pl": "Jak silny jest ból pleców?"}


def _speak(patient: Patient, lang: str) -> None:
    patient.language = lang
    patient.save()


@pytest.mark.parametrize("lang", PATIENT_LANGS)
def test_every_patient_page_speaks_the_patients_language(world: Any, login: Any, lang: str) -> None:
    _speak(world.patient_a, lang)
    make_plan(world.patient_a, world.clinician_x)
    client = login(world.patient_a_user)
    for name in ("me:today", "me:progress", "me:plan", "me:settings", "me:data", "me:welcome"):
        response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="de")
        html = response.content.decode()
        assert response.status_code == 200 and response.headers["Content-Language"] == lang, name
        assert f'<html lang="{lang}"' in html and (' dir="rtl"' in html) == (lang == "ar"), name
    today = client.get(reverse("me:today")).content.decode()
    assert DIARY_QUESTION[lang] in today
    plan = client.get(reverse("me:plan")).content.decode()
    from backactive.recommendations import knowledge

    assert knowledge.item("walking").title.get(lang) in plan or "Walking" in plan  # the plan item's title


def test_the_patients_language_menu_lists_all_seven_in_their_own_names(world: Any, login: Any) -> None:
    _speak(world.patient_a, "ar")
    html = login(world.patient_a_user).get(reverse("me:today")).content.decode()
    menu = html.split('class="lang"')[1].split("</form>")[0]
    for code, name in NAMES.items():
        assert f'value="{code}"' in menu and name in menu
    assert 'action="/i18n/setlang/"' not in html


@pytest.mark.parametrize("lang", ["tr", "ru", "uk", "ar", "pl"])
def test_the_patient_changes_their_language_to_any_of_the_seven(world: Any, login: Any, lang: str) -> None:
    client = login(world.patient_a_user)
    client.post(reverse("me:settings_save", args=["language"]), {"language": lang})
    world.patient_a.refresh_from_db()
    assert world.patient_a.language == lang
    assert client.get(reverse("me:today")).headers["Content-Language"] == lang


def test_staff_pages_stay_german_or_english_whatever_the_browser_asks(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    page = reverse("patients:list")
    assert client.get(page, HTTP_ACCEPT_LANGUAGE="tr").headers["Content-Language"] == "de"
    assert client.get(page, HTTP_ACCEPT_LANGUAGE="ar, en;q=0.8").headers["Content-Language"] == "en"
    client.cookies["django_language"] = "ru"  # e.g. chosen on the login page
    html = client.get(page).content.decode()
    assert client.get(page).headers["Content-Language"] == "de" and 'dir="rtl"' not in html
    menu = html.split('class="lang"')[1].split("</form>")[0]
    assert re.findall(r'name="language" value="(\w+)"', menu) == ["de", "en"]


def test_the_record_offers_all_seven_languages(world: Any, login: Any) -> None:
    page = login(world.assistant_x).get(reverse("patients:edit", args=[world.patient_a.pk])).content.decode()
    select = page.split('<select name="language"')[1].split("</select>")[0]
    for code, name in NAMES.items():
        assert f'<option value="{code}"' in select and name in select, name


def test_login_and_invitation_speak_the_patients_language(world: Any, client: Any) -> None:
    login = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="tr")
    assert login.headers["Content-Language"] == "tr" and "Giriş yap" in login.content.decode()
    newcomer = Patient.objects.create(practice=world.practice_x, display_name="Leyla", language="ar")
    code = invitations.invitation_create(patient=newcomer, created_by=world.assistant_x).code
    page = client.get(reverse("patients:invitation_accept", args=[code]), HTTP_ACCEPT_LANGUAGE="de")
    html = page.content.decode()
    assert page.headers["Content-Language"] == "ar" and 'dir="rtl"' in html and "اختر كلمة المرور" in html


def test_names_stand_inside_bdi(world: Any, login: Any) -> None:
    world.patient_a_user.first_name = "ليلى"
    world.patient_a_user.save()
    html = login(world.patient_a_user).get(reverse("me:today")).content.decode()
    assert re.search(r"<bdi[^>]*>[^<]*ليلى", html)


def test_reminders_and_the_calendar_speak_an_added_language(world: Any, client: Any) -> None:
    _speak(world.patient_a, "tr")
    make_plan(world.patient_a, world.clinician_x)
    world.patient_a_user.email = "anna@example.org"
    world.patient_a_user.save()
    own = reminders.reminders_update(patient=world.patient_a, weekdays=[0, 2, 4], time=dt.time(18, 0),
                                     calendar_enabled=True, email_enabled=True, email_after_days=3)
    own.email_enabled_on = dt.date.today() - dt.timedelta(days=10)
    own.save()
    feed = client.get(reverse("reminders:feed", args=[own.calendar_token]), HTTP_ACCEPT_LANGUAGE="de")
    [event] = Calendar.from_ical(feed.content).walk("VEVENT")
    assert "Hareket zamanı" in str(event["SUMMARY"])
    PainEntry.objects.create(patient=world.patient_a, date=dt.date.today() - dt.timedelta(days=9), pain=3)
    send_due_reminders(today=dt.date.today())
    assert mail.outbox and "Merhaba" in mail.outbox[0].body


def test_the_stylesheet_uses_logical_properties_only() -> None:
    """Right to left mirrors by itself: no left/right in any property or value."""
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)  # comments may say it
    physical = re.findall(r"[\w-]*\b(?:left|right)\b[\w-]*\s*:|:\s*[^;{}]*\b(?:left|right)\b", css)
    assert not physical, physical


def test_the_progress_chart_runs_right_to_left_in_arabic(world: Any, login: Any) -> None:
    _speak(world.patient_a, "ar")
    PainEntry.objects.create(patient=world.patient_a, date=dt.date.today() - dt.timedelta(days=2), pain=4)
    html = login(world.patient_a_user).get(reverse("me:progress")).content.decode()
    assert 'class="rtl" transform="matrix(-1 0 0 1' in html


def test_a_plan_saved_in_german_reads_in_the_patients_new_language(world: Any, login: Any) -> None:
    """The patient switched to Polish after the GP saved a German plan: items, goal, safety net
    and bad-day advice are retold from the knowledge; the practice's own item stays as written."""
    from backactive.recommendations import knowledge

    plan = make_plan(world.patient_a, world.clinician_x)
    plan.lang, plan.first_week_minutes = "de", 60
    plan.goals = {"text": knowledge.goal_text("goals.build", "de", target=150, first=60)}
    plan.safety_net = knowledge.general_safety_net("de")
    plan.flare_up = {"text": knowledge.flare_up_text("de"), "items": []}
    plan.save()
    _speak(world.patient_a, "pl")
    text = login(world.patient_a_user).get(reverse("me:plan")).content.decode()
    assert knowledge.item("bridge").title.get("pl") in text and "Walking the dog" in text
    assert knowledge.goal_text("goals.build", "pl", target=150, first=60) in text
    assert knowledge.safety_entry("see_practice", "pl") in text and knowledge.flare_up_text("pl") in text
    assert knowledge.flare_up_text("de") not in text


def test_the_gp_reads_a_turkish_patients_plan_in_the_staff_language(world: Any, login: Any) -> None:
    """Issue 19: the plan is saved in the patient's language; the GP's screens show it in theirs."""
    from backactive.recommendations import knowledge

    _speak(world.patient_a, "tr")
    plan = make_plan(world.patient_a, world.clinician_x)
    plan.lang = "tr"
    plan.save()
    item = plan.items.get(code="bridge")
    item.title, item.why = knowledge.item("bridge").title.get("tr"), knowledge.item("bridge").why.get("tr")
    item.save()
    page = login(world.clinician_x).get(reverse("consultations:overview", args=[world.patient_a.pk]),
                                        HTTP_ACCEPT_LANGUAGE="de").content.decode()
    section = page.split('id="current-plan"')[1]
    assert knowledge.item("bridge").title.get("de") in section and item.title not in section
    assert "Walking the dog" in section
