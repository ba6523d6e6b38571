"""`jaring serve`'s access lines: exactly gunicorn's combined lines, more cheaply under gunicorn
(AccessLogger) and the same lines under granian (CombinedAccessLog, a WSGI middleware)."""

from __future__ import annotations

import base64
import datetime
import logging
import os
from collections.abc import Iterator

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import HttpResponse, StreamingHttpResponse
from gunicorn.config import Config
from gunicorn.glogging import Logger

from jaring.core.management.commands.serve import (
    AccessLogger,
    CombinedAccessLog,
    PlainLines,
    granian_application,
)


class _Response:
    def __init__(self, status: str, sent: int | None) -> None:
        self.status, self.sent = status, sent
        self.headers = [("Content-Type", "application/json"), ("X-Frame-Options", "DENY")]


class _Request:
    headers = [("HOST", "127.0.0.1:8000"), ("USER-AGENT", 'ua "quoted"')]


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


ENVIRONS = [
    {
        "REQUEST_METHOD": "POST",
        "RAW_URI": "/api/v1/cek-bansos/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.1.2.3",
        "HTTP_USER_AGENT": 'Mozilla/5.0 "Android"',
        "PATH_INFO": "/api/v1/cek-bansos/",
    },
    {
        "REQUEST_METHOD": "GET",
        "RAW_URI": '/cari/?q=a"b',
        "SERVER_PROTOCOL": "HTTP/1.0",
        "HTTP_REFERER": "http://127.0.0.1:8000/",
        "HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"petugas:rahasia").decode(),
    },
    {"REQUEST_METHOD": "HEAD", "RAW_URI": "/", "SERVER_PROTOCOL": "HTTP/1.1"},
]


