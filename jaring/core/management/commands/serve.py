"""`jaring serve [--host H] [--port N] [--server granian|gunicorn]`: the production server.

granian by default (its HTTP/1 and HTTP/2 handling is Rust; Python runs only the Django app),
gunicorn's gthread workers with `--server gunicorn` (JARING_SERVER=gunicorn) to compare or fall
back. Either way: several worker processes (JARING_WORKERS) of JARING_THREADS threads, DEBUG off,
static files from WhiteNoise (collected first if the manifest is missing), the same combined
access line per request on stdout (JARING_ACCESS_LOG=0 turns it off), and a graceful stop on
SIGINT/SIGTERM (workers finish their requests, at most GRACEFUL_TIMEOUT seconds).
"""

from __future__ import annotations

import base64
import binascii
import errno
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

# gunicorn's default access line (Apache combined): kept byte for byte by AccessLogger, and
# written the same way under granian by CombinedAccessLog.
COMBINED_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'
COMBINED_LINE = '%s - %s %s "%s" %s %s "%s" "%s"'
SERVERS = ("granian", "gunicorn")
# Seconds a stopping worker may take to finish its requests before it is killed.
GRACEFUL_TIMEOUT = 30
# A granian worker whose memory (RSS) stays above this many MiB is replaced by a fresh one, as
# gunicorn replaced a worker every ~50,000 requests: a guard against leaks. A Cek Bansos worker
# holds ~100-150 MiB, so a healthy one never reaches it. JARING_WORKER_MAX_RSS overrides, 0 = off.
DEFAULT_WORKER_MAX_RSS_MIB = 1024
# How often granian samples the workers' memory, and how many samples in a row must be over.
WORKER_RSS_CHECK_SECONDS = 30
WORKER_RSS_SAMPLES = 2

# What granian's WSGI environ takes from the request (or sets for it) apart from HTTP_* headers.
REQUEST_KEYS = frozenset(
    [
        "REQUEST_METHOD",
        "SCRIPT_NAME",
        "PATH_INFO",
        "QUERY_STRING",
        "CONTENT_TYPE",
        "CONTENT_LENGTH",
        "SERVER_NAME",
        "SERVER_PORT",
        "SERVER_PROTOCOL",
        "REMOTE_ADDR",
        "GATEWAY_INTERFACE",
        "SERVER_SOFTWARE",
    ]
)

WSGIApp = Callable[[dict, Callable[..., Any]], Iterable[bytes]]


def _unapplied_migrations() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _escaped(value: str) -> str:
    return value.replace('"', '\\"')


def basic_auth_user(environ: dict) -> str | None:
    """The user name of an HTTP Basic Authorization header, as gunicorn's logger reads it."""
    http_auth = environ.get("HTTP_AUTHORIZATION")
    if not http_auth or not http_auth.lower().startswith("basic"):
        return None
    auth = http_auth.split(" ", 1)
    if len(auth) != 2:
        return None
    try:
        return base64.b64decode(auth[1].strip().encode()).split(b":", 1)[0].decode()
    except (TypeError, binascii.Error, UnicodeDecodeError):
        return None


def combined_args(
    environ: dict, request_line: str, status: str | int, sent: int | None, user: str | None
) -> tuple[str, ...]:
    """The eight fields of COMBINED_LINE (the time is formatted here, at the end of the request,
    as gunicorn does)."""
    return (
        _escaped(environ.get("REMOTE_ADDR", "-")),
        _escaped(user or "-"),
        time.strftime("[%d/%b/%Y:%H:%M:%S %z]"),
        _escaped(request_line),
        str(status),
        "-" if sent is None else str(sent),
        _escaped(environ.get("HTTP_REFERER", "-")),
        _escaped(environ.get("HTTP_USER_AGENT", "-")),
    )


class AccessLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger writing the same access lines more cheaply.

    For each request gunicorn builds a dict of every request header, response header and environ
    variable and copies it escaped, whatever the format uses: 42 µs of CPU per line, against 13 µs
    here (two lines per Cek Bansos lookup: its captcha and the lookup). With the default
    (combined) format this fills in its nine fields directly; any other configured format goes
    through gunicorn's own code."""

    def access(self, resp: Any, req: Any, environ: dict, request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        if self.cfg.access_log_format != COMBINED_FORMAT:
            super().access(resp, req, environ, request_time)
            return
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        sent = getattr(resp, "sent", None)
        request_line = (
            f"{environ['REQUEST_METHOD']} {environ['RAW_URI']} {environ['SERVER_PROTOCOL']}"
        )
        try:
            self.access_log.info(
                COMBINED_LINE,
                *combined_args(environ, request_line, status, sent, self._get_user(environ)),
            )
        except Exception:
            self.exception("access log")


class CombinedAccessLog:
    """WSGI middleware writing gunicorn's combined access line for each request under granian.

    granian's own access log has no response size and another time format; this keeps one line
    format whichever server runs, so log readers and parsers need not know. granian gives no raw
    request URI, so the line shows the decoded path (PATH_INFO) and the raw query string.

    A complete (non-streaming) Django answer is handed to granian as one bytes object, which it
    writes in one call instead of iterating a Python object from Rust; the answer is closed first
    (Django's request_finished: database connections go back), as the server would do after
    writing it. A streaming answer is passed through, its bytes counted, and logged when closed."""

    def __init__(
        self, app: WSGIApp, logger: logging.Logger | None, drop: Iterable[str] = ()
    ) -> None:
        self.app, self.logger, self.drop = app, logger, tuple(drop)

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        for key in self.drop:  # see granian_application
            environ.pop(key, None)
        status: list[str] = []

        def start(code: str, headers: list, exc_info: Any = None) -> Any:
            status[:] = [code.split(None, 1)[0]]
            return start_response(code, headers, exc_info)

        answer = self.app(environ, start)
        streaming = getattr(answer, "streaming", True)
        if not streaming:
            body = answer.content  # type: ignore[attr-defined]
            answer.close()  # type: ignore[attr-defined]
            self.log(environ, status, len(body))
            return [body]
        return _Counted(answer, lambda sent: self.log(environ, status, sent))

    def log(self, environ: dict, status: list[str], sent: int) -> None:
        if self.logger is None:
            return
        query = environ.get("QUERY_STRING")
        path = environ.get("PATH_INFO", "")
        request_line = (
            f"{environ.get('REQUEST_METHOD', '-')} {f'{path}?{query}' if query else path} "
            f"{environ.get('SERVER_PROTOCOL', '-')}"
        )
        user = basic_auth_user(environ)
        code = status[0] if status else "-"
        try:
            line = COMBINED_LINE % combined_args(environ, request_line, code, sent, user)
            handlers = self.logger.handlers
            if (
                len(handlers) == 1
                and type(handlers[0]) is PlainLines
                and not handlers[0].filters
                and handlers[0].level <= logging.INFO
                and not self.logger.filters
                and self.logger.isEnabledFor(logging.INFO)
            ):
                handlers[0].write_line(line)  # what logger.info would write, without a record
            else:
                self.logger.info(line)
        except Exception:
            self.logger.exception("access log")


class _Counted:
    """A streaming answer's iterable that counts what is sent and reports it on close()."""

    def __init__(self, inner: Iterable[bytes], done: Callable[[int], None]) -> None:
        self.inner, self.done, self.sent = inner, done, 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.inner:
            self.sent += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            if hasattr(self.inner, "close"):
                self.inner.close()
        finally:
            self.done(self.sent)


class PlainLines(logging.StreamHandler):  # type: ignore[type-arg]
    """The access log's handler: each message as it is, one line, on its stream.

    CombinedAccessLog hands a line to `write_line` directly while this is the logger's only
    handler (no filters): logging's record, caller look-up and formatting were two thirds of
    the line's CPU (7.9 → 2.7 µs in process, two lines per Cek Bansos lookup). A handler or
    filter added by configuration gets the line through `logger.info` as before."""

    def __init__(self, stream: Any = None) -> None:
        super().__init__(stream)
        self.setFormatter(logging.Formatter("%(message)s"))

    def write_line(self, line: str) -> None:
        """What emit() writes for a record whose message is `line` (under the handler's lock,
        flushed)."""
        with self.lock:  # type: ignore[union-attr]
            self.stream.write(line + self.terminator)
            self.stream.flush()


def access_logger() -> logging.Logger:
    """`jaring.access`: plain lines on stdout, not through the root logger's format."""
    logger = logging.getLogger("jaring.access")
    if not logger.handlers:
        logger.addHandler(PlainLines(sys.stdout))
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger


def granian_application(target: str) -> WSGIApp:
    """Loads the WSGI app in a granian worker (a module-level function: granian may spawn
    workers rather than fork them, and must then pickle it). Under fork the app was already
    built by the parent (preloaded, as gunicorn's preload_app), so this is a lookup."""
    from importlib import import_module

    module, name = target.split(":")
    app = getattr(import_module(module), name)
    # granian starts every request's environ from a copy of the process environment, so
    # request.META would carry DATABASE_URL and the like, and a variable such as HTTP_PROXY
    # would read as a request header (httpoxy). They are dropped; the keys granian sets from
    # the request itself are kept.
    drop = [key for key in os.environ if key not in REQUEST_KEYS]
    return CombinedAccessLog(app, access_logger() if access_log_enabled() else None, drop)


def access_log_enabled() -> bool:
    return os.environ.get("JARING_ACCESS_LOG", "1") != "0"


# Defaults measured on 2 cores (docs/BENCHMARKS.md, "cek bansos, granian against gunicorn"):
# granian did best with one worker per core of 8 threads (its HTTP work runs in Rust, off the
# GIL, so more processes only add contention); gunicorn's pure-Python HTTP layer needs more.
DEFAULT_THREADS = {"granian": 8, "gunicorn": 4}


def env_int(name: str, default: int | None, minimum: int = 1) -> int | None:
    """An integer setting from the environment, refused in Indonesian when it is not one."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise CommandError(f"{name}={raw!r} tidak sah: harus bilangan bulat.") from None
    if value < minimum:
        raise CommandError(f"{name}={value} tidak sah: paling kecil {minimum}.")
    return value


def default_threads(server: str) -> int:
    return env_int("JARING_THREADS", DEFAULT_THREADS[server]) or DEFAULT_THREADS[server]


def default_workers(server: str) -> int:
    if env := env_int("JARING_WORKERS", None):
        return env
    cores = os.cpu_count() or 1
    if server == "granian":
        return min(max(2, cores), 8)  # never fewer than two: one busy worker must not stall all
    return min(2 * cores + 1, 8)


def worker_max_rss() -> int | None:
    """MiB above which granian replaces a worker, or None when JARING_WORKER_MAX_RSS=0."""
    return env_int("JARING_WORKER_MAX_RSS", DEFAULT_WORKER_MAX_RSS_MIB, minimum=0) or None


def refuse_port_in_use(host: str, port: int) -> None:
    """Fails at once, in Indonesian, when another program already listens on host:port.

    granian's workers each bind the port themselves (SO_REUSEPORT) and would otherwise die one
    after another with a Rust error; SO_REUSEADDR lets this probe ignore connections of an
    earlier run still in TIME_WAIT, so only a live listener refuses it."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise CommandError(f"Alamat {host!r} tidak dikenal.") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise CommandError(
                    f"Port {port} di {host} sudah dipakai program lain: hentikan program itu"
                    " atau pilih port lain dengan --port."
                ) from None
            raise CommandError(f"Tidak bisa memakai {host}:{port}: {error.strerror}.") from None


