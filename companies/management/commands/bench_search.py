"""Measure how directory search cost grows: median search time at 15,000 and 150,000 companies.

    python manage.py bench_search                       # sizes 15000,150000
    python manage.py bench_search --sizes 15000,150000 --runs 5

Inside one transaction that is rolled back at the end (the database is left as it was), the
listed companies are topped up with generated rows to each size; the table is ANALYZEd and the
GIN pending list flushed; then a set of realistic two-syllable queries is run exactly as the list
page runs them (result count + first page with its related rows). Reported per size: the median
over the queries of each query's best-of-N wall time, the median server execution time from EXPLAIN ANALYZE of the same SQL,
and how the plans read the table (GIN, name-ordered b-tree, or a sequential scan stopped by a
LIMIT). Passes when the 150k median search time is below twice the 15k one and no plan reads
the whole table. The SQL-only ratio is printed too: counting stops at companies.search.CAP results, so the
work per search levels off once a word matches that many companies.
"""

import json
import statistics
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.core.paginator import Paginator
from django.db import connection, transaction

from companies.filters import CompanyFilter
from companies.generate import bulk_insert
from companies.importing import clean_search_index
from companies.models import Company
from companies.search import CAP

QUERIES = [
    "보안",
    "로봇",
    "광학",
    "패션",
    "물류",
    "정밀",
    "반도",
    "통신",
    "의료",
    "교육",
    "게임",
    "조명",
    "클라",
    "회계",
    "드론",
    "전자",
]
PAGE_SIZE = 20
# The stricter target of the performance issue (#23): 10× the companies cost at most 1.6× the
# time, and every plan is index-backed (not even a sequential scan stopped by a LIMIT).
STRICT_RATIO = 1.6


class Rollback(Exception):
    pass


def vacuum():
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE companies_company")


def run_search(query):
    """Run the search as the list page does (count, first page, related rows)."""
    filterset = CompanyFilter({"q": query}, queryset=Company.objects.listed().for_cards())
    filterset.is_valid()
    page = Paginator(filterset.results(), PAGE_SIZE).page(1)
    list(page.object_list)
    return page.paginator.count


def explain(query):
    """Return the summed server time of the search's SQL and how its plans read the table."""
    statements = []

    def keep(execute, sql, params, many, context):
        # Kept as they run (Django's execute_wrapper), not read back from the query log: that
        # log holds 9,000 queries, and a capture of a full one (a long `make bench`) sees none.
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        run_search(query)
    total, scans = 0.0, Counter()
    with connection.cursor() as cursor:
        for sql, params in statements:
            if not sql.startswith(("SELECT", "WITH")) or "companies_company" not in sql:
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            if isinstance(plan, str):
                plan = json.loads(plan)
            total += plan[0]["Execution Time"]
            _count_scans(plan[0]["Plan"], scans)
    return total, scans


def _count_scans(node, scans, limited=False):
    """Count how plans read companies_company: GIN, b-tree in name order, or a stopped seq scan."""
    kind = node.get("Node Type")
    limited = limited or kind == "Limit"
    if kind == "Bitmap Index Scan" and node.get("Index Name") == "company_search_gin":
        scans["GIN"] += 1
    elif kind == "Index Scan" and node.get("Index Name") == "company_status_name_idx":
        scans["b-tree"] += 1
    elif kind == "Seq Scan" and node.get("Relation Name") == "companies_company":
        scans["seq (LIMIT)" if limited else "SEQ (full)"] += 1
    for child in node.get("Plans", []):
        _count_scans(child, scans, limited)


class Command(BaseCommand):
    help = "Median directory search time at 15,000 and 150,000 companies (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="15000,150000")
        parser.add_argument("--runs", type=int, default=5, help="Timed runs per query.")

    def handle(self, *args, sizes, runs, **options):
        sizes = sorted(int(s) for s in sizes.split(","))
        results = {}
        vacuum()  # measure a table without dead rows left by earlier runs
        try:
            with transaction.atomic():
                for size in sizes:
                    results[size] = self.measure(size, runs)
                raise Rollback
        except Rollback:
            pass
        vacuum()  # the rolled-back rows are dead tuples now: clean them up
        self.stdout.write("")
        self.stdout.write(
            f"{'companies':>10} {'median search ms':>17} {'median SQL ms':>14}  plans reading the table"
        )
        for size, (wall, sql, scans, _counted) in results.items():
            plans = ", ".join(f"{k} {v}" for k, v in sorted(scans.items()))
            self.stdout.write(f"{size:>10,} {wall:>17.2f} {sql:>14.2f}  {plans}")
        self.stdout.write(
            f"(queries: {', '.join(QUERIES)}; results counted per query, capped at {CAP:,}: "
            f"{', '.join(f'{n:,.0f}' for *_, n in results.values())})"
        )
        if len(sizes) >= 2:
            first, last = results[sizes[0]], results[sizes[-1]]
            wall_ratio = last[0] / first[0] if first[0] else float("inf")
            sql_ratio = last[1] / first[1] if first[1] else float("inf")
            ok = wall_ratio < 2 and not last[2].get("SEQ (full)")
            verdict = self.style.SUCCESS("PASS") if ok else self.style.ERROR("FAIL")
            self.stdout.write(
                f"{sizes[-1]:,} vs {sizes[0]:,} companies: median search time {wall_ratio:.2f}× "
                f"({'<' if wall_ratio < 2 else '≥'} 2× for 10× the rows) {verdict}; "
                f"server-side SQL alone {sql_ratio:.2f}×"
            )
            seq = sum(n for kind, n in last[2].items() if kind.lower().startswith("seq"))
            strict = wall_ratio <= STRICT_RATIO and not seq
            self.stdout.write(
                f"stricter target (≤ {STRICT_RATIO}× and every plan index-backed): "
                f"{wall_ratio:.3f}×, {seq} of {sum(last[2].values())} plans reading the table "
                f"sequentially: {'met' if strict else 'MISSED'}"
            )
            if not ok:
                raise CommandError("Search cost grew 2× or more.")

    def measure(self, size, runs):
        listed = Company.objects.listed().count()
        if listed < size:
            self.stdout.write(f"Generating {size - listed:,} companies (rolled back at the end)…")
            start = Company.objects.filter(slug__startswith="bench-").count()
            bulk_insert(
                size - listed, start=start, prefix="5", slug_prefix="bench", seed=11, batch=5000
            )
        clean_search_index()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE companies_company")
            cursor.execute("ANALYZE companies_company_certifications")
        for query in QUERIES:  # warm the caches once
            run_search(query)
        # Per query, the best of the runs (other work on the machine only ever adds time);
        # then the median over the queries.
        walls, sqls, matches, scans = {}, {}, [], Counter()
        for _run in range(runs):
            for query in QUERIES:
                started = time.perf_counter()
                matches.append(run_search(query))
                elapsed = (time.perf_counter() - started) * 1000
                walls[query] = min(walls.get(query, elapsed), elapsed)
        for _run in range(runs):
            for query in QUERIES:
                execution, used = explain(query)
                sqls[query] = min(sqls.get(query, execution), execution)
                if _run == 0:
                    scans.update(used)
        walls, sqls = list(walls.values()), list(sqls.values())
        self.stdout.write(
            f"{size:,}: median {statistics.median(walls):.2f} ms over {len(walls)} queries "
            f"(best of {runs} runs each)"
        )
        return statistics.median(walls), statistics.median(sqls), scans, statistics.mean(matches)
