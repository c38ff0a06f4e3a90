"""Two-factor login (TOTP): required for practice staff where TWO_FACTOR_REQUIRED is on (the
production default), optional for patients; a code is accepted once; recovery codes work once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from backactive.security.enrolment import enrolment_code_issue
from backactive.security.models import AuditEvent
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
LIST = "/patients/"


@pytest.fixture(autouse=True)
def _required(settings: Any) -> None:
    settings.TWO_FACTOR_REQUIRED = True


def _password_login(username: str) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def _verified(user: Any) -> Client:
    """Logged in and past the second step (as after a code was accepted)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = _device(user).persistent_id
    session.save()
    return client


def _device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def test_staff_without_authenticator_must_set_one_up(world: Any) -> None:
    client = _password_login("gp_x")
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("security:otp_setup"))
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and "qrline" in page
    device = TOTPDevice.objects.get(user=world.clinician_x, confirmed=False)
    enrolment = enrolment_code_issue(user=world.clinician_x, issued_by=world.admin_x)
    done = client.post(reverse("security:otp_setup"), {"code": _code(device), "enrolment": enrolment, "next": LIST})
    codes = re.findall(r"<code>([a-z0-9]+)</code>", done.content.decode())
    assert done.status_code == 200 and len(codes) == 10
    assert client.get(LIST).status_code == 200


def test_staff_with_authenticator_give_a_code_after_the_password(world: Any) -> None:
    device = _device(world.assistant_x)
    client = _password_login("mfa_x")
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("security:otp_verify"))
    # Everything but the code page and logout waits for the code, the patient pages included.
    assert client.get(reverse("consultations:overview", args=[world.patient_a.pk])).status_code == 302
    code = _code(device)
    assert client.post(reverse("security:otp_verify"), {"code": code, "next": LIST})["Location"] == LIST
    assert client.get(LIST).status_code == 200
    # The same code again (e.g. seen over a shoulder) is refused in a new session.
    other = _password_login("mfa_x")
    reused = other.post(reverse("security:otp_verify"), {"code": code, "next": LIST})
    assert reused.status_code == 200 and 'role="alert"' in reused.content.decode()
    assert other.get(LIST).status_code == 302


def test_a_recovery_code_works_once(world: Any) -> None:
    client = _password_login("gp_x")
    client.get(reverse("security:otp_setup"))
    device = TOTPDevice.objects.get(user=world.clinician_x, confirmed=False)
    enrolment = enrolment_code_issue(user=world.clinician_x, issued_by=world.admin_x)
    page = client.post(reverse("security:otp_setup"), {"code": _code(device), "enrolment": enrolment})
    codes = re.findall(r"<code>([a-z0-9]+)</code>", page.content.decode())
    first = _password_login("gp_x")
    assert first.post(reverse("security:otp_verify"), {"code": codes[0], "next": LIST}).status_code == 302
    assert first.get(LIST).status_code == 200
    second = _password_login("gp_x")
    assert second.post(reverse("security:otp_verify"), {"code": codes[1], "next": LIST}).status_code == 302
    third = _password_login("gp_x")
    assert third.post(reverse("security:otp_verify"), {"code": codes[0], "next": LIST}).status_code == 200
    assert third.get(LIST).status_code == 302


def test_patients_choose_for_themselves(world: Any) -> None:
    client = _password_login("patient_a")
    assert client.get(reverse("me:today")).status_code == 200  # not asked without an authenticator
    device = _device(world.patient_a_user)
    client = _password_login("patient_a")
    assert client.get(reverse("me:today")).status_code == 302  # asked once they set one up
    client.post(reverse("security:otp_verify"), {"code": _code(device)})
    assert client.get(reverse("me:today")).status_code == 200


def test_only_safe_next_addresses(world: Any) -> None:
    device = _device(world.clinician_x)
    client = _password_login("gp_x")
    response = client.post(reverse("security:otp_verify"), {"code": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_production_requires_two_factor_for_staff(tmp_path: Path) -> None:
    import os
    import secrets

    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "TWO_FACTOR_REQUIRED")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY=secrets.token_urlsafe(50),
               BACKACTIVE_DATA_DIR=str(tmp_path))
    code = "import django; django.setup(); from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60, check=True)
    assert out.stdout.strip() == "True"


