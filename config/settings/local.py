"""Local demo settings: DEBUG on, embedded SQLite unless DATABASE_URL says otherwise."""

import os

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: F403
