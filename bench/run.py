"""`make bench`: measure the main pages under load, against a floor measured in the same run.

Steps: migrate and load data at scale, start gunicorn with prod settings on a free local port,
drive every page with wrk (8 connections), and print requests/s, p50/p99 latency, SQL queries
per request and the ratio to the floor view. Results also go to bench/results/.

    python -m bench.run [--scale 1] [--duration 5] [--connections 8] [--only NAME]
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
    import heritage.bench

    pages = [("home", "/")]
    for module in (companies.bench, events.bench, council.bench, heritage.bench):
        pages.extend(module.bench_pages())
    return pages


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


def queries_per_request(path, signed_in):
    """Count the SQL queries of one uncached request through the whole stack."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    if signed_in:
        client.force_login(get_user_model().objects.get(email=BENCH_EMAIL))
    client.get(path)  # warm up (first-hit work such as content-type caches)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    return len(ctx.captured_queries), response.status_code


def start_server(port, workers, threads):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="gvalley.settings.prod",
        SECRET_KEY=os.environ["SECRET_KEY"],
        ALLOWED_HOSTS="127.0.0.1,localhost",
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
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
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


def run_wrk(url, duration, connections, cookie=None):
    url = quote(url, safe=":/?&=%#+,;@")  # wrk wants an ASCII URL (Korean queries)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
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
    import tempfile
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


def run_search_scaling():
    """Median directory search time at 15,000 and 150,000 companies (companies' bench_search)."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    print()
    print("Directory search scaling (python manage.py bench_search):")
    out = StringIO()
    try:
        call_command("bench_search", stdout=out)
        passed = True
    except CommandError as error:
        out.write(f"{error}\n")
        passed = False
    text = out.getvalue()
    print(text)
    return {"passed": passed, "report": text}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--only", help="Measure only pages whose name contains this text.")
    parser.add_argument(
        "--no-search-scaling",
        action="store_true",
        help="Skip the directory search scaling run (15,000 vs 150,000 companies).",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    setup_django()
    prepare_data(args.scale)
    pages = collect_pages()
    if args.only:
        pages = [page for page in pages if args.only in page[0]]
    cookie = session_cookie()
    port = free_port()
    server = start_server(port, args.workers, args.threads)
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
        rss = worker_rss_mb(server.pid)
        first_load = home_first_load_kb(base)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)

    floor_rps = rows[0]["rps"]
    failures = []
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
        elif row["visitor"] == "signed-in":
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

    import_timing = None
    search_scaling = None
    if not args.only:
        print()
        import_timing = run_import_timing()
        if not import_timing["passed"]:
            failures.append("company import")
    if not args.no_search_scaling and not args.only:
        search_scaling = run_search_scaling()
        if search_scaling and search_scaling.get("passed") is False:
            failures.append("search scaling")

    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "scale": args.scale,
        "duration_s": args.duration,
        "connections": args.connections,
        "workers": args.workers,
        "threads": args.threads,
        "cache": "redis" if os.environ.get("REDIS_URL") else "database",
        "rows": rows,
        "worker_rss_mb": rss,
        "home_first_load_kb": first_load,
        "import_timing": import_timing,
        "search_scaling": search_scaling,
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
