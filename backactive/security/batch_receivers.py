"""The audit trail for batch diary writes (backactive/diary/batch.py),
which insert many rows at once and so send no per-row save signals."""

from __future__ import annotations

from typing import Any

from backactive.diary import signals

from .audit import actor_name, current
from .models import AuditAction, AuditEvent


def _saved(sender: Any, patient_id: int, entries: list[Any], **kwargs: Any) -> None:
    """One audit event per stored entry, as for single saves, written in one INSERT."""
    info = current()
    user = info.user if info is not None and getattr(info.user, "is_authenticated", False) else None
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action=AuditAction.CREATE,
            actor_id=user.pk if user is not None else None,
            actor_name=actor_name(user),
            actor_role=(getattr(user, "role", "") if user is not None else "")[:20],
            patient_id=patient_id,
            object_type=entry._meta.label_lower[:40],
            object_id=str(entry.pk)[:64],
            path=info.path if info is not None else "",
            ip=info.ip if info is not None else None,
        )
        for entry in entries
    )


signals.entries_saved.connect(_saved, dispatch_uid="security_batch_audit")
