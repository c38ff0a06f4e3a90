from django.urls import path

from . import views

app_name = "gdt"
urlpatterns = [
    path("launch/", views.launch_poll, name="launch"),
    path("settings/", views.gdt_settings, name="settings"),
]
