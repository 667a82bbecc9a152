"""Faults, from outside: the portal served by gunicorn (production settings) while its parts fail.

Each test breaks only what it started itself: a redis-server on its own port, an embedded
PostgreSQL cluster of this module's own (never the test database of the rest of the suite), and
gunicorn workers. What a visitor sees is checked over HTTP; what was saved, in the database.
"""

import json
import os
import signal
import threading
from types import SimpleNamespace

import psycopg2
import pytest

from gvalley.devdb import Cluster
from tests.factories import PASSWORD
from tests.servers import CONNECTION_ERRORS, Client, Portal, RedisServer, manage, wait_until

pytestmark = [pytest.mark.faults, pytest.mark.xdist_group("faults")]

SECRET_KEY = "fault-tests-only-" + "x" * 40
MEMBERS = 6

# Run by `manage.py shell` against the module's cluster: a member who signs in with a password,
# members signed in already (sessions as Django makes them), an event open for registration.
SEED = f"""
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from tests.factories import UserFactory
from tests.events.factories import EventFactory

member = UserFactory(email="member@example.com", name="김회원")
sessions = []
for number in range({MEMBERS}):
    user = UserFactory(email=f"runner{{number}}@example.com")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "gvalley.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
event = EventFactory(title="G밸리 마라톤", slug="gvalley-marathon", capacity=50, needs_bib=True)
print(json.dumps({{"sessions": sessions, "event": event.pk, "event_url": event.get_absolute_url()}}))
"""


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """An embedded PostgreSQL cluster of this module's own, migrated, with a few rows."""
    folder = tmp_path_factory.mktemp("faults")
    cluster = Cluster(folder / "pg", db_name="gvalley_faults")
    try:
        url = cluster.start()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "gvalley.settings.dev",
            "SECRET_KEY": SECRET_KEY,
        }
        env.pop("REDIS_URL", None)
        manage("migrate", "--noinput", "-v", "0", env=env)
        manage("createcachetable", env=env)
        seeded = json.loads(manage("shell", "-c", SEED, env=env).stdout.strip().splitlines()[-1])
        yield SimpleNamespace(cluster=cluster, url=url, folder=folder, **seeded)
    finally:
        cluster.remove()


def query(url, sql, params=()):
    connection = psycopg2.connect(url.replace("postgres://", "postgresql://"))
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


@pytest.fixture
def serve(database, tmp_path):
    """Start the portal (gunicorn, production settings) on the module's database."""
    portals = []

    def start(redis_url=None, workers=2):
        portal = Portal(
            tmp_path / f"web{len(portals)}",
            database.url,
            redis_url,
            workers,
            static_root=database.folder / "static",
        )
        portal.env["SECRET_KEY"] = SECRET_KEY
        portals.append(portal)
        return portal.start()

    yield start
    for portal in portals:
        portal.stop()


