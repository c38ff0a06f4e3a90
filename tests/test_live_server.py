"""The browser tests' live server takes turns while its threads share a connection (tests/live_server.py)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.live_server import SharedConnectionServer, one_at_a_time


class _Recorder:
    """A WSGI app that notes when each request starts and is answered, and waits when told to."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.first_inside = threading.Event()
        self.let_first_finish = threading.Event()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        name = environ["name"]
        self.events.append(f"{name} starts")
        if name == "first":
            self.first_inside.set()
            assert self.let_first_finish.wait(5)
        if name == "broken":
            raise RuntimeError("the view failed")
        start_response("200 OK", [])
        return [name.encode()]


def _answer(app: Any, name: str, recorder: _Recorder) -> None:
    result = app({"name": name}, lambda *args: None)
    body = b"".join(result)
    recorder.events.append(f"{body.decode()} answered")
    result.close()


def test_a_second_request_waits_until_the_first_response_is_closed() -> None:
    recorder = _Recorder()
    app = one_at_a_time(recorder)
    first = threading.Thread(target=_answer, args=(app, "first", recorder))
    first.start()
    assert recorder.first_inside.wait(5)
    second = threading.Thread(target=_answer, args=(app, "second", recorder))
    second.start()
    second.join(0.2)
    assert second.is_alive() and recorder.events == ["first starts"]  # waiting its turn
    recorder.let_first_finish.set()
    first.join(5)
    second.join(5)
    assert recorder.events == ["first starts", "first answered", "second starts", "second answered"]


def test_a_failing_request_lets_the_next_one_in() -> None:
    recorder = _Recorder()
    app = one_at_a_time(recorder)
    with pytest.raises(RuntimeError, match="the view failed"):
        app({"name": "broken"}, lambda *args: None)
    done = threading.Thread(target=_answer, args=(app, "after", recorder))
    done.start()
    done.join(5)
    assert not done.is_alive()
    assert recorder.events == ["broken starts", "after starts", "after answered"]


def test_closing_twice_releases_once() -> None:
    app = one_at_a_time(lambda environ, start_response: [b"x"])
    result = app({}, lambda *args: None)
    result.close()
    result.close()  # wsgiref may close again after an error; the lock is not released twice
    again = app({}, lambda *args: None)
    assert list(again) == [b"x"]
    again.close()


def test_without_shared_connections_requests_stay_concurrent() -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        return [b""]

    shared = SharedConnectionServer(("127.0.0.1", 0), None, connections_override={"default": object()})
    alone = SharedConnectionServer(("127.0.0.1", 0), None, connections_override=None)
    try:
        shared.set_app(app)
        alone.set_app(app)
        assert shared.get_app() is not app and shared.get_app().__wrapped__ is app  # serialised
        assert alone.get_app() is app  # PostgreSQL: as in production
    finally:
        shared.server_close()
        alone.server_close()


def test_the_browser_tests_live_server_shares_the_in_memory_connection_and_takes_turns(live_server: Any) -> None:
    from django.db import connections

    server = live_server.thread.httpd
    assert type(server) is SharedConnectionServer
    if connections["default"].vendor == "sqlite":
        # Started after the test database exists, so its threads share the in-memory test
        # database's connection (the one the test thread had when the server started)...
        shared = server.connections_override["default"]
        assert shared.is_in_memory_db() and shared.settings_dict["NAME"] == connections["default"].settings_dict["NAME"]
        assert hasattr(server.get_app(), "__wrapped__")  # ...and take turns with it
    else:
        assert not server.connections_override
        assert not hasattr(server.get_app(), "__wrapped__")
