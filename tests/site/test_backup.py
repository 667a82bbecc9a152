"""`manage.py backup` and `restore` (make backup / make restore): a round trip, and refusals."""

import os
import subprocess
import sys
import tarfile

import psycopg2
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from council.models import Document, Meeting
from gvalley import backup
from gvalley.storage import private_storage
from tests.council.factories import DocumentFactory, MeetingFactory
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.servers import ROOT

pytestmark = pytest.mark.django_db(transaction=True)

MINUTES = b"%PDF-1.4\n% \xed\x9a\x8c\xec\x9d\x98\xeb\xa1\x9d (minutes)\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Council documents in a folder of this test's own (restore replaces the whole folder)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    for name in ("base_location", "location"):
        private_storage.__dict__.pop(name, None)
    yield settings.PRIVATE_MEDIA_ROOT
    for name in ("base_location", "location"):
        private_storage.__dict__.pop(name, None)


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_a_backup_brings_back_the_rows_the_uploads_and_a_council_document(
    tmp_path, client_for, council_member
):
    UserFactory.create_batch(3)
    EventFactory.create_batch(2)
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    document = DocumentFactory(
        meeting=meeting,
        kind=Document.Kind.MINUTES,
        title="제7차 회의록",
        file=ContentFile(MINUTES, name="회의록.pdf"),
    )
    logo = default_storage.save("companies/logos/g.png", ContentFile(b"\x89PNG logo"))
    before = row_counts()
    archive = tmp_path / "backups" / "gvalley.tar"

    call_command("backup", "--output", str(archive), verbosity=0)

    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert {"gvalley-backup.json", "database.dump", f"media/{logo}"} <= set(names)
    assert f"private/{document.file.name}" in names
    # Then things go wrong: the document and its file are deleted, an upload lost, rows added.
    document.file.delete()
    Document.objects.all().delete()
    default_storage.delete(logo)
    UserFactory.create_batch(2)
    assert row_counts() != before

    call_command("restore", str(archive), "--yes", verbosity=0)

    assert row_counts() == before
    assert default_storage.open(logo).read() == b"\x89PNG logo"
    response = client_for(council_member).get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINUTES
    assert "attachment" in response["Content-Disposition"]


def test_a_dump_that_fails_leaves_no_file_and_says_why(tmp_path):
    UserFactory()
    archive = tmp_path / "backups" / "gvalley.tar"
    # Another session (a migration, say) holds a table: pg_dump gives up after the timeout.
    other = psycopg2.connect(
        dbname=connection.settings_dict["NAME"],
        host=connection.settings_dict["HOST"],
        port=connection.settings_dict["PORT"],
        user=connection.settings_dict["USER"],
        password=connection.settings_dict["PASSWORD"],
    )
    try:
        with other.cursor() as cursor:
            cursor.execute("LOCK TABLE gvalley_user IN ACCESS EXCLUSIVE MODE")
            with pytest.raises(CommandError) as refused:
                call_command(
                    "backup", "--output", str(archive), "--lock-wait-timeout", "1", verbosity=0
                )
    finally:
        other.rollback()
        other.close()
    assert "백업하지 못했습니다" in str(refused.value) and "Backup failed" in str(refused.value)
    assert "pg_dump" in str(refused.value)
    assert list((tmp_path / "backups").iterdir()) == []  # no archive, no partial file


def test_a_backup_does_not_overwrite_an_archive(tmp_path):
    archive = tmp_path / "gvalley.tar"
    archive.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="not overwriting"):
        call_command("backup", "--output", str(archive), verbosity=0)
    assert archive.read_bytes() == b"an older backup"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No backup file at"),
        (b"", "The backup file is empty"),
        (b"PGDMP not a tar file", "Not a G Valley portal backup"),
    ],
)
def test_restore_refuses_a_missing_empty_or_foreign_file_and_changes_nothing(
    tmp_path, content, message
):
    user = UserFactory()
    archive = tmp_path / "gvalley.tar"
    if content is not None:
        archive.write_bytes(content)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gvalley.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive), "--yes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "되돌리지 못했습니다" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert type(user).objects.filter(pk=user.pk).exists()


def test_the_client_of_the_servers_version_is_chosen():
    major = connection.pg_version // 10000
    folder = backup.client_for(major)
    result = subprocess.run([folder / "pg_dump", "--version"], capture_output=True, text=True)
    assert f"(PostgreSQL) {major}." in result.stdout
