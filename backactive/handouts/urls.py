from django.urls import path

from . import views

app_name = "handouts"
urlpatterns = [
    path("plans/<int:plan_id>/handout.pdf", views.handout_pdf, name="pdf"),
    path("plans/<int:plan_id>/handout/", views.handout_preview, name="preview"),
]
