"""Batch writes of diary entries (diary/batch.py) send no per-row save signals; these stand in."""

from django.dispatch import Signal

entries_saving = Signal()  # patient_id=...; a receiver may raise to refuse the whole batch
entries_saved = Signal()  # patient_id=..., entries=[PainEntry | ActivityEntry, ...] with their ids
# patient_id=..., sessions=[(client_id, {"felt", "exercises"}), ...]: guided exercise sessions
# that arrived with newly stored activity entries (sent on commit; a re-sent entry sends nothing)
exercise_sessions_logged = Signal()
