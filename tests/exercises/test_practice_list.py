"""The practice's own list: an admin switches library exercises off and adds the practice's own
(title, instructions, dose, a checked picture); its items pass the same exclusions as the built-in
ones and flow into suggestions, the plan, the patient's plan page and the handout."""

from __future__ import annotations

import datetime as dt
import re
import struct
import zlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backactive.consultations.models import PlanItem
from backactive.consultations.plans import plan_suggestions
from backactive.consultations.services import consultation_create
from backactive.exercises.models import LibraryItemOff, PracticeExercise
from backactive.handouts.build import handout_input
from backactive.handouts.context import handout_context
from backactive.handouts.preview import svg_data_uri
from backactive.handouts.render import render_handout
from backactive.recommendations.knowledge import load_knowledge
from tests.handouts.helpers import pdf_pages


def _png(width: int = 4, height: int = 3) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x00\x80\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
FORM = {"title": "Wand-Liegestütz", "instructions": "Hände an die Wand, Arme beugen und strecken.", "sets": "2",
        "reps": "10", "rest_seconds": "30", "impact": "low", "position": "standing", "components": ["strength"],
        "needs": ["standing"]}


def _consultation(world: Any, **extra: Any) -> Any:
    data = {"date": dt.date.today(), "pain_now": 4, "pain_average": 4, "days_per_week": 2, "minutes_per_day": 20,
            "barriers": ["time"], "social": "alone", "settings": ["home"], "max_minutes_per_session": 30} | extra
    return consultation_create(patient=world.patient_a, clinician=world.clinician_x, data=data)


def _add(world: Any, **fields: Any) -> PracticeExercise:
    data = {"sets": 2, "reps": 10, "rest_seconds": 30, "impact": "low", "position": "standing",
            "components": ["strength"], "needs": ["standing"], "title": "Wand-Liegestütz",
            "instructions": "Hände an die Wand, Arme beugen und strecken."} | fields
    return PracticeExercise.objects.create(practice=world.practice_x, **data)


def _codes(consultation: Any) -> list[str]:
    """What the GP can choose: the ranked items and the practice's further exercises."""
    plan = plan_suggestions(consultation=consultation, lang="de")
    return [i["code"] for i in plan["items"] + plan["practice_exercises"]]


def test_the_admin_adds_an_exercise_with_a_checked_picture(world: Any, login: Any) -> None:
    client = login(world.admin_x)
    url = reverse("exercises:practice")
    bad = client.post(url, FORM | {"picture": SimpleUploadedFile("x.png", b"GIF89a....", "image/png")}, **EN)
    assert "PNG or JPEG" in bad.content.decode() and not PracticeExercise.objects.exists()
    big = client.post(url, FORM | {"picture": SimpleUploadedFile("x.png", _png() + b"\x00" * 300_000, "image/png")},
                      **EN)
    assert "300 KB" in big.content.decode() and not PracticeExercise.objects.exists()
    no_dose = client.post(url, FORM | {"reps": ""}, **EN)
    assert "repetitions" in no_dose.content.decode() and not PracticeExercise.objects.exists()
    response = client.post(url, FORM | {"picture": SimpleUploadedFile("wall.jpg", _png(), "image/jpeg")})
    assert response.status_code == 302
    exercise = PracticeExercise.objects.get(practice=world.practice_x)
    assert exercise.picture_type == "image/png"  # by its bytes, not by what the browser said
    assert (exercise.sets, exercise.reps, exercise.position, exercise.components) == (2, 10, "standing", ["strength"])
    assert "Wand-Liegestütz" in client.get(url).content.decode()


def test_the_add_form_sent_twice_adds_one_exercise(world: Any, login: Any) -> None:
    client = login(world.admin_x)
    url = reverse("exercises:practice")
    token = re.search(r'name="form_token" value="([0-9a-f-]{36})"', client.get(url).content.decode())
    assert token
    sent = [client.post(url, FORM | {"form_token": token.group(1)}) for _ in range(2)]
    assert [r.status_code for r in sent] == [302, 302] and sent[1]["Location"] == sent[0]["Location"]
    assert PracticeExercise.objects.filter(practice=world.practice_x).count() == 1


