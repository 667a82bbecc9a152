"""What the portal tells sharing services and search engines: OpenGraph, Twitter cards, JSON-LD.

The demo site is crawled once as an anonymous visitor in Korean and in English with a SITE_URL
that is not the default; every page is read as an outside reader would (extruct, the library
search-engine tooling uses to pull JSON-LD and OpenGraph out of a page, plus Python's strict JSON
parser): every page has the sharing tags, on SITE_URL's host; every JSON-LD block is schema.org
data with the properties its type needs; each kind of detail page carries its types. Factory
pages then check what depends on the data: a cancelled event, a full one, a poster, a hostile
title, English.
"""

import datetime
import json
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import extruct
import pytest
from django.contrib.staticfiles import finders
from django.test import Client, override_settings
from django.urls import resolve
from django.utils import timezone

from events.models import Event, EventPoster
from heritage.models import VisitInfo
from tests.companies.factories import CompanyFactory, upload
from tests.events.factories import EventFactory
from tests.heritage.factories import StoryFactory, StoryPhotoFactory, VisitInfoFactory
from tests.site.crawl import Crawler, plain_path, signed_in_client, start_urls

pytestmark = pytest.mark.django_db

SITE = "https://share.test.example"
SCHEMA = "https://schema.org"
SEOUL_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$")
CLOCK = re.compile(r"^\d\d:\d\d$")
OG_REQUIRED = ("og:type", "og:title", "og:url", "og:image", "og:site_name", "og:locale")
TWITTER_REQUIRED = ("twitter:card", "twitter:title", "twitter:image")

# What each schema.org type must say here (Google's required and recommended properties for the
# rich results the type can give, and schema.org's expected value types).
REQUIRED = {
    "Event": {"name", "url", "startDate", "endDate", "eventStatus", "eventAttendanceMode"},
    "Organization": {"name", "url"},
    "BreadcrumbList": {"itemListElement"},
    "Article": {"headline", "url", "datePublished", "dateModified", "author", "publisher"},
    "Museum": {"name", "url", "address"},
}
EVENT_STATUSES = {f"{SCHEMA}/{s}" for s in ("EventScheduled", "EventCancelled")}
AVAILABILITY = {f"{SCHEMA}/{s}" for s in ("InStock", "SoldOut", "PreOrder")}
DAYS = {
    f"{SCHEMA}/{d}"
    for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
}
# The schema.org types each kind of detail page carries.
PAGE_KINDS = {
    "events:detail": {"Event", "BreadcrumbList"},
    "events:edition": {"BreadcrumbList"},
    "companies:detail": {"Organization", "BreadcrumbList"},
    "council:meeting": {"BreadcrumbList"},
    "council:grievance": {"BreadcrumbList"},
    "heritage:index": {"Museum"},
    "heritage:story_detail": {"Article", "BreadcrumbList"},
    "heritage:gallery_detail": {"BreadcrumbList"},
    "heritage:photo_detail": {"BreadcrumbList"},
}


