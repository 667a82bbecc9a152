"""Sessions (gvalley.sessions): read with the content version in one round trip, and otherwise
Django's cached_db sessions as a visitor knows them."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from gvalley.cache import forget_shared_data

TABLE = "session_test_cache"


@pytest.fixture
def database_cache(transactional_db):
    """The database cache of production, on a table of its own."""
    settings = {"default": {"BACKEND": "gvalley.dbcache.PostgresCache", "LOCATION": TABLE}}
    with override_settings(CACHES=settings):
        call_command("createcachetable", verbosity=0)
        forget_shared_data()
        yield caches["default"]
        forget_shared_data()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {TABLE}")


def cache_reads(queries):
    return [query["sql"] for query in queries if "gvalley_cache_read" in query["sql"]]


def test_a_signed_in_page_reads_the_session_and_the_content_version_at_once(
    database_cache, resident
):
    client = Client()
    client.force_login(resident)
    client.get("/companies/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/companies/")
    assert page.status_code == 200 and "내 계정" in page.content.decode()
    reads = cache_reads(queries)
    assert len(reads) == 1, reads
    assert "sessions" in reads[0] and "content-version" in reads[0]


def test_a_session_the_cache_lost_is_read_from_the_database(database_cache, resident):
    client = Client()
    client.force_login(resident)
    database_cache.clear()
    page = client.get("/companies/")
    assert "내 계정" in page.content.decode()  # still signed in


def test_a_forged_or_unknown_session_cookie_is_a_visitor_not_signed_in(database_cache):
    for value in ("x" * 32, "%EC%A7%A7", "'; DROP TABLE x; --", ""):
        client = Client()
        client.cookies["sessionid"] = value
        page = client.get("/companies/")
        assert page.status_code == 200 and "로그인" in page.content.decode()


def test_signing_out_ends_the_session(database_cache, resident):
    client = Client()
    client.force_login(resident)
    client.post("/accounts/logout/")
    page = client.get("/companies/")
    assert "내 계정" not in page.content.decode()
