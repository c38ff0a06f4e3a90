"""One JSON object per log line, and the request log: one line per request with the route
pattern (``patients/<int:patient_id>/``), never the path, and nothing about the person (no user,
no address, no query string): collectors may keep logs longer and show them to more people than
the audit trail."""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

request_logger = logging.getLogger("backactive.request")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and key != "request":
                line[key] = value
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


def log_request(*, method: str, route: str, view: str, status: int, ms: float) -> None:
    request_logger.info(
        "request", extra={"method": method, "route": route, "view": view, "status": status, "ms": ms}
    )
