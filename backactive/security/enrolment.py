"""Enrolment codes for the second factor: issued by a practice admin (with a new staff account or
after resetting a lost authenticator), shown once, handed over in person, used once, valid for
7 days. A staff member without an authenticator sets one up only with such a code, so whoever
first logs in with the password cannot bind the account to their own phone. A reset is audited
and the staff member is told by e-mail, so an admin cannot take an account over silently."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.models import User
from backactive.core.throttle import throttle_fail, throttle_key, throttle_locked_until, throttle_reset

from . import audit
from .models import AuditAction, EnrolmentCode

VALID_FOR = dt.timedelta(days=7)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
TRIES = 5


def _normalize(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def _hash(code: str) -> str:
    return hashlib.sha256(_normalize(code).encode()).hexdigest()


def enrolment_code_issue(*, user: User, issued_by: User | None) -> str:
    """A new code for ``user`` (earlier unused ones stop working); returns it for showing once."""
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True).delete()
    code = "".join(secrets.choice(ALPHABET) for _ in range(12))
    now = timezone.now()
    EnrolmentCode.objects.create(
        user=user, code_hash=_hash(code), issued_by_id=issued_by.pk if issued_by else None, issued_at=now,
        expires_at=now + VALID_FOR,
    )  # fmt: skip
    audit.record(AuditAction.CHANGE, user=issued_by, object_type="otp_enrolment_code", object_id=user.pk)
    return "-".join(code[i : i + 4] for i in range(0, 12, 4))


def _key(user: User) -> str:
    return throttle_key("otp-enrolment", str(user.pk))


def enrolment_paused(*, user: User) -> bool:
    return throttle_locked_until(key=_key(user)) is not None


def enrolment_code_redeem(*, user: User, code: str) -> bool:
    """True (and the code used up) if ``code`` is the user's valid code. Five wrong codes pause
    further tries for a while."""
    if enrolment_paused(user=user):
        return False
    match = EnrolmentCode.objects.filter(
        user=user, code_hash=_hash(code), used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    if match is None:
        throttle_fail(key=_key(user), limit=TRIES, delay=lambda n: dt.timedelta(minutes=15 * n), window=VALID_FOR)
        return False
    match.used_at = timezone.now()
    match.save(update_fields=["used_at"])
    throttle_reset(key=_key(user))
    return True


def notify_reset(*, member: User, admin: User) -> None:
    """Tell the staff member that their two-step login was reset, and by whom."""
    if not member.email:
        return
    body = _(
        "Your two-step login for BackActive was reset by %(admin)s on %(when)s. You will set up your "
        "authenticator again with the enrolment code the practice gives you.\n\nIf you did not ask for "
        "this, please tell the practice at once."
    ) % {"admin": admin.display(), "when": timezone.localtime().strftime("%d.%m.%Y %H:%M")}
    send_mail(_("BackActive: your two-step login was reset"), body, None, [member.email], fail_silently=True)
