"""The shipped nginx front (gvalley/deploy/nginx.conf), run before a live server: anonymous pages
from a one-second micro-cache, signed-in pages never, static files with a year's lifetime."""

import gzip
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.test import Client

from bench.baselines import nginx_front, nginx_path
from tests.events.factories import EventFactory
from tests.servers import free_port

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not nginx_path(), reason="nginx is not installed (apt-get install nginx)"),
]


def _get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


@pytest.fixture
def front(live_server, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    (settings.STATIC_ROOT / "css").mkdir(parents=True)
    (settings.STATIC_ROOT / "css" / "site.abc123.css").write_text("body{}")
    upstream = urlsplit(live_server.url).netloc
    with nginx_front(free_port(), upstream, workers=1) as url:
        yield url


def test_anonymous_pages_come_from_the_micro_cache_and_change_within_a_second(front):
    first = _get(front + "/events/")
    assert first[1]["X-Micro-Cache"] == "MISS"
    # Ten requests in a row: at most one second ends among them, so most are answered by nginx.
    again = [_get(front + "/events/") for _n in range(10)]
    assert sum(headers["X-Micro-Cache"] == "HIT" for _s, headers, _b in again) >= 5
    assert all(body == first[2] for _s, _h, body in again)
    EventFactory(title="마이크로 캐시 뒤의 새 행사")
    time.sleep(1.05)
    later = _get(front + "/events/")
    assert "마이크로 캐시 뒤의 새 행사" in later[2].decode()


def test_signed_in_requests_always_pass_and_see_their_edit_at_once(front, staff):
    client = Client()
    client.force_login(staff)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    _get(front + "/events/")  # an anonymous copy in the micro-cache
    EventFactory(title="직원이 방금 올린 행사")
    status, headers, body = _get(front + "/events/", Cookie=cookie)
    assert status == 200 and headers["X-Micro-Cache"] == "BYPASS"
    assert "직원이 방금 올린 행사" in body.decode()


def test_gzip_and_plain_clients_get_their_own_copies(front):
    _status, plain_headers, plain = _get(front + "/")
    _status, headers, packed = _get(front + "/", **{"Accept-Encoding": "gzip"})
    assert headers.get("Content-Encoding") == "gzip" and "Content-Encoding" not in plain_headers
    assert headers["X-Micro-Cache"] == "MISS"  # not the plain copy
    assert gzip.decompress(packed) == plain


def test_static_files_are_served_by_nginx_for_a_year(front):
    status, headers, body = _get(front + "/static/css/site.abc123.css")
    assert status == 200 and body == b"body{}"
    assert "immutable" in headers["Cache-Control"] and "X-Micro-Cache" not in headers
