"""No secrets and no health data in the logs: representative flows run with every logger at
DEBUG, and the captured output is searched for passwords, session ids, CSRF tokens, invitation
codes and distinctive diary and consultation values."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import re
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from backactive.consultations.services import consultation_create
from backactive.patients import invitations
from backactive.security.enrolment import enrolment_code_issue
from tests.conftest import PASSWORD

WRONG_PASSWORD = "Wrong-Secret-Passphrase-4711"
NOTE = "Notiz-Rueckenschmerz-Zeta"
STANDARD = set(vars(logging.LogRecord("x", logging.INFO, "x", 1, "x", None, None))) | {"message", "asctime"}


def _output(caplog: Any) -> str:
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        if record.exc_text:
            parts.append(record.exc_text)
        # Extra attributes (e.g. django.request's request and status); the standard ones hold
        # times and line numbers, which could contain the digits searched for by chance.
        parts.append(json.dumps({k: str(v) for k, v in record.__dict__.items() if k not in STANDARD}))
    return "\n".join(parts)


@pytest.fixture
def all_logs(caplog: Any) -> Any:
    caplog.set_level(logging.DEBUG)
    for name in ("django.request", "django.security", "axes", "backactive"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def test_flows_leave_no_secrets_or_health_values_in_the_logs(world: Any, all_logs: Any, settings: Any) -> None:
    today = dt.date.today().isoformat()
    secrets: list[str] = [PASSWORD, WRONG_PASSWORD, NOTE]

    staff = Client(enforce_csrf_checks=True)
    staff.get(reverse("accounts:login"))
    csrf = staff.cookies["csrftoken"].value
    staff.post(reverse("accounts:login"), {"username": "gp_x", "password": WRONG_PASSWORD, "csrfmiddlewaretoken": csrf})
    staff.post(reverse("accounts:login"), {"username": WRONG_PASSWORD, "password": "x", "csrfmiddlewaretoken": csrf})
    assert staff.post(reverse("accounts:login"),
                      {"username": "gp_x", "password": PASSWORD, "csrfmiddlewaretoken": csrf}).status_code == 302
    csrf = staff.cookies["csrftoken"].value
    secrets += [staff.cookies["sessionid"].value, csrf]
    patient_url = reverse("consultations:overview", args=[world.patient_a.pk])
    assert staff.get(patient_url).status_code == 200
    assert staff.post(reverse("diary:activity_create", args=[world.patient_a.pk]),
                      {"date": today, "activity": "walking", "minutes": 137, "intensity": "moderate",
                       "steps": 12345, "csrfmiddlewaretoken": csrf}).status_code == 302
    staff.post(reverse("diary:pain_create", args=[world.patient_a.pk]),
               {"date": today, "pain": 99, "csrfmiddlewaretoken": csrf})  # invalid: refused, not logged
    consultation_create(patient=world.patient_a, clinician=world.clinician_x,
                        data={"date": dt.date.today(), "pain_now": 4, "pain_average": 5, "days_per_week": 3,
                              "minutes_per_day": 25, "note": NOTE})
    issued = invitations.invitation_create(patient=world.patient_b, created_by=world.clinician_x)
    secrets += [issued.code, invitations.normalize_code(issued.code)]
    Client().get(reverse("patients:invitation_accept", args=[issued.code]))
    staff.get(reverse("consultations:overview", args=[world.patient_y.pk]))  # denied: a 404 is logged, with ids only
    staff.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": csrf})

    patient = Client()
    patient.force_login(world.patient_a_user)
    secrets.append(patient.cookies["sessionid"].value)
    entry = {"kind": "activity", "client_id": str(uuid.uuid4()), "date": today, "activity": "cycling",
             "minutes": 149}
    patient.post(reverse("me:sync"), json.dumps({"entries": [entry]}), content_type="application/json")
    patient.post(reverse("me:sync"), "not json at all 4242", content_type="application/json")

    # Two-step login: the authenticator's secret, a code and recovery codes stay out of the logs.
    settings.TWO_FACTOR_REQUIRED = True
    otp = Client()
    assert otp.post(reverse("accounts:login"), {"username": "admin_x", "password": PASSWORD}).status_code == 302
    setup = otp.get(reverse("security:otp_setup")).content.decode()
    device = TOTPDevice.objects.get(user=world.admin_x, confirmed=False)
    code = f"{TOTP(device.bin_key).token():06d}"
    enrolment = enrolment_code_issue(user=world.admin_x, issued_by=world.admin_x)
    recovery = otp.post(reverse("security:otp_setup"), {"code": code, "enrolment": enrolment}).content.decode()
    secrets += [device.key, base64.b32encode(device.bin_key).decode(), enrolment, enrolment.replace("-", "")]
    recovery_codes = re.findall(r"<code>([a-z0-9]+)</code>", recovery)
    assert len(recovery_codes) == 10
    secrets += recovery_codes
    assert base64.b32encode(device.bin_key).decode() in setup
    otp.post(reverse("security:otp_verify"), {"code": "000000"})

    output = _output(all_logs)
    assert output, "the flows should have logged something (the test would be empty otherwise)"
    leaked = [s for s in secrets if s and s in output]
    assert not leaked, f"found in the logs: {leaked}"
    # The request log's durations ("ms": "137.32") are timings that may match a value by chance.
    numbers = re.sub(r'"ms": "[\d.]+"', '"ms": ""', output)
    for value in ("137", "12345", "149", "4242", code):  # the 6-digit code: a number too
        # As a number of its own: not inside a timestamp's microseconds or an id in a path.
        found = re.search(rf"(?<![\d.:/-]){value}(?!\d)", numbers)
        context = numbers[max(0, found.start() - 80):found.end() + 80] if found else ""
        assert found is None, f"diary value {value} in the logs: ...{context}"
