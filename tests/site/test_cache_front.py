"""The page cache's front (gvalley.cache.CachedPageFront): cached pages answered before Django's
handler, exactly as Django's whole stack answers them, and everything else left to Django."""

import gzip

import pytest
from django.contrib.sites.models import Site
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from gvalley.cache import CachedPageFront, forget_shared_data

# Django's handler closes and checks connections as a server does: no test transaction around it.
pytestmark = pytest.mark.django_db(transaction=True)


def call(application, request):
    """Call a WSGI application as a server does; return (status code, headers, body)."""
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), headers

    # As a server gives it: RequestFactory's request has written the decoded path into its
    # environ, so the path goes back to UTF-8 bytes read as latin-1 (PEP 3333).
    environ = {**request.environ, "PATH_INFO": request.path_info.encode().decode("latin-1")}
    chunks = application(environ, start_response)
    body = b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    return answer["status"], answer["headers"], body


def header(headers, name):
    values = [value for key, value in headers if key.lower() == name.lower()]
    return values[0] if values else None


def comparable(headers):
    # The nginx front's lifetime is "until the current second ends": it moves with the clock.
    return sorted((key, value) for key, value in headers if key != "X-Accel-Expires")


@pytest.fixture
def django_app():
    return WSGIHandler()


@pytest.fixture
def front(django_app):
    return CachedPageFront(django_app)


@pytest.mark.parametrize("path", ["/", "/en/", "/events/", "/companies/?q=보안"])
@pytest.mark.parametrize("encoding", ["gzip, deflate, br", ""])
def test_a_cached_page_is_answered_as_djangos_whole_stack_answers_it(
    rf, front, django_app, path, encoding
):
    request = lambda: rf.get(path, HTTP_ACCEPT_ENCODING=encoding)  # noqa: E731
    first = call(django_app, request())
    assert first[0] == 200 and header(first[1], "X-Page-Cache") == "miss"
    by_django = call(django_app, request())
    by_front = call(front, request())
    kept_by_front = call(front, request())  # the front's own copy of its first answer
    assert header(by_front[1], "X-Page-Cache") == "hit"
    assert by_front[0] == by_django[0] == kept_by_front[0] == 200
    assert comparable(by_front[1]) == comparable(by_django[1]) == comparable(kept_by_front[1])
    assert by_front[2] == by_django[2] == kept_by_front[2]
    # The security headers and the policy of the middleware before the page cache are there.
    assert header(by_front[1], "Content-Security-Policy")
    assert header(by_front[1], "X-Content-Type-Options") == "nosniff"
    if encoding:
        assert header(by_front[1], "Content-Encoding") == "gzip"
        assert b"</html>" in gzip.decompress(by_front[2])
    else:
        assert b"</html>" in by_front[2]


def test_a_repeat_visit_gets_304_from_the_front(rf, front):
    status, headers, _body = call(front, rf.get("/events/"))
    etag = header(headers, "ETag")
    status, headers, body = call(front, rf.get("/events/", HTTP_IF_NONE_MATCH=etag))
    assert status == 304 and body == b"" and header(headers, "ETag") == etag


def test_a_content_change_shows_on_the_very_next_request(rf, front):
    call(front, rf.get("/"))
    assert header(call(front, rf.get("/"))[1], "X-Page-Cache") == "hit"
    Site.objects.update_or_create(pk=1, defaults={"name": "바뀐 이름"})
    status, headers, _body = call(front, rf.get("/"))
    assert status == 200 and header(headers, "X-Page-Cache") == "miss"


def test_signed_in_visitors_posts_and_private_pages_go_to_django(rf, front, resident_client):
    call(front, rf.get("/"))
    session = resident_client.cookies["sessionid"].value
    signed_in = call(front, rf.get("/", HTTP_COOKIE=f"sessionid={session}"))
    assert signed_in[0] == 200 and header(signed_in[1], "X-Page-Cache") is None
    assert "로그아웃".encode() in signed_in[2]  # the resident's own page, not the public one
    posted = call(front, rf.post("/accounts/login/", {"login": "x", "password": "y"}))
    assert posted[0] in (200, 403) and header(posted[1], "X-Page-Cache") is None
    login = call(front, rf.get("/accounts/login/"))
    assert login[0] == 200 and header(login[1], "X-Page-Cache") is None


def test_another_host_is_redirected_by_the_front_as_by_django(rf, front, django_app, settings):
    settings.CANONICAL_HOST_REDIRECT = True
    settings.ALLOWED_HOSTS = ["testserver", "www.testserver"]
    settings.SITE_URL = "http://testserver"
    call(front, rf.get("/"))
    by_front = call(front, rf.get("/", HTTP_HOST="www.testserver"))
    by_django = call(django_app, rf.get("/", HTTP_HOST="www.testserver"))
    assert by_front[0] == by_django[0] == 301
    assert header(by_front[1], "Location") == header(by_django[1], "Location")


def test_a_hostile_host_gets_djangos_400_not_a_cached_page(rf, front):
    call(front, rf.get("/"))
    status, headers, _body = call(front, rf.get("/", HTTP_HOST="evil.example"))
    assert status == 400 and header(headers, "X-Page-Cache") is None


@pytest.fixture
def database_cache(transactional_db):
    caches = {"default": {"BACKEND": "gvalley.dbcache.PostgresCache", "LOCATION": "front_cache"}}
    with override_settings(CACHES=caches):
        call_command("createcachetable", verbosity=0)
        forget_shared_data()
        yield
        forget_shared_data()
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE front_cache")


