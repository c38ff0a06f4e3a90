from django.urls import path

from . import otp_views, views

app_name = "security"
urlpatterns = [  # under /security/
    path("me/access/", views.my_access, name="my_access"),
    path("sessions/", views.my_sessions, name="sessions"),
    path("sessions/<int:session_id>/end/", views.end_session, name="end_session"),
    path("password/", views.password_change, name="password_change"),
    path("two-step/", otp_views.otp_verify, name="otp_verify"),
    path("two-step/setup/", otp_views.otp_setup, name="otp_setup"),
    path("staff/<int:user_id>/two-step/reset/", otp_views.otp_reset, name="otp_reset"),
    path("staff/<int:user_id>/two-step/enrolment/", otp_views.otp_enrolment, name="otp_enrolment"),
]
patient_urls = [  # under /patients/<int:patient_id>/
    path("access/", views.patient_access, name="patient_access"),
]
