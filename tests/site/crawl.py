"""Crawl the portal as one visitor: every page reachable by links from the start pages.

Used by the whole-site guards (tests/site/test_crawl.py). The crawl runs in-process with Django's
test client. It follows `<a href>`, `<link rel=alternate>`, the actions of GET forms and the
`src`/`srcset` of images on the same site, and records for every URL its status and the page that
linked to it.

Link spaces with no end (a calendar's "next month", every combination of a list's filters) are
bounded by URL pattern, not by hard-coded URLs: up to `per_pattern` pages of one URL pattern (and
`per_query` of one pattern with one set of query parameters) are read for their links; links past
that are still requested, so a link to a 404 or a server error on any read page is found, but
their own links are not followed. In the admin only the index, the app pages, each changelist, its
add page and the change page of its first object are crawled, as a staff member works through them.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import translation

# The visitors every whole-site guard crawls as: the demo account of each role (None: signed out).
ROLES = {
    "anonymous": None,
    "resident": "resident@gvalley.example",
    "company_manager": "manager@gvalley.example",
    "council_member": "council@gvalley.example",
    "staff": "staff@gvalley.example",
}
LANGUAGES = ("ko", "en")

# Links a visitor follows to change something, not to read a page: never requested by the crawl.
# The open-data API's documentation (Swagger UI, one page for both languages, no portal shell) is
# no page of the portal's two languages: tests/api/ and tests/browser/test_api_docs_browser.py
# check it.
SKIPPED_PATH = re.compile(r"^/lang/|/logout/|/delete/|/remove/|^/api/")
# Saves that reading a page may make without changing anything a visitor owns.
BOOKKEEPING_MODELS = {"sessions.session", "axes.accesslog", "axes.accessattempt"}
ADMIN_ROUTES = {
    "admin:index",
    "admin:app_list",
    "admin:password_change",
}
ADMIN_MODEL_PAGE = re.compile(r"^admin:\w+_\w+_(changelist|add|change)$")
# Responses whose body is kept besides pages: feeds, calendars, CSV and JSON downloads.
TEXT_TYPE = re.compile(r"^(text/|application/([\w.+-]*\+)?(xml|json)\b)")


def signed_in_client(role):
    """Return a client for a demo account of this role (signed out for "anonymous")."""
    client = Client(raise_request_exception=False)
    if ROLES[role]:
        client.force_login(get_user_model().objects.get(email=ROLES[role]))
    return client


def in_language(path, language):
    """Return a Korean (unprefixed) path at a language's address: "/events/" → "/en/events/"."""
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


def start_urls(role, language):
    """Return where a visitor's crawl starts: the home page, and the back office for staff."""
    paths = ["/", "/admin/"] if role == "staff" else ["/"]
    return [in_language(path, language) for path in paths]


def plain_path(path):
    """Return a path without its language prefix: "/en/admin/" → "/admin/"."""
    for code, _name in settings.LANGUAGES:
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            return path[len(code) + 1 :] or "/"
    return path


@dataclass
class Page:
    """One URL the crawl requested, as the visitor saw it."""

    url: str
    status: int
    referrer: str
    content_type: str = ""
    body: bytes = b""
    error: str = ""
    location: str = ""
    writes: list = field(default_factory=list)
    # The page's own addresses: <link rel=canonical>, <link rel=alternate hreflang> by language
    # (with x-default) and the language switch's links by language. Not followed by the crawl,
    # which stays in its language; the guards request them (tests/site/test_crawl.py).
    canonical: list = field(default_factory=list)
    alternates: dict = field(default_factory=dict)
    switch: dict = field(default_factory=dict)


