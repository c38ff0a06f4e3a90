from django.urls import path

from . import views

app_name = "ops"
# Addresses for load balancers and monitoring; they never move.
root_urls = [
    path("ready/", views.ready, name="ready"),
    path("metrics", views.metrics_view, name="metrics"),
]
