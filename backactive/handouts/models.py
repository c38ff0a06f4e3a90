from __future__ import annotations

from django.db import models


class PrintedHandout(models.Model):
    """The last PDF printed of a plan, kept so that printing it again costs no layout
    (handouts/print.py). One row per plan, replaced when anything on the paper changed. The PDF
    carries the patient's name, diary chart and perhaps an invitation code, so it is stored
    only sealed (``core.sealing``): the database alone cannot open it."""

    plan = models.OneToOneField("consultations.Plan", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)  # SHA-256 of everything that determines the PDF
    pdf_sealed = models.BinaryField()
    printed_at = models.DateTimeField()
