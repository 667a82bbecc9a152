"""Time the benchmark's pages in one process, as a signed-in visitor, to find where time goes.

`make bench` measures the served site; this is the quick loop for a developer changing a page:
the same pages through the whole middleware stack with the test client and production settings,
no page cache (signed in), each timed as the best of a few batches so that other work on the
machine disturbs it less. Needs the data of a `make bench` run (or `load_demo --scale`).

    python -m bench.profile [--only NAME] [--requests 20] [--profile] [--anonymous]

--profile prints the SQL of one request, the Python function calls per request (cProfile's
count, which does not depend on the machine's load) and the functions that took the most time.
--anonymous asks as an anonymous visitor (the page cache answers pages; the API has none).
"""

import argparse
import cProfile
import os
import pstats
import sys
import time

from bench.run import BENCH_EMAIL, ROOT, collect_pages


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gvalley.settings.prod")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    # Requests name 127.0.0.1 whatever SITE_URL says: no redirect to the public host.
    os.environ.update(
        SECURE_SSL_REDIRECT="0", COOKIE_SECURE="0", BENCH_VIEWS="1", CANONICAL_HOST_REDIRECT="0"
    )
    # As in bench.run: the API's rate limit runs, far above this loop's rate (no 429).
    os.environ["API_RATE_LIMIT"] = "1000000/s"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def best_ms(client, path, requests, batches=5):
    """Return the lowest mean time of one request over a few batches, in milliseconds."""
    for _ in range(3):
        client.get(path)
    best = float("inf")
    for _ in range(batches):
        started = time.perf_counter()
        for _ in range(requests):
            client.get(path)
        best = min(best, (time.perf_counter() - started) / requests * 1000)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="Only pages whose name contains this text.")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--anonymous", action="store_true")
    args = parser.parse_args()
    setup_django()

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user, _ = get_user_model().objects.get_or_create(
        email=BENCH_EMAIL, defaults={"name": "벤치마크", "is_sample": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    if not args.anonymous:
        client.force_login(user)
    floor_ms = best_ms(client, "/_bench/template-floor", args.requests)
    print(f"{'template floor':<28} {floor_ms:7.2f} ms")
    for name, path in collect_pages():
        if args.only and args.only not in name:
            continue
        ms = best_ms(client, path, args.requests)
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(path).status_code
        print(
            f"{name:<28} {ms:7.2f} ms  {ms / floor_ms:5.1f}× template floor  "
            f"{len(ctx.captured_queries):>3} SQL  status {status}"
        )
        if args.profile:
            for query in ctx.captured_queries:
                print(f"    {query['time']}s  {query['sql'][:160]}")
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.requests):
                client.get(path)
            profiler.disable()
            stats = pstats.Stats(profiler)
            print(f"    {stats.total_calls / args.requests:.0f} Python calls per request")
            stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
