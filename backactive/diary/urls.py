from django.urls import path

from . import paper_views, views

app_name = "diary"
urlpatterns = [
    path("patients/<int:patient_id>/diary/", views.diary_list, name="list"),
    path("patients/<int:patient_id>/diary/pain/", views.pain_entry_create, name="pain_create"),
    path("patients/<int:patient_id>/diary/activity/", views.activity_entry_create, name="activity_create"),
    path("patients/<int:patient_id>/diary/paper/", paper_views.paper_week, name="paper_week"),
]
