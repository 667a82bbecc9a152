"""`make bench`: measure the main pages under load, against a floor measured in the same run.

Steps: migrate and load data at scale, start gunicorn with prod settings on a free local port,
drive every page with wrk (8 connections), and print requests/s, p50/p99 latency, SQL queries
per request and the ratio to the floor view. Results also go to bench/results/.

    python -m bench.run [--scale 1] [--duration 5] [--connections 8] [--only NAME]

`--only import` runs only the two import measures (import_companies, and the 200,000-row CSV
import through the task queue and a real worker), without the web server.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BENCH_EMAIL = "bench-user@gvalley.example"

# Targets from the portal's foundation issue.
ANON_MIN_RATIO = 0.50
AUTH_MIN_RATIO = 0.10
P99_MAX_MS = 50.0
WORKER_RSS_MAX_MB = 150.0
HOME_FIRST_LOAD_MAX_KB = 200.0


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gvalley.settings.dev")
    # The benchmark signs a session in here that the server must accept: one secret for both.
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ["BENCH_VIEWS"] = "1"
    # The API's rate limit per client (gvalley.api) would answer most of the benchmark's requests
    # with 429, here and in the server (which inherits this environment). The limiter still runs
    # and its cache reads and writes are measured; per second, so it keeps about as many
    # timestamps per client as the production limit does.
    os.environ["API_RATE_LIMIT"] = "1000000/s"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare_data(scale):
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", scale=scale, verbosity=1)


def collect_pages():
    """Return [(name, path)] of the pages to measure: shell pages first, then each app's."""
    import companies.bench
    import council.bench
    import events.bench
    import gvalley.bench
    import heritage.bench

    pages = [("home", "/"), *gvalley.bench.bench_pages()]
    for module in (companies.bench, events.bench, council.bench, heritage.bench):
        pages.extend(module.bench_pages())
    return pages


def collect_new_searches():
    """Return [(name, [paths])]: searches sent with a new query string on every request."""
    import companies.bench
    import council.bench
    import gvalley.bench

    searches = []
    for module in (companies.bench, council.bench, gvalley.bench):
        searches.extend(module.bench_new_searches())
    return searches


# wrk calls request() for every request: each goes to the next path with a number no other
# request of the run has (per wrk thread), so the page cache never holds the answer.
ROTATE_LUA = """
local paths = {%s}
local counter = 0
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function request()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1] .. "&n=" .. tid .. "-" .. counter
  return wrk.format("GET", path)
end
"""


def session_cookie():
    """Sign in a benchmark user (a resident) and return the session cookie header."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        email=BENCH_EMAIL, defaults={"name": "벤치마크", "is_sample": True}
    )
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def queries_per_request(path, signed_in, new_search=False):
    """Count the SQL queries of one request through the whole stack (a fresh URL: new_search)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    if signed_in:
        client.force_login(get_user_model().objects.get(email=BENCH_EMAIL))
    client.get(path + ("&n=warm" if new_search else ""))  # first-hit work (content types…)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path + ("&n=count" if new_search else ""))
    return len(ctx.captured_queries), response.status_code


