from django.urls import path

from . import views

app_name = "exercises"
urlpatterns = [
    path("practice/", views.practice_list, name="practice"),
    path("practice/switch/", views.practice_switch, name="practice_switch"),
]
