from django.urls import path

from . import invitation_views, views

app_name = "patients"
urlpatterns = [  # under /patients/
    path("", views.patient_list, name="list"),
    path("new/", views.patient_create, name="create"),
]
patient_urls = [  # under /patients/<int:patient_id>/
    path("edit/", views.patient_edit, name="edit"),
    path("invitation/", invitation_views.invitation_create, name="invitation_create"),
]
root_urls = [  # printed on handouts and in QR codes: these addresses never move
    path("invitation/", invitation_views.invitation_start, name="invitation_start"),
    path("invitation/<str:code>/", invitation_views.invitation_accept, name="invitation_accept"),
]