def test_a_hit_costs_one_round_trip_to_the_database_cache(rf, front, database_cache):
    call(front, rf.get("/events/"))
    with CaptureQueriesContext(connection) as queries:
        status, headers, _body = call(front, rf.get("/events/"))
    assert status == 200 and header(headers, "X-Page-Cache") == "hit"
    assert len(queries) == 1, [query["sql"] for query in queries]


def test_a_hit_does_not_run_djangos_request_handling(rf, front, django_app, caplog):
    from django.core.signals import request_started

    started = []

    def count(**kwargs):
        started.append(kwargs["sender"])

    request_started.connect(count, weak=False, dispatch_uid="front-test")
    try:
        call(front, rf.get("/"))  # a miss: Django makes the page
        assert len(started) == 1
        assert header(call(front, rf.get("/"))[1], "X-Page-Cache") == "hit"
        assert len(started) == 1  # the hit was answered in front of Django's handler
        call(django_app, rf.get("/"))
        assert len(started) == 2
    finally:
        request_started.disconnect(dispatch_uid="front-test")
    assert "Cached page front failed" not in caplog.text


def test_a_miss_reads_the_cache_once_not_once_in_front_and_again_in_django(
    rf, front, database_cache
):
    # A page that is never kept (404): the front looks, misses, and Django makes the page.
    call(front, rf.get("/events/"))  # connects, prepares the read
    with CaptureQueriesContext(connection) as queries:
        status, headers, _body = call(front, rf.get("/no-such-page/"))
    assert status == 404
    reads = [query["sql"] for query in queries if "gvalley_cache_read" in query["sql"]]
    assert len(reads) == 1, reads


def test_a_change_made_on_another_server_shows_on_the_very_next_request(rf, front):
    """The front keeps a copy of its answer; a change on another server (the shared version
    bumped there, no signal here) still shows on the next request."""
    from django.core.cache import cache

    from gvalley.cache import VERSION_KEY
    from tests.events.factories import EventFactory

    event = EventFactory(title="다른 서버 이전 제목")
    call(front, rf.get("/events/"))
    call(front, rf.get("/events/"))
    assert "다른 서버 이전 제목".encode() in call(front, rf.get("/events/"))[2]
    type(event).objects.filter(pk=event.pk).update(title="다른 서버에서 바꾼 제목")
    cache.incr(VERSION_KEY)
    status, headers, body = call(front, rf.get("/events/"))
    assert header(headers, "X-Page-Cache") == "miss" and "다른 서버에서 바꾼 제목".encode() in body


def test_a_kept_answer_ends_with_its_pages_life(rf, front, monkeypatch):
    import time

    from events.views import CLOCK_PAGE_SECONDS
    from tests.events.factories import EventFactory

    path = EventFactory(title="시계 페이지").get_absolute_url()
    call(front, rf.get(path))
    assert header(call(front, rf.get(path))[1], "X-Page-Cache") == "hit"
    assert header(call(front, rf.get(path))[1], "X-Page-Cache") == "hit"
    later = time.time() + CLOCK_PAGE_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert header(call(front, rf.get(path))[1], "X-Page-Cache") == "miss"


def test_kept_answers_follow_the_request_not_the_previous_one(rf, front):
    """Encoding, host and conditional requests each get their own answer."""
    for _ in range(3):
        packed = call(front, rf.get("/", HTTP_ACCEPT_ENCODING="gzip"))
        plain = call(front, rf.get("/"))
    assert header(packed[1], "Content-Encoding") == "gzip"
    assert header(plain[1], "Content-Encoding") is None
    assert gzip.decompress(packed[2]) == plain[2]
    etag = header(plain[1], "ETag")
    assert call(front, rf.get("/", HTTP_IF_NONE_MATCH=etag))[0] == 304
    assert call(front, rf.get("/", HTTP_HOST="evil.example"))[0] == 400
    assert call(front, rf.head("/"))[0] == 200


@pytest.mark.parametrize("path", ["/회사/없는-주소/", "/en/회사/없는-주소/", "/events/?q=바자회"])
def test_korean_addresses_go_through_the_front_unharmed(rf, front, django_app, path):
    """A server gives the path as UTF-8 bytes in latin-1; the front must hand Django the
    environ as the server gave it (a miss here crashed the worker: 500 with no page)."""
    for _ in range(2):
        by_front = call(front, rf.get(path))
    by_django = call(django_app, rf.get(path))
    assert by_front[0] == by_django[0] in (200, 404)
    assert by_front[2] == by_django[2] or by_front[0] == 200


def test_an_address_the_cache_did_not_keep_is_served_right_when_it_becomes_a_page(rf, front):
    """The front leaves an address whose answer was not kept (404 here) to Django from then
    on; when a page appears there, it is served, and kept, all the same."""
    from tests.events.factories import EventFactory

    path = "/events/later-event/"
    assert call(front, rf.get(path))[0] == 404
    assert call(front, rf.get(path))[0] == 404
    assert EventFactory(slug="later-event", title="나중에 생긴 행사").get_absolute_url() == path
    status, headers, body = call(front, rf.get(path))
    assert status == 200 and "나중에 생긴 행사".encode() in body
    assert header(headers, "X-Page-Cache") == "miss"
    assert header(call(front, rf.get(path))[1], "X-Page-Cache") == "hit"


def test_a_static_file_is_sent_by_django_without_a_failure_of_the_front(rf, settings, caplog):
    # whitenoise reads its settings when the middleware is made: the applications come after.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    django_app = WSGIHandler()
    front = CachedPageFront(django_app)
    path = "/static/css/site.css"
    for _ in range(2):
        by_front = call(front, rf.get(path))
    by_django = call(django_app, rf.get(path))
    assert by_front[0] == by_django[0] == 200
    assert by_front[2] == by_django[2] and b"{" in by_front[2]
    assert "Cached page front failed" not in caplog.text
