from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret detail from the depths")


urlpatterns = [path("boom/", boom), path("", include("config.urls"))]
