"""Guessing protection at login and for invitation codes.

Before: the lockout counted per user name *and* address (100 tries from 20 addresses never locked
the account), every attempt during a lockout restarted the cool-off, nobody was alerted, the
lockout table kept typed user names (a typed password too), and the log carried invitation codes.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backactive.accounts import login_guard
from backactive.core.models import Throttle
from backactive.patients import invitations
from backactive.security.models import AuditEvent
from backactive.security.routes import RoutePatternFilter
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def _login(client: Client, username: str = "gp_x", password: str = PASSWORD) -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def _expire_pauses() -> None:
    Throttle.objects.update(locked_until=timezone.now() - dt.timedelta(seconds=1))


def test_the_limit_is_per_account_whatever_the_address(world: Any) -> None:
    for n in range(4):
        assert _login(_from(f"203.0.113.{n}"), password="wrong-guess-number").status_code == 200
    assert _login(_from("203.0.113.4"), password="wrong-guess-number").status_code == 429
    # Now the right password waits too, from any address the account has not logged in from.
    assert _login(_from("198.51.100.1")).status_code == 429


def test_a_device_used_before_is_not_locked_out_by_guesses_elsewhere(world: Any) -> None:
    gp_computer = _from("192.0.2.10")
    assert _login(gp_computer).status_code == 302
    gp_computer.post(reverse("accounts:logout"))
    # Someone behind the practice's NAT (the same address!) guesses the GP's password.
    for _ in range(20):
        _login(_from("192.0.2.10"), password="wrong-guess-number")
    assert _login(_from("192.0.2.10")).status_code == 429
    assert _login(gp_computer).status_code == 302
    # A device cookie is counted on its own: wrong passwords there pause that device only.
    gp_computer.post(reverse("accounts:logout"))
    for _ in range(5):
        _login(gp_computer, password="wrong-guess-number")
    assert _login(gp_computer).status_code == 429
    # A forged device cookie is no device cookie.
    forged = _from("192.0.2.11")
    forged.cookies[login_guard.DEVICE_COOKIE] = "forged-value"
    assert _login(forged).status_code == 429


def test_attempts_during_a_pause_do_not_extend_it_and_pauses_grow(world: Any) -> None:
    for _ in range(5):
        _login(_from("203.0.113.9"), password="wrong-guess-number")
    row = Throttle.objects.get()
    first_until, failures = row.locked_until, row.failures
    assert first_until is not None and row.last_failure_at is not None
    assert first_until - row.last_failure_at == dt.timedelta(minutes=1)
    for n in range(10):
        assert _login(_from(f"203.0.113.{n}"), password="wrong-guess-number").status_code == 429
    row.refresh_from_db()
    assert (row.locked_until, row.failures) == (first_until, failures)
    _expire_pauses()
    for _ in range(5):
        _login(_from("203.0.113.9"), password="wrong-guess-number")
    row.refresh_from_db()
    assert row.locked_until - row.last_failure_at == dt.timedelta(minutes=2)  # type: ignore[operator]
    _expire_pauses()
    assert _login(_from("203.0.113.9")).status_code == 302  # never permanent


def test_the_practice_admin_is_emailed_at_each_pause(world: Any) -> None:
    world.admin_x.email = "admin@praxis-x.example"
    world.admin_x.save()
    for _ in range(5):
        _login(_from("203.0.113.9"), password="wrong-guess-number")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["admin@praxis-x.example"] and "gp_x" in message.body
    assert "wrong-guess-number" not in message.body
    for _ in range(5):  # refused during the pause: no second e-mail
        _login(_from("203.0.113.9"), password="wrong-guess-number")
    assert len(mail.outbox) == 1
    # Guesses at an account that does not exist alert nobody (and reveal nothing).
    for _ in range(5):
        _login(_from("203.0.113.9"), username="no-such-user", password="x" * 12)
    assert len(mail.outbox) == 1


def _stored_anywhere(text: str) -> list[str]:
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            text_field = isinstance(field, models.CharField | models.TextField) and not field.is_relation
            if text_field and model._default_manager.filter(**{f"{field.name}__contains": text}).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_nothing_typed_into_the_login_form_is_stored(world: Any, caplog: Any) -> None:
    typed = "Typed-My-Password-Here-42"
    with caplog.at_level(logging.DEBUG):
        for _ in range(6):
            _login(_from("203.0.113.9"), username=typed, password="wrong-guess-number")
    assert _stored_anywhere(typed) == [] and _stored_anywhere("wrong-guess-number") == []
    assert typed not in caplog.text


def test_logs_and_audit_name_the_route_never_a_code(world: Any, client: Any, caplog: Any) -> None:
    with caplog.at_level(logging.INFO):
        response = client.get(reverse("patients:invitation_accept", kwargs={"code": "SECRETCODE1234"}))
    assert response.status_code == 404
    assert "SECRETCODE1234" not in caplog.text and "/invitation/<str:code>/" in caplog.text
    issued = invitations.invitation_create(patient=world.patient_b, created_by=world.assistant_x)
    url = reverse("patients:invitation_accept", kwargs={"code": issued.code})
    accepted = Client().post(url, {"username": "patient_b", "password1": PASSWORD, "password2": PASSWORD})
    assert accepted.status_code == 302
    assert AuditEvent.objects.filter(action="login", actor_id=world.patient_b_user.pk).exists()
    assert not AuditEvent.objects.filter(path__contains=issued.code).exists()
    # The development server's access line keeps the method and protocol, not the path.
    record = logging.LogRecord("django.server", logging.INFO, "", 0, '"%s" %s %s',
                               (f"GET /calendar/{'t' * 30}.ics HTTP/1.1", "404", "0"), None)  # fmt: skip
    RoutePatternFilter().filter(record)
    assert "t" * 30 not in record.getMessage()


def test_invitation_codes_are_rate_limited_per_address(world: Any) -> None:
    guesser = _from("203.0.113.50")
    for n in range(9):
        wrong = reverse("patients:invitation_accept", kwargs={"code": f"WRONGCODE{n:04d}"})
        assert guesser.get(wrong).status_code == 404
    assert guesser.post(reverse("patients:invitation_start"), {"code": "WRONGCODE9999"}).status_code == 429
    issued = invitations.invitation_create(patient=world.patient_b, created_by=world.assistant_x)
    url = reverse("patients:invitation_accept", kwargs={"code": issued.code})
    assert guesser.get(url).status_code == 429  # paused, right codes included
    assert _from("198.51.100.7").get(url).status_code == 200  # the patient at home is not
    _expire_pauses()
    assert guesser.get(url).status_code == 200


@pytest.mark.parametrize("locks, minutes", [(1, 1), (2, 2), (3, 4), (6, 32), (7, 60), (20, 60)])
def test_pause_lengths(locks: int, minutes: int) -> None:
    assert login_guard.pause(locks) == dt.timedelta(minutes=minutes)
