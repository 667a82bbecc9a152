"""The PostgreSQL cache backend used when no Redis is configured (gvalley.dbcache)."""

import threading
import time

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from gvalley import dbcache
from gvalley.dbcache import PostgresCache

TABLE = "test_pg_cache"
CACHES = {"default": {"BACKEND": "gvalley.dbcache.PostgresCache", "LOCATION": TABLE}}


@pytest.fixture
def pg_cache(transactional_db):
    """A PostgresCache on a table of its own, written outside any transaction, as a request does."""
    with override_settings(CACHES=CACHES):
        call_command("createcachetable", verbosity=0)
    yield PostgresCache(TABLE, {"OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 2}})
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {TABLE}")


def rows():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def test_set_get_and_overwrite(pg_cache):
    pg_cache.set("page", {"html": "<p>보안</p>"}, 60)
    assert pg_cache.get("page") == {"html": "<p>보안</p>"}
    pg_cache.set("page", "새 값", 60)
    assert pg_cache.get("page") == "새 값"
    assert rows() == 1
    # Django's own backend reads what this one wrote.
    assert DatabaseCache(TABLE, {}).get("page") == "새 값"


def test_add_keeps_a_live_entry_and_replaces_an_expired_one(pg_cache):
    assert pg_cache.add("version", 1, 60) is True
    assert pg_cache.add("version", 2, 60) is False
    assert pg_cache.get("version") == 1
    pg_cache.set("short", "old", 1)
    time.sleep(2.1)  # expiry is kept to the second, as Django keeps it
    assert pg_cache.get("short") is None
    assert pg_cache.add("short", "new", 60) is True
    assert pg_cache.get("short") == "new"


def test_get_many_returns_the_live_entries_only_and_reads_djangos_rows(pg_cache):
    DatabaseCache(TABLE, {}).set("written-by-django", ["한", "글"], 60)
    pg_cache.set("live", 1, 60)
    pg_cache.set("forever", 2, None)
    pg_cache.set("gone", 3, 60)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET expires = now() - interval '1 second' WHERE cache_key LIKE %s",
            ["%gone"],
        )
    keys = ["written-by-django", "live", "forever", "gone", "never-set"]
    with CaptureQueriesContext(connection) as queries:
        found = pg_cache.get_many(keys)
    assert found == {"written-by-django": ["한", "글"], "live": 1, "forever": 2}
    assert len(queries) == 1
    assert pg_cache.get_many([]) == {}


def test_no_timeout_and_incr(pg_cache):
    pg_cache.set("content-version", 41, None)
    assert pg_cache.incr("content-version") == 42
    assert pg_cache.get("content-version") == 42


def test_the_table_is_culled_past_max_entries(pg_cache):
    for k in range(dbcache.CULL_EVERY):
        pg_cache.set(f"key-{k}", k, 60)
    # The count on the last of those writes found 49 > 5 entries and culled them as Django
    # does (half of them by key order), before the write itself.
    assert rows() < dbcache.CULL_EVERY
    assert pg_cache.get(f"key-{dbcache.CULL_EVERY - 1}") == dbcache.CULL_EVERY - 1


def test_a_write_outside_a_transaction_leaves_the_connection_settings_alone(pg_cache):
    pg_cache.set("page", "x", 60)
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"


@pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning")
def test_a_failed_write_inside_a_transaction_does_not_break_it(pg_cache):
    from django.contrib.sites.models import Site

    with transaction.atomic():
        # A key longer than the column: the database refuses it.
        assert pg_cache.set("k" * 300, "value", 60) is None
        assert pg_cache.add("k" * 300, "value", 60) is False
        Site.objects.update_or_create(pk=1, defaults={"name": "still writable"})
        pg_cache.set("inside", "kept", 60)
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"  # the data's commit still waits for the disk
    assert Site.objects.get(pk=1).name == "still writable"
    assert pg_cache.get("inside") == "kept"


def test_the_page_cache_through_this_backend(pg_cache, client):
    from django.contrib.sites.models import Site

    from gvalley.cache import forget_shared_data

    with override_settings(CACHES=CACHES):
        forget_shared_data()
        first = client.get("/")
        assert first["X-Page-Cache"] == "miss"
        with CaptureQueriesContext(connection) as queries:
            again = client.get("/")
        assert again["X-Page-Cache"] == "hit"
        assert len(queries) == 1  # the version and the page in one read
        assert again.content == first.content
        assert again["Content-Type"] == first["Content-Type"]
        Site.objects.update_or_create(pk=1, defaults={"name": "changed"})
        assert client.get("/")["X-Page-Cache"] == "miss"
    forget_shared_data()


def test_two_caches_on_one_connection_read_their_own_tables(pg_cache):
    """The read is prepared once per connection and table: another table's statement is never
    reused, and a new connection prepares it again."""
    other_table = "test_pg_cache_other"
    with override_settings(
        CACHES={"default": {"BACKEND": "gvalley.dbcache.PostgresCache", "LOCATION": other_table}}
    ):
        call_command("createcachetable", verbosity=0)
    other = PostgresCache(other_table, {})
    try:
        pg_cache.set("key", "첫째 표", 60)
        other.set("key", "둘째 표", 60)
        for _ in range(2):
            assert pg_cache.get("key") == "첫째 표"
            assert other.get("key") == "둘째 표"
            connection.close()  # the next read is on a new connection
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {other_table}")


def test_the_first_read_of_a_new_connection_prepares_the_statement(pg_cache):
    """A worker's first request reads the cache before anything else has connected."""
    pg_cache.set("key", "새 연결", 60)
    found = []

    def read_in_a_new_thread():  # a thread of its own has its own, unconnected, connection
        try:
            found.append(PostgresCache(TABLE, {}).get("key"))
        finally:
            connection.close()

    worker = threading.Thread(target=read_in_a_new_thread)
    worker.start()
    worker.join()
    assert found == ["새 연결"]
