"""Patient pages on a shared phone, the server's side (issue 12, item 7; the phone's side is
tests/browser/test_shared_phone.py). Before: the service worker kept every /me/ page, and the
logout answer did not tell the browser to clear anything."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from backactive.me.offline import OFFLINE_HEADER


def test_only_the_diary_plan_progress_and_exercises_may_stay_on_the_phone(world: Any, login: Any) -> None:
    """(A questionnaire being answered stays too: tests/browser/test_patient_questionnaire.py.)"""
    client = login(world.patient_a_user)
    for name in ("me:today", "me:plan", "me:progress", "me:session"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and response[OFFLINE_HEADER] == "keep", name
    for name in ("me:settings", "me:data", "me:welcome"):
        response = client.get(reverse(name))
        assert OFFLINE_HEADER not in response, name
        assert "no-store" in response["Cache-Control"], name


def test_logout_tells_the_browser_to_clear_caches_and_storage(world: Any, login: Any) -> None:
    for user in (world.patient_a_user, world.clinician_x):
        client = login(user)
        response = client.post(reverse("accounts:logout"))
        assert response.status_code == 302
        assert response["Clear-Site-Data"] == '"cache", "storage"'  # cookies stay: the device cookie
        assert client.get(reverse("me:today")).status_code == 302