@dataclass
class Crawl:
    """Everything one visitor's crawl saw."""

    role: str
    language: str
    pages: dict = field(default_factory=dict)  # url → Page
    # URL pattern (e.g. "events/archive/<int:year>/") → query parameter names its links and its
    # GET forms use.
    parameters: dict = field(default_factory=dict)

    @property
    def text_responses(self):
        """Return every 200 response with a text body: pages, feeds, calendars, downloads."""
        return [page for page in self.pages.values() if page.status == 200 and page.body]

    @property
    def html_pages(self):
        return [
            page
            for page in self.pages.values()
            if page.status == 200 and page.content_type.startswith("text/html")
        ]

    def failures(self):
        """Return (where, what) per server error, link to a missing page, or write on a GET.

        `where` is "role/language URL", as the guards' allow-list matches it.
        """
        found = []
        for page in self.pages.values():
            where = f"{self.role}/{self.language} {page.url}"
            if page.status >= 500 or page.status == 404:
                detail = f" ({page.error})" if page.error else ""
                found.append((where, f"{page.status}, linked from {page.referrer!r}{detail}"))
            if page.writes:
                found.append((where, f"a GET wrote {sorted(set(page.writes))}"))
        return found

    def summary(self):
        return (
            f"{self.role}/{self.language}: {len(self.pages)} URLs requested, "
            f"{len(self.html_pages)} pages read"
        )


class LinkParser(HTMLParser):
    """Collect the links of a page and the field names of its GET forms.

    Links to the page in another language (`hreflang`) and the canonical link are kept apart.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []  # (href, query parameter names of a GET form or ())
        self.canonical = []
        self.alternates = {}  # hreflang → [href]
        self.switch = {}  # hreflang → [href]
        self._form = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").split()
        if tag == "link" and "canonical" in rel:
            self.canonical.append(attributes.get("href") or "")
        elif attributes.get("hreflang") and tag in ("a", "link"):
            found = self.alternates if tag == "link" else self.switch
            found.setdefault(attributes["hreflang"], []).append(attributes.get("href") or "")
        elif tag == "a" and attributes.get("href"):
            self.links.append((attributes["href"], ()))
        elif tag == "link" and "alternate" in rel:
            if attributes.get("href"):
                self.links.append((attributes["href"], ()))
        elif tag in ("img", "source"):
            if attributes.get("src"):
                self.links.append((attributes["src"], ()))
            for candidate in (attributes.get("srcset") or "").split(","):
                if candidate.strip():
                    self.links.append((candidate.split()[0], ()))
        elif tag == "form":
            if (attributes.get("method") or "get").lower() == "get":
                self._form = [attributes.get("action") or "", []]
        elif tag in ("input", "select", "textarea") and self._form is not None:
            if attributes.get("name") and attributes.get("type") not in ("submit", "button"):
                self._form[1].append(attributes["name"])

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            action, names = self._form
            self.links.append((action, tuple(names)))
            self._form = None


def language_of(path):
    """Return the language of a path's address: its prefix, or Korean without one."""
    for code, _name in settings.LANGUAGES:
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            return code
    return settings.LANGUAGE_CODE


def route_of(path):
    """Return (URL pattern, URL name) of a path as sent, or (None, None) when none matches.

    Resolved in the path's own language (the resolver reads the /en/ prefix of the active one).
    """
    try:
        with translation.override(language_of(path)):
            match = resolve(unquote(path))
    except Resolver404:
        return None, None
    return match.route, match.view_name


