from django.urls import path

from . import views

app_name = "handouts"
urlpatterns = [  # under /plans/
    path("<int:plan_id>/handout.pdf", views.handout_pdf, name="pdf"),
    path("<int:plan_id>/handout/", views.handout_preview, name="preview"),
]
