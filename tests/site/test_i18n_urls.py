"""English at its own address: Korean unprefixed, English under /en/, each page naming both.

The crawl guards (tests/site/test_crawl.py) check every crawled page's canonical and hreflang
links and that they answer; these tests follow the language switch on pages of every app, try
the old cookie and the old /lang/ links, and read the sitemap's alternates.
"""

import re
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from django.conf import settings
from django.urls import LocalePrefixPattern, get_resolver

from council.models import Meeting
from gvalley import languages
from tests.companies.factories import CompanyFactory
from tests.council.factories import MeetingFactory
from tests.events.factories import EventFactory
from tests.factories import PASSWORD
from tests.heritage.factories import StoryFactory

pytestmark = pytest.mark.django_db

SITE = "https://portal.test.example"
SWITCH = re.compile(r'<a href="([^"]*)" lang="(\w+)" hreflang="\w+">')
HEAD_LINK = re.compile(
    r'<link rel="(canonical|alternate)"(?: hreflang="([\w-]+)")? href="([^"]*)">'
)


def head_links(html):
    """Return (canonical, {hreflang: href}) of a page's <head>."""
    head = html[: html.index("</head>")]
    canonical = [href for rel, _lang, href in HEAD_LINK.findall(head) if rel == "canonical"]
    alternates = {lang: href for rel, lang, href in HEAD_LINK.findall(head) if lang}
    return canonical, alternates


def unescape(href):
    """Return an href as a visitor's browser reads it: entities and percent-escapes undone."""
    return unquote(href.replace("&amp;", "&"))


@pytest.fixture
def pages(db):
    """Return a page of each app, some with a query string, by their Korean address."""
    company = CompanyFactory(name="한빛보안")
    event = EventFactory(title="G밸리 마라톤")
    meeting = MeetingFactory(status=Meeting.Status.MINUTES_PUBLISHED)
    story = StoryFactory()
    return [
        "/",
        "/companies/?q=보안&page=1",
        company.get_absolute_url(),
        "/events/?category=sports",
        event.get_absolute_url(),
        meeting.get_absolute_url(),
        "/council/",
        story.get_absolute_url(),
        "/heritage/stories/",
        "/search/?q=마라톤",
        "/accounts/login/?next=/events/",
        "/accounts/password/reset/",  # allauth's own page, in the Django shell (base.html)
        "/privacy/",
    ]


def test_the_switch_leads_to_the_same_page_in_the_other_language_and_back(client, pages):
    for korean in pages:
        response = client.get(korean)
        assert response.status_code == 200, korean
        html = response.content.decode()
        assert '<html lang="ko">' in html, korean
        [(to_english, language)] = SWITCH.findall(html)
        assert language == "en" and unescape(to_english) == "/en" + korean, korean
        english = client.get(unescape(to_english))
        assert english.status_code == 200, to_english
        html = english.content.decode()
        assert '<html lang="en">' in html, to_english
        [(to_korean, language)] = SWITCH.findall(html)
        assert language == "ko" and unescape(to_korean) == korean, to_english


def test_each_language_names_both_addresses_and_korean_as_default(client, settings, pages):
    settings.SITE_URL = SITE
    for korean in pages:
        path, _, query = korean.partition("?")
        query = f"?{query}" if query else ""
        for address, language in [(korean, "ko"), ("/en" + korean, "en")]:
            canonical, alternates = head_links(client.get(address).content.decode())
            expected = {"ko": SITE + korean, "en": f"{SITE}/en{korean}"}
            assert {lang: unescape(href) for lang, href in alternates.items()} == {
                **expected,
                "x-default": SITE + korean,
            }, address
            assert [unescape(href) for href in canonical] == [expected[language]], address


def test_the_canonical_address_drops_tracking_and_empty_parameters(client, settings):
    settings.SITE_URL = SITE
    html = client.get("/en/events/?utm_source=news&category=&fbclid=x&category=sports").content
    canonical, alternates = head_links(html.decode())
    assert [unescape(href) for href in canonical] == [f"{SITE}/en/events/?category=sports"]
    assert alternates["ko"] == f"{SITE}/events/?category=sports"
    # The switch keeps the query as sent: the visitor's page, not the search engine's.
    [(switch, _)] = SWITCH.findall(html.decode())
    path, _, query = unescape(switch).partition("?")
    assert path == "/events/"
    assert sorted(parse_qsl(query, keep_blank_values=True)) == [
        ("category", ""),
        ("category", "sports"),
        ("fbclid", "x"),
        ("utm_source", "news"),
    ]


