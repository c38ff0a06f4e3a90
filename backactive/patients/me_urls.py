"""Kept as the include target of config/urls.py; the patient pages live in ``patients/me/``."""

from .me.urls import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
