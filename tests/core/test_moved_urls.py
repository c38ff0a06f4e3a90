"""Every address that moved still works: GET (and HEAD) answer 301, every other method 308 (which
keeps the method and the body; a 301 would turn a POST into a GET), to the new address with the
same parameters and query string. Following the redirect gives what the new address gives."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, get_resolver

# (old address, new address, who may open it); {a} is the test patient's id.
OLD: list[tuple[str, str, str]] = [
    ("/security/patients/{a}/access/", "/patients/{a}/access/", "admin_x"),
    ("/security/patients/{a}/privacy/", "/patients/{a}/privacy/", "admin_x"),
    ("/security/patients/{a}/export.json", "/patients/{a}/privacy/export.json", "admin_x"),
    ("/security/patients/{a}/consent/", "/patients/{a}/privacy/consent/", "admin_x"),
    ("/security/patients/{a}/erase/", "/patients/{a}/privacy/erase/", "admin_x"),
    ("/security/me/privacy/", "/privacy/", "patient_a_user"),
    ("/security/me/export.json", "/privacy/export.json", "patient_a_user"),
    ("/security/me/consent/withdraw/", "/privacy/consent/withdraw/", "patient_a_user"),
    ("/security/me/erase/", "/privacy/erase/", "patient_a_user"),
    ("/interop/fhir-tokens/", "/interop/fhir/tokens/", "admin_x"),
    ("/interop/patients/{a}/fhir-import/", "/patients/{a}/fhir/import/", "clinician_x"),
    ("/interop/patients/{a}/fhir-bundle.json", "/patients/{a}/fhir/bundle.json", "clinician_x"),
    ("/gdt/launch/", "/interop/gdt/launch/", "clinician_x"),
    ("/gdt/settings/", "/interop/gdt/settings/", "admin_x"),
]
# Pages whose POST changes something: their 308 is checked but not followed, so that this test
# erases and changes nothing (what their POSTs do is tested at the new address by their own tests).
NO_POST_FOLLOW = {"/security/patients/{a}/erase/", "/security/me/erase/", "/security/patients/{a}/consent/",
                  "/security/me/consent/withdraw/", "/gdt/settings/", "/interop/fhir-tokens/",
                  "/interop/patients/{a}/fhir-import/"}


def _moved_routes() -> list[str]:
    return [str(p.pattern) for p in get_resolver().url_patterns if isinstance(p, URLPattern) and
            getattr(p.callback, "moved_to", None)]


def test_every_moved_route_is_tested_here() -> None:
    tested = {old.replace("{a}", "<int:patient_id>").replace("export.json", "export.<str:fmt>").lstrip("/")
              for old, _new, _role in OLD}
    assert set(_moved_routes()) == tested


@pytest.mark.parametrize(("old", "new", "role"), OLD)
def test_old_address_redirects_permanently(old: str, new: str, role: str, world: Any, client: Any) -> None:
    old_url, new_url = old.format(a=world.patient_a.pk), new.format(a=world.patient_a.pk)
    client.force_login(getattr(world, role))
    response = client.get(old_url + "?page=2")
    assert response.status_code == 301 and response["Location"] == new_url + "?page=2"
    assert client.head(old_url).status_code == 301
    posted = client.post(old_url, {"confirm": ""})
    assert posted.status_code == 308 and posted["Location"] == new_url
    followed = client.get(old_url, follow=True)
    direct = client.get(new_url)
    assert followed.redirect_chain[0] == (new_url, 301)
    assert followed.status_code == direct.status_code and followed.status_code in (200, 204, 302, 405)
    if old not in NO_POST_FOLLOW:
        assert client.post(old_url, follow=True).status_code == client.post(new_url).status_code


def test_a_moved_address_decides_no_access_itself(world: Any, client: Any) -> None:
    """The redirect reveals nothing: the new address denies as before (404 for another practice)."""
    client.force_login(world.clinician_y)
    response = client.get(f"/security/patients/{world.patient_a.pk}/privacy/", follow=True)
    assert response.status_code == 404
