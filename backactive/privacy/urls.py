"""GDPR pages. The patient's own under /privacy/; the practice admin's about one patient under
/patients/<int:patient_id>/privacy/ (``patient_urls``, mounted by config/urls.py)."""

from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.my_privacy, name="my_privacy"),
    path("export.<str:fmt>", views.my_export, name="my_export"),
    path("consent/withdraw/", views.my_consent_withdraw, name="my_consent_withdraw"),
    path("erase/", views.my_erase, name="my_erase"),
]
patient_urls = [
    path("privacy/", views.patient_privacy, name="patient_privacy"),
    path("privacy/export.<str:fmt>", views.patient_export, name="patient_export"),
    path("privacy/consent/", views.patient_consent, name="patient_consent"),
    path("privacy/erase/", views.patient_erase, name="patient_erase"),
]
