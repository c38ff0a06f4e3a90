from django.urls import path

from . import views

app_name = "reminders"
urlpatterns: list = []
root_urls = [  # subscribed to by the patient's calendar: never moves
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
