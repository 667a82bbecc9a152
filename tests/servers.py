"""Servers a test starts on its own ports: Redis, an embedded PostgreSQL cluster, the portal.

The fault tests stop and break these, never the shared services the rest of the suite uses:

    redis = RedisServer(tmp_path); redis.start(); …; redis.stop()
    cluster = Cluster(tmp_path / "pg"); url = cluster.start()     # gvalley.devdb's
    portal = Portal(tmp_path, database_url=url, redis_url=redis.url); portal.start()
    client = Client(portal.url); client.get("/")

redis-server comes from Debian (`apt-get install redis-server`); where it is missing the tests
that need it are skipped, unless GVALLEY_REQUIRE_SERVERS=1 (set by .ci/run) makes them fail.
"""

import http.client
import http.cookiejar
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, what, timeout=30):
    """Poll `predicate` until it returns a true value, and return that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")
        time.sleep(0.05)


def require_redis_server():
    """Return the path of redis-server, skipping (or, in CI, failing) the test without it."""
    path = shutil.which("redis-server")
    if path is None:
        message = "redis-server not found: apt-get install redis-server to run the fault tests."
        if os.environ.get("GVALLEY_REQUIRE_SERVERS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


class RedisServer:
    """A redis-server of the test's own on a free port, keeping nothing on disk."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                require_redis_server(),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, f"redis-server on port {self.port}")
        return self

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def command(self, *words):
        """Send one command; return a simple answer's line, or a bulk answer's bytes."""
        request = f"*{len(words)}\r\n" + "".join(f"${len(w.encode())}\r\n{w}\r\n" for w in words)
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
            sock.sendall(request.encode())
            data = b""
            while b"\r\n" not in data:
                data += sock.recv(65536)
            head, _, rest = data.partition(b"\r\n")
            if not head.startswith(b"$") or head == b"$-1":
                return head
            size = int(head[1:])
            while len(rest) < size + 2:
                rest += sock.recv(65536)
            return rest[:size]

    def stat(self, name):
        """Return a counter of INFO (e.g. total_connections_received)."""
        for line in self.command("INFO", "stats").decode().splitlines():
            if line.startswith(f"{name}:"):
                return int(line.split(":", 1)[1])
        raise KeyError(name)

    def pause(self):
        """Freeze the server: it still accepts connections but answers nothing (a hung Redis)."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(10)
        self.process = None


def manage(*args, env, check=True):
    """Run `manage.py` with `env` (DATABASE_URL and the settings) and return its result."""
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
    )


GUNICORN_CONFIG = """
import os

def post_fork(server, worker):
    # Each worker names its database connections, so a test can tell which worker is where.
    os.environ["PGAPPNAME"] = f"gunicorn-worker-{os.getpid()}"
"""


class Portal:
    """The portal served by gunicorn with the production settings, on a free port."""

    def __init__(self, folder, database_url, redis_url=None, workers=2, static_root=None):
        self.folder = Path(folder)
        self.static_root = Path(static_root or self.folder / "static")
        self.port = free_port()
        self.workers = workers
        self.process = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gvalley.settings.prod",
            "SECRET_KEY": "fault-tests-only-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            "SECURE_SSL_REDIRECT": "0",
            "COOKIE_SECURE": "0",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(self.static_root),
            "MEDIA_ROOT": str(self.folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.folder / "private"),
            "REDIS_RETRY_SECONDS": "1",
            "DB_CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("REDIS_URL", None)
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        self.log = self.folder / "gunicorn.log"

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        if not (self.static_root / "staticfiles.json").exists():
            manage("collectstatic", "--noinput", "-v", "0", env=self.env)
        config = self.folder / "gunicorn_conf.py"
        config.write_text(GUNICORN_CONFIG)
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "gvalley.wsgi",
                "--config",
                str(config),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
                "--graceful-timeout",
                "3",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_until(self._answers, "gunicorn to answer", timeout=60)
        wait_until(lambda: len(self.worker_pids()) == self.workers, "gunicorn's workers")
        return self

    def _answers(self):
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
        try:
            Client(self.url, timeout=5).get("/healthz")
            return True
        except OSError:
            return False

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class Client:
    """A visitor with a cookie jar, seeing statuses and redirects as they come (no following)."""

    def __init__(self, base_url, timeout=30):
        self.base_url = base_url
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)

    def set_cookie(self, name, value):
        host = urllib.parse.urlsplit(self.base_url).hostname
        self.cookies.set_cookie(
            http.cookiejar.Cookie(
                0, name, value, None, False, host, False, False, "/", True, False,
                None, False, None, None, {},
            )
        )  # fmt: skip

    def request(self, method, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, method=method)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            return Response(error.code, error.headers, error.read())

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        """POST a form with the CSRF token of the cookie (fetching a page first if needed)."""
        if self.cookie("csrftoken") is None:
            self.get("/accounts/login/")
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": self.cookie("csrftoken")})

    def sign_in(self, email, password):
        self.get("/accounts/login/")
        return self.post("/accounts/login/", {"login": email, "password": password})


# Failures a client sees when the worker serving it dies mid-request.
CONNECTION_ERRORS = (ConnectionError, http.client.RemoteDisconnected, urllib.error.URLError)
