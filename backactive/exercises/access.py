"""Who may change the practice's own list: its admins, for their own practice only."""

from __future__ import annotations

from backactive.accounts.access import get_practice_for_user
from backactive.accounts.models import Practice, User


def get_practice_for_admin(user: User) -> Practice:
    """The admin's own practice (``admin_view`` has already checked the role)."""
    return get_practice_for_user(user)
