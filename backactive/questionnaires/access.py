"""Which stored questionnaires a user may see: those of their practice's patients (staff).
Built on ``accounts.access``: anything else is a 404, audited."""

from __future__ import annotations

from backactive.accounts.access import denied, viewed
from backactive.accounts.models import User

from .models import Response


def get_response_for_user(user: User, patient_id: int, response_id: int) -> Response:
    if not user.is_practice_staff or not 0 < patient_id < 2**63:  # no id is that large (SQLite cannot even ask)
        raise denied(user, "questionnaires.response", response_id)
    try:
        response = Response.objects.select_related("patient").get(
            pk=response_id, patient_id=patient_id, patient__practice_id=user.practice_id or 0
        )
    except Response.DoesNotExist:
        raise denied(user, "questionnaires.response", response_id) from None
    viewed(user, response.patient_id, response)
    return response