@pytest.fixture
def redis(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


def pages(database):
    return ["/", "/companies/", "/events/", "/council/", "/heritage/", database.event_url]


def test_with_redis_stopped_pages_serve_sign_in_works_and_healthz_says_so(database, serve, redis):
    portal = serve(redis_url=redis.url)
    visitor = Client(portal.url)
    for path in pages(database):
        assert visitor.get(path).status == 200, path
    health = visitor.get("/healthz")
    assert health.status == 200
    assert health.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "queue": {"waiting": 0, "oldest_waiting_seconds": 0},
    }

    redis.stop()

    for path in pages(database):
        response = visitor.get(path)
        assert response.status == 200, path
        assert '<html lang="ko">' in response.text
    assert "G밸리 마라톤" in visitor.get(database.event_url).text
    member = Client(portal.url)
    signed_in = member.sign_in("member@example.com", PASSWORD)
    assert signed_in.status == 302, signed_in.text[:500]
    profile = member.get("/accounts/profile/")
    assert profile.status == 200 and "member@example.com" in profile.text
    # Still signed in on the next request (the session is read from the database).
    assert "member@example.com" in member.get("/accounts/profile/").text
    # allauth's rate limits (in the cache) are off meanwhile; django-axes' lock-out (in the
    # database) still stops password guessing after ten wrong passwords.
    guesser = Client(portal.url)
    for attempt in range(9):
        assert guesser.sign_in("runner5@example.com", f"guess-{attempt}").status == 200
    for password in ["guess-9", PASSWORD]:
        locked_out = guesser.sign_in("runner5@example.com", password)
        assert locked_out.status == 429  # django-axes' status, with its page
        assert "로그인이 잠시 제한되었습니다" in locked_out.text
    health = visitor.get("/healthz")
    assert health.status == 200
    report = health.json()
    assert report.pop("queue")["waiting"] >= 0  # the queue is in the database, not the cache
    assert report == {"status": "degraded", "database": "ok", "cache": "unavailable"}

    redis.start()  # the same port, empty

    wait_until(lambda: visitor.get("/healthz").json()["cache"] == "ok", "the cache to come back")
    visitor.get("/heritage/")
    wait_until(
        lambda: visitor.get("/heritage/").headers.get("X-Page-Cache") == "hit",
        "pages to be cached again",
    )
    assert "member@example.com" in member.get("/accounts/profile/").text


def test_with_the_database_stopped_visitors_get_a_503_page_until_it_is_back(database, serve, redis):
    portal = serve(redis_url=redis.url)
    without_redis = serve(workers=1)  # the cache in the database: nothing to fall back on
    visitor, member = Client(portal.url), Client(portal.url)
    member.set_cookie("sessionid", database.sessions[0])
    assert visitor.get("/").status == 200
    assert visitor.get("/").headers["X-Page-Cache"] == "hit"
    assert member.get(database.event_url).status == 200
    workers = sorted(portal.worker_pids())

    database.cluster.stop()
    try:
        for client, path in [
            (visitor, "/companies/?q=%EB%B0%98%EB%8F%84%EC%B2%B4"),
            (member, database.event_url),
            (member, "/accounts/profile/"),
            (Client(without_redis.url), "/"),
            (Client(without_redis.url), database.event_url),
        ]:
            response = client.get(path)
            assert response.status == 503, (path, response.text[:300])
            assert response.headers["Retry-After"] == "30"
            assert "잠시 서비스를 이용할 수 없습니다" in response.text
            assert "cannot reach its database" in response.text
        registration = member.post(f"{database.event_url}register/", {})
        assert registration.status == 503
        # A page kept by the anonymous page cache is still served from Redis.
        cached = visitor.get("/")
        assert cached.status == 200 and cached.headers["X-Page-Cache"] == "hit"
        health = visitor.get("/healthz")
        assert health.status == 503
        assert health.json() == {"status": "error", "database": "unavailable", "cache": "ok"}
        assert Client(without_redis.url).get("/healthz").json() == {
            "status": "error",
            "database": "unavailable",
            "cache": "unavailable",
        }
    finally:
        database.cluster.start()

    # Back without restarting the web server.
    assert visitor.get("/companies/?q=%EB%B0%98%EB%8F%84%EC%B2%B4").status == 200
    assert member.get("/accounts/profile/").status == 200
    assert Client(without_redis.url).get(database.event_url).status == 200
    assert visitor.get("/healthz").json()["status"] == "ok"
    assert sorted(portal.worker_pids()) == workers


def test_after_a_database_restart_the_next_requests_are_served_not_an_error(database, serve):
    # The cache in the database, one worker: its connection outlives the restart. A request's
    # first cache read is that connection's health check (no `SELECT 1` before it): the dead
    # connection must be replaced within the request, never shown to the visitor.
    portal = serve(workers=1)
    visitor, member = Client(portal.url), Client(portal.url)
    member.set_cookie("sessionid", database.sessions[1])
    for _ in range(2):
        assert visitor.get("/heritage/").status == 200
    assert visitor.get("/heritage/").headers["X-Page-Cache"] == "hit"

    for client, path in [(visitor, "/heritage/"), (member, database.event_url)]:
        database.cluster.stop()
        database.cluster.start()
        response = client.get(path)
        assert response.status == 200, (path, response.text[:300])
    assert member.get(database.event_url).headers.get("X-Page-Cache") is None  # signed in


