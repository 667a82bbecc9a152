"""The search is index-backed for two-syllable queries: EXPLAIN shows the GIN index."""

import json

import pytest
from django.db import connection

from companies.generate import bulk_insert
from companies.models import Company
from companies.search import weighted_query

pytestmark = pytest.mark.django_db


def plan_of(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return json.dumps(plan if not isinstance(plan, str) else json.loads(plan), ensure_ascii=False)


def test_two_syllable_search_uses_the_gin_index_on_a_real_sized_table():
    bulk_insert(5000, start=0, prefix="8", slug_prefix="explain", seed=3)
    for i, name in enumerate(["하늘드론", "드론웍스", "가온드론랩"]):
        Company.objects.create(
            name=name, slug=f"drone-{i}", business_number=f"22081625{i}7"[:10], status="approved"
        )
    with connection.cursor() as cursor:
        # Rows of earlier tests in this database, rolled back but not yet vacuumed, stay in the
        # table and in the index's pending list. Past 30,000 rows ANALYZE samples at random, so
        # the estimates (and the plan) could change from run to run: merge the pending list, as
        # autovacuum does on a live table, and read every row for the statistics.
        cursor.execute("SELECT gin_clean_pending_list('company_search_gin'::regclass)")
        cursor.execute("SET LOCAL default_statistics_target = 1000")
        cursor.execute("ANALYZE companies_company")
    assert Company.objects.count() >= 5000
    searched = Company.objects.listed().search("드론")
    for queryset in (searched.order_by("name", "pk")[:20], searched.order_by().values("pk")):
        plan = plan_of(queryset)
        assert "company_search_gin" in plan, plan
        assert '"Node Type": "Seq Scan"' not in plan, plan
    # The relevance tiers look up the name's marked bigrams in the same index.
    tier = Company.objects.listed().filter(search_vector=weighted_query("드론", "name"))
    assert "company_search_gin" in plan_of(tier.order_by().values("pk"))
    # A common word (a tenth of all rows) pages in name order without reading the table.
    common = Company.objects.listed().search("보안").order_by("name", "pk")[:20]
    assert '"Node Type": "Seq Scan"' not in plan_of(common)


def test_gin_index_is_used_even_for_a_tiny_table_when_seq_scans_are_off():
    Company.objects.create(
        name="한빛보안", slug="hb", business_number="2208162517", status="approved"
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Without rows, the status b-tree looks as cheap as anything: leave only the GIN path.
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = plan_of(Company.objects.search("보안").order_by().values("pk"))
    assert "company_search_gin" in plan
