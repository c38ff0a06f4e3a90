from django.urls import path

from . import views

app_name = "questionnaires"
urlpatterns: list = []
patient_urls = [  # under /patients/<int:patient_id>/
    path("questionnaires/new/<str:instrument_code>/", views.response_new, name="new"),
    path("questionnaires/responses/<int:response_id>/", views.response_detail, name="response"),
    path("questionnaires/responses/<int:response_id>/correct/", views.response_correct, name="correct"),
    path("questionnaires/responses/<int:response_id>/seen/", views.alert_seen, name="seen"),
]
