"""The FHIR API at /fhir/: ``rest`` (CapabilityStatement, read, search), ``bulk`` (Bulk Data
export), ``smart`` (the token endpoint of SMART Backend Services); ``http`` and ``auth`` are what
every endpoint goes through."""
