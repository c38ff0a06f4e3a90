from django.urls import path

from . import gdt_views

app_name = "gdt"
urlpatterns = [
    path("launch/", gdt_views.launch_poll, name="launch"),
    path("settings/", gdt_views.gdt_settings, name="settings"),
]
