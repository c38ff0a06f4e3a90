"""FHIR R4: the read-only API, API tokens, staff import and download, the research export.
The pure R4B core (builders, Observation import reader, terminology) is ``r4b/``."""
