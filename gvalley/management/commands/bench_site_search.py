"""Measure how the site search's cost grows: median search time at the loaded data and at ×10.

    python manage.py bench_site_search                 # after load_demo --scale 1
    python manage.py bench_site_search --factor 10 --runs 5

Inside one transaction that is rolled back at the end (the database is left as it was), every
searched table is grown `factor` times: companies with generated rows (as bench_search does),
the other tables with copies of their rows (slugs and meeting numbers made unique). After ANALYZE
and flushing the GIN pending lists, a set of two-syllable queries is run as /search/ runs them for
an anonymous visitor (every section: the ranked ids and count, then the hits' rows). Reported: the
median over the queries of each query's best-of-N wall time, before and after. Passes when the
grown data's median is below twice the first one.
"""

import statistics
import time

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from gvalley import sitesearch

QUERIES = [
    "보안",
    "마라톤",
    "주차",
    "벌집",
    "순이",
    "행사",
    "로봇",
    "교육",
    "공단",
    "물류",
    "의료",
    "세미나",
]
# Tables copied to grow them (companies are generated instead), with what keeps copies unique.
COPIED = {
    "events_event": {"slug": "text"},
    "council_meeting": {"number": "int"},
    "council_grievance": {},
    "heritage_story": {"slug": "text"},
    "heritage_timelineentry": {},
    "heritage_gallery": {"slug": "text"},
    "heritage_photo": {},
}


class Rollback(Exception):
    pass


def run_search(query):
    sections = sitesearch.search(query, AnonymousUser())
    return sum(section.count for section in sections)


def measure(runs):
    for query in QUERIES:  # warm the caches once
        run_search(query)
    best = {}
    for _run in range(runs):
        for query in QUERIES:
            started = time.perf_counter()
            run_search(query)
            elapsed = (time.perf_counter() - started) * 1000
            best[query] = min(best.get(query, elapsed), elapsed)
    return statistics.median(best.values())


def analyse():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON "
            "c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'gin'"
        )
        for (index,) in cursor.fetchall():
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        for table in [*COPIED, "companies_company"]:
            cursor.execute(f"ANALYZE {table}")


def copy_rows(table, unique, copies):
    """Insert `copies` copies of every row of the table (unique columns made unique)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "AND column_name <> 'id' ORDER BY ordinal_position",
            [table],
        )
        columns = [name for (name,) in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        last_id = cursor.fetchone()[0]
        top = 0
        if "number" in unique:
            cursor.execute(f"SELECT COALESCE(MAX(number), 0) FROM {table}")
            top = cursor.fetchone()[0]
        for k in range(1, copies + 1):
            values = []
            for name in columns:
                kind = unique.get(name)
                if kind == "text":
                    values.append(f"{name} || '-x{k}'")
                elif kind == "int":
                    values.append(f"{name} + {k * (top + 1)}")
                else:
                    values.append(name)
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"SELECT {', '.join(values)} FROM {table} WHERE id <= %s",
                [last_id],
            )


class Command(BaseCommand):
    help = "Median site search time at the loaded data and at ×10 (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=10)
        parser.add_argument("--runs", type=int, default=5, help="Timed runs per query.")

    def handle(self, *args, factor, runs, **options):
        from companies.generate import bulk_insert
        from companies.models import Company

        results = []
        try:
            with transaction.atomic():
                analyse()
                sizes = self.sizes()
                results.append((sizes, measure(runs)))
                companies = Company.objects.count()
                self.stdout.write(f"Growing every searched table {factor}× (rolled back)…")
                start = Company.objects.filter(slug__startswith="sitebench-").count()
                bulk_insert(
                    companies * (factor - 1),
                    start=start,
                    prefix="6",
                    slug_prefix="sitebench",
                    seed=12,
                    batch=5000,
                )
                for table, unique in COPIED.items():
                    copy_rows(table, unique, factor - 1)
                analyse()
                results.append((self.sizes(), measure(runs)))
                raise Rollback
        except Rollback:
            pass
        (_small, first), (_large, second) = results
        for sizes, median in results:
            rows = ", ".join(f"{table.split('_', 1)[1]} {count:,}" for table, count in sizes)
            self.stdout.write(f"median site search {median:.2f} ms  ({rows})")
        ratio = second / first if first else float("inf")
        ok = ratio < 2
        verdict = self.style.SUCCESS("PASS") if ok else self.style.ERROR("FAIL")
        self.stdout.write(
            f"×{factor} data: median site search time {ratio:.2f}× "
            f"({'<' if ok else '≥'} 2×) {verdict}  (queries: {', '.join(QUERIES)})"
        )
        if not ok:
            raise CommandError("Site search cost grew 2× or more.")

    def sizes(self):
        with connection.cursor() as cursor:
            found = []
            for table in ["companies_company", *COPIED]:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")
                found.append((table, cursor.fetchone()[0]))
        return found
