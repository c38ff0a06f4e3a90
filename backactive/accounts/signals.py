"""Sent by the access helpers; the audit trail (security/receivers.py) records both, so access
checks need not know the audit trail."""

from django.dispatch import Signal

# user, object_type, object_id: a user asked for something they may not see (answered with 404).
access_denied = Signal()
# user, patient_id, obj: a user was shown an object of a patient's record.
record_viewed = Signal()