def start_server(port, workers):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="gvalley.settings.prod",
        SECRET_KEY=os.environ["SECRET_KEY"],
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="0",
        COOKIE_SECURE="0",
        BENCH_VIEWS="1",
        SERVE_MEDIA="1",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    process = subprocess.Popen(
        [
            gunicorn,
            "gvalley.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            # Sync workers, as production runs them behind a buffering proxy: one request per
            # process at a time, so no request waits on another thread for the GIL.
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except Exception:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not start")


def worker_rss_mb(master_pid):
    import psutil

    master = psutil.Process(master_pid)
    return [round(child.memory_info().rss / 1024 / 1024, 1) for child in master.children()]


def _ms(value, unit):
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return float(value) * factor


def run_wrk(url, duration, connections, cookie=None, warmup=1, rotate=None):
    """Drive one URL with wrk after a short warm-up; return throughput, latency and errors.

    The warm-up (not counted) lets every worker compile the page's templates and open its
    database connection, so the figures describe the steady state, not the first requests.
    With `rotate` (a list of paths), every request goes to another path (see ROTATE_LUA).
    """
    url = quote(url, safe=":/?&=%#+,;@")  # wrk wants an ASCII URL (Korean queries)
    command = ["wrk", "-t2", f"-c{connections}", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if rotate:
            script.write(ROTATE_LUA % ", ".join(json.dumps(path) for path in rotate))
            script.flush()
            command[1:1] = ["-s", script.name]
        if warmup:
            subprocess.run([*command, f"-d{warmup}s"], capture_output=True, check=True)
        output = subprocess.run(
            [*command, f"-d{duration}s"], capture_output=True, text=True, check=True
        ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {
        pct: _ms(value, unit)
        for pct, value, unit in re.findall(r"\s(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\b", output)
    }
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": rps,
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def home_first_load_kb(base_url):
    """Bytes a first visit to the home page transfers, images aside (gzip where offered)."""

    def fetch(url):
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            return response.read()

    html = fetch(base_url + "/")
    total = len(html)
    text = html.decode("utf-8", "replace")
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', text)
    for asset in assets:
        total += len(fetch(base_url + asset))
    return round(total / 1024, 1)


def run_import_timing(rows=15_000):
    """Time `import_companies` on a generated CSV of 15,000 rows (rolled back afterwards)."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction

    from companies.generate import business_number
    from companies.models import Company

    header = "기업명,사업자등록번호,업종 코드,단지,건물,설립 연도,직원 수,인증,수출 시장,웹사이트,대표 이메일,소개\n"
    lines = [
        f"벤치가져오기{i},{business_number(8, i)},62,2,,2012,10-49,벤처기업,VN,,,<p>소개 {i}</p>\n"
        for i in range(rows)
    ]
    with tempfile.NamedTemporaryFile("wb", suffix=".csv") as handle:
        handle.write((header + "".join(lines)).encode("utf-8-sig"))
        handle.flush()
        before = Company.objects.count()
        started = time.perf_counter()
        try:
            with transaction.atomic():
                call_command(
                    "import_companies",
                    handle.name,
                    verbosity=0,
                    stdout=StringIO(),
                    stderr=StringIO(),
                )
                elapsed = time.perf_counter() - started
                imported = Company.objects.count() - before
                raise _Rollback
        except _Rollback:
            pass
    passed = elapsed < 60 and imported == rows
    print(
        f"import_companies: {imported:,} of {rows:,} rows imported in {elapsed:.1f} s "
        f"(rolled back)  target < 60 s {'ok' if passed else 'MISS'}"
    )
    return {"rows": rows, "imported": imported, "seconds": round(elapsed, 2), "passed": passed}


class _Rollback(Exception):
    pass


WORKER_IMPORT_TARGET = 3000  # rows per second


def run_worker_import(rows=200_000):
    """Import a generated CSV through the task queue and a real worker; return rows per second.

    The job is queued as the admin's upload queues it, a `manage.py worker --batch` process runs
    it, and the clock stops when the job's row says done. The companies are deleted afterwards.
    """
    from django.db import transaction

    from companies.generate import business_number
    from companies.models import Company, CompanyHistory, ImportJob
    from companies.tasks import run_import

    header = "기업명,사업자등록번호,업종 코드,단지,설립 연도,직원 수,웹사이트\n"
    lines = "".join(
        f"벤치작업{i},{business_number(9, i)},62,2,2012,10-49,https://example.com/{i}\n"
        for i in range(rows)
    )
    raw = (header + lines).encode("utf-8-sig")
    with transaction.atomic():
        job = ImportJob.objects.create(file_name="bench.csv", content=raw, rows_total=rows)
        run_import.using(backend="default").enqueue(job.pk)
    started = time.perf_counter()
    worker = subprocess.run(
        [sys.executable, "manage.py", "worker", "--batch", "--no-startup-delay", "-v", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    job.refresh_from_db()
    imported = job.created
    ours = Company.objects.filter(name__startswith="벤치작업")
    CompanyHistory.objects.filter(company__in=ours)._raw_delete("default")
    ours._raw_delete("default")
    job.delete()
    per_second = round(imported / elapsed) if elapsed else 0
    passed = worker.returncode == 0 and imported == rows and per_second >= WORKER_IMPORT_TARGET
    print(
        f"CSV import through the worker: {imported:,} of {rows:,} rows in {elapsed:.1f} s, "
        f"{per_second:,} rows/s  target ≥ {WORKER_IMPORT_TARGET:,} rows/s "
        f"{'ok' if passed else 'MISS'}"
    )
    return {
        "rows": rows,
        "imported": imported,
        "seconds": round(elapsed, 2),
        "rows_per_second": per_second,
        "passed": passed,
    }


def run_search_scaling(command="bench_search", title="Directory search scaling"):
    """Median search time at the loaded size and ×10: the directory (companies' bench_search)
    and the site search (bench_site_search)."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    print()
    print(f"{title} (python manage.py {command}):")
    out = StringIO()
    try:
        call_command(command, stdout=out)
        passed = True
    except CommandError as error:
        out.write(f"{error}\n")
        passed = False
    text = out.getvalue()
    print(text)
    return {"passed": passed, "report": text}


def run_pages(args, pages, new_searches, failures):
    """Serve with gunicorn, measure the pages with wrk and print the table; return its rows."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    cookie = session_cookie()
    port = free_port()
    server = start_server(port, args.workers)
    base = f"http://127.0.0.1:{port}"
    rows = []
    try:
        floor = run_wrk(base + "/_bench/floor", args.duration, args.connections)
        rows.append(
            {"page": "floor", "path": "/_bench/floor", "visitor": "any", **floor, "queries": 0}
        )
        template_floor = run_wrk(base + "/_bench/template-floor", args.duration, args.connections)
        rows.append(
            {
                "page": "template floor",
                "path": "/_bench/template-floor",
                "visitor": "any",
                **template_floor,
                "queries": queries_per_request("/_bench/template-floor", False)[0],
            }
        )
        for name, path in pages:
            for visitor, page_cookie in (("anonymous", None), ("signed-in", cookie)):
                result = run_wrk(base + path, args.duration, args.connections, page_cookie)
                queries, status = queries_per_request(path, visitor == "signed-in")
                rows.append(
                    {
                        "page": name,
                        "path": path,
                        "visitor": visitor,
                        **result,
                        "queries": queries,
                        "status": status,
                    }
                )
        for name, paths in new_searches:
            # A search nobody ran before: every request a new URL, so the page cache misses.
            result = run_wrk(base + paths[0], args.duration, args.connections, rotate=paths)
            queries, status = queries_per_request(paths[-1], False, new_search=True)
            rows.append(
                {
                    "page": name,
                    "path": paths[0],
                    "visitor": "new search",
                    **result,
                    "queries": queries,
                    "status": status,
                }
            )
        # The floor again at the end: the ratios use the mean of both, and the two figures
        # show how much the machine drifted during the run.
        floor_after = run_wrk(base + "/_bench/floor", args.duration, args.connections)
        rows.append(
            {"page": "floor (again)", "path": "/_bench/floor", "visitor": "any", **floor_after}
        )
        rows[-1]["queries"] = 0
        rss = worker_rss_mb(server.pid)
        first_load = home_first_load_kb(base)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)

    floor_rps = (rows[0]["rps"] + floor_after["rps"]) / 2
    print()
    print(
        f"{'page':<28} {'visitor':<10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'SQL/req':>7} {'× floor':>8}  target"
    )
    for row in rows:
        row["ratio"] = round(row["rps"] / floor_rps, 3)
        target = ""
        if row["visitor"] == "anonymous":
            target = f"≥ {ANON_MIN_RATIO:.2f}"
            ok = row["ratio"] >= ANON_MIN_RATIO
        elif row["visitor"] in ("signed-in", "new search"):
            target = f"≥ {AUTH_MIN_RATIO:.2f}"
            ok = row["ratio"] >= AUTH_MIN_RATIO
        else:
            ok = True
        if row["p99_ms"] is not None and row["p99_ms"] > P99_MAX_MS:
            ok = False
            target += f", p99 > {P99_MAX_MS:.0f} ms"
        if row.get("errors") or row.get("status", 200) != 200:
            ok = False
            target += f", {row.get('errors')} errors, status {row.get('status')}"
        if not ok:
            failures.append(f"{row['page']} ({row['visitor']})")
        mark = "ok" if ok else "MISS"
        print(
            f"{row['page'][:28]:<28} {row['visitor']:<10} {row['rps']:>9.0f} "
            f"{row['p50_ms'] or 0:>8.2f} {row['p99_ms'] or 0:>8.2f} {row['queries']:>7} "
            f"{row['ratio']:>8.2f}  {target} {mark}"
        )
    print()
    rss_ok = all(value <= WORKER_RSS_MAX_MB for value in rss)
    load_ok = first_load <= HOME_FIRST_LOAD_MAX_KB
    print(
        f"gunicorn worker RSS after the run (MB): {rss}  target ≤ {WORKER_RSS_MAX_MB:.0f} "
        f"{'ok' if rss_ok else 'MISS'}"
    )
    print(
        f"home page first load, images aside: {first_load} KB  target ≤ "
        f"{HOME_FIRST_LOAD_MAX_KB:.0f} {'ok' if load_ok else 'MISS'}"
    )
    if not rss_ok:
        failures.append("worker memory")
    if not load_ok:
        failures.append("home first load")
    return rows, rss, first_load


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--only",
        help="Measure only pages (and import measures: 'import') whose name contains this text.",
    )
    parser.add_argument(
        "--no-search-scaling",
        action="store_true",
        help="Skip the search scaling runs (15,000 vs 150,000 companies, the site search ×10).",
    )
    parser.add_argument(
        "--search-scaling",
        action="store_true",
        help="Run the search scaling runs even with --only.",
    )
    args = parser.parse_args()

    setup_django()
    prepare_data(args.scale)
    pages = collect_pages()
    new_searches = collect_new_searches()
    if args.only:
        pages = [page for page in pages if args.only in page[0]]
        new_searches = [search for search in new_searches if args.only in search[0]]
    failures = []
    rows, rss, first_load = [], None, None
    if pages or new_searches or not args.only:
        rows, rss, first_load = run_pages(args, pages, new_searches, failures)

    import_timing = None
    worker_import = None
    search_scaling = None
    if not args.only or args.only in "import":
        print()
        import_timing = run_import_timing()
        if not import_timing["passed"]:
            failures.append("company import")
    if not args.only or args.only in "worker import":
        worker_import = run_worker_import()
        if not worker_import["passed"]:
            failures.append("import through the worker")
    site_search_scaling = None
    if not args.no_search_scaling and (not args.only or args.search_scaling):
        search_scaling = run_search_scaling()
        if search_scaling and search_scaling.get("passed") is False:
            failures.append("search scaling")
        site_search_scaling = run_search_scaling("bench_site_search", "Site search scaling")
        if site_search_scaling.get("passed") is False:
            failures.append("site search scaling")

    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "scale": args.scale,
        "duration_s": args.duration,
        "connections": args.connections,
        "workers": args.workers,
        "worker_class": "sync",
        "cache": "redis" if os.environ.get("REDIS_URL") else "database",
        "rows": rows,
        "worker_rss_mb": rss,
        "home_first_load_kb": first_load,
        "import_timing": import_timing,
        "worker_import": worker_import,
        "search_scaling": search_scaling,
        "site_search_scaling": site_search_scaling,
        "missed": failures,
    }
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (RESULTS / name).write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"Results written to bench/results/bench-{stamp}.json")
    if failures:
        print("Missed targets: " + ", ".join(failures))


if __name__ == "__main__":
    main()
