from django.urls import path

from . import me_views

app_name = "me"
urlpatterns = [
    path("", me_views.today, name="today"),
]
