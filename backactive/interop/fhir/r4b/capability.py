"""The CapabilityStatement, written from the same table the API searches with (``SEARCHES``),
so it lists exactly what is supported. Pure Python."""

from __future__ import annotations

from typing import Any, Final

from .search import SEARCHES

BULK_DATA: Final = "http://hl7.org/fhir/uv/bulkdata"
SMART_SERVICE: Final = "http://terminology.hl7.org/CodeSystem/restful-security-service"
OAUTH_URIS: Final = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"
# Result parameters every search takes, said in each type's documentation (a CapabilityStatement
# has no element for them).
RESULT_DOC: Final = (
    "Pages: _count (default 100, at most 1000) with next/previous links; _summary=count. "
    "Unsupported parameters are ignored, left out of the self link and named in an OperationOutcome "
    "entry; with 'Prefer: handling=strict' they are a 400."
)


def _resource(resource_type: str) -> dict[str, Any]:
    spec = SEARCHES[resource_type]
    resource: dict[str, Any] = {
        "type": resource_type,
        "documentation": RESULT_DOC + (f" Sort: _sort={', '.join(spec.sorts)}." if spec.sorts else ""),
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "versioning": "versioned",
        "readHistory": False,
        "conditionalRead": "full-support",
        "searchParam": [{"name": p.name, "type": p.type, "documentation": p.documentation} for p in spec.params],
    }
    if spec.includes:
        resource["searchInclude"] = list(spec.includes)
    if resource_type == "Patient":
        resource["operation"] = [{"name": "export", "definition": f"{BULK_DATA}/OperationDefinition/patient-export"}]
    return resource


def capability_statement(*, base_url: str, date: str, token_url: str) -> dict[str, Any]:
    """What the API at ``base_url`` does: read and search (JSON only), Bulk Data export of the
    patients who consented to research, behind SMART Backend Services."""
    resources = [_resource(t) for t in SEARCHES]
    resources.append(
        {
            "type": "Group",
            "documentation": "Group/{practice id}: the practice's patients who consented to research; export only.",
            "operation": [{"name": "export", "definition": f"{BULK_DATA}/OperationDefinition/group-export"}],
        }
    )
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": date,
        "publisher": "BackActive",
        "kind": "instance",
        "instantiates": [f"{BULK_DATA}/CapabilityStatement/bulk-data"],
        "software": {"name": "BackActive"},
        "implementation": {"description": "BackActive FHIR API (read-only)", "url": base_url},
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json", "json"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "extension": [{"url": OAUTH_URIS, "extension": [{"url": "token", "valueUri": token_url}]}],
                    "service": [{"coding": [{"system": SMART_SERVICE, "code": "SMART-on-FHIR"}]}],
                    "description": (
                        "Read and search: 'Authorization: Bearer <token>' with an API token issued by the practice "
                        "admin. Bulk Data export: SMART Backend Services (client_credentials with a signed JWT, "
                        "RS384 or ES384; system/*.read or system/*.rs) for a client the practice admin registered."
                    ),
                },
                "resource": resources,
            }
        ],
    }
