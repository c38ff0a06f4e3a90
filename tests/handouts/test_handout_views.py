"""One click from the GP screen prints the saved plan's handout; the preview shows the same."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from pypdf import PdfReader

from backactive.accounts.models import Invitation


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_print_button_gives_the_plans_pdf_with_an_invitation(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    world.patient_b.user = None
    page = client.get(reverse("consultations:overview", args=[world.patient_a.pk])).content.decode()
    assert reverse("handouts:pdf", args=[world.plan_a.pk]) in page and 'id="print-handout"' in page
    response = client.post(reverse("handouts:pdf", args=[world.plan_a.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Walking" in text and "Anna A" in text and "Praxis X" in text
    assert "Bewegungsrezept" in text  # the plan's language is German
    assert 2 <= len(PdfReader(io.BytesIO(response.content)).pages) <= 5
    # patient A has an account: the QR code leads to the patient pages, no new invitation
    assert not Invitation.objects.filter(patient=world.patient_a).exists()


def test_printing_for_a_patient_without_account_issues_an_invitation(world: Any, login: Any) -> None:
    patient = world.patient_a
    patient.user = None
    patient.save()
    client = login(world.clinician_x)
    response = client.post(reverse("handouts:pdf", args=[world.plan_a.pk]))
    invitation = Invitation.objects.get(patient=patient)
    assert invitation.used_at is None
    text = _text(response.content)
    assert response.status_code == 200 and "Einladungscode" in text



def test_the_qr_link_opens_the_invitation_with_its_code(world: Any, rf: Any) -> None:
    from urllib.parse import urlparse

    from backactive.handouts.build import handout_input

    world.patient_a.user = None
    world.patient_a.save()
    request = rf.post("/")
    request.user = world.clinician_x
    data = handout_input(world.plan_a, request=request, issue_invitation=True)
    path = urlparse(data["invitation"]["url"]).path
    assert data["invitation"]["code"].replace("-", "") in path.replace("-", "")
    from django.test import Client

    assert Client().get(path).status_code == 200


def test_preview_shows_the_same_content(world: Any, login: Any) -> None:
    client = login(world.assistant_x)
    body = client.get(reverse("handouts:preview", args=[world.plan_a.pk])).content.decode()
    assert "Bewegungsrezept" in body and "Walking" in body and "Easy to start." in body
    assert client.get(reverse("handouts:pdf", args=[world.plan_a.pk])).status_code == 405


def test_the_gp_prints_in_the_patients_language_with_german_beside_on_request(world: Any, login: Any) -> None:
    """Issue 19: the GP sees the plan in the staff language and prints it in the patient's; the
    print form offers German beside for a patient who does not read German."""
    world.patient_a.language = "tr"
    world.patient_a.save()
    client = login(world.clinician_x)
    page = client.get(reverse("consultations:overview", args=[world.patient_a.pk]),
                      HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'name="bilingual"' in page and "Türkçe mit Deutsch daneben" in page
    plain = _text(client.post(reverse("handouts:pdf", args=[world.plan_a.pk])).content)
    assert "Hareket planınız" in plain and "Yürüyüş" in plain and "Was Sie sich vornehmen" not in plain
    both = _text(client.post(reverse("handouts:pdf", args=[world.plan_a.pk]), {"bilingual": "1"}).content)
    assert "Hareket planınız" in both and "Was Sie sich vornehmen" in both
    preview = client.get(reverse("handouts:preview", args=[world.plan_a.pk]) + "?bilingual=1").content.decode()
    assert 'lang="tr"' in preview and "Wie oft" in preview
    world.patient_a.language = "de"
    world.patient_a.save()
    german = client.get(reverse("consultations:overview", args=[world.patient_a.pk])).content.decode()
    assert 'name="bilingual"' not in german  # nothing to put beside a German handout