def when_accepting(
    host: str, port: int, then: Callable[[], None], stop: threading.Event, every: float = 0.05
) -> threading.Thread:
    """Calls `then` once a connection to host:port succeeds, from a daemon thread.

    granian's startup hook runs before its workers exist, and each worker binds and listens on
    the port itself, so "ready" is only true once the port accepts. The probe connects and
    closes without sending a request (no access line, no Django work)."""
    target = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)

    def wait() -> None:
        while not stop.is_set():
            try:
                with socket.create_connection((target, port), timeout=1):
                    break
            except OSError:
                stop.wait(every)
        else:
            return
        then()

    thread = threading.Thread(target=wait, name="jaring-ready", daemon=True)
    thread.start()
    return thread


class JaringServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()


class GranianServer:
    """granian's multi-process server, started from this process (embedded, not its CLI).

    Built lazily so that `--server gunicorn` works without granian's import."""

    def __init__(
        self,
        host: str,
        port: int,
        workers: int,
        threads: int,
        ready: Callable[[], None],
        max_rss: int | None,
        rss_check: int,
    ) -> None:
        from granian.constants import Interfaces
        from granian.log import LogLevels
        from granian.server import Server

        class _Server(Server):  # type: ignore[misc, valid-type]
            def signal_handler_interrupt(self, signum: int = 0, *args: Any) -> None:
                # gunicorn says which signal stopped it; granian does not.
                logging.getLogger("_granian").info(
                    "Handling signal: %s", signal.Signals(signum).name[3:].lower()
                )
                super().signal_handler_interrupt(signum, *args)

        self.server = _Server(
            "jaring.wsgi:application",
            address=host,
            port=port,
            interface=Interfaces.WSGI,
            websockets=False,  # WSGI has none; granian would say so at every start
            workers=workers,
            # Python threads per worker: requests beyond them wait in granian's (Rust) queue.
            blocking_threads=threads,
            # Connections a worker holds open at once (a keep-alive connection keeps its place
            # while idle): at `threads`, 200 citizens' connections waited for 8 places and
            # timed out; granian's default, backlog ÷ workers, is kept.
            backpressure=None,
            # Each thread keeps its database connection (CONN_MAX_AGE): don't let idle threads
            # (and their connections) go after granian's default 30 s.
            blocking_threads_idle_timeout=600,
            log_level=LogLevels.info,
            log_access=False,  # CombinedAccessLog writes gunicorn's line instead
            respawn_failed_workers=True,  # as gunicorn's arbiter does
            workers_kill_timeout=GRACEFUL_TIMEOUT,
            # Recycling by memory, not by request count (granian counts none): the new worker
            # starts before the old one is stopped. Without the net.ipv4.tcp_migrate_req sysctl
            # the old worker's queued connections are reset, as granian warns at start.
            workers_max_rss=max_rss,
            rss_sample_interval=rss_check,
            rss_samples=WORKER_RSS_SAMPLES,
        )
        self.stopping = threading.Event()
        # The startup hook runs once the main process has set up, before any worker listens.
        self.server.on_startup(lambda: when_accepting(host, port, ready, self.stopping))
        self.server.on_shutdown(self.stopping.set)
        # granian warns at every start when threads exceed 2 × cores + 1; 8 per worker is the
        # measured choice (DEFAULT_THREADS), so the warning would only mislead an operator.
        logging.getLogger("_granian").addFilter(
            lambda record: not record.getMessage().startswith("Configuration allows spawning")
        )

    def run(self) -> None:
        try:
            self.server.serve(target_loader=granian_application)
        finally:
            self.stopping.set()


