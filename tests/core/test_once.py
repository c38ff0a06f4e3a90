"""Exactly once (issue 12, item 4): every form that writes carries a one-time id, and the same
form sent twice (a double click, the back button and send, a re-sent request) saves once.
Before: a staff diary form, the consultation, the plan and a new patient sent twice were saved
twice."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from backactive.accounts.models import User
from backactive.consultations.models import Consultation, Plan
from backactive.core import once
from backactive.core.models import FormSubmission
from backactive.diary.models import ActivityEntry, PainEntry
from backactive.patients.models import Patient

TEMPLATES = Path(__file__).resolve().parents[2] / "backactive"
TOKEN = re.compile(r'name="form_token" value="([0-9a-f-]{36})"')

# POST forms without a one-time id, by the URL they post to (or, posting to their own page,
# by template), and why sending them twice does no harm.
SAME_STATE_TWICE = {
    "accounts:logout": "ends the session", "set_language": "a setting", "accounts:login": "no write",
    "security:end_session": "ends a session", "security:otp_reset": "a reset", "security:otp_enrolment":
    "a new code replaces the last", "accounts:staff_deactivate": "a state", "offers:checked": "a date",
    "offers:hide": "a state", "handouts:pdf": "a reprint shows the open code; a new one when ticked",
    "privacy:patient_erase": "erased once",
    "privacy:my_erase": "erased once", "privacy:my_consent_withdraw": "a state", "me:settings_save": "settings",
    "me:delete_all": "deletes what is there", "me:entry_delete": "deletes one entry once",
    "privacy:patient_consent": "the same consent text agreed again is kept once (privacy/services.py)",
    "templates/accounts/invitation_create.html": "a new code revokes the earlier ones",
    "templates/accounts/staff_deactivate.html": "a state",
    "templates/_language_menu.html": "a setting (the language chosen; set_language or the patient's settings)",
    "templates/accounts/invitation_accept.html": "the code works once",
    "templates/accounts/invitation_start.html": "no write", "templates/accounts/login.html": "no write",
    "templates/security/otp_setup.html": "one device", "templates/security/otp_verify.html": "no write",
    "templates/security/password_change.html": "a state", "offers/templates/offers/form.html": "an edit",
    "templates/interop/gdt_settings.html": "settings", "templates/privacy/_consents.html": "a withdrawal",
    "templates/interop/fhir_import.html": "observations are stored under ids made from their content",
    "templates/interop/tokens.html": "each send shows its own new token; an unused one is revoked in the list",
    "templates/interop/smart_clients.html": "like FHIR tokens: a client registered twice is listed and revoked there",
    "exercises:practice_switch": "a state (on or off)",
    "me:plan_level": "the level the button names, not a step",
    "me:questionnaire_save": "the same answer sent again is no change (questionnaires/services.py)",
    "questionnaires:seen": "a state", "questionnaires:correct": "a correction to the same value is no change",
    "studies:randomise": "once per study: a second send is refused", "studies:withdraw": "a state",
    "templates/me/entry_correct.html": "the corrected entry is replaced: sent again, it is not found (404)",
    "consultations:emergency_acknowledge": "acknowledged once (a state)",
    "consultations:plan_sign_off": "signed off once (a state)",
    "consultations:confirm": "confirmed once (a state)",
}
FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>.*?</form>", re.S | re.I)
ACTION = re.compile(r"action=\"\{% url '([a-z_:]+)'")


def _forms() -> list[tuple[str, str]]:
    """(the URL name a form posts to, or its template when it posts to its own page; the form)."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in FORM.finditer(text):
            tag = match.group(0)[: match.group(0).index(">") + 1]
            action = ACTION.search(tag)
            found.append((action.group(1) if action else str(path.relative_to(TEMPLATES)), match.group(0)))
    return found


def test_every_form_that_writes_carries_a_one_time_id() -> None:
    missing = [target for target, form in _forms() if target not in SAME_STATE_TWICE
               and not any(mark in form for mark in ("{% form_token %}", "data-client-id", 'name="form_id"'))]
    assert not missing, missing


