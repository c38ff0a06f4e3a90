from django.urls import path

from . import views

app_name = "reminders"
urlpatterns = [
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