class Command(BaseCommand):
    help = (
        "Menjalankan server produksi Jaring (granian atau gunicorn, beberapa worker, DEBUG mati)."
    )
    requires_system_checks = []  # checked below, with DEBUG forced off

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=None, help="bawaan: PORT atau 8000")
        parser.add_argument("--workers", type=int, default=None)
        parser.add_argument(
            "--server",
            choices=SERVERS,
            default=os.environ.get("JARING_SERVER") or SERVERS[0],
            help="server HTTP: granian (bawaan) atau gunicorn (pembanding/cadangan)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Settings first, so that a mistyped one fails before anything is started or written.
        server = options["server"]
        if server not in SERVERS:  # argparse checks --server, not its default from JARING_SERVER
            raise CommandError(
                f"Server {server!r} tidak dikenal (JARING_SERVER): pilih {' atau '.join(SERVERS)}."
            )
        workers = options["workers"] or default_workers(server)
        threads = default_threads(server)
        max_rss = worker_max_rss()
        rss_check = env_int("JARING_WORKER_RSS_CHECK", WORKER_RSS_CHECK_SECONDS)
        host = options["host"]
        port = options["port"] or env_int("PORT", 8000, minimum=0)
        if not 0 < port < 65536:
            raise CommandError(f"Port {port} tidak sah.")
        if settings.DEBUG:
            self.stderr.write(
                "JARING_DEBUG=1 diabaikan: server produksi selalu berjalan DEBUG mati."
            )
            settings.DEBUG = False
        # A worker that is spawned rather than forked reads the settings again.
        os.environ["JARING_DEBUG"] = "0"
        self.check(display_num_errors=False)
        if _unapplied_migrations():
            raise CommandError("Basis data belum siap: jalankan dulu `jaring setup`.")
        manifest = settings.STATIC_ROOT / "staticfiles.json"
        if not manifest.exists() and os.environ.get("JARING_PLAIN_STATIC") != "1":
            self.stdout.write("Mengumpulkan berkas statis (pertama kali) …")
            call_command("collectstatic", verbosity=0, interactive=False)
        refuse_port_in_use(host, port)
        url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
        connections.close_all()  # never share a database connection across forked workers

        def announce() -> None:
            print(f"Jaring berjalan di {url}  (Ctrl+C untuk berhenti)", flush=True)

        if server == "granian":
            import jaring.wsgi  # noqa: F401  (preloaded: forked workers share the built app)

            connections.close_all()

            def ready() -> None:  # a worker accepts connections
                logging.getLogger("_granian").info(
                    "Jaring siap di %s (granian, %d worker × %d thread). Ctrl+C untuk berhenti.",
                    url,
                    workers,
                    threads,
                )
                announce()

            GranianServer(host, port, workers, threads, ready, max_rss, rss_check).run()
            return

        def when_ready(server: Any) -> None:
            server.log.info("Jaring siap di %s (%d worker). Ctrl+C untuk berhenti.", url, workers)
            announce()

        JaringServer(
            {
                "bind": f"{host}:{port}",
                "workers": workers,
                "worker_class": "gthread",
                "threads": threads,
                "preload_app": True,
                "timeout": 120,  # exports of a large kabupaten take a while
                "graceful_timeout": GRACEFUL_TIMEOUT,
                "keepalive": 5,
                # Recycling guards against leaks; at 2,000 a worker restarted every few seconds
                # under a disbursement week's Cek Bansos load (losing its caches each time).
                "max_requests": 50000,
                "max_requests_jitter": 5000,
                "accesslog": "-" if access_log_enabled() else None,
                "logger_class": AccessLogger,
                "errorlog": "-",
                "loglevel": "info",
                "proc_name": "jaring",
                "when_ready": when_ready,
            }
        ).run()
