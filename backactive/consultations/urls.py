from django.urls import path

from . import plan_views, views

app_name = "consultations"
urlpatterns = [
    path("patients/<int:patient_id>/consultations/new/", views.consultation_create_view, name="create"),
    path("patients/<int:patient_id>/plans/", views.plan_history, name="plans"),
    path("consultations/<int:consultation_id>/", views.consultation_detail, name="detail"),
    path("consultations/<int:consultation_id>/suggestions/", plan_views.suggestions, name="suggestions"),
    path("consultations/<int:consultation_id>/plan/", plan_views.plan_create, name="plan_create"),
]
