"""The portal's public address: every absolute URL it writes starts with settings.SITE_URL.

Sitemap, feeds, iCalendar, mails, JSON-LD, share links and robots.txt all go through these few
functions, so the address a page, a feed or a mail names never depends on the Host a request
happened to use, nor on the sites framework's row (which nothing here reads for a URL).
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.http import HttpResponsePermanentRedirect
from django.http.request import split_domain_port
from django.urls import reverse


def site_url():
    """Return SITE_URL without a trailing slash ("https://portal.example")."""
    return settings.SITE_URL.rstrip("/")


def site_scheme():
    """Return the scheme of SITE_URL ("https")."""
    return urlsplit(settings.SITE_URL).scheme or "https"


def site_netloc():
    """Return the host of SITE_URL with its port, if it names one ("portal.example:8443")."""
    return urlsplit(settings.SITE_URL).netloc


def site_hostname():
    """Return the host name of SITE_URL, without a port ("portal.example")."""
    return urlsplit(settings.SITE_URL).hostname or ""


def absolute_url(url):
    """Return the path (or URL) as an absolute URL on SITE_URL.

    A path gets SITE_URL in front; a URL with a scheme and host of its own (a file on an object
    store, an outside link) is returned as it is.
    """
    parts = urlsplit(url)
    if parts.scheme and parts.netloc:
        return url
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    return site_url() + urlunsplit(("", "", path, parts.query, parts.fragment))


def moved_to_site(url):
    """Return a URL built on whatever host a request named, on SITE_URL instead (path, query)."""
    parts = urlsplit(url)
    return site_url() + urlunsplit(("", "", parts.path or "/", parts.query, ""))


def ical_uid(kind, pk):
    """Return a stable iCalendar UID ("event-12@portal.example"), the same on every host."""
    return f"{kind}-{pk}@{site_hostname()}"


class SiteSitemap(Sitemap):
    """A sitemap whose URLs are on SITE_URL (Django's take the sites framework's row).

    Each page is listed once per language (Korean unprefixed, English under /en/), each entry
    with the page's address in every language and x-default (Korean) as `xhtml:link`.
    """

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return site_scheme()

    def get_domain(self, site=None):
        return site_netloc()

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        # Django makes x-default by removing "/ko/" from the Korean address, which would cut a
        # path segment "ko" out of an unprefixed one: it is the Korean address as it stands.
        for url in urls:
            found = {alternate["lang_code"]: alternate for alternate in url["alternates"]}
            if "x-default" in found and settings.LANGUAGE_CODE in found:
                found["x-default"]["location"] = found[settings.LANGUAGE_CODE]["location"]
        return urls


class SiteFeed(Feed):
    """An RSS/Atom feed whose links are on SITE_URL.

    Django puts the sites framework's domain before every link that is only a path, so the
    feed's links are absolute already: `link_name` and `feed_url_name` name the page the feed
    follows and the feed itself; items link to their get_absolute_url() on SITE_URL.
    """

    link_name = None
    feed_url_name = None

    def link(self):
        return absolute_url(reverse(self.link_name))

    def feed_url(self):
        return absolute_url(reverse(self.feed_url_name))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())


# Paths answered on any allowed host: load balancers and monitors ask each app server directly.
CANONICAL_HOST_EXEMPT = ("/healthz",)


class CanonicalHostMiddleware:
    """Redirect a request on another allowed host to SITE_URL's host (301, same path and query).

    Switched on by settings.CANONICAL_HOST_REDIRECT (production). The port is not compared: the
    same host on another port is one machine reached directly (`make serve PORT=…`, the bench).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.CANONICAL_HOST_REDIRECT and not request.path.startswith(CANONICAL_HOST_EXEMPT):
            domain, _port = split_domain_port(request.get_host())
            if domain.strip("[]") != site_hostname():
                return HttpResponsePermanentRedirect(site_url() + request.get_full_path())
        return self.get_response(request)
