"""One public address: SITE_URL decides every absolute URL, whatever Host a request named.

Each output is fetched through another allowed host (or over HTTPS on the canonical one) with a
SITE_URL that is not the default, and must name SITE_URL's address only.
"""

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from companies.models import CompanyLogo
from council import calendar as council_calendar
from council.models import Meeting
from tests.companies.factories import CompanyFactory, manager_of, upload
from tests.council.factories import MeetingFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

SITE = "https://portal.test.example"
CANONICAL = "portal.test.example"
OTHER = "other.test.example"
SEOUL = datetime.timezone(datetime.timedelta(hours=9))
ATOM = "{http://www.w3.org/2005/Atom}"
# Any absolute http(s) URL in a document, to be checked against SITE_URL.
URL = re.compile(r"https?://[^\s\"'<>]+")
# Addresses that are not the portal's own (XML namespaces, outside services).
OUTSIDE = (
    "http://www.w3.org/",
    "http://www.sitemaps.org/",
    "https://schema.org",
    "https://calendar.google.com/",
)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [CANONICAL, OTHER, "testserver"]


def _portal_urls(text):
    return [url for url in URL.findall(text) if not url.startswith(OUTSIDE)]


def _only_on_site(text):
    urls = _portal_urls(text)
    assert urls, "no absolute URL found"
    assert [url for url in urls if not url.startswith(SITE + "/")] == []
    assert OTHER not in text and "testserver" not in text and "gvalley.example" not in text


def test_sitemap_lists_each_url_once_on_site_url(client):
    company = CompanyFactory()
    event = EventFactory()
    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    response = client.get("/sitemap.xml", HTTP_HOST=OTHER)
    assert response.status_code == 200
    locs = [loc.text for loc in ET.fromstring(response.content).iter() if loc.tag.endswith("loc")]
    assert len(locs) == len(set(locs)), [loc for loc in locs if locs.count(loc) > 1]
    for page in (
        "/",
        "/council/",
        company.get_absolute_url(),
        event.get_absolute_url(),
        meeting.get_absolute_url(),
    ):
        assert SITE + page in locs
    _only_on_site(response.content.decode())


def test_robots_txt_names_the_sitemap_on_site_url(client):
    body = client.get("/robots.txt", HTTP_HOST=OTHER).content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in body.splitlines()


def test_rss_feed_links_are_on_site_url(client):
    event = EventFactory(title="새 세미나")
    response = client.get(reverse("events:feed_rss"), HTTP_HOST=OTHER)
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("link") == SITE + reverse("events:index")
    assert channel.find(f"{ATOM}link").get("href") == SITE + reverse("events:feed_rss")
    (item,) = channel.iter("item")
    assert item.findtext("link") == SITE + event.get_absolute_url()
    assert item.findtext("guid") == SITE + event.get_absolute_url()
    _only_on_site(response.content.decode())


def test_atom_feed_links_are_on_site_url(client):
    event = EventFactory(title="새 세미나")
    response = client.get(reverse("events:feed_atom"), secure=True, HTTP_HOST=OTHER)
    feed = ET.fromstring(response.content)
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "alternate": SITE + reverse("events:index"),
        "self": SITE + reverse("events:feed_atom"),
    }
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == SITE + event.get_absolute_url()
    _only_on_site(response.content.decode())


def _events(calendar_bytes):
    return Calendar.from_ical(calendar_bytes).walk("VEVENT")


def test_event_calendar_uids_are_the_same_on_every_host(client):
    event = EventFactory()
    by_host = {
        host: client.get(reverse("events:feed_ics"), HTTP_HOST=host).content
        for host in (CANONICAL, OTHER, "testserver")
    }
    uids = {host: [str(e["UID"]) for e in _events(body)] for host, body in by_host.items()}
    assert uids[CANONICAL] == uids[OTHER] == uids["testserver"] == [f"event-{event.pk}@{CANONICAL}"]
    (vevent,) = _events(by_host[OTHER])
    assert str(vevent["URL"]) == SITE + event.get_absolute_url()
    single = client.get(reverse("events:ics", args=[event.slug]), HTTP_HOST=OTHER).content
    assert [str(e["UID"]) for e in _events(single)] == uids[CANONICAL]
    _only_on_site(by_host[OTHER].decode())


def test_calendar_uids_carry_no_port(client, settings):
    settings.SITE_URL = "https://portal.test.example:8443/"
    event = EventFactory()
    (vevent,) = _events(client.get(reverse("events:feed_ics")).content)
    assert str(vevent["UID"]) == f"event-{event.pk}@{CANONICAL}"
    assert str(vevent["URL"]) == "https://portal.test.example:8443" + event.get_absolute_url()


