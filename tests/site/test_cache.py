"""The anonymous page cache: hits for anonymous visitors, invalidated by any content change."""

import datetime
import gzip
import os

import pytest
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.cache import caches
from django.test import Client, override_settings
from django.utils import timezone

from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_cached_and_signed_in_pages_are_not(client, resident_client):
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in resident_client.get("/")


def test_a_content_change_shows_on_the_very_next_request(client):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    Site.objects.update_or_create(pk=1, defaults={"name": "changed"})
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_languages_are_cached_apart(client):
    client.get("/")
    response = client.get("/en/")
    assert response["X-Page-Cache"] == "miss"
    assert '<html lang="en">' in response.content.decode()
    assert client.get("/en/")["X-Page-Cache"] == "hit"


def test_an_old_language_cookie_never_puts_english_in_the_korean_entry(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    first = client.get("/events/", HTTP_ACCEPT_LANGUAGE="en")
    assert first["X-Page-Cache"] == "miss" and '<html lang="ko">' in first.content.decode()
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    again = client.get("/events/")
    assert again["X-Page-Cache"] == "hit" and '<html lang="ko">' in again.content.decode()


def test_english_pages_of_the_back_office_and_accounts_are_not_cached(client):
    assert "X-Page-Cache" not in client.get("/en/accounts/login/")
    assert "X-Page-Cache" not in client.get("/en/accounts/login/")


def test_a_gzip_client_gets_the_stored_compressed_page_and_others_the_same_page_plain(client):
    plain = client.get("/")
    assert "Content-Encoding" not in plain and int(plain["Content-Length"]) == len(plain.content)
    packed = client.get("/", headers={"accept-encoding": "gzip, deflate, br"})
    assert packed["X-Page-Cache"] == "hit" and packed["Content-Encoding"] == "gzip"
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) / 2
    assert gzip.decompress(packed.content) == plain.content
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]


def test_a_repeat_visit_gets_304_until_the_content_changes(client):
    first = client.get("/events/")
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get("/events/", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    since = client.get("/events/", headers={"if-modified-since": modified})
    assert since.status_code == 304
    english_page = client.get("/en/events/", headers={"if-none-match": etag})
    assert english_page.status_code == 200  # another page, another validator
    Site.objects.update_or_create(pk=1, defaults={"name": "changed"})  # not on this page
    assert client.get("/events/", headers={"if-none-match": etag}).status_code == 304
    EventFactory(title="캐시 검증용 새 행사")
    changed = client.get("/events/", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["X-Page-Cache"] == "miss"
    assert "캐시 검증용 새 행사" in changed.content.decode() and changed["ETag"] != etag


def test_signed_in_pages_carry_no_validator_and_are_never_304(resident_client):
    page = resident_client.get(
        "/events/", headers={"if-modified-since": "Fri, 01 Jan 2100 00:00:00 GMT"}
    )
    assert page.status_code == 200 and "ETag" not in page


def test_pages_with_forms_are_not_cached(client):
    client.get("/accounts/login/")
    assert "X-Page-Cache" not in client.get("/accounts/login/")


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not set")
def test_page_cache_works_on_redis(client):
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "gvalley-test",
        }
    }
    with override_settings(CACHES=redis_cache):
        caches["default"].clear()
        assert client.get("/")["X-Page-Cache"] == "miss"
        assert client.get("/")["X-Page-Cache"] == "hit"
        Site.objects.update_or_create(pk=1, defaults={"name": "changed on redis"})
        assert client.get("/")["X-Page-Cache"] == "miss"
        caches["default"].clear()


def test_an_evicted_version_never_brings_old_pages_back(client):
    from django.core.cache import cache

    from gvalley.cache import VERSION_KEY

    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    cache.delete(VERSION_KEY)  # as if the cache had evicted it
    assert client.get("/")["X-Page-Cache"] == "miss"
    Site.objects.update_or_create(pk=1, defaults={"name": "after eviction"})
    cache.delete(VERSION_KEY)
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_shared_data_is_computed_once_until_the_content_changes():
    from django.utils import translation

    from gvalley.cache import shared_data

    calls = []

    def compute():
        calls.append(1)
        return [Site.objects.get(pk=1).name]

    Site.objects.update_or_create(pk=1, defaults={"name": "before"})
    assert shared_data("site-name", compute) == ["before"]
    assert shared_data("site-name", compute) == ["before"]
    assert len(calls) == 1
    Site.objects.update_or_create(pk=1, defaults={"name": "after"})  # any content save
    assert shared_data("site-name", compute) == ["after"]
    with translation.override("en"):  # kept apart per language
        assert shared_data("site-name", compute) == ["after"]
    assert len(calls) == 3


def test_the_version_is_read_once_per_request_and_again_after_a_change(rf, monkeypatch):
    from django.core.cache import cache
    from django.http import HttpResponse

    from gvalley.cache import AnonymousPageCacheMiddleware, content_version

    reads = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k)
    )
    seen = []

    def view(request):
        seen.append(content_version())
        seen.append(content_version())
        Site.objects.update_or_create(pk=1, defaults={"name": "changed mid-request"})
        seen.append(content_version())
        return HttpResponse("ok")

    content_version()  # the version exists, as on a running site
    reads.clear()
    request = rf.post("/")  # not cacheable: only the view reads the version
    AnonymousPageCacheMiddleware(view)(request)
    assert seen[0] == seen[1] < seen[2]
    assert reads.count("content-version") == 2  # once at first, once after the change
    content_version()
    assert reads.count("content-version") == 3  # outside a request: read every time


