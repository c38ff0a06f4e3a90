"""The emergency banner on every GP page (issue 12, item 6): open alerts of the GP's practice."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from backactive.accounts.models import Role

from .models import EmergencyAlert


def emergency_alerts(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(user, "role", "") != Role.CLINICIAN:
        return {}
    alerts = (EmergencyAlert.objects.filter(practice_id=user.practice_id, acknowledged_at__isnull=True)
              .select_related("patient", "raised_by"))
    return {"emergency_alerts": alerts}
