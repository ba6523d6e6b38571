"""`jaring serve`'s access logger writes exactly gunicorn's combined lines, more cheaply."""

from __future__ import annotations

import base64
import datetime
import logging

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from jaring.core.management.commands.serve import AccessLogger


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
