from django.urls import path

from . import views

app_name = "diary"
urlpatterns: list = []
patient_urls = [  # under /patients/<int:patient_id>/
    path("diary/", views.diary_list, name="list"),
    path("diary/pain/", views.pain_entry_create, name="pain_create"),
    path("diary/activity/", views.activity_entry_create, name="activity_create"),
    path("diary/<str:kind>/<int:entry_id>/correct/", views.entry_correct, name="entry_correct"),
]
