"""Names of the GDT record types and fields we read and write, in German and English.

Pure data. The German names follow the wording of the GDT specification (QMS e.V.) closely
enough that a practice's IT person recognises them; the English ones are ours.
"""

from __future__ import annotations

from typing import Final, NamedTuple


class Name(NamedTuple):
    de: str
    en: str


RECORD_TYPES: Final[dict[str, Name]] = {
    "6300": Name("Stammdaten anfordern", "request patient master data"),
    "6301": Name("Stammdaten übermitteln", "send patient master data"),
    "6302": Name("Neue Untersuchung anfordern", "request a new examination"),
    "6303": Name("Untersuchungsanforderung (GDT 3)", "examination request (GDT 3)"),
    "6310": Name("Daten einer Untersuchung übermitteln", "send examination results"),
    "6311": Name("Daten einer Untersuchung zeigen", "show examination results"),
}

FIELDS: Final[dict[str, Name]] = {
    "8000": Name("Satzart", "record type"),
    "8001": Name("Satzende (GDT 3)", "end of record (GDT 3)"),
    "8002": Name("Objekt-Anfang (GDT 3)", "object start (GDT 3)"),
    "8003": Name("Objekt-Ende (GDT 3)", "object end (GDT 3)"),
    "8100": Name("Satzlänge", "record length"),
    "8315": Name("GDT-ID des Empfängers", "receiver's GDT ID"),
    "8316": Name("GDT-ID des Senders", "sender's GDT ID"),
    "9206": Name("Verwendeter Zeichensatz", "character set"),
    "9218": Name("Version GDT", "GDT version"),
    "3000": Name("Patientennummer", "patient number"),
    "3101": Name("Name des Patienten", "surname"),
    "3102": Name("Vorname des Patienten", "first name"),
    "3103": Name("Geburtsdatum", "date of birth"),
    "3104": Name("Titel des Patienten", "title"),
    "3105": Name("Versichertennummer", "insurance number"),
    "3106": Name("Wohnort", "postcode and town"),
    "3107": Name("Straße", "street"),
    "3108": Name("Versichertenart", "insurance type"),
    "3110": Name("Geschlecht", "sex"),
    "3622": Name("Größe", "height"),
    "3623": Name("Gewicht", "weight"),
    "4104": Name("Abrechnungs-VKNR", "billing insurance office number"),
    "4111": Name("Krankenkassennummer (IK)", "health insurer id"),
    "4112": Name("Versichertenstatus", "insurance status"),
    "4121": Name("Gebührenordnung", "fee schedule"),
    "6200": Name("Tag der Erhebung", "date of the examination"),
    "6201": Name("Uhrzeit der Erhebung", "time of the examination"),
    "6220": Name("Befund", "findings"),
    "6227": Name("Kommentar", "comment"),
    "6228": Name("Ergebnistabellentext", "result text line"),
    "6302": Name("Dateiarchivierungskennung", "file archive id"),
    "6303": Name("Dateiformat", "file format"),
    "6304": Name("Dateiinhalt", "file content"),
    "6305": Name("Verweis auf Datei", "file reference"),
    "8402": Name("Geräte- und verfahrensspezifisches Kennfeld", "device and procedure code"),
    "8410": Name("Test-Ident", "test id"),
    "8411": Name("Testbezeichnung", "test name"),
    "8418": Name("Teststatus", "test status"),
    "8420": Name("Ergebnis-Wert", "result value"),
    "8421": Name("Einheit", "unit"),
    "8432": Name("Abnahmedatum", "date taken"),
    "8439": Name("Abnahmezeit", "time taken"),
    "8470": Name("Testbezogene Hinweise", "notes on the test"),
    "8480": Name("Ergebnistext", "result text"),
}


def field_name(field_id: str) -> Name:
    return FIELDS.get(field_id, Name("", ""))
