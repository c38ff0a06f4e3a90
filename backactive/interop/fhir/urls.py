"""FHIR's addresses, gathered into the interop namespace by ``interop/urls.py``."""

from django.urls import path, re_path

from . import views
from .api import bulk, rest
from .r4b.search import SEARCHES
from .smart import views as smart

staff_urls = [  # under /interop/fhir/
    path("tokens/", views.tokens, name="fhir_tokens"),
    path("clients/", smart.clients, name="fhir_smart_clients"),
]
patient_urls = [  # under /patients/<int:patient_id>/fhir/
    path("import/", views.fhir_import, name="fhir_import"),
    path("bundle.json", views.patient_bundle, name="fhir_bundle"),
]
api_urls = [  # the API base /fhir/, configured in other systems: never moves
    path("metadata", rest.metadata, name="fhir_metadata"),
    path("auth/token", smart.token, name="fhir_smart_token"),
    path(".well-known/smart-configuration", smart.configuration, name="fhir_smart_configuration"),
    path("Patient/$export", bulk.patient_export, name="fhir_patient_export"),
    path("Group/<str:group_id>/$export", bulk.group_export, name="fhir_group_export"),
    path("bulk/<uuid:export_id>", bulk.status, name="fhir_bulk_status"),
    path("bulk/<uuid:export_id>/<str:file_id>", bulk.output_file, name="fhir_bulk_file"),
    *(path(t, rest.search, {"resource_type": t}, name=f"fhir_{t.lower()}_search") for t in SEARCHES),
    *(path(f"{t}/<str:resource_id>", rest.read, {"resource_type": t}, name=f"fhir_{t.lower()}_read") for t in SEARCHES),
    # Anything else under /fhir/ is an OperationOutcome, never Django's HTML page.
    re_path(r"^.*$", rest.unknown, name="fhir_unknown"),
]