class Crawler:
    """Request every page one client can reach by links, from the start URLs."""

    def __init__(self, client, role, language, per_pattern=10, per_query=2):
        self.client = client
        self.crawl = Crawl(role=role, language=language)
        self.per_pattern = per_pattern
        self.per_query = per_query
        self._read = {}  # (route, query names) → pages read
        self._admin_first_object = set()  # admin models whose first change page is queued
        site = urlsplit(settings.SITE_URL)
        self._hosts = {"testserver", site.netloc}

    def run(self, start):
        queue = [(url, "") for url in start]
        queued = set(start)
        position = 0
        while position < len(queue):
            url, referrer = queue[position]
            position += 1
            for link, form_fields in self._visit(url, referrer):
                path = self._local(link, base=url)
                if path is None:
                    continue
                if form_fields:
                    self._note_parameters(path, form_fields)
                if path not in queued and self._wanted(path):
                    queued.add(path)
                    queue.append((path, url))
        return self.crawl

    def _local(self, href, base):
        """Return the path and query of a link on this site, or None."""
        parts = urlsplit(urljoin("http://testserver" + base, href.strip()))
        if parts.scheme not in ("http", "https") or parts.netloc not in self._hosts:
            return None
        if SKIPPED_PATH.search(parts.path):
            return None
        return urlunsplit(("", "", parts.path, parts.query, ""))

    def _note_parameters(self, path, names):
        route, _ = route_of(urlsplit(path).path)
        if route is not None:
            self.crawl.parameters.setdefault(route, set()).update(names)

    def _wanted(self, path):
        parts = urlsplit(path)
        query_names = tuple(sorted({name for name, _ in parse_qsl(parts.query)}))
        self._note_parameters(parts.path, query_names)
        if not plain_path(parts.path).startswith("/admin/"):
            return True
        # The admin: its own pages and each model's list, add page and first change page.
        route, name = route_of(parts.path)
        if name is None or parts.query:
            return False
        if name in ADMIN_ROUTES:
            return True
        found = ADMIN_MODEL_PAGE.match(name)
        if not found:
            return False
        if found.group(1) == "change":
            model = name.rsplit("_", 1)[0]
            if model in self._admin_first_object:
                return False
            self._admin_first_object.add(model)
        return True

    def _visit(self, url, referrer):
        """Request one URL, record it, and return the links to follow from it."""
        parts = urlsplit(url)
        if parts.path.startswith(settings.STATIC_URL):
            name = parts.path[len(settings.STATIC_URL) :]
            found = finders.find(name)
            self.crawl.pages[url] = Page(url, 200 if found else 404, referrer)
            return []
        writes = []

        def note_write(sender, **kwargs):
            label = sender._meta.label_lower
            if label not in BOOKKEEPING_MODELS:
                writes.append(label)

        signals = (post_save, post_delete, m2m_changed)
        for signal in signals:
            signal.connect(note_write, weak=False, dispatch_uid="crawl-writes")
        try:
            # Each request in a savepoint that is rolled back: a GET that wrongly writes, or a
            # database error, leaves the next request the same data.
            with transaction.atomic():
                response = self.client.get(url)
                transaction.set_rollback(True)
        finally:
            for signal in signals:
                signal.disconnect(dispatch_uid="crawl-writes")
        page = Page(
            url,
            response.status_code,
            referrer,
            content_type=response.get("Content-Type", ""),
            writes=writes,
        )
        if getattr(response, "exc_info", None):
            page.error = f"{response.exc_info[0].__name__}: {response.exc_info[1]}"
        self.crawl.pages[url] = page
        if 300 <= response.status_code < 400 and response.get("Location"):
            page.location = response["Location"]
            return [(page.location, ())]
        if response.status_code != 200 or not TEXT_TYPE.match(page.content_type):
            return []
        page.body = b"".join(response) if response.streaming else response.content
        if not page.content_type.startswith("text/html"):
            return []
        parser = LinkParser()
        parser.feed(page.body.decode())
        page.canonical, page.alternates, page.switch = (
            parser.canonical,
            parser.alternates,
            parser.switch,
        )
        route, _ = route_of(parts.path)
        query_names = tuple(sorted({name for name, _ in parse_qsl(parts.query)}))
        key = (route or parts.path, query_names)
        read = self._read.get(key, 0)
        if read >= (self.per_query if query_names else self.per_pattern):
            return []
        self._read[key] = read + 1
        # A GET form with no action submits to the page itself.
        return [(href or url, names) for href, names in parser.links]
