from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("patients/<int:patient_id>/consultations/new/", views.consultation_create_view, name="create"),
    path("consultations/<int:consultation_id>/", views.consultation_detail, name="detail"),
]