@pytest.mark.parametrize("environ", ENVIRONS)
@pytest.mark.parametrize(("status", "sent"), [("200 OK", 1234), ("429 Too Many", None)])
def test_same_line_as_gunicorn(
    environ: dict, status: str, sent: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("time.strftime", lambda fmt, *a: "[03/Dec/2026:13:45:00 +0700]")
    config = Config()
    config.set("accesslog", "-")
    lines = _Lines()
    logging.getLogger("gunicorn.access").addHandler(lines)
    try:
        took = datetime.timedelta(microseconds=2500)
        for logger_class in (Logger, AccessLogger):
            logger_class(config).access(_Response(status, sent), _Request(), environ, took)
    finally:
        logging.getLogger("gunicorn.access").removeHandler(lines)
    gunicorns, ours = lines.lines
    assert ours == gunicorns
    assert "petugas" in ours or "HTTP_AUTHORIZATION" not in environ


def _one_request_logged(config: Config) -> list[str]:
    """The lines our access logger writes for one POST under this gunicorn configuration."""
    lines = _Lines()
    logging.getLogger("gunicorn.access").addHandler(lines)
    try:
        AccessLogger(config).access(
            _Response("200 OK", 5), _Request(), ENVIRONS[0], datetime.timedelta(0)
        )
    finally:
        logging.getLogger("gunicorn.access").removeHandler(lines)
    return lines.lines


def test_another_format_is_gunicorns() -> None:
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", "%(m)s %(U)s %(s)s %(p)s")
    [line] = _one_request_logged(config)
    assert line.startswith("POST /api/v1/cek-bansos/ 200 <")


def test_turned_off() -> None:
    config = Config()
    config.set("accesslog", None)
    assert _one_request_logged(config) == []


@pytest.fixture(autouse=True)
def _no_connection_closing() -> Iterator[None]:
    """Closing a Django answer sends request_finished, which closes stale database connections;
    here that would touch the test database, so it is disconnected as Django's test client does."""
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_finished.connect(close_old_connections)


def _granian_environ(environ: dict) -> dict:
    """What granian hands the app for the request gunicorn saw as `environ`: no RAW_URI, the
    path and the query string apart."""
    path, _, query = environ["RAW_URI"].partition("?")
    rest = {k: v for k, v in environ.items() if k != "RAW_URI"}
    return rest | {"PATH_INFO": path, "QUERY_STRING": query}


def _served(app: CombinedAccessLog, environ: dict) -> tuple[list[bytes], str]:
    started: list[str] = []
    answer = app(environ, lambda status, headers, exc_info=None: started.append(status))
    chunks = list(answer)
    if hasattr(answer, "close"):
        answer.close()
    return chunks, started[0]


@pytest.mark.parametrize("environ", ENVIRONS)
@pytest.mark.parametrize(("status", "body"), [(200, b"x" * 1234), (429, b"")])
def test_granian_lines_are_gunicorns(
    environ: dict, status: int, body: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("time.strftime", lambda fmt, *a: "[03/Dec/2026:13:45:00 +0700]")
    config = Config()
    config.set("accesslog", "-")
    lines = _Lines()
    for name in ("gunicorn.access", "jaring.access.test"):
        logging.getLogger(name).addHandler(lines)
    try:
        reason = "OK" if status == 200 else "Too Many Requests"
        Logger(config).access(
            _Response(f"{status} {reason}", len(body)), _Request(), environ, datetime.timedelta(0)
        )
        app = CombinedAccessLog(
            lambda env, start: HttpResponse(body, status=status),
            logging.getLogger("jaring.access.test"),
        )
        app.app = _django_like(app.app)
        chunks, started = _served(app, _granian_environ(environ))
    finally:
        for name in ("gunicorn.access", "jaring.access.test"):
            logging.getLogger(name).removeHandler(lines)
    gunicorns, ours = lines.lines
    assert ours == gunicorns
    assert chunks == [body] and started.startswith(str(status))


def _django_like(make: object) -> object:
    """A WSGI app that answers like Django's handler: start_response, then the response."""

    def app(environ: dict, start_response: object) -> HttpResponse:
        response = make(environ, start_response)  # type: ignore[operator]
        start_response(f"{response.status_code} {response.reason_phrase}", response.items())  # type: ignore[operator]
        return response

    return app


def test_a_whole_answer_is_closed_and_handed_over_as_bytes() -> None:
    finished: list[object] = []

    def on_finished(sender: object, **kwargs: object) -> None:
        finished.append(sender)

    request_finished.connect(on_finished, weak=False, dispatch_uid="test-access-log")
    try:
        app = CombinedAccessLog(_django_like(lambda env, start: HttpResponse(b"abc")), None)
        answer = app(_granian_environ(ENVIRONS[2]), lambda *args: None)
        assert finished  # closed before the server writes it: Django's request is over
    finally:
        request_finished.disconnect(dispatch_uid="test-access-log")
    assert answer == [b"abc"]


def test_a_streaming_answer_is_counted_and_logged_when_closed() -> None:
    lines = _Lines()
    logger = logging.getLogger("jaring.access.test")
    logger.addHandler(lines)
    try:
        app = CombinedAccessLog(
            _django_like(lambda env, start: StreamingHttpResponse(iter([b"ab", b"cde"]))), logger
        )
        answer = app(_granian_environ(ENVIRONS[0]), lambda *args: None)
        assert b"".join(answer) == b"abcde"
        assert lines.lines == []  # not before it has been sent
        answer.close()  # type: ignore[attr-defined]
    finally:
        logger.removeHandler(lines)
    [line] = lines.lines
    assert '"POST /api/v1/cek-bansos/ HTTP/1.1" 200 5 ' in line


def test_granian_turned_off() -> None:
    app = CombinedAccessLog(_django_like(lambda env, start: HttpResponse(b"abc")), None)
    assert _served(app, _granian_environ(ENVIRONS[0]))[0] == [b"abc"]


def test_granian_requests_do_not_carry_the_process_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL_TEST_SECRET", "postgresql://u:rahasia@db/x")
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.invalid:3128")  # httpoxy
    monkeypatch.setenv("SERVER_NAME", "from-the-environment")
    app = granian_application("jaring.wsgi:application")
    seen: list[dict] = []
    app.app = _django_like(lambda environ, start: seen.append(dict(environ)) or HttpResponse())
    # What granian hands over: the process environment, then the request's own keys on top.
    request = _granian_environ(ENVIRONS[0]) | {"SERVER_NAME": "127.0.0.1"}
    _served(app, dict(os.environ) | request)
    [environ] = seen
    assert "DATABASE_URL_TEST_SECRET" not in environ and "HTTP_PROXY" not in environ
    assert environ["SERVER_NAME"] == "127.0.0.1" and environ["PATH_INFO"] == "/api/v1/cek-bansos/"
    assert environ["HTTP_USER_AGENT"] == ENVIRONS[0]["HTTP_USER_AGENT"]


def test_the_plain_handler_gets_the_same_bytes_as_through_logging() -> None:
    """With access_logger()'s own handler alone the line is written directly; the bytes are the
    ones logging writes for it (a filter sends it back through logging)."""
    import io

    direct, through_logging = io.StringIO(), io.StringIO()
    logger = logging.getLogger("jaring.access.plain-test")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = PlainLines(direct)
    logger.addHandler(handler)
    try:
        app = CombinedAccessLog(_django_like(lambda env, start: HttpResponse(b"abc")), logger)
        records: list[logging.LogRecord] = []

        def not_through_logging(*args: object, **kwargs: object) -> None:
            raise AssertionError("the line went through logger.info")

        logger.info = not_through_logging  # type: ignore[method-assign]
        for environ in ENVIRONS:
            _served(app, _granian_environ(environ))
        del logger.info
        handler.setStream(through_logging)
        handler.addFilter(lambda record: records.append(record) or True)
        for environ in ENVIRONS:
            _served(app, _granian_environ(environ))
        assert len(records) == len(ENVIRONS)  # these went through logging
        logger.setLevel(logging.WARNING)
        _served(app, _granian_environ(ENVIRONS[0]))  # a level above INFO still silences it
    finally:
        logger.removeHandler(handler)
    assert direct.getvalue().count("\n") == len(ENVIRONS)

    # The time field may differ by a second between the two rounds; the rest is identical.
    def strip(text: str) -> list[str]:
        return [line.split("[", 1)[0] + line.split("]", 1)[1] for line in text.splitlines()]

    assert strip(direct.getvalue()) == strip(through_logging.getvalue())