def test_error_pages_name_no_address_and_switch_to_the_other_home(client):
    response = client.get("/en/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and '<html lang="en">' in html
    assert head_links(html) == ([], {})
    assert SWITCH.findall(html) == [("/", "ko")]


def test_an_old_language_cookie_changes_no_korean_address(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for path in ["/", "/events/", "/accounts/login/"]:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, path
        assert '<html lang="ko">' in response.content.decode(), path
    # The anonymous page cache kept the Korean page under its Korean address.
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    cached = client.get("/events/")
    assert cached["X-Page-Cache"] == "hit" and '<html lang="ko">' in cached.content.decode()


def test_an_english_browser_gets_the_korean_home_page_without_a_redirect(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="ko">' in response.content.decode()


@pytest.mark.parametrize(
    ("link", "location"),
    [
        ("/lang/en/?next=/events/", "/en/events/"),
        ("/lang/en/?next=/events/%3Fcategory%3Dsports", "/en/events/?category=sports"),
        ("/lang/ko/?next=/en/council/archive/%3Fpage%3D2", "/council/archive/?page=2"),
        ("/lang/en/?next=/en/events/", "/en/events/"),
        ("/lang/ko/?next=/events/", "/events/"),
        ("/lang/en/", "/en/"),
        ("/lang/xx/?next=/events/", "/events/"),
        ("/lang/en/?next=/sitemap.xml", "/sitemap.xml"),
    ],
)
def test_old_language_links_lead_to_the_page_at_that_languages_address(client, link, location):
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == location


@pytest.mark.parametrize(
    "hostile",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "https:evil.example",
        " //evil",
    ],
)
def test_old_language_links_never_lead_off_the_site(client, hostile):
    response = client.get("/lang/en/", {"next": hostile})
    assert response.status_code == 302 and response["Location"] == "/en/"


def test_an_old_language_link_removes_the_old_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/lang/en/?next=/events/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["max-age"] == 0


def test_signing_in_and_out_in_english_stays_in_english(client, resident):
    response = client.post(
        "/en/accounts/login/",
        {"login": resident.email, "password": PASSWORD, "next": "/en/events/"},
    )
    assert response.status_code == 302 and response["Location"] == "/en/events/"
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/en/"
    # Without a page asked for: the account page, in English.
    response = client.post("/en/accounts/login/", {"login": resident.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/en/accounts/profile/"


def test_a_page_that_needs_sign_in_sends_to_the_english_sign_in_page(client):
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/en/accounts/login/"
    assert "next=/en/accounts/profile/" in response["Location"]


def test_sitemap_lists_each_address_once_with_both_languages(client, settings):
    settings.SITE_URL = SITE
    # A slug that is a language code must not be mistaken for a prefix.
    company = CompanyFactory(slug="ko")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    entries = re.findall(r"<url>(.*?)</url>", sitemap, re.S)
    locs = [re.search(r"<loc>(.*?)</loc>", entry)[1] for entry in entries]
    assert len(locs) == len(set(locs))
    for entry, loc in zip(entries, locs, strict=True):
        alternates = dict(re.findall(r'hreflang="([\w-]+)" href="([^"]*)"', entry))
        assert set(alternates) == {"ko", "en", "x-default"}, entry
        assert loc in (alternates["ko"], alternates["en"]), entry
        assert alternates["en"] == alternates["ko"].replace(SITE, SITE + "/en", 1), entry
        assert alternates["x-default"] == alternates["ko"], entry
    assert f"{SITE}/companies/ko/" in locs and f"{SITE}/en/companies/ko/" in locs
    assert client.get(company.get_absolute_url()).status_code == 200


def test_the_paths_outside_the_language_prefix_are_the_ones_the_portal_knows():
    """Every URL pattern outside i18n_patterns is named in gvalley.languages.UNPREFIXED."""
    outside = [
        "/" + str(pattern.pattern)
        for pattern in get_resolver().url_patterns
        if not isinstance(pattern.pattern, LocalePrefixPattern)
    ]
    assert outside and [path for path in outside if not languages.is_unprefixed(path)] == []
    assert languages.is_unprefixed("/healthz") and not languages.is_unprefixed("/events/")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/en/", "/events/", "/en/events/"])
def test_pages_do_not_vary_by_the_browsers_language(client, path):
    """The address alone decides the language: a cache may keep one copy whatever a browser asks."""
    korean_browser = client.get(path, headers={"accept-language": "ko-KR,ko;q=0.9"})
    english_browser = client.get(path, headers={"accept-language": "en-US,en;q=0.9"})
    assert "accept-language" not in korean_browser.get("Vary", "").lower()
    assert korean_browser.content == english_browser.content
    assert korean_browser["Content-Language"] == ("en" if path.startswith("/en/") else "ko")
