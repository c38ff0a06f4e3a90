"""Links only to pages the role can open (issue 14: "Einwilligung und Datenschutz" was a 404 for
GP and assistant): every link on the main staff pages and the patient's own pages, followed as
that role, answers without 403 or 404."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.consultations.factories import make_plan

HREF = re.compile(r'href="(/[^"#]*)"')


def _links(html: str) -> set[str]:
    return {h.replace("&amp;", "&") for h in HREF.findall(html) if not h.startswith("/static/")}


def _broken(client: Any, pages: list[str]) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for link in sorted(_links(response.content.decode()) - seen):
            seen.add(link)
            status = client.get(link).status_code
            if status in (403, 404, 405):
                found.append(f"{page} → {link}: {status}")
    return found


@pytest.mark.parametrize("role", ["clinician_x", "assistant_x", "admin_x"])
def test_staff_pages_link_only_to_pages_the_role_can_open(world: Any, login: Any, role: str) -> None:
    plan = make_plan(world.patient_a, world.clinician_x)
    plan.first_week_minutes = 60  # as plan_save stores it (the handout preview needs it)
    plan.save()
    pages = [
        reverse("patients:list"),
        reverse("consultations:overview", args=[world.patient_a.pk]),
        reverse("consultations:detail", args=[world.consultation_a.pk]),
        reverse("consultations:plans", args=[world.patient_a.pk]),
    ]
    assert not _broken(login(getattr(world, role)), pages)


def test_patient_pages_link_only_to_pages_the_patient_can_open(world: Any, login: Any) -> None:
    make_plan(world.patient_a, world.clinician_x)
    pages = [reverse(name) for name in ("me:today", "me:progress", "me:plan", "me:settings", "me:data")]
    assert not _broken(login(world.patient_a_user), pages)
