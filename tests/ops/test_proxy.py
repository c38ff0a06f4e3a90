"""Behind the TLS proxy the audit trail records the client's address: the rightmost
X-Forwarded-For entry, taken only from a trusted proxy (FORWARDED_ALLOW_IPS)."""

from __future__ import annotations

from typing import Any

from backactive.ops.proxy import TrustedProxy


def _remote_addr(spec: str, peer: str, forwarded: str | None) -> str:
    seen: dict[str, Any] = {}

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.update(environ)
        return []

    environ = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded
    TrustedProxy(app, spec)(environ, lambda *a: None)
    return str(seen["REMOTE_ADDR"])


def test_the_proxy_s_entry_replaces_the_peer_address() -> None:
    assert _remote_addr("127.0.0.1,::1", "127.0.0.1", "203.0.113.7") == "203.0.113.7"
    # A client may send its own header; the proxy appends the real address at the end.
    assert _remote_addr("10.0.0.0/8", "10.1.2.3", "1.2.3.4, 198.51.100.9") == "198.51.100.9"
    assert _remote_addr("*", "192.0.2.1", "2001:db8::1") == "2001:db8::1"


def test_an_untrusted_peer_or_a_bad_header_changes_nothing() -> None:
    assert _remote_addr("127.0.0.1", "192.0.2.1", "203.0.113.7") == "192.0.2.1"
    assert _remote_addr("127.0.0.1", "127.0.0.1", "not-an-address") == "127.0.0.1"
    assert _remote_addr("127.0.0.1", "127.0.0.1", None) == "127.0.0.1"
