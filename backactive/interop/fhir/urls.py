"""FHIR's addresses, gathered into the interop namespace by ``interop/urls.py``."""

from django.urls import path

from . import api, views

staff_urls = [  # under /interop/fhir/
    path("tokens/", views.tokens, name="fhir_tokens"),
]
patient_urls = [  # under /patients/<int:patient_id>/fhir/
    path("import/", views.fhir_import, name="fhir_import"),
    path("bundle.json", views.patient_bundle, name="fhir_bundle"),
]
api_urls = [  # the API base /fhir/, configured in other systems: never moves
    path("metadata", api.metadata, name="fhir_metadata"),
    path("Patient/<str:patient_id>", api.patient_read, name="fhir_patient_read"),
    path("Observation", api.observation_search, name="fhir_observation_search"),
    path("CarePlan", api.careplan_search, name="fhir_careplan_search"),
]
