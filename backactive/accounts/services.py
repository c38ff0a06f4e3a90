"""Writes of staff accounts (practice admins manage them). The forms validate; these store."""

from __future__ import annotations

from .forms import StaffForm
from .models import Practice, User


def staff_create(*, practice: Practice, form: StaffForm) -> User:
    """A new staff account of ``practice`` from a validated form (the password is hashed)."""
    form.instance.practice = practice
    return form.save()


def staff_update(*, form: StaffForm) -> User:
    return form.save()


def staff_deactivate(*, member: User) -> None:
    member.is_active = False
    member.save(update_fields=["is_active"])
