from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    path("patients/<int:patient_id>/access/", views.patient_access, name="patient_access"),
    path("me/access/", views.my_access, name="my_access"),
    path("sessions/", views.my_sessions, name="sessions"),
    path("sessions/<int:session_id>/end/", views.end_session, name="end_session"),
    path("password/", views.password_change, name="password_change"),
]
