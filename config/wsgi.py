"""The WSGI entry point. Without DJANGO_SETTINGS_MODULE it serves the production settings, which
refuse to start without SECRET_KEY: a deployment that forgets the variable never runs with DEBUG
on and the development key."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
