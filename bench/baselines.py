"""The baselines every page of `make bench` is compared with, measured in the same run:

- the floor: a trivial view through the portal's whole middleware stack (bench/run.py);
- bare Django: one view with no middleware and no database, on gunicorn like the portal
  (bench/bare.py);
- a static file served by nginx (Debian's), started here on a free port with a generated
  configuration, as the ceiling of what this machine serves over HTTP.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NGINX_CONF = """
worker_processes {workers};
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {tmp}/www;
        location / {{ default_type text/plain; }}
    }}
}}
"""


def _wait_until_up(url, process, what):
    deadline = time.time() + 30
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} stopped at start (exit {process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{what} did not start")


def _stop(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def bare_django(port, workers):
    """Serve bench/bare.py with gunicorn (sync workers, as the portal); yield its URL."""
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    process = subprocess.Popen(
        [gunicorn, "bench.bare", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        + ["--worker-class", "sync", "--log-level", "warning"],
        cwd=ROOT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(url, process, "gunicorn (bare Django)")
        yield url
    finally:
        _stop(process)


def nginx_path():
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


@contextmanager
def _running_nginx(binary, tmp, conf, probe_url, what):
    """Run nginx with the configuration text `conf` in the folder `tmp` until the block ends."""
    path = Path(tmp, "nginx.conf")
    path.write_text(conf)
    process = subprocess.Popen(
        [binary, "-p", tmp, "-c", str(path)],
        start_new_session=True,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(probe_url, process, what)
        yield
    finally:
        _stop(process)


@contextmanager
def nginx_static(port, workers):
    """Serve a two-byte static file (the floor's body) with nginx; yield its URL, or None
    when nginx is not installed (apt-get install nginx)."""
    binary = nginx_path()
    if not binary:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp:
        # The checkout may sit in a home folder other users cannot enter; nginx's workers then
        # could not read it, so the file lives in this temporary folder.
        os.chmod(tmp, 0o755)
        Path(tmp, "www").mkdir(mode=0o755)
        Path(tmp, "www", "ok").write_text("ok")
        url = f"http://127.0.0.1:{port}/ok"
        conf = NGINX_CONF.format(workers=workers, tmp=tmp, port=port)
        with _running_nginx(binary, tmp, conf, url, "nginx"):
            yield url


FRONT_MAIN = """
worker_processes {workers};
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
    include {mime_types};
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/gvalley.conf;
}}
"""


@contextmanager
def nginx_front(port, upstream, workers):
    """Run the shipped front (gvalley/deploy/nginx.conf, as `manage.py nginx_config` renders it)
    before the app at `upstream`; yield its base URL, or None without nginx."""
    from gvalley.management.commands.nginx_config import render

    binary = nginx_path()
    if not binary:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="bench-front-") as tmp:
        os.chmod(tmp, 0o755)
        Path(tmp, "gvalley.conf").write_text(
            render(upstream, listen=f"127.0.0.1:{port}", cache_dir=f"{tmp}/cache")
        )
        # As root, the workers would run as nobody, who cannot read a checkout in a home folder
        # other users cannot enter (static files) nor write this folder (the cache).
        user = "user root;" if os.geteuid() == 0 else ""
        mime_types = "/etc/nginx/mime.types"
        conf = FRONT_MAIN.format(workers=workers, tmp=tmp, user=user, mime_types=mime_types)
        url = f"http://127.0.0.1:{port}"
        with _running_nginx(binary, tmp, conf, url + "/healthz", "nginx (front)"):
            yield url
