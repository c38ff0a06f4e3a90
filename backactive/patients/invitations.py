"""Invitations: the only way a patient gets an account. Staff create one for a patient; the
patient opens it (typing the short code or scanning the QR code), chooses a password and is in.

Codes are 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown in groups
(``ABCD-EFGH-JK``): easy to read out on the phone and to type on a small screen, about 50 bits,
enough for a single-use code that lives 14 days. Looked up by its SHA-256; the code itself is
stored only sealed (``backactive.core.sealing``), so that printing the handout again shows the same
code instead of a new one (docs/security.md, "Invitations on paper")."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

import segno
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.models import Invitation, Role, User
from backactive.core.sealing import seal, unseal

from .models import Patient

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
VALID_FOR = dt.timedelta(days=14)
# A reprint shows the open code again only while it has this long left: paper handed out today
# should not stop working in two days.
REUSE_MIN_LEFT = dt.timedelta(days=7)
SEAL_PURPOSE = "invitation-code"


@dataclass(frozen=True)
class Issued:
    invitation: Invitation
    code: str  # shown once; not stored


def normalize_code(raw: str) -> str:
    """Upper case without spaces or dashes, so ``abcd efgh jk`` and ``ABCD-EFGH-JK`` match."""
    return re.sub(r"[^A-Z0-9]", "", raw.upper())


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_hash(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def invitation_create(*, patient: Patient, created_by: User, now: dt.datetime | None = None) -> Issued:
    """A new invitation; earlier open invitations of the patient are withdrawn (one valid code)."""
    now = now or timezone.now()
    if patient.erasure_requested_at is not None:
        raise ValidationError(_("This patient asked for erasure: no new invitation can be made."))
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    with transaction.atomic():
        Invitation.objects.filter(patient=patient, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
        digest = code_hash(code)
        invitation = Invitation.objects.create(
            patient=patient, code_hash=digest, created_by=created_by, expires_at=now + VALID_FOR,
            code_sealed=seal(code.encode(), purpose=SEAL_PURPOSE, aad=digest.encode()),
        )
    return Issued(invitation, format_code(code))


def invitation_for_print(*, patient: Patient, created_by: User, new: bool = False,
                         now: dt.datetime | None = None) -> Issued:
    """The code a printed handout shows: the patient's open invitation again (so that a reprint
    does not invalidate the paper the patient already has), or a new one when ``new`` is asked
    for, when none is open, when the open one has less than ``REUSE_MIN_LEFT`` left, or when its
    code cannot be unsealed (the key changed). A new one withdraws the old (one valid code)."""
    now = now or timezone.now()
    if not new and patient.erasure_requested_at is None:
        open_ = (Invitation.objects.filter(patient=patient, used_at__isnull=True, revoked_at__isnull=True,
                                           expires_at__gt=now + REUSE_MIN_LEFT)
                 .order_by("-created_at", "-pk").first())
        if open_ is not None:
            code = unseal(open_.code_sealed, purpose=SEAL_PURPOSE, aad=open_.code_hash.encode())
            if code is not None and code_hash(code.decode()) == open_.code_hash:
                return Issued(open_, format_code(code.decode()))
    return invitation_create(patient=patient, created_by=created_by, now=now)


def invitation_for_code(code: str, *, now: dt.datetime | None = None) -> Invitation | None:
    """The open invitation with this code, or None (unknown, used, withdrawn or expired: the
    patient is told the same for all four, so a guess learns nothing)."""
    if len(normalize_code(code)) != CODE_LENGTH:
        return None
    return (
        Invitation.objects.select_related("patient", "patient__user", "patient__practice")
        .filter(
            code_hash=code_hash(code),
            used_at__isnull=True,
            revoked_at__isnull=True,
            patient__erasure_requested_at__isnull=True,
            expires_at__gt=now or timezone.now(),
        )
        .first()
    )


def suggested_username(patient: Patient) -> str:
    base = re.sub(r"[^a-z0-9]", "", patient.display_name.lower().translate(str.maketrans("äöüß", "aous"))) or "patient"
    return f"{base[:20]}{secrets.randbelow(900) + 100}"


def invitation_accept(*, code: str, username: str, password: str, email: str = "") -> User:
    """Use the invitation: create the patient's login (or set a new password on the existing one)
    and mark the invitation used, all or nothing. Raises ValidationError with field messages."""
    with transaction.atomic():
        invitation = invitation_for_code(code)
        if invitation is None:
            raise ValidationError(
                {"code": _("This invitation is not valid any more. Please ask your practice for a new one.")}
            )
        Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
        patient = invitation.patient
        user = patient.user
        if user is None:
            username = username.strip()
            if not username or not re.fullmatch(r"[\w.@+-]{3,150}", username):
                raise ValidationError({"username": _("Choose a user name of at least 3 letters or digits.")})
            if User.objects.filter(username__iexact=username).exists():
                raise ValidationError({"username": _("This user name is taken. Please choose another one.")})
            user = User(
                username=username, role=Role.PATIENT, practice=patient.practice, first_name=patient.display_name[:150]
            )
        if email:
            user.email = email
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password1": exc.messages}) from None
        user.set_password(password)
        user.is_active = True
        user.save()
        if patient.user_id != user.pk:
            Patient.objects.filter(pk=patient.pk).update(user=user)
        updated = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(used_at=timezone.now())
        if updated != 1:
            raise ValidationError(
                {"code": _("This invitation is not valid any more. Please ask your practice for a new one.")}
            )
    return user


def qr_svg(url: str) -> str:
    """The invitation link as an inline SVG QR code (drawn here, nothing fetched from elsewhere)."""
    return str(segno.make(url, error="m").svg_inline(scale=5, title=_("QR code of the invitation link")))