def test_council_calendar_in_seoul_time_with_the_same_uids_on_every_host(client, council_member):
    starts_at = (timezone.now() + datetime.timedelta(days=7)).replace(
        hour=6, minute=0, second=0, microsecond=0
    )  # 15:00 in Seoul
    meeting = MeetingFactory(starts_at=starts_at)
    path = council_calendar.feed_path(council_member)
    bodies = [client.get(path, HTTP_HOST=host).content for host in (CANONICAL, OTHER)]
    assert [str(e["UID"]) for e in _events(bodies[0])] == [
        f"council-meeting-{meeting.pk}@{CANONICAL}"
    ]
    assert [str(e["UID"]) for e in _events(bodies[1])] == [
        f"council-meeting-{meeting.pk}@{CANONICAL}"
    ]
    document = Calendar.from_ical(bodies[1])
    assert [str(tz["TZID"]) for tz in document.walk("VTIMEZONE")] == ["Asia/Seoul"]
    (vevent,) = document.walk("VEVENT")
    assert vevent["DTSTART"].params["TZID"] == "Asia/Seoul"
    start = vevent.decoded("DTSTART")
    assert (start.hour, start.utcoffset()) == (15, datetime.timedelta(hours=9))
    assert start == starts_at
    assert str(vevent["URL"]) == SITE + meeting.get_absolute_url()
    _only_on_site(bodies[1].decode())


def test_council_dashboard_gives_the_calendar_address_on_site_url(council_client, council_member):
    html = council_client.get(reverse("council:dashboard"), HTTP_HOST=OTHER).content.decode()
    assert SITE + council_calendar.feed_path(council_member) in html


def test_company_json_ld_is_on_site_url(client):
    company = CompanyFactory()
    logo = CompanyLogo(company=company, image=upload())
    logo.save()
    company.logo = logo
    company.save(update_fields=["logo"])
    html = client.get(company.get_absolute_url(), HTTP_HOST=OTHER).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["url"] == SITE + company.get_absolute_url()
    assert data["logo"] == SITE + company.logo.image.url


def test_event_share_and_google_calendar_links_are_on_site_url(client):
    event = EventFactory()
    html = client.get(event.get_absolute_url(), HTTP_HOST=OTHER).content.decode()
    assert f'value="{SITE}{event.get_absolute_url()}"' in html
    assert OTHER not in html


def test_company_invitation_mail_links_to_site_url(client, django_capture_on_commit_callbacks):
    company = CompanyFactory()
    client.force_login(manager_of(company))
    url = reverse("companies:managers", kwargs={"slug": company.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "colleague@example.com"}, HTTP_HOST=OTHER)
    assert response.status_code == 302
    (message,) = mail.outbox
    invitation = company.invitations.get()
    assert SITE + invitation.get_absolute_url() in message.body
    _only_on_site(message.body)


def test_company_csv_export_links_to_site_url(staff_client):
    company = CompanyFactory()
    response = staff_client.get(reverse("companies:export_csv"), HTTP_HOST=OTHER)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert SITE + company.get_absolute_url() in rows[1]


class TestCanonicalHost:
    @pytest.fixture(autouse=True)
    def _redirect(self, settings):
        settings.CANONICAL_HOST_REDIRECT = True

    def test_another_allowed_host_is_sent_to_site_url_with_path_and_query(self, client):
        response = client.get("/companies/?q=%EB%B3%B4%EC%95%88&page=2", HTTP_HOST=OTHER)
        assert response.status_code == 301
        assert response["Location"] == SITE + "/companies/?q=%EB%B3%B4%EC%95%88&page=2"

    def test_the_canonical_host_is_served(self, client):
        assert client.get("/companies/", secure=True, HTTP_HOST=CANONICAL).status_code == 200
        # The same host on another port is the same machine reached directly.
        assert client.get("/", HTTP_HOST=f"{CANONICAL}:8000").status_code == 200

    def test_health_check_answers_on_any_allowed_host(self, client):
        assert client.get("/healthz", HTTP_HOST=OTHER).status_code == 200

    def test_a_host_outside_allowed_hosts_is_still_refused(self, client):
        assert client.get("/", HTTP_HOST="evil.example").status_code == 400


class TestPageCacheKey:
    def test_another_host_never_gets_a_page_cached_for_one_host(self, client):
        assert client.get("/", HTTP_HOST=OTHER)["X-Page-Cache"] == "miss"
        assert client.get("/", HTTP_HOST=OTHER)["X-Page-Cache"] == "hit"
        assert client.get("/", HTTP_HOST=CANONICAL)["X-Page-Cache"] == "miss"
        assert client.get("/", HTTP_HOST=CANONICAL)["X-Page-Cache"] == "hit"

    def test_an_https_page_is_never_replayed_over_http(self, client, settings):
        settings.SECURE_HSTS_SECONDS = 3600
        secure = client.get("/", secure=True, HTTP_HOST=CANONICAL)
        assert secure["X-Page-Cache"] == "miss"
        assert "Strict-Transport-Security" in secure
        plain = client.get("/", HTTP_HOST=CANONICAL)
        assert plain["X-Page-Cache"] == "miss"
        assert "Strict-Transport-Security" not in plain
        assert client.get("/", secure=True, HTTP_HOST=CANONICAL)["X-Page-Cache"] == "hit"
