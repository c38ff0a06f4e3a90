"""The FHIR API, included at /fhir/ (see fhir_api)."""

from django.urls import path

from . import fhir_api

app_name = "fhir"

urlpatterns = [
    path("metadata", fhir_api.metadata, name="metadata"),
    path("Patient/<str:patient_id>", fhir_api.patient_read, name="patient_read"),
    path("Observation", fhir_api.observation_search, name="observation_search"),
    path("CarePlan", fhir_api.careplan_search, name="careplan_search"),
]
