"""Two-factor login (TOTP): required for practice staff where TWO_FACTOR_REQUIRED is on (the
production default), optional for patients; a code is accepted once; recovery codes work once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

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
    done = client.post(reverse("security:otp_setup"), {"code": _code(device), "next": LIST})
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
    codes = re.findall(r"<code>([a-z0-9]+)</code>",
                       client.post(reverse("security:otp_setup"), {"code": _code(device)}).content.decode())
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
    lost = _password_login("mfa_x")
    admin = _verified(world.admin_x)
    assert admin.post(reverse("security:otp_reset", args=[world.assistant_x.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(user=world.assistant_x).exists()
    assert "/accounts/login/" in lost.get(LIST)["Location"]  # the old session ended
    fresh = _password_login("mfa_x")
    assert fresh.get(LIST)["Location"].startswith(reverse("security:otp_setup"))
    # Not for another practice's admin, not for patients.
    other = _verified(world.clinician_y)
    assert other.post(reverse("security:otp_reset", args=[world.assistant_x.pk])).status_code == 404


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
