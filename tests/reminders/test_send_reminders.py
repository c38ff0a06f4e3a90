"""The e-mail job: one message per silence, whatever how often it runs; nothing for patients who
did not opt in; a restart note after a longer break."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from backactive.diary.models import PainEntry
from backactive.reminders import services
from backactive.reminders.models import PatientSettings
from backactive.reminders.sending import send_due_reminders


def _opt_in(patient: Any, after: int = 3) -> None:
    services.reminders_update(
        patient=patient,
        weekdays=[0],
        time=dt.time(18),
        calendar_enabled=False,
        email_enabled=True,
        email_after_days=after,
        email="anna@example.org",
    )
    PatientSettings.objects.filter(patient=patient).update(
        email_enabled_on=timezone.localdate() - dt.timedelta(days=60)
    )


def test_running_the_command_twice_sends_one_email(world: Any) -> None:
    _opt_in(world.patient_a)
    PainEntry.objects.create(patient=world.patient_a, date=timezone.localdate() - dt.timedelta(days=4), pain=3)
    out = StringIO()
    call_command("send_reminders", stdout=out)
    call_command("send_reminders", stdout=out)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.org"]
    assert "sent 1" in out.getvalue() and "sent 0" in out.getvalue()
    assert "Anna" not in mail.outbox[0].body


def test_no_email_without_opt_in(world: Any) -> None:
    PainEntry.objects.create(patient=world.patient_b, date=timezone.localdate() - dt.timedelta(days=30), pain=3)
    world.patient_b_user.email = "bernd@example.org"
    world.patient_b_user.save()
    services.settings_for(world.patient_b)
    assert send_due_reminders().sent == 0
    assert mail.outbox == []


def test_recent_entries_mean_no_nudge(world: Any) -> None:
    _opt_in(world.patient_a, after=5)
    PainEntry.objects.create(patient=world.patient_a, date=timezone.localdate() - dt.timedelta(days=2), pain=3)
    assert send_due_reminders().sent == 0


def test_after_a_break_a_restart_note_without_blame(world: Any) -> None:
    _opt_in(world.patient_a)
    last = timezone.localdate() - dt.timedelta(days=20)
    PainEntry.objects.create(patient=world.patient_a, date=last, pain=3)
    with timezone.override("Europe/Berlin"):
        send_due_reminders(today=last + dt.timedelta(days=3))
        send_due_reminders(today=last + dt.timedelta(days=20))
        send_due_reminders(today=last + dt.timedelta(days=21))
    assert len(mail.outbox) == 2
    nudge, restart = mail.outbox
    assert "Breaks happen" in restart.body or "Pausen" in restart.body
    for message in (nudge, restart):
        assert "lazy" not in message.body.lower() and "faul" not in message.body.lower()


def test_a_failed_send_is_retried_next_run(world: Any, settings: Any) -> None:
    _opt_in(world.patient_a)
    PainEntry.objects.create(patient=world.patient_a, date=timezone.localdate() - dt.timedelta(days=4), pain=3)
    settings.EMAIL_BACKEND = "tests.reminders.broken_backend.Backend"
    assert send_due_reminders().failed == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_reminders().sent == 1
