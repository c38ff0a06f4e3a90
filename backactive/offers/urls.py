from django.urls import path

from . import views

app_name = "offers"
urlpatterns = [
    path("", views.offer_list, name="list"),
    path("<int:offer_id>/edit/", views.offer_edit, name="edit"),
    path("<int:offer_id>/hide/", views.offer_hide, name="hide"),
    path("<int:offer_id>/checked/", views.offer_checked, name="checked"),
    path("imports/", views.import_list, name="imports"),
    path("imports/new/", views.import_upload, name="import_upload"),
    path("imports/<int:run_id>/", views.import_detail, name="import_detail"),
]
