"""Odd input on the patient pages is answered, never a server error (found in review)."""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse
from django.utils import timezone

from backactive.diary.models import PainEntry


def test_unicode_digits_and_year_one_are_answered_without_an_error(world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    response = client.post(reverse("me:entry"), {"kind": "pain", "pain": "²", "client_id": str(uuid.uuid4()),
                                                 "date": timezone.localdate().isoformat()})
    assert response.status_code in (200, 302)
    assert not PainEntry.objects.filter(patient=world.patient_a).exists()
    assert client.get(reverse("me:today"), {"date": "0001-01-01"}).status_code == 200
    assert client.post(reverse("me:settings_save", args=["goal"]), {"goal_minutes": "١٥٠"}).status_code in (200, 302)