def _token(client: Client, url: str) -> str:
    match = TOKEN.search(client.get(url).content.decode())
    assert match, f"no form_token on {url}"
    return match.group(1)


def _twice(client: Client, url: str, data: dict[str, Any], **extra: Any) -> list[Any]:
    data = {**data, "form_token": _token(client, url)}
    return [client.post(url, data, **extra), client.post(url, data, **extra)]


def test_a_staff_diary_form_sent_twice_saves_once(world: Any, login: Any) -> None:
    client = login(world.assistant_x)
    today = dt.date.today().isoformat()
    url = reverse("diary:pain_create", args=[world.patient_a.pk])
    first, again = _twice(client, url, {"date": today, "pain": "4"})
    assert first.status_code == again.status_code == 302 and again["Location"] == first["Location"]
    assert PainEntry.objects.filter(patient=world.patient_a).count() == 1
    url = reverse("diary:activity_create", args=[world.patient_a.pk])
    _twice(client, url, {"date": today, "activity": "walking", "minutes": "30", "intensity": "moderate"})
    assert ActivityEntry.objects.filter(patient=world.patient_a).count() == 1
    # A new form (a new page) is a new entry: two walks on one day are possible.
    client.post(url, {"date": today, "activity": "walking", "minutes": "20", "intensity": "moderate",
                      "form_token": _token(client, url)})
    assert ActivityEntry.objects.filter(patient=world.patient_a).count() == 2
    followed = client.post(url, {"date": today, "activity": "walking", "minutes": "20", "intensity": "moderate",
                                 "form_token": FormSubmission.objects.latest("created_at").token}, follow=True,
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "already been sent" in followed.content.decode()


def test_a_form_with_errors_keeps_its_token_usable(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    url = reverse("diary:pain_create", args=[world.patient_a.pk])
    token = _token(client, url)
    assert client.post(url, {"date": dt.date.today().isoformat(), "pain": "12", "form_token": token}).status_code == 200
    assert client.post(url, {"date": dt.date.today().isoformat(), "pain": "2", "form_token": token}).status_code == 302
    assert PainEntry.objects.filter(patient=world.patient_a).count() == 1


def _consultation_form(world: Any) -> dict[str, Any]:
    return {"date": dt.date.today().isoformat(), "clinician": str(world.clinician_x.pk), "pain_now": "5",
            "pain_average": "5", "days_per_week": "2", "minutes_per_day": "20", "max_minutes_per_session": "30",
            "social": "either"}


@pytest.mark.parametrize("htmx", [False, True])
def test_a_consultation_sent_twice_is_recorded_once(world: Any, login: Any, htmx: bool) -> None:
    client = login(world.clinician_x)
    before = Consultation.objects.filter(patient=world.patient_a).count()
    url = reverse("consultations:create", args=[world.patient_a.pk])
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    _first, again = _twice(client, url, _consultation_form(world), **extra)
    assert Consultation.objects.filter(patient=world.patient_a).count() == before + 1
    latest = Consultation.objects.filter(patient=world.patient_a).first()
    suggestions = reverse("consultations:suggestions", args=[latest.pk])
    assert (again["HX-Redirect"] if htmx else again["Location"]) == suggestions


def test_a_plan_sent_twice_is_saved_once(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    consultation = world.consultation_a
    page = client.get(reverse("consultations:suggestions", args=[consultation.pk]))
    code = page.context["plan"]["items"][0]["code"]
    token = TOKEN.search(page.content.decode()).group(1)
    url = reverse("consultations:plan_create", args=[consultation.pk])
    before = Plan.objects.filter(patient=world.patient_a).count()
    for _ in range(2):
        client.post(url, {"chosen": [code], "form_token": token})
    assert Plan.objects.filter(patient=world.patient_a).count() == before + 1


def test_a_new_patient_sent_twice_is_created_once(world: Any, login: Any) -> None:
    client = login(world.assistant_x)
    url = reverse("patients:create")
    before = Patient.objects.count()
    _twice(client, url, {"display_name": "Clara C", "year_of_birth": "1975", "clinician": str(world.clinician_x.pk),
                         "pain_scale": "numeric", "sex": "female"})
    assert Patient.objects.count() == before + 1


def test_a_staff_account_form_sent_twice_answers_like_the_first(world: Any, login: Any) -> None:
    client = login(world.admin_x)
    url = reverse("accounts:staff_create")
    data = {"username": "new_gp", "first_name": "Nia", "last_name": "N", "email": "nia@example.org",
            "role": "clinician", "is_active": "on", "password": "a-long-new-passphrase-26"}
    first, again = _twice(client, url, data)
    assert first.status_code == 302
    assert again.status_code == 302  # not a "name taken" error
    assert User.objects.filter(username="new_gp").count() == 1


def test_two_sends_at_the_same_moment_save_once(world: Any, login: Any, monkeypatch: Any) -> None:
    """The second of two sends that both passed the first look (the first one committed while
    the second ran): storing its token fails, its writes are rolled back, and it is answered
    like the first."""
    client = login(world.clinician_x)
    url = reverse("diary:pain_create", args=[world.patient_a.pk])
    token = _token(client, url)
    FormSubmission.objects.create(token=token, user_id=world.clinician_x.pk, location="/first/")
    looks = iter([None])
    real = once._stored
    monkeypatch.setattr(once, "_stored", lambda t: next(looks, None) or real(t))
    response = client.post(url, {"date": dt.date.today().isoformat(), "pain": "3", "form_token": token})
    assert response.status_code == 302 and response["Location"] == "/first/"
    assert not PainEntry.objects.filter(patient=world.patient_a).exists()


def test_another_users_token_is_refused(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    url = reverse("diary:pain_create", args=[world.patient_a.pk])
    token = _token(client, url)
    client.post(url, {"date": dt.date.today().isoformat(), "pain": "3", "form_token": token})
    other = login(world.assistant_x)
    assert other.post(url, {"date": dt.date.today().isoformat(), "pain": "3", "form_token": token}).status_code == 400
    assert PainEntry.objects.filter(patient=world.patient_a).count() == 1


@pytest.mark.parametrize("htmx", [False, True])
def test_a_follow_up_panel_sent_twice_saves_one_visit_and_one_plan(world: Any, login: Any, htmx: bool) -> None:
    from tests.consultations.test_follow_up import _post

    client = login(world.clinician_x)
    overview = client.get(reverse("consultations:overview", args=[world.patient_a.pk])).content.decode()
    panel = overview[overview.index('class="follow-up-form"'):]
    token = TOKEN.search(panel).group(1)
    visits = Consultation.objects.filter(patient=world.patient_a).count()
    plans = Plan.objects.filter(patient=world.patient_a).count()
    url = reverse("consultations:follow_up", args=[world.patient_a.pk])
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    first = client.post(url, {**_post(world), "form_token": token}, **extra)
    again = client.post(url, {**_post(world), "form_token": token}, **extra)
    assert first.status_code == 200 if htmx else first.status_code == 302
    assert (again["HX-Redirect"] if htmx else again["Location"]).startswith(
        reverse("consultations:overview", args=[world.patient_a.pk]))
    assert Consultation.objects.filter(patient=world.patient_a).count() == visits + 1
    assert Plan.objects.filter(patient=world.patient_a).count() == plans + 1


def test_a_questionnaire_from_paper_sent_twice_is_stored_once(world: Any, login: Any) -> None:
    from backactive.questionnaires.models import Response

    client = login(world.assistant_x)
    url = reverse("questionnaires:new", kwargs={"patient_id": world.patient_a.pk, "instrument_code": "phq4"})
    form = {"source": "paper", "answered_on": dt.date.today().isoformat(), "nervous": "1", "worry": "0",
            "interest": "2", "down": "1"}  # fmt: skip
    first, again = _twice(client, url, form)
    assert first.status_code == again.status_code == 302 and again["Location"] == first["Location"]
    assert Response.objects.filter(patient=world.patient_a).count() == 1
