"""Whole-site guards from outside: crawl every page as each role and language, with the demo data.

The demo content is loaded once for this module (and rolled back after it); each role's crawl in
each language runs once and is shared by the guards below: no server error and no link to a missing
page, no to-do shown to the public, no server error on hostile query values or path segments, and
HTML that the Nu Html Checker passes.
"""

import re
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import resolve, translate_url
from django.utils import translation

from gvalley import languages
from gvalley.rendering import URL_SAFE
from tests.site import validator
from tests.site.crawl import (
    LANGUAGES,
    ROLES,
    in_language,
    plain_path,
    route_of,
    signed_in_client,
)

# Every test here reads the module's demo data; the marker also has the test database set up.
pytestmark = pytest.mark.django_db

# Failures caused in another engineer's part of the portal and fixed on their branch, for as long as
# that branch has not landed: (guard, a pattern of "role/language URL", a fragment of the failure)
# → the branch, e.g. ("html", r" /events/archive/\d+/", "skipping 1 heading level"): "events".
# Empty: every fix the guards needed from the other branches is on main.
KNOWN_ELSEWHERE = {}


def known_elsewhere(guard, where, failure):
    """Return whether a guard's failure where it was seen ("role/language URL") is known."""
    return any(
        guard == known_guard and re.search(url, where) and text in failure
        for known_guard, url, text in KNOWN_ELSEWHERE
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_linked_page_answers_without_server_error_or_404(crawls, role, language):
    crawl = crawls(role, language)
    failures = [
        f"{where}: {what}"
        for where, what in crawl.failures()
        if not known_elsewhere("crawl", where, what)
    ]
    assert not failures, f"{crawl.summary()}:\n" + "\n".join(failures)
    # The crawl reached every part of the portal, in the language asked for.
    reached = {url.split("?")[0] for url in crawl.pages}
    sections = {"/companies/", "/events/", "/council/", "/heritage/"}
    assert {in_language(path, language) for path in sections} <= reached, crawl.summary()
    if role == "staff":
        assert in_language("/admin/companies/company/", language) in reached, crawl.summary()
    wrong_language = [
        page.url
        for page in crawl.html_pages
        if f'<html lang="{language}"'.encode() not in page.body[:300]
    ]
    assert not wrong_language, f"{crawl.summary()}: not in {language}: {wrong_language[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_show_no_unfinished_placeholder(crawls, language):
    crawl = crawls("anonymous", language)
    placeholders = [page.url for page in crawl.html_pages if "확인 필요" in page.body.decode()]
    assert not placeholders, f"{crawl.summary()}: '확인 필요' on {placeholders}"


def test_every_sitemap_url_is_listed_once_on_site_url_and_answers(demo_site, demo_media):
    site = "https://portal.test.example"
    with demo_media(), override_settings(SITE_URL=site):
        client = Client()
        sitemap = client.get("/sitemap.xml").content.decode()
        locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
        assert len(locs) > 50, sitemap[:500]
        assert len(locs) == len(set(locs)), sorted({loc for loc in locs if locs.count(loc) > 1})
        assert [loc for loc in locs if not loc.startswith(site + "/")] == []
        # Each page in both languages, and every alternate named is one of the listed pages.
        english = {loc for loc in locs if loc.startswith(site + "/en/")}
        assert len(english) * 2 == len(locs), sitemap[:500]
        alternates = set(
            re.findall(r'<xhtml:link rel="alternate" hreflang="[\w-]+" href="([^"]*)"', sitemap)
        )
        assert alternates == set(locs)
        answers = {loc: client.get(loc.removeprefix(site)).status_code for loc in locs}
    assert {loc: status for loc, status in answers.items() if status != 200} == {}


# Query values and path segments a hostile or careless client sends, percent-encoded as sent.
HOSTILE_VALUES = {
    "NUL byte": "a%00b",
    "huge integer": "99999999999999999999",
    "huge negative integer": "-99999999999999999999",
    "percent sign": "%25",
    "underscore": "_",
    "backslash": "%5C",
    "invalid UTF-8": "%FF%FE",
}
HOSTILE_SEGMENTS = {
    "NUL byte": "a%00b",
    "huge integer": "99999999999999999999",
    "invalid UTF-8": "%FF%FE",
}


def representatives(crawl, skip_routes=()):
    """Return {URL pattern: the first URL of it that answered 200} of a crawl."""
    found = {}
    for page in crawl.pages.values():
        path = urlsplit(page.url).path
        route, _ = route_of(path)
        if page.status == 200 and route is not None and route not in skip_routes:
            found.setdefault(route, path)
    return found


def admin_shape(route, name):
    """Return what decides how Django's admin reads a parameter: its page type and lookup.

    Every model's admin reads its parameters with the same code (ChangeList, the list filters,
    the date hierarchy), by the lookup and not by the field: `status__exact` on one model and
    `kind__exact` on another take the same path. So each shape is tried once, on the first admin
    page that uses it, and the guard stays fast enough to run twice in CI.
    """
    page_type = route.rstrip("/").rsplit("/", 1)[-1] if route.endswith(("add/", "change/")) else ""
    return page_type, "__".join(["*", *name.split("__")[1:]]) if "__" in name else name


def hostile_urls(route, path, parameter_names, tried_admin_shapes):
    """Yield (what, URL) for each hostile query value and each hostile path segment."""
    in_admin = plain_path(path).startswith("/admin/")
    names = set(parameter_names) if in_admin else {*parameter_names, "page"}
    for name in sorted(names):
        if in_admin:
            shape = admin_shape(route, name)
            if shape in tried_admin_shapes:
                continue
            tried_admin_shapes.add(shape)
        for what, value in HOSTILE_VALUES.items():
            yield f"{what} in ?{name}", f"{path}?{quote(name)}={value}"
    segments = path.split("/")
    for name, value in resolve(unquote(path)).kwargs.items():
        text = quote(str(value), safe=URL_SAFE)
        for index, segment in enumerate(segments):
            if text and text in segment:
                for what, hostile in HOSTILE_SEGMENTS.items():
                    changed = [*segments]
                    changed[index] = segment.replace(text, hostile, 1)
                    yield f"{what} as <{name}>", "/".join(changed)
                break


@pytest.mark.parametrize("role", ROLES)
def test_hostile_query_values_and_path_segments_never_cause_a_server_error(crawls, role):
    # One URL per pattern, as the least privileged role that reached it (anonymous first).
    skip = set(representatives(crawls("anonymous", "ko"))) if role != "anonymous" else set()
    crawl = crawls(role, "ko")
    client = signed_in_client(role)
    tried, failures, admin_shapes = 0, [], set()
    for route, path in representatives(crawl, skip).items():
        parameters = crawl.parameters.get(route, ())
        for what, url in hostile_urls(route, path, parameters, admin_shapes):
            tried += 1
            with transaction.atomic():
                response = client.get(url)
                transaction.set_rollback(True)
            if response.status_code >= 500:
                error = response.exc_info[1] if response.exc_info else ""
                failures.append(f"{response.status_code} {url!r} ({what}): {error!r}")
    assert tried > 50, f"{role}: only {tried} hostile requests"
    assert not failures, (
        f"{role}: {len(failures)} of {tried} hostile requests failed:\n" + "\n".join(failures)
    )


# A page's forms carry a fresh CSRF token each time; pages that differ only there are one page.
CSRF_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*"')


def test_every_crawled_page_is_valid_html(crawls, tmp_path):
    validator.vnu_jar()  # skips here, before crawling, where Java or npm is missing
    pages = {}  # page body → where it was seen
    for role in ROLES:
        for language in LANGUAGES:
            for page in crawls(role, language).html_pages:
                body = CSRF_TOKEN.sub(rb'\1"', page.body)
                pages.setdefault(body, []).append(f"{role}/{language} {page.url}")
    files = {}
    for index, (body, seen) in enumerate(pages.items()):
        path = tmp_path / f"page-{index:05d}.html"
        path.write_bytes(body)
        files[path.name] = seen
    errors = {}  # message → [(where, extract)]
    for message in validator.check([tmp_path]):
        seen = files.get(message.get("url", "").rsplit("/", 1)[-1], ["?"])
        if not any(known_elsewhere("html", where, message["message"]) for where in seen):
            found = errors.setdefault(message["message"], [])
            found.extend((where, message.get("extract", "").strip()) for where in seen)
    report = [
        f"{message} — on {len(found)} pages: "
        + "; ".join(f"{where}: {extract!r}" for where, extract in found[:4])
        for message, found in sorted(errors.items(), key=lambda item: -len(item[1]))
    ]
    assert not errors, f"{len(files)} distinct pages checked:\n" + "\n".join(report)


def test_stylesheets_are_valid_css():
    stylesheets = sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css"))
    assert stylesheets
    errors = [
        f"{message.get('url', '').rsplit('/', 1)[-1]}:{message.get('lastLine')}: {message['message']}"
        for message in validator.check(stylesheets, css=True)
    ]
    assert not errors, "\n".join(errors)


def local(url):
    """Return the path and query of an absolute URL on SITE_URL, or None if it is elsewhere."""
    site = settings.SITE_URL.rstrip("/")
    if not url.startswith(site + "/"):
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# Admin pages of the rows a sign-in writes (django-axes' access log): each crawl has its own.
BOOKKEEPING_ADMIN = ("/admin/axes/",)


def shape(url, blank=True):
    """Return (path, sorted query pairs) of a local URL: what decides the page it shows."""
    parts = urlsplit(url or "")
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    return unquote(parts.path), tuple(sorted(pair for pair in pairs if blank or pair[1]))


@pytest.mark.parametrize("role", ROLES)
def test_every_page_names_its_address_in_each_language_and_both_answer(crawls, role):
    """Canonical, hreflang ko/en/x-default and the language switch on every crawled page.

    Canonical and alternates keep the page's query but its empty parameters; the language
    switch keeps the query as sent. Every address named answers 200.
    """
    problems, targets = [], {}
    for language in LANGUAGES:
        for page in crawls(role, language).html_pages:
            parts = urlsplit(page.url)
            plain = plain_path(parts.path)
            _path, query = shape(page.url, blank=False)
            expected = {code: in_language(plain, code) for code in LANGUAGES}
            expected["x-default"] = expected[settings.LANGUAGE_CODE]
            named = {
                code: [local(href) for href in hrefs] for code, hrefs in page.alternates.items()
            }
            found = {code: [shape(url) for url in urls] for code, urls in named.items()}
            wanted = {code: [(unquote(path), query)] for code, path in expected.items()}
            if found != wanted:
                problems.append(f"{language} {page.url}: alternates {page.alternates}")
            canonical = [local(href) for href in page.canonical]
            if [shape(url) for url in canonical] != wanted[language]:
                problems.append(f"{language} {page.url}: canonical {page.canonical}")
            # The switch: the same page, query as sent, at the other language's relative address.
            other = next(code for code in LANGUAGES if code != language)
            switch = [shape(href) for href in page.switch.get(other, [])]
            if len(page.switch) != 1 or switch != [(unquote(expected[other]), shape(page.url)[1])]:
                problems.append(f"{language} {page.url}: switch {page.switch}")
            for url in [*canonical, *(url for urls in named.values() for url in urls)]:
                if url:
                    targets.setdefault(url, page.url)
    assert not problems, f"{len(problems)} pages:\n" + "\n".join(problems[:20])
    # Every address named answers: most were crawled already, the rest are requested here.
    crawled = {
        shape(url): page.status
        for language in LANGUAGES
        for url, page in crawls(role, language).pages.items()
    }
    client = signed_in_client(role)
    failures = []
    for url, named_on in targets.items():
        status = crawled.get(shape(url))
        if status is None and plain_path(url).startswith(BOOKKEEPING_ADMIN):
            continue  # rows each sign-in of a crawl writes: the other crawl has other ones
        if status is None:
            with transaction.atomic():
                status = client.get(url).status_code
                transaction.set_rollback(True)
        if status != 200:
            failures.append(f"{url} answers {status} (named on {named_on})")
    assert not failures, "\n".join(failures)


def test_the_prefix_gives_what_translate_url_gives_on_every_page(crawls):
    """The URL patterns are not translated: adding or removing /en/ is Django's translate_url."""
    differ = []
    for language in LANGUAGES:
        for page in crawls("anonymous", language).html_pages:
            other = next(code for code in LANGUAGES if code != language)
            with translation.override(language):
                translated = translate_url(page.url, other)
            if translated != languages.url_in(page.url, other):
                differ.append(f"{page.url}: {translated} ≠ {languages.url_in(page.url, other)}")
    assert not differ, "\n".join(differ)