def test_a_signed_in_home_page_shows_a_new_event_on_the_very_next_request(resident_client):
    from tests.events.factories import EventFactory

    EventFactory(title="첫 번째 행사")
    assert "첫 번째 행사" in resident_client.get("/").content.decode()
    EventFactory(title="새로 올린 행사", starts_at=timezone.now() + datetime.timedelta(days=1))
    html = resident_client.get("/").content.decode()
    assert "새로 올린 행사" in html and "첫 번째 행사" in html
    # What the page says of the visitor is never shared: the header is the resident's own.
    assert "로그아웃" in html and "로그아웃" not in Client().get("/").content.decode()


def test_signing_in_keeps_the_cached_pages(client, resident):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    Client().force_login(resident)  # saves last_login, which no page shows
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_shared_data_follows_a_change_made_on_another_server():
    from django.core.cache import cache

    from gvalley.cache import VERSION_KEY, shared_data

    def compute():
        return [Site.objects.get(pk=1).name]

    Site.objects.update_or_create(pk=1, defaults={"name": "before"})
    assert shared_data("site-name", compute) == ["before"]
    # Another server saved the site: the row changed and that server bumped the shared version;
    # this process got no signal.
    Site.objects.filter(pk=1).update(name="saved elsewhere")
    cache.incr(VERSION_KEY)
    assert shared_data("site-name", compute) == ["saved elsewhere"]


def test_a_page_follows_a_change_made_on_another_server(client):
    """This process keeps a copy of the pages it served; a change on another server (the
    shared version bumped there, no signal here) still shows on the very next request."""
    from django.core.cache import cache

    from gvalley.cache import VERSION_KEY

    event = EventFactory(title="다른 서버 이전 제목")
    client.get("/events/")
    assert client.get("/events/")["X-Page-Cache"] == "hit"
    type(event).objects.filter(pk=event.pk).update(title="다른 서버에서 바꾼 제목")
    cache.incr(VERSION_KEY)
    page = client.get("/events/")
    assert page["X-Page-Cache"] == "miss" and "다른 서버에서 바꾼 제목" in page.content.decode()


def test_a_page_with_a_short_life_is_made_again_when_it_ends(client, monkeypatch):
    import time

    from events.views import CLOCK_PAGE_SECONDS

    event = EventFactory(title="시계 페이지 행사")
    path = event.get_absolute_url()
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "hit"
    later = time.time() + CLOCK_PAGE_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(path)["X-Page-Cache"] == "miss"


def test_shared_data_lasts_no_longer_than_its_timeout(monkeypatch):
    import time

    from gvalley.cache import shared_data

    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert shared_data("counted", compute, timeout=60) == 1
    assert shared_data("counted", compute, timeout=60) == 1
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert shared_data("counted", compute, timeout=60) == 2


def test_shared_data_kept_per_object_stays_bounded_in_each_process():
    """One entry per event visited must not grow a worker without limit: past MEMO_LIMIT the
    process's copy starts again, and values still come from the shared cache, not recomputed."""
    from gvalley.cache import MEMO_LIMIT, _memo, shared_data

    calls = []
    for number in range(MEMO_LIMIT + 50):
        shared_data(f"object:{number}", lambda number=number: calls.append(number) or number)
    assert len(_memo["entries"]) <= MEMO_LIMIT
    assert shared_data("object:0", lambda: "computed again") == 0
    assert len(calls) == MEMO_LIMIT + 50


def test_cached_data_of_another_release_is_never_read(settings):
    """Code deployed over a running cache reads nothing the previous code stored there."""
    from gvalley import cache as page_cache

    page_cache.forget_shared_data()
    settings.RELEASE = "old"
    page_cache._release.clear()
    assert page_cache.shared_data("release-test", lambda: "shape of the old code") == (
        "shape of the old code"
    )
    page_cache.forget_shared_data()
    settings.RELEASE = "new"
    page_cache._release.clear()
    try:
        assert page_cache.shared_data("release-test", lambda: "shape of the new code") == (
            "shape of the new code"
        )
    finally:
        page_cache._release.clear()


def test_media_served_on_a_single_machine_gets_a_cache_lifetime(client, settings):
    (settings.MEDIA_ROOT / "logos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "logos" / "a.txt").write_text("logo")
    response = client.get("/media/logos/a.txt")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"logo"
    assert "max-age=3600" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert client.get("/media/logos/missing.txt").status_code == 404


def test_a_deploy_that_changes_only_templates_is_another_release(settings, tmp_path):
    """A page drawn by the previous templates is never served after a template-only deploy."""
    from gvalley import cache as page_cache

    for package in ("gvalley", "companies", "events", "council", "heritage"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "views.py").write_text("# code\n")
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "home.jinja"
    template.write_text("<h1>old</h1>")
    settings.BASE_DIR, settings.RELEASE = tmp_path, ""
    try:
        page_cache._release.clear()
        before = page_cache.code_release()
        template.write_text("<h1>new</h1>")
        page_cache._release.clear()
        assert page_cache.code_release() != before
    finally:
        page_cache._release.clear()
