"""Printing a handout again: the patient's open invitation code is printed again unless the GP
ticks "new invitation code"; the PDF is laid out once and kept (sealed) until anything on the
paper changes; nothing of it is readable from the database alone."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from backactive.accounts.models import Invitation
from backactive.diary.models import PainEntry
from backactive.handouts import printing
from backactive.handouts.models import PrintedHandout
from backactive.patients.invitations import code_hash, invitation_create, normalize_code

CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}")


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _code(pdf: bytes) -> str:
    found = CODE.search(_text(pdf))
    assert found, "the handout prints no invitation code"
    return found.group(0)


@pytest.fixture
def gp(world: Any, login: Any) -> Any:
    """The GP's browser, printing for patient A, who has no login yet."""
    world.patient_a.user = None
    world.patient_a.save()
    return login(world.clinician_x)


@pytest.fixture
def renders(monkeypatch: Any) -> list[int]:
    """Counts the PDFs Typst lays out."""
    calls: list[int] = []
    real = printing.render_handout

    def counting(data: Any, **kwargs: Any) -> bytes:
        calls.append(1)
        return real(data, **kwargs)

    monkeypatch.setattr(printing, "render_handout", counting)
    return calls


def _print(client: Any, plan: Any, *, new: bool = False, bilingual: bool = False) -> bytes:
    data = {**({"new_invitation": "1"} if new else {}), **({"bilingual": "1"} if bilingual else {})}
    response = client.post(reverse("handouts:pdf", args=[plan.pk]), data)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return bytes(response.content)


def test_a_reprint_shows_the_same_open_invitation(world: Any, gp: Any) -> None:
    first, again = _print(gp, world.plan_a), _print(gp, world.plan_a)
    assert _code(first) == _code(again)
    invitation = Invitation.objects.get(patient=world.patient_a)
    assert invitation.code_hash == code_hash(_code(first)) and invitation.revoked_at is None


def test_the_ticked_box_issues_a_new_code_and_withdraws_the_old(world: Any, gp: Any) -> None:
    old = _code(_print(gp, world.plan_a))
    new = _code(_print(gp, world.plan_a, new=True))
    assert new != old
    assert Invitation.objects.get(code_hash=code_hash(old)).revoked_at is not None
    assert Invitation.objects.get(code_hash=code_hash(new)).revoked_at is None
    assert _code(_print(gp, world.plan_a)) == new  # and the new one is what a reprint shows


@pytest.mark.parametrize("spent", ["used", "revoked", "expired", "expires_soon"])
def test_a_spent_or_expiring_invitation_is_not_printed_again(world: Any, gp: Any, spent: str) -> None:
    old = _code(_print(gp, world.plan_a))
    now = timezone.now()
    change = {"used": {"used_at": now}, "revoked": {"revoked_at": now},
              "expired": {"expires_at": now - dt.timedelta(minutes=1)},
              "expires_soon": {"expires_at": now + dt.timedelta(days=3)}}[spent]
    Invitation.objects.filter(code_hash=code_hash(old)).update(**change)
    assert _code(_print(gp, world.plan_a)) != old


def test_a_code_sealed_with_another_key_is_replaced(world: Any, gp: Any, monkeypatch: Any) -> None:
    old = _code(_print(gp, world.plan_a))
    monkeypatch.setenv("BACKACTIVE_SEAL_KEY", "another-key-after-a-rotation")
    new = _code(_print(gp, world.plan_a))
    assert new != old and Invitation.objects.get(code_hash=code_hash(old)).revoked_at is not None


def test_the_database_holds_neither_the_code_nor_the_pdf_readably(world: Any, gp: Any) -> None:
    pdf = _print(gp, world.plan_a)
    code = normalize_code(_code(pdf))
    sealed = bytes(Invitation.objects.get(patient=world.patient_a).code_sealed or b"")
    kept = bytes(PrintedHandout.objects.get(plan=world.plan_a).pdf_sealed)
    for stored in (sealed, kept):
        assert code.encode() not in stored and b"%PDF" not in stored and b"Anna" not in stored
    # A sealed code copied into another invitation's row does not open there.
    other = invitation_create(patient=world.patient_b, created_by=world.clinician_x)
    Invitation.objects.filter(pk=other.invitation.pk).update(code_sealed=sealed)
    printing_b = world.patient_b
    from backactive.patients.invitations import invitation_for_print

    assert normalize_code(invitation_for_print(patient=printing_b, created_by=world.clinician_x).code) != code


