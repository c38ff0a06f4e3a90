"""Staff create, edit and find patients."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from backactive.patients.models import Patient


def test_staff_create_edit_and_search_patients(world: Any, login: Any) -> None:
    client = login(world.assistant_x)
    response = client.post(reverse("patients:create"), {"display_name": "Carla C", "year_of_birth": "1955",
                                                          "sex": "female", "pvs_number": "777",
                                                          "pain_scale": "faces", "clinician": world.clinician_x.pk})
    patient = Patient.objects.get(display_name="Carla C")
    assert response.status_code == 302 and patient.practice == world.practice_x
    dup = client.post(reverse("patients:create"), {"display_name": "Other", "sex": "male", "pvs_number": "777",
                                                    "pain_scale": "numeric"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Another patient of this practice has this number" in dup.content.decode()
    bad = client.post(reverse("patients:edit", args=[patient.pk]), {"display_name": "Carla C", "year_of_birth": "1800",
                                                                   "sex": "female", "pain_scale": "faces"},
                      HTTP_ACCEPT_LANGUAGE="en")
    assert "Enter a year between 1900" in bad.content.decode()
    found = client.get(reverse("patients:list"), {"q": "777"}).content.decode()
    assert "Carla C" in found and "Anna A" not in found
    # a GP of another practice cannot be chosen as the patient's GP
    other = client.post(reverse("patients:edit", args=[patient.pk]), {"display_name": "Carla C", "sex": "female",
                                                                     "pain_scale": "faces",
                                                                     "clinician": world.clinician_y.pk})
    assert other.status_code == 200
    patient.refresh_from_db()
    assert patient.clinician == world.clinician_x
