from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.urls import reverse

from backactive.accounts.models import Role, User
from tests.conftest import PASSWORD


def test_admin_creates_changes_and_deactivates_staff(world: Any, login: Any) -> None:
    client = login(world.admin_x)
    response = client.post(reverse("accounts:staff_create"), {
        "username": "new_gp", "first_name": "Nina", "last_name": "Neu", "email": "", "role": "clinician",
        "password": "three words passphrase here"})
    assert response.status_code == 302
    user = User.objects.get(username="new_gp")
    assert user.practice == world.practice_x and user.role == Role.CLINICIAN
    assert user.password.startswith("argon2")
    assert authenticate(username="new_gp", password="three words passphrase here") == user
    client.post(reverse("accounts:staff_edit", args=[user.pk]), {
        "username": "new_gp", "first_name": "Nina", "last_name": "Neu", "email": "", "role": "assistant",
        "is_active": "on", "password": ""})
    user.refresh_from_db()
    assert user.role == Role.ASSISTANT and authenticate(username="new_gp", password="three words passphrase here")
    client.post(reverse("accounts:staff_deactivate", args=[user.pk]))
    user.refresh_from_db()
    assert not user.is_active
    assert authenticate(username="new_gp", password="three words passphrase here") is None


def test_weak_passwords_are_refused(world: Any, login: Any) -> None:
    client = login(world.admin_x)
    for weak in ("short", "password123", "12345678901"):
        response = client.post(reverse("accounts:staff_create"), {
            "username": "weak", "first_name": "", "last_name": "", "email": "", "role": "assistant",
            "password": weak}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
    assert not User.objects.filter(username="weak").exists()


def test_admin_cannot_touch_other_practices_or_patients(world: Any, login: Any) -> None:
    client = login(world.admin_x)
    assert client.get(reverse("accounts:staff_edit", args=[world.clinician_y.pk])).status_code == 404
    assert client.get(reverse("accounts:staff_edit", args=[world.patient_a_user.pk])).status_code == 404
    assert client.post(reverse("accounts:staff_deactivate", args=[world.admin_x.pk])).status_code == 404
    page = client.get(reverse("accounts:staff_list")).content.decode()
    assert "gp_x" in page and "gp_y" not in page and "patient_a" not in page


def test_login_and_logout(world: Any, client: Any) -> None:
    response = client.post(reverse("accounts:login"), {"username": "gp_x", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("patients:list")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("patients:list")).status_code == 302
    bad = client.post(reverse("accounts:login"), {"username": "gp_x", "password": "wrong"})
    assert bad.status_code == 200


def test_language_switch(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    client.post(reverse("set_language"), {"language": "en", "next": "/patients/"})
    assert "Patients" in client.get(reverse("patients:list")).content.decode()
    client.post(reverse("set_language"), {"language": "de", "next": "/patients/"})
    assert "Patientinnen und Patienten" in client.get(reverse("patients:list")).content.decode()


def test_deactivation_asks_first(world: Any, login: Any) -> None:
    """"Deactivate" on the staff list opens a question; only its confirming button acts."""
    client = login(world.admin_x)
    url = reverse("accounts:staff_deactivate", args=[world.assistant_x.pk])
    listing = client.get(reverse("accounts:staff_list")).content.decode()
    assert f'<a href="{url}">' in listing and f'action="{url}"' not in listing
    question = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    world.assistant_x.refresh_from_db()
    assert world.assistant_x.is_active and "Deactivate Mfa_X?" in question.content.decode()
    client.post(url)
    world.assistant_x.refresh_from_db()
    assert not world.assistant_x.is_active


def test_login_page_lists_demo_logins_only_with_the_demo_practice(db: Any, client: Any) -> None:
    """Issue 14: the login page says demo logins exist, and only where the demo practice does."""
    from backactive.accounts.models import Practice
    from backactive.demo.demo import DEMO_PASSWORD, DEMO_PRACTICE

    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert DEMO_PASSWORD not in page and "demo-logins" not in page
    assert reverse("patients:invitation_start") in page  # a way to the invitation page for new patients
    Practice.objects.create(name=DEMO_PRACTICE, postcode="35037")
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Demo practice" in page and DEMO_PASSWORD in page
    assert "anke" in page and "mfa" in page and "inge" in page
