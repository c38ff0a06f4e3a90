"""The patient's pages in every language on a 360 px phone (issue 19): the diary, the plan,
progress and today's guided exercises in each of the seven languages, with screenshots in
build/language-screenshots/, and nothing overflowing its container; an Arabic patient goes from
the invitation through the diary to the plan, right to left."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from backactive.core.languages import PATIENT_LANGS
from backactive.diary.models import ActivityEntry, PainEntry, Source
from backactive.patients import invitations
from backactive.patients.models import Patient
from backactive.recommendations import knowledge
from tests.browser.layout import overflow_problems
from tests.browser.support import PHONE, log_in, new_page, serious_violations
from tests.conftest import PASSWORD
from tests.consultations.factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "build" / "language-screenshots"
PAGES = {"diary": "/me/", "plan": "/me/plan/", "progress": "/me/progress/", "session": "/me/session/"}


def _diary(patient: Patient) -> None:
    """Five weeks of entries, so progress shows a chart and its comparison."""
    today = dt.date.today()
    for back in range(35):
        day = today - dt.timedelta(days=back)
        PainEntry.objects.create(patient=patient, date=day, pain=3 + back % 4, source=Source.PATIENT)
        if back % 2:
            ActivityEntry.objects.create(patient=patient, date=day, activity="walking", minutes=20 + back,
                                         source=Source.PATIENT)


def test_every_language_fits_a_360_px_phone(world: Any, live_server: Any, browser: Any) -> None:
    patient = world.patient_a
    make_plan(patient, world.clinician_x)
    _diary(patient)
    page = new_page(browser, viewport=PHONE)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for lang in PATIENT_LANGS:
        patient.language = lang
        patient.save(update_fields=["language"])
        for name, url in PAGES.items():
            page.goto(live_server.url + url, wait_until="load")
            assert page.evaluate("() => document.documentElement.lang") == lang
            page.screenshot(path=str(SHOTS / f"{lang}-{name}.png"), full_page=True)
            problems += [f"{lang} {name}: {p}" for p in overflow_problems(page)]
    page.context.close()
    assert not problems, "\n".join(problems)
    assert not console, console


def test_an_arabic_patient_from_invitation_to_diary_and_plan(world: Any, live_server: Any, browser: Any) -> None:
    patient = Patient.objects.create(practice=world.practice_x, display_name="ليلى حسن", year_of_birth=1968,
                                     language="ar")
    make_plan(patient, world.clinician_x)
    code = invitations.invitation_create(patient=patient, created_by=world.assistant_x).code
    phone = new_page(browser, locale="ar-SY")
    SHOTS.mkdir(parents=True, exist_ok=True)

    # The QR code's link opens the invitation with the code filled in: the patient confirms.
    phone.goto(f"{live_server.url}/invitation/?code={code}")
    assert phone.evaluate("() => document.documentElement.dir") == "rtl"
    phone.click("main button[type=submit]")
    phone.wait_for_selector("#id_password1")
    assert phone.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert "اختر كلمة المرور" in phone.inner_text("main")
    phone.screenshot(path=str(SHOTS / "ar-invitation.png"), full_page=True)
    phone.fill("#id_username", "layla68")
    phone.fill("#id_password1", "a-quiet-garden-path")
    phone.fill("#id_password2", "a-quiet-garden-path")
    phone.click("main button[type=submit]")
    phone.wait_for_url("**/me/welcome/")
    assert "مرحبًا بك!" in phone.inner_text("main") and not overflow_problems(phone)
    assert not serious_violations(phone)

    # The diary: one tap saves the pain, confirmed in Arabic without a reload.
    phone.goto(f"{live_server.url}/me/")
    phone.evaluate("() => { window.sameDocument = true; }")
    assert "ما مدى شدة ألم ظهرك؟" in phone.inner_text("main")
    phone.click("form.pain-form button[value='4']")
    phone.wait_for_function("() => document.getElementById('sync-status').textContent === 'تم الحفظ.'")
    [entry] = PainEntry.objects.filter(patient=patient)
    assert entry.pain == 4 and phone.evaluate("() => window.sameDocument === true")
    # Mirrored navigation: the first tab (the diary) sits on the right, where the eye starts.
    first, last = (phone.locator(".me-nav a").nth(i).bounding_box() for i in (0, 3))
    assert first is not None and last is not None and first["x"] > last["x"]
    assert not overflow_problems(phone)
    phone.screenshot(path=str(SHOTS / "ar-diary-journey.png"), full_page=True)

    # The plan: titles, instructions and the safety net in Arabic.
    phone.click(".me-nav a[href='/me/plan/']")
    phone.wait_for_url("**/me/plan/")
    text = phone.inner_text("main")
    assert knowledge.item("walking").title.get("ar") in text and knowledge.item("bridge").title.get("ar") in text
    assert knowledge.safety_entry("seek_care_now", "ar")[:30] in text
    assert not overflow_problems(phone)
    phone.screenshot(path=str(SHOTS / "ar-plan-journey.png"), full_page=True)
    phone.context.close()


def test_an_arabic_patient_offline_keeps_the_language_and_the_entries(world: Any, live_server: Any,
                                                                       browser: Any) -> None:
    """Offline too (issue 19, "done when"): the kept diary and plan open in Arabic, right to left,
    the queue's message is the Arabic one, and the entry arrives once the phone is online."""
    from django.utils import translation

    world.patient_a.language = "ar"
    world.patient_a.save(update_fields=["language"])
    make_plan(world.patient_a, world.clinician_x)
    with translation.override("ar"):
        queued = translation.gettext("Saved on this device. It will be sent as soon as you are online again.")
    assert queued and queued != "Saved on this device. It will be sent as soon as you are online again."
    phone = new_page(browser, locale="de-DE")  # the browser's language does not decide: the patient's does
    log_in(phone, live_server.url, "patient_a", PASSWORD)
    phone.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    phone.reload()
    phone.wait_for_function("() => navigator.serviceWorker.controller !== null")
    phone.goto(f"{live_server.url}/me/plan/")  # opened once online: kept for offline use
    phone.wait_for_selector("main")
    phone.goto(f"{live_server.url}/me/")
    phone.wait_for_function(
        "() => document.getElementById('me') && document.getElementById('me').dataset.queue === '0'")

    phone.context.set_offline(True)
    phone.reload()  # served by the service worker now
    phone.wait_for_selector("form.pain-form")
    assert phone.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    phone.click("form.pain-form button[value='5']")
    phone.wait_for_function("() => document.getElementById('me').dataset.queue === '1'")
    assert phone.locator("#sync-status").inner_text() == queued
    assert not PainEntry.objects.filter(patient=world.patient_a).exists()
    phone.goto(f"{live_server.url}/me/plan/")
    phone.wait_for_selector("main")
    assert knowledge.item("walking").title.get("ar") in phone.inner_text("main")
    assert not overflow_problems(phone)

    phone.context.set_offline(False)
    phone.goto(f"{live_server.url}/me/")
    phone.wait_for_function("() => document.getElementById('me').dataset.queue === '0'")
    assert list(PainEntry.objects.filter(patient=world.patient_a).values_list("pain", flat=True)) == [5]
    phone.context.close()
