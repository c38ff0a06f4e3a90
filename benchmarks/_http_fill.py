"""Data and logins for the HTTP benchmark: a practice of 10,000 patients, one with a year of daily
entries, six consultations and a plan; a GP with an authenticator (the production settings ask
staff for a second factor); eight patients with logins who write their diaries."""

from __future__ import annotations

import datetime as dt
import io
import random
import socket
from typing import Any

import requests

PATIENTS = 10_000
PHONES = 8


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def https_headers(base: str) -> dict[str, str]:
    """What the TLS proxy adds: the scheme (trusted from 127.0.0.1) and the browser's origin."""
    origin = base.replace("http://", "https://")
    return {"X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + "/"}


def fill(password: str) -> dict[str, Any]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from backactive.accounts.models import Practice, Role, User
    from backactive.consultations.plans import plan_suggestions
    from backactive.consultations.services import consultation_create, plan_save
    from backactive.diary.models import ActivityEntry, PainEntry
    from backactive.patients.models import Patient

    rng = random.Random(42)
    practice = Practice.objects.create(name="Bench practice", postcode="35037")
    gp = User(username="bench_gp", role=Role.CLINICIAN, practice=practice, first_name="Bench")
    gp.set_password(password)
    gp.save()
    TOTPDevice.objects.create(user=gp, name="phone", confirmed=True)
    Patient.objects.bulk_create(
        (Patient(practice=practice, display_name=f"Patient {i:05d}", year_of_birth=1940 + i % 60, clinician=gp)
         for i in range(PATIENTS)), batch_size=2000)
    patient = Patient.objects.filter(practice=practice).order_by("id")[PATIENTS // 2]
    today = dt.date.today()
    days = [today - dt.timedelta(days=d) for d in range(365)]
    PainEntry.objects.bulk_create(PainEntry(patient=patient, date=d, pain=rng.randint(2, 8)) for d in days)
    ActivityEntry.objects.bulk_create(
        ActivityEntry(patient=patient, date=d, activity="walking", minutes=rng.randint(10, 60)) for d in days)
    consultation = None
    for weeks_ago in (50, 40, 30, 20, 10, 2):
        consultation = consultation_create(patient=patient, clinician=gp, data={
            "date": today - dt.timedelta(weeks=weeks_ago), "pain_now": 5, "pain_average": 5,
            "days_per_week": 3, "minutes_per_day": 30, "barriers": ["time", "fear_avoidance"]})
    assert consultation is not None
    suggestion = plan_suggestions(consultation=consultation, lang="de")
    chosen = [item["code"] for item in suggestion["items"]][:6]
    plan = plan_save(consultation=consultation, created_by=gp, lang="de", chosen=chosen, times={}, own=[],
                     wants_goals=True, wants_reminders=False)
    for n in range(PHONES):
        user = User(username=f"bench_phone_{n}", role=Role.PATIENT, practice=practice)
        user.set_password(password)
        user.save()
        Patient.objects.create(practice=practice, display_name=f"Bench phone {n}", year_of_birth=1970, user=user)
    return {"patient": patient.pk, "plan": plan.pk, "handout_pages": _handout_pages(plan)}


def _handout_pages(plan: Any) -> int:
    from django.test import RequestFactory
    from pypdf import PdfReader

    from backactive.handouts.build import handout_input
    from backactive.handouts.render import render_handout

    request = RequestFactory().get("/")
    request.user = plan.created_by
    pdf = render_handout(handout_input(plan, request=request, issue_invitation=False))
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _cookie_header(session: requests.Session) -> str:
    # The cookies are Secure (production): requests would not send them over plain HTTP itself.
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def login(base: str, username: str, password: str) -> dict[str, str]:
    """Log in as a browser would (password, then the authenticator's code for staff)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    session = requests.Session()
    headers = https_headers(base)
    session.get(f"{base}/accounts/login/", headers=headers, timeout=60)
    csrf = session.cookies["csrftoken"]
    answer = session.post(f"{base}/accounts/login/", headers={**headers, "Cookie": _cookie_header(session)},
                          data={"username": username, "password": password, "csrfmiddlewaretoken": csrf},
                          allow_redirects=False, timeout=60)
    assert answer.status_code == 302, f"login of {username}: {answer.status_code}"
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is not None:
        code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"
        csrf = session.cookies["csrftoken"]
        verified = session.post(f"{base}/security/two-step/", headers={**headers, "Cookie": _cookie_header(session)},
                                data={"code": code, "csrfmiddlewaretoken": csrf, "next": "/"}, allow_redirects=False,
                                timeout=60)
        assert verified.status_code == 302, f"second factor of {username}: {verified.status_code}"
    return {"cookie": _cookie_header(session), "csrf": session.cookies["csrftoken"]}


def stored_writes() -> int:
    from backactive.diary.models import ActivityEntry, PainEntry

    phones = {"patient__user__username__startswith": "bench_phone_"}
    return PainEntry.objects.filter(**phones).count() + ActivityEntry.objects.filter(**phones).count()
