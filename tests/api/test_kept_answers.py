"""Point 4 of issue 22: a list page is kept rendered (its JSON and ETag, per content version and
address) instead of being rendered again on every request. What a client reads must not change:
the same bytes and headers whether the answer was just drawn or kept, for anonymous and signed-in
readers; 304, errors, the rate limit and CORS as before; a content change on the next request."""

import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from gvalley.cache import forget_shared_data
from tests.companies.factories import CompanyFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/api/v1/companies/",
    "/api/v1/companies/?page_size=2&page=2",
    "/api/v1/companies/?complex=2&sort=newest",
    "/api/v1/events/",
    "/api/v1/events/?category=education&page_size=1",
    "/api/v1/council/grievances/",
    "/api/v1/heritage/stories/",
]
ORIGIN = {"HTTP_ORIGIN": "https://data.example.org"}


@pytest.fixture
def lists(seeded):
    """The seeded rows and a few more, so that the lists have second pages."""
    CompanyFactory.create_batch(3, building=seeded["company"].building)
    EventFactory.create_batch(2, edition=seeded["edition"])
    return seeded


def answer(response):
    """What a client reads of an answer: status, headers (names in lower case) and body."""
    return response.status_code, {k.lower(): v for k, v in response.items()}, response.content


def forget_kept_answers():
    cache.clear()
    forget_shared_data()


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_kept_page_is_the_page_as_drawn(lists, resident_client, address):
    anonymous = Client()
    answers = []
    for first, second in ((anonymous, resident_client), (resident_client, anonymous)):
        forget_kept_answers()  # the first request of each round draws the page
        for client in (first, first, second, second):
            answers.append(answer(client.get(address, **ORIGIN)))
    status, headers, body = answers[0]
    # Drawn or kept, anonymous or signed in: the same answer, header for header, byte for byte.
    assert all(other == answers[0] for other in answers[1:])
    assert status == 200
    assert headers["content-type"] == "application/json"
    assert int(headers["content-length"]) == len(body)
    assert headers["etag"].startswith('"')  # a strong validator, as before
    assert headers["link"].endswith('; rel="license"')
    assert headers["allow"] == "GET, HEAD, OPTIONS"
    assert headers["access-control-allow-origin"] == ORIGIN["HTTP_ORIGIN"]
    # DRF's JSON as clients have always read it: compact, UTF-8 (Hangul unescaped).
    data = json.loads(body)
    assert body == json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    assert set(data) == {"count", "next", "previous", "license", "results"}


def test_a_kept_page_answers_304_and_head(lists, client):
    drawn = client.get("/api/v1/events/")
    kept = client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=drawn["ETag"])
    assert kept.status_code == 304
    assert kept.content == b""
    assert kept["ETag"] == drawn["ETag"]
    head = client.head("/api/v1/events/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == drawn["Content-Length"]
    assert head["Content-Type"] == "application/json"
    assert head["Link"] == drawn["Link"]


def test_each_media_type_gets_its_own_json(lists, client):
    compact = client.get("/api/v1/events/").content
    indented = client.get("/api/v1/events/", HTTP_ACCEPT="application/json; indent=4").content
    assert indented.startswith(b'{\n    "count"')
    assert json.loads(indented) == json.loads(compact)
    assert client.get("/api/v1/events/", HTTP_ACCEPT="*/*").content == compact
    assert client.get("/api/v1/events/", HTTP_ACCEPT="application/json").content == compact
    refused = client.get("/api/v1/events/", HTTP_ACCEPT="text/html")
    assert refused.status_code == 406
    assert refused.json()["detail"]["en"]


@pytest.mark.parametrize(
    ("address", "row", "field"),
    [("/api/v1/companies/", "company", "name"), ("/api/v1/events/", "event", "title")],
)
def test_a_save_shows_on_the_next_request(lists, client, address, row, field):
    before = client.get(address)
    assert client.get(address, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    setattr(lists[row], field, "바뀐 이름")
    lists[row].save()
    after = client.get(address, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "바뀐 이름" in [result[field] for result in after.json()["results"]]


def test_the_rate_limit_counts_kept_answers(lists, settings):
    settings.API_RATE_LIMIT = "2/min"
    client = Client(REMOTE_ADDR="203.0.113.20")
    assert client.get("/api/v1/companies/").status_code == 200  # drawn
    assert client.get("/api/v1/companies/").status_code == 200  # kept
    refused = client.get("/api/v1/companies/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["errors"]["retry_after"][0]["en"]


def kept_api_pages():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM api_kept_cache WHERE cache_key LIKE '%:api:%'")
        return cursor.fetchone()[0]


def test_nothing_is_kept_for_a_bad_request(lists, client):
    # The shared cache in the database, as production runs without Redis, read from outside.
    with override_settings(CACHES={"default": {"BACKEND": "gvalley.dbcache.PostgresCache",
                                               "LOCATION": "api_kept_cache"}}):  # fmt: skip
        call_command("createcachetable", verbosity=0)
        forget_shared_data()
        for query in ({"page": "abc"}, {"page": "99"}, {"page_size": "0"}, {"category": "x"}):
            response = client.get("/api/v1/events/", query)
            assert response.status_code == 400, query
            assert response.json()["errors"]
        assert kept_api_pages() == 0
        assert client.get("/api/v1/events/").status_code == 200
        assert kept_api_pages() == 1
    forget_shared_data()
