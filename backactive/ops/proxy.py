"""The client's address behind a TLS proxy. The proxy connects from a trusted address
(``FORWARDED_ALLOW_IPS``, gunicorn's own setting) and appends the client's address to
``X-Forwarded-For``; only then does the rightmost entry of that header replace ``REMOTE_ADDR``,
which the audit trail records. A client talking to the server directly cannot forge it."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(spec: str) -> list[Network] | None:
    """``*`` trusts every peer (None); otherwise a comma-separated list of addresses or networks."""
    items = [item.strip() for item in spec.split(",") if item.strip()]
    if "*" in items:
        return None
    return [ipaddress.ip_network(item, strict=False) for item in items]


def _trusted(peer: str, networks: list[Network] | None) -> bool:
    if networks is None:
        return True
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False  # a UNIX socket: no address to trust
    return any(address in network for network in networks)


def _rightmost(header: str) -> str | None:
    candidate = header.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


class TrustedProxy:
    def __init__(self, app: WSGIApp, spec: str) -> None:
        self.app = app
        self.networks = trusted_networks(spec)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        forwarded = environ.get("HTTP_X_FORWARDED_FOR")
        if forwarded and _trusted(str(environ.get("REMOTE_ADDR", "")), self.networks):
            client = _rightmost(forwarded)
            if client is not None:
                environ["REMOTE_ADDR"] = client
        return self.app(environ, start_response)