def test_a_reprint_is_not_laid_out_again(world: Any, gp: Any, renders: list[int],
                                         django_assert_max_num_queries: Any) -> None:
    first = _print(gp, world.plan_a)
    with django_assert_max_num_queries(11):  # session, user, plan, items, audit, settings, visits,
        again = _print(gp, world.plan_a)     # diary, invitation, printed PDF
    assert again == first and len(renders) == 1


@pytest.mark.parametrize("change", ["patient_language", "bilingual", "practice_name", "patient_name", "diary",
                                    "new_code"])
def test_whatever_changes_the_paper_lays_it_out_again(world: Any, gp: Any, renders: list[int], change: str) -> None:
    first = _print(gp, world.plan_a)
    new = bilingual = False
    if change == "patient_language":  # the handout speaks the patient's language (issue 19)
        type(world.patient_a).objects.filter(pk=world.patient_a.pk).update(language="en")
    elif change == "bilingual":
        type(world.patient_a).objects.filter(pk=world.patient_a.pk).update(language="tr")
        first = _print(gp, world.plan_a)  # in Turkish alone, then with German beside
        bilingual = True
    elif change == "practice_name":
        type(world.practice_x).objects.filter(pk=world.practice_x.pk).update(name="Praxis Neu")
    elif change == "patient_name":
        type(world.patient_a).objects.filter(pk=world.patient_a.pk).update(display_name="Anna Neu")
    elif change == "diary":
        PainEntry.objects.create(patient=world.patient_a, date=timezone.localdate(), pain=7)
    else:
        new = True
    again = _print(gp, world.plan_a, new=new, bilingual=bilingual)
    assert again != first and len(renders) == (3 if change == "bilingual" else 2)
    text = _text(again)
    expected = {"patient_language": "Your activity plan", "practice_name": "Praxis Neu",
                "patient_name": "Anna Neu"}.get(change)
    if expected:
        assert expected in text
    if change == "bilingual":
        assert "Bewegungsplan" in text and "Bewegungsplan" not in _text(first)
    assert _print(gp, world.plan_a, bilingual=bilingual) == again  # and that one is kept
    assert len(renders) == (3 if change == "bilingual" else 2)


def test_a_corrected_or_deleted_diary_entry_lays_it_out_again(world: Any, gp: Any, renders: list[int]) -> None:
    today = timezone.localdate()
    entry = PainEntry.objects.create(patient=world.patient_a, date=today, pain=3)
    first = _print(gp, world.plan_a)
    entry.delete()  # a correction deletes the entry and adds the corrected one (diary/services.py)
    corrected = PainEntry.objects.create(patient=world.patient_a, date=today, pain=8)
    second = _print(gp, world.plan_a)
    corrected.delete()
    third = _print(gp, world.plan_a)
    assert len({first, second, third}) == 3 and len(renders) == 3


def test_erasure_removes_the_kept_pdf(world: Any, gp: Any) -> None:
    from backactive.privacy.services import patient_erase

    _print(gp, world.plan_a)
    assert PrintedHandout.objects.filter(plan=world.plan_a).exists()
    patient_erase(patient=world.patient_a, requested_by=world.clinician_x)
    assert not PrintedHandout.objects.filter(plan__patient=world.patient_a).exists()


def test_the_print_form_offers_a_new_code_only_to_a_patient_without_login(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    with_login = client.get(reverse("consultations:overview", args=[world.patient_a.pk])).content.decode()
    assert 'name="new_invitation"' not in with_login
    world.patient_a.user = None
    world.patient_a.save()
    for url in (reverse("consultations:overview", args=[world.patient_a.pk]),
                reverse("handouts:preview", args=[world.plan_a.pk])):
        page = client.get(url).content.decode()
        box = re.search(r'<input type="checkbox" name="new_invitation" value="1">', page)
        assert box and "checked" not in box.group(0)
