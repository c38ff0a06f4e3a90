"""What consultations announce to the rest of the system. Sent after the transaction commits,
so receivers (the GDT result file, later reminders) never see a write that was rolled back."""

from django.dispatch import Signal

consultation_recorded = Signal()  # sender=Consultation, consultation=...
plan_saved = Signal()  # sender=Plan, plan=...