def test_a_switched_off_library_exercise_is_not_suggested_to_the_practice(world: Any, login: Any) -> None:
    consultation = _consultation(world)
    exercise = next(c for c in _codes(consultation) if load_knowledge().items.get(c, None)
                    and load_knowledge().items[c].kind == "exercise")
    client = login(world.admin_x)
    assert client.post(reverse("exercises:practice_switch"), {"code": exercise, "off": "1"}).status_code == 302
    assert LibraryItemOff.objects.filter(practice=world.practice_x, code=exercise).exists()
    assert exercise not in _codes(consultation)
    refused = client.post(reverse("exercises:practice_switch"), {"code": "walking", "off": "1"}, **EN)
    assert "home exercises can be switched off" in refused.content.decode()  # activities stay
    client.post(reverse("exercises:practice_switch"), {"code": exercise, "off": "0"})
    assert exercise in _codes(consultation)


def test_practice_items_pass_the_same_exclusions(world: Any) -> None:
    lying = _add(world, title="Beine anwinkeln", position="supine", needs=["floor"], components=["flexibility"])
    strength = _add(world, contraindications=["osteoporosis"])
    assert {lying.code, strength.code} <= set(_codes(_consultation(world)))
    assert lying.code not in _codes(_consultation(world, conditions=["pregnancy"]))  # lying on the back
    assert strength.code not in _codes(_consultation(world, conditions=["osteoporosis"]))
    strength.active = False
    strength.save()
    assert strength.code not in _codes(_consultation(world))


def test_another_practice_cannot_switch_this_practices_items(world: Any, login: Any) -> None:
    exercise = _add(world)
    from backactive.accounts.models import Role
    from tests.conftest import make_user

    admin_y = make_user(world.practice_y, "admin_y", Role.ADMIN)
    page = login(admin_y).post(reverse("exercises:practice_switch"), {"code": exercise.code, "off": "1"})
    assert page.status_code == 200 and PracticeExercise.objects.get(pk=exercise.pk).active


def test_a_practice_item_flows_into_plan_patient_page_and_handout(world: Any, login: Any, rf: Any) -> None:
    exercise = _add(world, picture=_png(), picture_type="image/png")
    consultation = _consultation(world)
    gp = login(world.clinician_x)
    form = gp.get(reverse("consultations:suggestions", args=[consultation.pk])).content.decode()
    assert f'value="{exercise.code}"' in form and "Wand-Liegestütz" in form
    response = gp.post(reverse("consultations:plan_create", args=[consultation.pk]), {"chosen": [exercise.code]})
    assert response.status_code == 302
    item = PlanItem.objects.get(plan__patient=world.patient_a, plan__version=2, code=exercise.code)
    plan = item.plan
    assert item.kind == "exercise" and item.level is None and item.minutes == 2

    page = login(world.patient_a_user).get(reverse("me:plan"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Hände an die Wand, Arme beugen und strecken." in page
    assert "2 Durchgänge, 10 Wiederholungen" in page and 'src="data:image/png;base64,' in page

    request = rf.get("/")
    request.user = world.clinician_x
    context = handout_context(handout_input(plan, request=request, issue_invitation=False))
    printed = next(e for e in context["exercises"] if e["code"] == exercise.code)
    assert printed["steps"] == ["Hände an die Wand, Arme beugen und strecken."]
    assert "2 Durchgänge, 10 Wiederholungen" in printed["line"]
    svg = printed["drawing_svg"]
    assert '<image href="data:image/png;base64,' in svg and 'viewBox="0 0 4 3"' in svg
    assert render_handout(handout_input(plan, request=request, issue_invitation=False)).startswith(b"%PDF")

    # The GP's print button: the PDF and its preview carry the item, its dose and its picture.
    gp = login(world.clinician_x)  # the one test client was the patient's just now
    pdf = gp.post(reverse("handouts:pdf", args=[plan.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(pdf_pages(pdf.content))
    assert "Wand-Liegestütz" in text and "Hände an die Wand, Arme beugen und strecken." in text
    assert "2 Durchgänge, 10 Wiederholungen" in text
    preview = gp.get(reverse("handouts:preview", args=[plan.pk])).content.decode()
    assert "Hände an die Wand, Arme beugen und strecken." in preview and svg_data_uri(svg) in preview
