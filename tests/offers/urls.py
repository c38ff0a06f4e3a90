"""The project's URLs plus the offers pages, until config/urls.py includes them."""

from django.urls import include, path

from config.urls import urlpatterns as project_urls

urlpatterns = [*project_urls]
if not any(getattr(p, "namespace", None) == "offers" for p in project_urls):
    urlpatterns.append(path("offers/", include("backactive.offers.urls")))
