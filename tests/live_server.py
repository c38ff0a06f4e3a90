"""The live server of the browser tests, one request at a time when its threads share a connection.

On SQLite the test database lives in memory, so Django's live server hands its request threads
the test thread's one connection (``connections_override``). Two requests at once then share a
connection: a page view's statement could land inside another request's ``BEGIN IMMEDIATE``
(CI, stop 25: the service worker sent the queued entry while ``/me/`` was loading, the page
view's ``PRAGMA synchronous`` met that transaction and the page answered 500). In the product
every server thread has a connection of its own, so the test server serialises requests, not
the code. On PostgreSQL nothing is shared and requests stay concurrent as in production.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.core.servers.basehttp import ThreadedWSGIServer

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class _Held:
    """The response's bytes, with the lock held until the server closes the response (wsgiref
    closes it after the last byte and when the client went away mid-response)."""

    def __init__(self, result: Iterable[bytes], lock: threading.Lock) -> None:
        self._result = result
        self._lock = lock
        self._released = False

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._result)

    def close(self) -> None:
        try:
            close = getattr(self._result, "close", None)
            if close is not None:
                close()
        finally:
            if not self._released:
                self._released = True
                self._lock.release()


def one_at_a_time(application: WSGIApp) -> WSGIApp:
    """``application`` answering one request at a time, from the call to the response's close."""
    lock = threading.Lock()

    def serialised(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        lock.acquire()
        try:
            result = application(environ, start_response)
        except BaseException:
            lock.release()
            raise
        return _Held(result, lock)

    serialised.__wrapped__ = application  # type: ignore[attr-defined]
    return serialised


class SharedConnectionServer(ThreadedWSGIServer):
    """Django's threaded test server; requests take turns while its threads share connections."""

    def set_app(self, application: WSGIApp) -> None:
        super().set_app(one_at_a_time(application) if self.connections_override else application)
