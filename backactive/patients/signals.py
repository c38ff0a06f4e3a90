"""Sent so that downstream apps can join in without patients importing them."""

from django.dispatch import Signal

# request: staff opened the patient list. A receiver may return an address to go to instead
# (interop sends the screen to a patient the practice software just launched, GDT).
patient_list_opened = Signal()
