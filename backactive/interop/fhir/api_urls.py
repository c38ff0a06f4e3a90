"""The FHIR API, included at /fhir/ (see api.py)."""

from django.urls import path

from . import api

app_name = "fhir"

urlpatterns = [
    path("metadata", api.metadata, name="metadata"),
    path("Patient/<str:patient_id>", api.patient_read, name="patient_read"),
    path("Observation", api.observation_search, name="observation_search"),
    path("CarePlan", api.careplan_search, name="careplan_search"),
]
