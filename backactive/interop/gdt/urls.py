"""GDT's staff pages, gathered into the interop namespace by ``interop/urls.py``."""

from django.urls import path

from . import views

staff_urls = [  # under /interop/gdt/
    path("launch/", views.launch_poll, name="gdt_launch"),
    path("settings/", views.gdt_settings, name="gdt_settings"),
]
