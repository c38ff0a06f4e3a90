"""Staff pages for FHIR, included at /interop/: API tokens (admins), import and download (staff)."""

from django.urls import path

from . import fhir_views

app_name = "interop"

urlpatterns = [
    path("fhir-tokens/", fhir_views.tokens, name="tokens"),
    path("patients/<int:patient_id>/fhir-import/", fhir_views.fhir_import, name="fhir_import"),
    path("patients/<int:patient_id>/fhir-bundle.json", fhir_views.patient_bundle, name="patient_bundle"),
]
