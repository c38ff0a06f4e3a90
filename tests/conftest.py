"""Shared fixtures. Browser tests need DJANGO_ALLOW_ASYNC_UNSAFE because Playwright's sync API
runs an event loop in the test thread while the test also touches the ORM."""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
