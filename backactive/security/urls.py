from django.urls import path

from . import gdpr_views, otp_views, views

app_name = "security"
urlpatterns = [
    path("patients/<int:patient_id>/access/", views.patient_access, name="patient_access"),
    path("me/access/", views.my_access, name="my_access"),
    path("sessions/", views.my_sessions, name="sessions"),
    path("sessions/<int:session_id>/end/", views.end_session, name="end_session"),
    path("password/", views.password_change, name="password_change"),
    path("two-step/", otp_views.otp_verify, name="otp_verify"),
    path("two-step/setup/", otp_views.otp_setup, name="otp_setup"),
    path("staff/<int:user_id>/two-step/reset/", otp_views.otp_reset, name="otp_reset"),
    path("patients/<int:patient_id>/privacy/", gdpr_views.patient_privacy, name="patient_privacy"),
    path("patients/<int:patient_id>/export.<str:fmt>", gdpr_views.patient_export, name="patient_export"),
    path("patients/<int:patient_id>/consent/", gdpr_views.patient_consent, name="patient_consent"),
    path("patients/<int:patient_id>/erase/", gdpr_views.patient_erase, name="patient_erase"),
    path("me/privacy/", gdpr_views.my_privacy, name="my_privacy"),
    path("me/export.<str:fmt>", gdpr_views.my_export, name="my_export"),
    path("me/consent/withdraw/", gdpr_views.my_consent_withdraw, name="my_consent_withdraw"),
    path("me/erase/", gdpr_views.my_erase, name="my_erase"),
]
