from django.urls import path

from . import invitation_views

app_name = "invitations"
urlpatterns = [
    path("patients/<int:patient_id>/invitation/", invitation_views.invitation_create, name="create"),
    path("invitation/", invitation_views.invitation_start, name="start"),
    path("invitation/<str:code>/", invitation_views.invitation_accept, name="accept"),
]
