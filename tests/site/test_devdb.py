"""The embedded PostgreSQL of `make run` and `make test` (gvalley.devdb), started for real."""

import os
from pathlib import Path

import psycopg2

from gvalley.devdb import Cluster


def answer(url):
    connection = psycopg2.connect(url.replace("postgres://", "postgresql://"))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 'G밸리'")
            return cursor.fetchone()[0]
    finally:
        connection.close()


def test_it_starts_from_a_folder_other_users_cannot_enter_and_leaves_it_closed(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o700)
    modes = {path: path.stat().st_mode for path in [locked, *locked.parents]}
    cluster = Cluster(locked / "portal" / ".data", db_name="gvalley_probe")
    try:
        url = cluster.start()
        assert answer(url) == "G밸리"
        pid = int((cluster.pgdata / "postmaster.pid").read_text().split()[0])
        ids = dict(
            line.split(":\t", 1)
            for line in Path(f"/proc/{pid}/status").read_text().splitlines()
            if ":\t" in line
        )
        if os.geteuid() == 0:
            # The server runs as the system user, in its own group only: never in root's.
            assert ids["Uid"].split()[0] == str(cluster.account.pw_uid)
            assert ids["Gid"].split() == [str(cluster.account.pw_gid)] * 4
            assert ids["Groups"].split() in ([], [str(cluster.account.pw_gid)])
        cluster.stop()
        assert not cluster.is_running()
        assert cluster.start() == url  # the same cluster and port again
        assert answer(url) == "G밸리"
    finally:
        cluster.remove()
    assert {path: path.stat().st_mode for path in modes} == modes
    assert not cluster.link.exists() and not cluster.link.is_symlink()