def test_admin_resets_a_lost_authenticator(world: Any) -> None:
    _device(world.assistant_x)
    world.assistant_x.email = "mfa@praxis-x.example"
    world.assistant_x.save()
    lost = _password_login("mfa_x")
    admin = _verified(world.admin_x)
    page = admin.post(reverse("security:otp_reset", args=[world.assistant_x.pk]))
    assert page.status_code == 200
    enrolment = re.search(r"<code>([A-Z0-9-]+)</code>", page.content.decode()).group(1)  # type: ignore[union-attr]
    assert not TOTPDevice.objects.filter(user=world.assistant_x).exists()
    assert "/accounts/login/" in lost.get(LIST)["Location"]  # the old session ended
    # Not silently: the trail records it and the member is told by e-mail.
    assert AuditEvent.objects.filter(object_type="otp_reset", object_id=str(world.assistant_x.pk)).exists()
    assert [m.to for m in mail.outbox] == [["mfa@praxis-x.example"]] and "Admin_X" in mail.outbox[0].body
    fresh = _password_login("mfa_x")
    assert fresh.get(LIST)["Location"].startswith(reverse("security:otp_setup"))
    fresh.get(reverse("security:otp_setup"))
    device = TOTPDevice.objects.get(user=world.assistant_x, confirmed=False)
    fresh.post(reverse("security:otp_setup"), {"code": _code(device), "enrolment": enrolment.lower()})
    assert fresh.get(LIST).status_code == 200
    # Not for another practice's admin, not for patients.
    other = _verified(world.clinician_y)
    assert other.post(reverse("security:otp_reset", args=[world.assistant_x.pk])).status_code == 404


def test_the_password_alone_cannot_enrol_an_authenticator(world: Any) -> None:
    """Before, a staff account without an authenticator was bound to whoever logged in first
    with the password."""
    thief = _password_login("gp_x")
    page = thief.get(reverse("security:otp_setup")).content.decode()
    assert 'name="enrolment"' in page
    device = TOTPDevice.objects.get(user=world.clinician_x, confirmed=False)
    refused = thief.post(reverse("security:otp_setup"), {"code": _code(device), "enrolment": ""})
    assert refused.status_code == 200 and 'role="alert"' in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=world.clinician_x, confirmed=True).exists()
    assert thief.get(LIST).status_code == 302
    # Guessing the enrolment code is paused after five tries, the right code included.
    real = enrolment_code_issue(user=world.clinician_x, issued_by=world.admin_x)
    for n in range(5):
        thief.post(reverse("security:otp_setup"), {"code": _code(device), "enrolment": f"GUESS{n}"})
    thief.post(reverse("security:otp_setup"), {"code": _code(device), "enrolment": real})
    assert not TOTPDevice.objects.filter(user=world.clinician_x, confirmed=True).exists()


def test_admin_issues_an_enrolment_code_for_a_new_account(world: Any) -> None:
    admin = _verified(world.admin_x)
    page = admin.post(reverse("security:otp_enrolment", args=[world.clinician_x.pk]))
    assert page.status_code == 200
    code = re.search(r"<code>([A-Z0-9-]+)</code>", page.content.decode()).group(1)  # type: ignore[union-attr]
    second = admin.post(reverse("security:otp_enrolment", args=[world.clinician_x.pk]))
    newer = re.search(r"<code>([A-Z0-9-]+)</code>", second.content.decode()).group(1)  # type: ignore[union-attr]
    gp = _password_login("gp_x")
    gp.get(reverse("security:otp_setup"))
    device = TOTPDevice.objects.get(user=world.clinician_x, confirmed=False)
    gp.post(reverse("security:otp_setup"), {"code": _code(device), "enrolment": code})  # the older one no longer
    assert not TOTPDevice.objects.filter(user=world.clinician_x, confirmed=True).exists()
    gp.post(reverse("security:otp_setup"), {"code": _code(device), "enrolment": newer})
    assert TOTPDevice.objects.filter(user=world.clinician_x, confirmed=True).exists()


def test_a_password_alone_cannot_replace_the_authenticator(world: Any) -> None:
    """Setting up a new authenticator needs the second step first: otherwise a stolen password
    could enrol the thief's phone."""
    device = _device(world.assistant_x)
    client = _password_login("mfa_x")
    response = client.get(reverse("security:otp_setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("security:otp_verify"))
    client.post(reverse("security:otp_setup"), {"code": "000000"})
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    assert client.get(LIST).status_code == 302  # still waiting for a code
    assert client.post(reverse("security:otp_verify"), {"code": _code(device), "next": LIST})["Location"] == LIST
    assert client.get(reverse("security:otp_setup")).status_code == 200  # now the phone may be replaced


@pytest.mark.django_db(transaction=True)
def test_the_code_is_accepted_without_a_transaction_around_the_request() -> None:
    """As on a real server, where no test transaction wraps the request: django-otp locks the
    device row (select_for_update) while it checks the code, which PostgreSQL refuses outside a
    transaction (a 500 for every staff login over HTTP)."""
    from backactive.accounts.models import Practice, Role, User

    user = User(username="gp_real", role=Role.CLINICIAN, practice=Practice.objects.create(name="Real"))
    user.set_password(PASSWORD)
    user.save()
    device = _device(user)
    client = _password_login("gp_real")
    assert client.post(reverse("security:otp_verify"), {"code": _code(device), "next": LIST})["Location"] == LIST
