"""The bench's own instruments: the round-trip count it prints beside each page, and the
comparison with the previous run."""

import json

import pytest
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.history import print_changes
from bench.trips import counting

pytestmark = pytest.mark.django_db


def test_round_trips_count_every_statement_and_each_cache_call(resident_client):
    resident_client.get("/events/")  # first-hit work
    with CaptureQueriesContext(connection) as seen, counting(connection) as counts:
        assert resident_client.get("/events/").status_code == 200
    assert counts["sql"] == len(seen.captured_queries) > 0
    if isinstance(cache, DatabaseCache):
        assert counts["cache"] == 0  # cache calls are SQL statements here, counted once
    else:  # Redis (REDIS_URL): the session and the content version at least
        assert counts["cache"] >= 2


def test_round_trips_count_a_cache_call_made_outside_a_page():
    with counting(connection) as counts:
        cache.get("bench-tools-probe")
    assert counts["sql"] + counts["cache"] == 1


def _run(tmp_path, stamp, rps, **kind):
    result = {
        "scale": 1.0,
        "duration_s": 5,
        "connections": 8,
        "workers": 2,
        "repeat": 1,
        "cache": "database",
        **kind,
        "rows": [{"page": "event page", "visitor": "signed-in", "rps": rps, "ratio": rps / 3000}],
    }
    (tmp_path / f"bench-{stamp}.json").write_text(json.dumps(result))
    return result


def test_each_run_prints_its_change_against_the_previous_run_of_the_same_kind(tmp_path, capsys):
    _run(tmp_path, "20261201-100000", 400)
    _run(tmp_path, "20261202-100000", 999, scale=0.1)  # another kind: not compared
    current = _run(tmp_path, "20261203-100000", 300)
    print_changes(tmp_path, current, "bench-20261203-100000.json")
    out = capsys.readouterr().out
    assert "bench-20261201-100000.json" in out
    assert "-25.0%" in out and "0.133 → 0.100" in out


def test_the_first_run_of_its_kind_says_there_is_nothing_to_compare(tmp_path, capsys):
    current = _run(tmp_path, "20261203-100000", 300)
    print_changes(tmp_path, current, "bench-20261203-100000.json")
    assert "No earlier run" in capsys.readouterr().out


def _fill_query_log():
    """Fill the connection's query log to Django's limit (9,000), as a long bench run does."""
    entry = {"sql": "SELECT 1", "time": "0.000"}
    connection.queries_log.extend([entry] * connection.queries_log.maxlen)


def test_round_trips_are_counted_when_the_query_log_is_full():
    _fill_query_log()
    with counting(connection) as counts, connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert counts["sql"] == 1


def test_search_scaling_explains_the_searchs_plans_when_the_query_log_is_full():
    from companies.management.commands.bench_search import explain
    from tests.companies.factories import CompanyFactory

    CompanyFactory.create_batch(3, name="한빛보안솔루션", keywords="보안, 관제")
    _fill_query_log()
    server_ms, _scans = explain("보안")
    assert server_ms > 0  # the search's statements were run again under EXPLAIN ANALYZE
