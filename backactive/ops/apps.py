from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running BackActive for real: the production server (``backactive serve``), readiness and
    metrics endpoints, the JSON request log, warming a worker before its first request, and
    routing read-only work to a replica."""

    name = "backactive.ops"
    label = "ops"
