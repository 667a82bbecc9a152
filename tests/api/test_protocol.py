"""Point 3 of issue 22 and the API's HTTP manners: bad input is a 400 in JSON (Korean and
English), the rate limit a 429 with Retry-After, ETags give 304, CORS only on reads."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from gvalley.cache import forget_shared_data

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/companies/",
    "/api/v1/events/",
    "/api/v1/council/meetings/",
    "/api/v1/council/grievances/",
    "/api/v1/heritage/stories/",
]
EVERY_LIST_BAD = [
    {"page": "abc"},
    {"page": "0"},
    {"page": "-1"},
    {"page": "999999"},
    {"page": "1" * 40},
    {"page": "１"},  # a full-width digit
    {"page_size": "-1"},
    {"page_size": "0"},
    {"page_size": "101"},
    {"page_size": "abc"},
    {"page_size": "9" * 40},
]
FILTER_BAD = {
    "/api/v1/companies/": [
        {"industry": "ZZ"},
        {"complex": "9"},
        {"building": "abc"},
        {"building": "999999999999"},
        {"employee_band": "x"},
        {"certification": "없는인증"},
        {"market": "XX"},
        {"sort": "price"},
        {"q": "가" * 10000},
    ],
    "/api/v1/events/": [
        {"category": "party"},
        {"audience": "everyone"},
        {"edition": "abc"},
        {"edition": "99999"},
        {"date_from": "2024-13-01"},
        {"date_to": "yesterday"},
        {"date_from": "9" * 500},
    ],
    "/api/v1/council/meetings/": [
        {"year": "abc"},
        {"year": "1999"},
        {"year": "99999999999999999999"},
        {"kind": "secret"},
    ],
    "/api/v1/council/grievances/": [{"status": "deleted"}, {"status": "x" * 5000}],
}


def bad_requests():
    for path in LISTS:
        for query in EVERY_LIST_BAD:
            yield path, query
    for path, queries in FILTER_BAD.items():
        for query in queries:
            yield path, query


def assert_bilingual_400(response, field):
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["detail"]["ko"] and body["detail"]["en"]
    assert body["detail"]["ko"] != body["detail"]["en"]  # really in both languages
    messages = body["errors"][field]
    assert messages and all(m["ko"] and m["en"] for m in messages)


@pytest.mark.parametrize(("path", "query"), list(bad_requests()))
def test_bad_input_is_a_400_in_json(seeded, client, path, query):
    response = client.get(path, query)
    assert_bilingual_400(response, next(iter(query)))


@pytest.mark.parametrize("path", LISTS)
def test_nul_byte_is_a_400_in_json(client, path):
    response = client.get(path + "?q=a%00b&page=1")
    assert response.status_code == 400
    assert response.json()["errors"]["query"][0]["en"]


def test_unknown_address_is_a_404_in_json(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["detail"]["en"]


def test_writes_are_refused_in_json(seeded, client):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/events/", {}, content_type="application/json")
        assert response.status_code == 405, method
        assert response.json()["detail"]["ko"]


def test_page_size_defaults_to_50_and_goes_up_to_100(client, db):
    from tests.companies.factories import CompanyFactory

    CompanyFactory.create_batch(101)
    body = client.get("/api/v1/companies/").json()
    assert (body["count"], len(body["results"])) == (101, 50)
    assert len(client.get("/api/v1/companies/", {"page_size": "100"}).json()["results"]) == 100
    last = client.get("/api/v1/companies/", {"page": "3"}).json()
    assert len(last["results"]) == 1 and last["next"] is None


def test_rate_limit_answers_429_with_retry_after(seeded, settings):
    settings.API_RATE_LIMIT = "3/min"
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        assert client.get("/api/v1/events/").status_code == 200
    response = client.get("/api/v1/companies/")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    body = response.json()
    assert body["detail"]["en"] and body["errors"]["retry_after"][0]["ko"]
    # Another client is counted on its own.
    assert Client(REMOTE_ADDR="203.0.113.10").get("/api/v1/events/").status_code == 200


def test_an_answer_costs_one_cache_read_and_one_write(seeded, client):
    # With the cache in the database, as production runs without Redis: the client's
    # rate-limit history is read with the content version (the answer's data is kept per
    # version), then the history is written back. Two statements, nothing else.
    with override_settings(CACHES={"default": {"BACKEND": "gvalley.dbcache.PostgresCache",
                                               "LOCATION": "api_test_cache"}}):  # fmt: skip
        call_command("createcachetable", verbosity=0)
        forget_shared_data()
        client.get("/api/v1/events/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/events/").status_code == 200
    forget_shared_data()
    statements = [  # the savepoint around the write is the test's transaction, not a request's
        query["sql"] for query in queries.captured_queries if "SAVEPOINT" not in query["sql"]
    ]
    assert len(statements) == 2, statements
    assert "gvalley_cache_read" in statements[0]  # the prepared read (gvalley.dbcache)
    assert "content-version" in statements[0] and "throttle_api" in statements[0]
    assert "INSERT INTO" in statements[1] and "throttle_api" in statements[1]


def test_etag_and_304(seeded, client):
    first = client.get("/api/v1/events/")
    etag = first["ETag"]
    assert etag
    again = client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    # A change of the data gives another ETag: the old one no longer matches.
    seeded["event"].title = "바뀐 행사명"
    seeded["event"].save()
    changed = client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "바뀐 행사명" in changed.content.decode()


def test_license_in_every_answer(seeded, client):
    companies = client.get("/api/v1/companies/")
    assert "company-profiles" in companies.json()["license"]["terms"]
    assert 'rel="license"' in companies["Link"]
    for path in LISTS[1:]:
        body = client.get(path).json()
        assert body["license"]["name"] == "공공누리 제1유형 (출처표시)", path
    detail = client.get(f"/api/v1/events/{seeded['event'].slug}/")
    assert "open-data-api" in detail["Link"]


def test_cors_on_reads_only(seeded, client):
    origin = {"HTTP_ORIGIN": "https://data.example.org"}
    read = client.get("/api/v1/events/", **origin)
    assert read["Access-Control-Allow-Origin"] == "https://data.example.org"
    assert "Access-Control-Allow-Credentials" not in read
    write = client.post("/api/v1/events/", {}, **origin)
    assert write.status_code == 405
    assert "Access-Control-Allow-Origin" not in write
    preflight_write = client.options(
        "/api/v1/events/", HTTP_ACCESS_CONTROL_REQUEST_METHOD="DELETE", **origin
    )
    assert "Access-Control-Allow-Origin" not in preflight_write
    preflight_read = client.options(
        "/api/v1/events/", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", **origin
    )
    assert preflight_read["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    # The portal's pages are not opened to other sites.
    page = client.get("/events/", **origin)
    assert "Access-Control-Allow-Origin" not in page


def test_api_is_the_same_in_both_languages(seeded, client):
    """No /en/ twin: one address, both languages in each object."""
    assert client.get("/en/api/v1/events/").status_code == 404
    event = client.get("/api/v1/events/").json()["results"][0]
    assert event["category"] == {
        "code": "education",
        "ko": "교육·세미나",
        "en": "Education · seminar",
    }