class HeadParser(HTMLParser):
    """Collect the <meta name=…> tags (Twitter's) and the raw JSON-LD blocks of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.named = {}
        self.feeds = []
        self.json_blocks = []
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name"):
            self.named[attributes["name"]] = attributes.get("content", "")
        elif tag == "link" and attributes.get("rel") == "alternate":
            self.feeds.append((attributes.get("type"), attributes.get("href")))
        elif tag == "script" and attributes.get("type") == "application/ld+json":
            self._in_json = True
            self.json_blocks.append("")

    def handle_data(self, data):
        if self._in_json:
            self.json_blocks[-1] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json = False


def read(body, url):
    """Return (OpenGraph properties, Twitter tags, JSON-LD items, feed links) of a page."""
    html = body.decode() if isinstance(body, bytes) else body
    parser = HeadParser()
    parser.feed(html)
    # Strictly valid JSON, not only what a lenient reader accepts.
    strict = [json.loads(block) for block in parser.json_blocks]
    found = extruct.extract(
        html, base_url=SITE + url, syntaxes=["json-ld", "opengraph"], uniform=False
    )
    assert found["json-ld"] == strict
    og = {}
    for graph in found["opengraph"]:
        for name, value in graph["properties"]:
            og.setdefault(name, []).append(value)
    return og, parser.named, strict, parser.feeds


def on_site(url):
    return url.startswith(SITE + "/")


def check_item(item, where):
    """Return the problems of one JSON-LD item against the REQUIRED table and value types."""
    problems = []
    kind = item.get("@type")
    if item.get("@context") != SCHEMA:
        problems.append(f"{where}: @context {item.get('@context')!r}")
    if kind not in REQUIRED:
        return problems + [f"{where}: unexpected @type {kind!r}"]
    missing = REQUIRED[kind] - set(item)
    if missing:
        problems.append(f"{where}: {kind} lacks {sorted(missing)}")
    if "url" in item and not on_site(item["url"]):
        problems.append(f"{where}: {kind} url {item['url']!r} not on SITE_URL")
    for key in ("startDate", "endDate", "datePublished", "dateModified"):
        if key in item and not SEOUL_DATETIME.match(item[key]):
            problems.append(f"{where}: {kind} {key} {item[key]!r} not ISO 8601 at +09:00")
    if kind == "Event":
        if item["eventStatus"] not in EVENT_STATUSES:
            problems.append(f"{where}: eventStatus {item['eventStatus']!r}")
        if item.get("location"):
            location = item["location"]
            if location["@type"] != "Place" or not location.get("name"):
                problems.append(f"{where}: location {location!r}")
            address = location.get("address")
            if address and (
                address["@type"] != "PostalAddress" or address["addressCountry"] != "KR"
            ):
                problems.append(f"{where}: address {address!r}")
        if item["organizer"]["@type"] != "Organization" or not item["organizer"]["name"]:
            problems.append(f"{where}: organizer {item['organizer']!r}")
        offers = item.get("offers")
        if offers and (
            offers["availability"] not in AVAILABILITY
            or offers["priceCurrency"] != "KRW"
            or offers["price"] != "0"
            or not on_site(offers["url"])
        ):
            problems.append(f"{where}: offers {offers!r}")
        for image in item.get("image", []):
            if not on_site(image):
                problems.append(f"{where}: image {image!r}")
    if kind == "BreadcrumbList":
        elements = item["itemListElement"]
        if [e["position"] for e in elements] != list(range(1, len(elements) + 1)):
            problems.append(f"{where}: breadcrumb positions {elements!r}")
        for element in elements:
            if (
                element["@type"] != "ListItem"
                or not element["name"]
                or not on_site(element["item"])
            ):
                problems.append(f"{where}: breadcrumb item {element!r}")
        if elements and urlsplit(elements[-1]["item"]).path != urlsplit(where).path:
            problems.append(f"{where}: breadcrumb does not end with the page itself")
    if kind == "Museum":
        if item["address"]["@type"] != "PostalAddress":
            problems.append(f"{where}: address {item['address']!r}")
        for spec in item.get("openingHoursSpecification", []):
            if spec["dayOfWeek"] not in DAYS or not (
                CLOCK.match(spec["opens"]) and CLOCK.match(spec["closes"])
            ):
                problems.append(f"{where}: opening hours {spec!r}")
    if kind == "Article":
        if item["publisher"]["@type"] != "Organization" or not item["author"].get("name"):
            problems.append(f"{where}: author/publisher {item['author']!r} {item['publisher']!r}")
    if kind == "Organization" and "logo" in item and not on_site(item["logo"]):
        problems.append(f"{where}: logo {item['logo']!r}")
    return problems


@pytest.fixture(scope="module")
def shared_crawls(demo_site, demo_media):
    """Crawl the demo site as an anonymous visitor in each language, on a non-default SITE_URL."""
    done = {}
    with override_settings(SITE_URL=SITE), demo_media():
        for language in ("ko", "en"):
            client = signed_in_client("anonymous")
            crawler = Crawler(client, "anonymous", language)
            done[language] = crawler.run(start_urls("anonymous", language))
    return done


def view_of(url):
    """Return the name of the view of a crawled address (percent-encoded, in either language)."""
    return resolve(plain_path(unquote(urlsplit(url).path))).view_name


def image_answers(url, client):
    """Return whether an image address on SITE_URL answers: a static file or a served upload."""
    path = urlsplit(url).path
    if path.startswith("/static/"):
        return finders.find(path.removeprefix("/static/")) is not None
    return client.get(path).status_code == 200


@pytest.mark.parametrize("language", ("ko", "en"))
def test_every_page_has_sharing_tags_and_valid_schema_org_data(shared_crawls, demo_media, language):
    crawl = shared_crawls[language]
    problems, images, kinds_seen = [], set(), {}
    locale, alternate = ("ko_KR", "en_US") if language == "ko" else ("en_US", "ko_KR")
    for page in crawl.html_pages:
        og, twitter, items, _feeds = read(page.body, page.url)
        where = page.url
        for name in OG_REQUIRED:
            if not (og.get(name) and og[name][0].strip()):
                problems.append(f"{where}: no {name}")
        for name in TWITTER_REQUIRED:
            if not twitter.get(name):
                problems.append(f"{where}: no {name}")
        if og.get("og:locale") != [locale] or og.get("og:locale:alternate") != [alternate]:
            problems.append(
                f"{where}: locale {og.get('og:locale')} {og.get('og:locale:alternate')}"
            )
        for name in ("og:url", "og:image"):
            for value in og.get(name, []):
                if not on_site(value):
                    problems.append(f"{where}: {name} {value!r} not on SITE_URL")
        if og.get("og:url") and urlsplit(og["og:url"][0]).path != urlsplit(page.url).path:
            problems.append(f"{where}: og:url {og['og:url']!r} is another page")
        if twitter.get("twitter:image") != og.get("og:image", [None])[0]:
            problems.append(f"{where}: twitter:image differs from og:image")
        images.update(og.get("og:image", []))
        for item in items:
            problems.extend(check_item(item, where))
        view_name = view_of(page.url)
        kinds_seen.setdefault(view_name, []).append({item["@type"] for item in items})
    assert not problems, "\n".join(problems[:40])
    # Every kind of detail page was reached and carries its types.
    missing = [kind for kind in PAGE_KINDS if kind not in kinds_seen]
    assert not missing, f"page kinds not reached: {missing}"
    for kind, expected in PAGE_KINDS.items():
        for types in kinds_seen[kind]:
            assert expected <= types, f"{kind}: {types} lacks {expected - types}"
    # Every image named for sharing answers (the default in static/, uploads under media/).
    with demo_media():
        client = Client()
        dead = [url for url in sorted(images) if not image_answers(url, client)]
    assert not dead, dead
    assert any("/media/" in url for url in images), "no page shares its own image"


def test_pages_advertise_their_feeds(shared_crawls):
    crawl = shared_crawls["ko"]
    for page in crawl.html_pages:
        feeds = read(page.body, page.url)[3]
        assert ("application/rss+xml", "/events/feed/rss/") in feeds, page.url
        assert ("application/atom+xml", "/events/feed/atom/") in feeds, page.url
        assert ("text/calendar", "/events/feed.ics") in feeds, page.url
        if view_of(page.url) == "events:detail":
            assert ("text/calendar", page.url.split("?")[0] + "event.ics") in feeds
    # The feeds advertised answer with their own type.
    client = Client()
    for path, kind in (
        ("/events/feed/rss/", "application/rss+xml"),
        ("/events/feed/atom/", "application/atom+xml"),
        ("/events/feed.ics", "text/calendar"),
    ):
        response = client.get(path)
        assert response.status_code == 200 and response["Content-Type"].startswith(kind)


# --- Pages made for one point each -------------------------------------------------------------


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE


def page_data(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return read(response.content, url)


def items_of(items, kind):
    return [item for item in items if item["@type"] == kind]


def test_event_offers_places_while_registration_is_open(client, site):
    event = EventFactory(capacity=20)
    _og, _twitter, items, _feeds = page_data(client, event.get_absolute_url())
    (data,) = items_of(items, "Event")
    assert not check_item(data, event.get_absolute_url())
    assert data["eventStatus"] == f"{SCHEMA}/EventScheduled"
    assert data["offers"]["availability"] == f"{SCHEMA}/InStock"
    assert (data["offers"]["price"], data["offers"]["priceCurrency"]) == ("0", "KRW")
    assert data["location"]["name"] == event.venue.name
    assert data["location"]["address"]["streetAddress"] == event.venue.address
    assert data["organizer"]["name"] == event.organiser
    start = datetime.datetime.fromisoformat(data["startDate"])
    assert start == event.starts_at and start.utcoffset() == datetime.timedelta(hours=9)


def test_full_event_offers_sold_out(client, site):
    event = EventFactory(capacity=2)
    Event.objects.filter(pk=event.pk).update(confirmed_count=2)
    (data,) = items_of(page_data(client, event.get_absolute_url())[2], "Event")
    assert data["offers"]["availability"] == f"{SCHEMA}/SoldOut"


def test_cancelled_event_says_so_and_offers_nothing(client, site):
    event = EventFactory(status=Event.Status.CANCELLED)
    (data,) = items_of(page_data(client, event.get_absolute_url())[2], "Event")
    assert data["eventStatus"] == f"{SCHEMA}/EventCancelled"
    assert "offers" not in data


def test_event_without_registration_offers_nothing(client, site):
    event = EventFactory(registration_mode=Event.Mode.NONE, capacity=None)
    (data,) = items_of(page_data(client, event.get_absolute_url())[2], "Event")
    assert "offers" not in data


def test_event_registration_not_yet_open_is_a_pre_order(client, site):
    opens = timezone.now() + datetime.timedelta(days=2)
    event = EventFactory(registration_opens_at=opens)
    (data,) = items_of(page_data(client, event.get_absolute_url())[2], "Event")
    assert data["offers"]["availability"] == f"{SCHEMA}/PreOrder"
    assert datetime.datetime.fromisoformat(data["offers"]["validFrom"]) == opens.replace(
        microsecond=0
    )


def test_event_poster_is_the_shared_image(client, site):
    event = EventFactory()
    poster = EventPoster(event=event, image=upload("poster.png"), alt="마라톤 포스터")
    poster.save()
    og, twitter, items, _feeds = page_data(client, event.get_absolute_url())
    assert og["og:image"] == [SITE + poster.image.url]
    assert og["og:image:alt"] == ["마라톤 포스터"]
    assert og["og:image:width"] == [str(poster.width)]
    (data,) = items_of(items, "Event")
    assert data["image"] == [SITE + poster.image.url]
    assert twitter["twitter:card"] == ("summary_large_image" if poster.width >= 600 else "summary")


def test_page_without_image_shares_the_portal_image(client, site):
    og, twitter, _items, _feeds = page_data(client, "/privacy/")
    assert og["og:image"] == [SITE + "/static/img/share-default.png"]
    assert (og["og:image:width"], og["og:image:height"]) == (["1200"], ["630"])
    assert twitter["twitter:card"] == "summary"
    assert finders.find("img/share-default.png")


def test_hostile_event_title_stays_inside_the_json(client, site):
    payload = "</script><script>alert(1)</script>"
    event = EventFactory(title=payload, summary="A & B 'quoted' <b>")
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    _og, _twitter, items, _feeds = read(response.content, event.get_absolute_url())
    (data,) = items_of(items, "Event")
    assert data["name"] == payload and data["description"] == "A & B 'quoted' <b>"
    og = read(response.content, event.get_absolute_url())[0]
    assert og["og:title"] == [payload]


def test_story_is_an_article_with_its_lead_photo(client, site):
    story = StoryFactory(title="벌집 방의 하루")
    photo = StoryPhotoFactory(story=story)
    og, twitter, items, _feeds = page_data(client, story.get_absolute_url())
    (article,) = items_of(items, "Article")
    assert not check_item(article, story.get_absolute_url())
    assert article["headline"] == "벌집 방의 하루"
    assert article["image"] == [SITE + photo.image.url]
    assert og["og:image"] == [SITE + photo.image.url] and og["og:type"] == ["article"]
    published = datetime.datetime.fromisoformat(article["datePublished"])
    assert published.utcoffset() == datetime.timedelta(hours=9)
    (crumbs,) = items_of(items, "BreadcrumbList")
    assert [e["item"] for e in crumbs["itemListElement"]][-1] == SITE + story.get_absolute_url()


def test_museum_gives_its_week_with_the_closed_day(client, site):
    VisitInfo.objects.all().delete()  # the demo's, when this module loaded it
    VisitInfoFactory(address="서울특별시 금천구 가산동 순이의 집")
    (museum,) = items_of(page_data(client, "/heritage/")[2], "Museum")
    assert museum["address"]["streetAddress"] == "서울특별시 금천구 가산동 순이의 집"
    hours = {
        spec["dayOfWeek"]: (spec["opens"], spec["closes"])
        for spec in museum["openingHoursSpecification"]
    }
    assert hours[f"{SCHEMA}/Monday"] == ("00:00", "00:00")  # closed on Mondays
    assert hours[f"{SCHEMA}/Tuesday"] == ("10:00", "18:00")
    assert len(hours) == 7


def test_company_organization_and_breadcrumb_match_the_page(client, site):
    company = CompanyFactory(name="보안테크")
    og, _twitter, items, _feeds = page_data(client, company.get_absolute_url())
    (organization,) = items_of(items, "Organization")
    assert organization["name"] == "보안테크"
    (crumbs,) = items_of(items, "BreadcrumbList")
    names = [e["name"] for e in crumbs["itemListElement"]]
    assert names[0] == "기업 디렉터리" and names[-1] == "보안테크"
    assert og["og:title"][0].startswith("보안테크")


def test_english_pages_share_in_english(client, site):
    og, twitter, _items, _feeds = page_data(client, "/en/events/")
    assert og["og:url"] == [SITE + "/en/events/"]
    assert og["og:locale"] == ["en_US"] and og["og:locale:alternate"] == ["ko_KR"]
    assert not re.search("[가-힣]", og["og:title"][0] + og["og:site_name"][0])
    assert not re.search("[가-힣]", og["og:description"][0] + og["og:image:alt"][0])
    assert og["og:site_name"] == ["G Valley Portal"]


def test_django_shell_pages_have_the_sharing_tags(client, site):
    """allauth's own pages (Django templates, templates/base.html) get the same tags."""
    response = client.get("/accounts/password/reset/")
    html = response.content.decode()
    og, twitter, _items, _feeds = read(html, "/accounts/password/reset/")
    title = re.search(r"<title>\s*(.*?)\s*· ", html, re.S).group(1)
    assert title and og["og:title"] == [title]
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert og["og:description"] == [description] and description
    assert og["og:url"] == [SITE + "/accounts/password/reset/"]
    assert og["og:image"] == [SITE + "/static/img/share-default.png"]
    assert twitter["twitter:card"] == "summary"


def test_quotes_of_the_page_title_stay_inside_the_sharing_attributes(rf):
    from django.template import engines
    from markupsafe import Markup

    # A block's output is markup: a translation's own quotes come through unescaped.
    title = Markup('Results for "보안" & <b>more</b>')
    html = (
        engines["jinja2"]
        .from_string(
            "{% with share_title=title, share_description=title %}"
            '{% include "includes/_share_meta.jinja" %}{% endwith %}'
        )
        .render({"title": title}, rf.get("/en/search/"))
    )
    og, twitter, _items, _feeds = read(html, "/en/search/")
    assert og["og:title"] == ['Results for "보안" & more']
    assert twitter["twitter:description"] == 'Results for "보안" & more'
