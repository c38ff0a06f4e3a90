"""Staff pages for FHIR, included at /interop/: API tokens (admins), import and download (staff)."""

from django.urls import path

from . import views

app_name = "interop"

urlpatterns = [
    path("fhir-tokens/", views.tokens, name="tokens"),
    path("patients/<int:patient_id>/fhir-import/", views.fhir_import, name="fhir_import"),
    path("patients/<int:patient_id>/fhir-bundle.json", views.patient_bundle, name="patient_bundle"),
]
