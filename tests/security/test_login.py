"""Login protections: lockout with cool-off, password rules, session key rotation, logout,
idle and absolute timeouts, password change ending other sessions, the session list."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from backactive.security import middleware
from backactive.security.models import UserSession
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def _login(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.parametrize("password", ["kurz1", "password123", "12345678901", "qwertyuiop"])
def test_short_and_common_passwords_are_rejected(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["grüne Wiese hinter dem Haus", "correct horse battery staple " * 3])
def test_long_passphrases_are_accepted(password: str) -> None:
    validate_password(password)


def test_login_gives_a_new_session_key_and_logout_ends_the_session(world: Any) -> None:
    client = Client()
    session = client.session
    session["before_login"] = True
    session.save()
    client.cookies["sessionid"] = session.session_key
    old_key = session.session_key
    assert _login(client, "gp_x").status_code == 302
    new_key = client.cookies["sessionid"].value
    assert new_key != old_key and not Session.objects.filter(session_key=old_key).exists()
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not Session.objects.filter(session_key=new_key).exists()
    replay = Client()
    replay.cookies["sessionid"] = new_key
    assert replay.get(reverse("patients:list")).status_code == 302  # to the login page


@pytest.fixture
def clock(monkeypatch: Any) -> list[float]:
    now = [1_800_000_000.0]
    monkeypatch.setattr(middleware, "_now", lambda: now[0])
    return now


def test_staff_idle_timeout_is_30_minutes(world: Any, clock: list[float]) -> None:
    client = Client()
    client.force_login(world.clinician_x)
    key = client.cookies["sessionid"].value
    clock[0] += 29 * 60
    assert client.get(reverse("patients:list")).status_code == 200
    clock[0] += 31 * 60
    response = client.get(reverse("patients:list"))
    assert response.status_code == 302 and LOGIN in response["Location"]
    assert not Session.objects.filter(session_key=key).exists()


def test_patients_are_not_logged_out_after_30_idle_minutes(world: Any, clock: list[float]) -> None:
    client = Client()
    client.force_login(world.patient_a_user)
    clock[0] += 45 * 60
    assert client.get(reverse("me:today")).status_code == 200


@pytest.mark.parametrize("who", ["clinician_x", "patient_a_user"])
def test_absolute_timeout_is_12_hours_even_when_active(world: Any, clock: list[float], who: str) -> None:
    client = Client()
    client.force_login(getattr(world, who))
    url = reverse("core:home")
    for _ in range(12 * 60 // 20):  # a request every 20 minutes for 12 hours
        clock[0] += 20 * 60
        assert client.get(url).status_code == 302
        assert LOGIN not in client.get(url)["Location"]
    clock[0] += 20 * 60
    assert LOGIN in client.get(url)["Location"]


def test_password_change_ends_the_other_sessions(world: Any) -> None:
    laptop, phone = Client(), Client()
    assert _login(laptop, "gp_x").status_code == 302
    assert _login(phone, "gp_x").status_code == 302
    assert UserSession.objects.filter(user=world.clinician_x).count() == 2
    new = "a brand new long passphrase"
    response = laptop.post(reverse("security:password_change"),
                           {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert laptop.get(reverse("patients:list")).status_code == 200
    assert LOGIN in phone.get(reverse("patients:list"))["Location"]
    assert UserSession.objects.filter(user=world.clinician_x).count() == 1


def test_a_weak_new_password_is_refused_on_the_change_page(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    response = client.post(reverse("security:password_change"),
                           {"old_password": PASSWORD, "new_password1": "password1", "new_password2": "password1"})
    assert response.status_code == 200 and "error" in response.content.decode()


def test_users_see_and_end_their_sessions(world: Any) -> None:
    laptop, phone = Client(REMOTE_ADDR="10.0.0.1", HTTP_USER_AGENT="Laptop Firefox"), Client(REMOTE_ADDR="10.0.0.2")
    _login(laptop, "gp_x")
    _login(phone, "gp_x")
    page = laptop.get(reverse("security:sessions")).content.decode()
    assert "Laptop Firefox" in page and "10.0.0.2" in page
    other = UserSession.objects.get(user=world.clinician_x, ip="10.0.0.2")
    # Another user cannot end it (404), its owner can.
    intruder = Client()
    intruder.force_login(world.clinician_y)
    assert intruder.post(reverse("security:end_session", args=[other.pk])).status_code == 404
    assert laptop.post(reverse("security:end_session", args=[other.pk])).status_code == 302
    assert not Session.objects.filter(session_key=other.session_key).exists()
    assert LOGIN in phone.get(reverse("patients:list"))["Location"]
