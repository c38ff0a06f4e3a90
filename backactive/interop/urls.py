"""One namespace for the app, one folder per protocol: names start with ``fhir_`` or ``gdt_``."""

from django.urls import include, path

from .fhir import urls as fhir
from .gdt import urls as gdt

app_name = "interop"
urlpatterns = [  # under /interop/
    path("fhir/", include(fhir.staff_urls)),
    path("gdt/", include(gdt.staff_urls)),
]
patient_urls = [  # under /patients/<int:patient_id>/
    path("fhir/", include(fhir.patient_urls)),
]
root_urls = [
    path("fhir/", include(fhir.api_urls)),
]