HOLD = """
CREATE FUNCTION hold_registration() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(4242);
    RETURN NEW;
END $$;
CREATE TRIGGER hold_registration BEFORE INSERT ON events_registration
    FOR EACH ROW EXECUTE FUNCTION hold_registration();
"""
RELEASE = """
DROP TRIGGER IF EXISTS hold_registration ON events_registration;
DROP FUNCTION IF EXISTS hold_registration();
"""


def registrations(database):
    """Return the event's seat count and last bib, and each registration (user, status, bib)."""
    (count, last_bib), *_ = query(
        database.url, "SELECT confirmed_count, last_bib FROM events_event WHERE id = %s",
        [database.event],
    )  # fmt: skip
    rows = query(
        database.url,
        "SELECT user_id, status, bib FROM events_registration WHERE event_id = %s ORDER BY bib",
        [database.event],
    )
    return count, last_bib, rows


def test_kill_9_of_a_worker_mid_registration_saves_all_or_nothing(database, serve):
    portal = serve(workers=2)
    runners = []
    for key in database.sessions:
        runner = Client(portal.url)
        runner.set_cookie("sessionid", key)
        assert runner.get(database.event_url).status == 200  # the form and its CSRF cookie
        runners.append(runner)
    register = f"{database.event_url}register/"

    # A registration is held inside its transaction (its seat counted and its bib taken, its
    # row being written) by a lock this test holds; that worker is then killed with SIGKILL.
    control = psycopg2.connect(database.url.replace("postgres://", "postgresql://"))
    control.autocommit = True
    results = [None] * len(runners)
    try:
        with control.cursor() as cursor:
            cursor.execute(HOLD)
            cursor.execute("SELECT pg_advisory_lock(4242)")

        def post(index):
            try:
                results[index] = runners[index].post(register, {}).status
            except CONNECTION_ERRORS as error:
                results[index] = error

        threads = [threading.Thread(target=post, args=(i,)) for i in range(len(runners))]
        for thread in threads:
            thread.start()

        def held_worker():
            with control.cursor() as cursor:
                cursor.execute(
                    "SELECT application_name FROM pg_stat_activity WHERE wait_event = 'advisory'"
                    " AND application_name LIKE 'gunicorn-worker-%%'"
                )
                row = cursor.fetchone()
            return row and int(row[0].rsplit("-", 1)[1])

        victim = wait_until(held_worker, "a registration held mid-transaction")
        os.kill(victim, signal.SIGKILL)
        with control.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(4242)")
        for thread in threads:
            thread.join(60)
    finally:
        with control.cursor() as cursor:
            cursor.execute(RELEASE)
        control.close()

    failed = [i for i, result in enumerate(results) if isinstance(result, Exception)]
    assert failed, results  # the killed worker's visitor got no answer
    assert all(result == 302 for result in results if not isinstance(result, Exception))

    # Nothing half-written: the seats counted are the registrations saved, bibs without a gap.
    count, last_bib, rows = registrations(database)
    assert count == len(rows) == len(runners) - len(failed)
    assert [bib for _user, _status, bib in rows] == list(range(1, last_bib + 1))

    # The visitor tries again, and the new worker takes the registration.
    wait_until(lambda: victim not in portal.worker_pids(), "gunicorn to replace the worker")
    for index in failed:
        assert runners[index].post(register, {}).status == 302
    count, last_bib, rows = registrations(database)
    assert count == len(rows) == len(runners) == last_bib
    assert len({user for user, _status, _bib in rows}) == len(runners)
    assert {status for _user, status, _bib in rows} == {"confirmed"}
    assert len(portal.worker_pids()) == 2
