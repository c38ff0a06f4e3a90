"""Reads of patient records."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Patient


def patient_search(queryset: QuerySet[Patient], query: str) -> QuerySet[Patient]:
    query = query.strip()
    if not query:
        return queryset
    return queryset.filter(display_name__icontains=query) | queryset.filter(pvs_number=query)
