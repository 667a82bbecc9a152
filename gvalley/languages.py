"""A page's address in each language: Korean unprefixed, English under /en/ (i18n_patterns).

Each language has its own address, so an English page can be indexed, shared and bookmarked
(a cookie on the same URL could be neither). The URL patterns are not translated: the English
path of a page is its Korean path with "/en" in front, so the address of a page in the other
language is found by adding or stripping that prefix, with no URL resolving per request.
`tests/site/test_crawl.py` checks that this agrees with Django's translate_url() on every page
of the crawl, and `tests/site/test_i18n_urls.py` that the few paths outside i18n_patterns are
the ones named here.

Canonical and alternate links carry the query parameters that choose what a page shows (page,
filters, search words), in the order given, and drop tracking parameters (utm_*, fbclid, …) and
empty ones (a filter form sent with a field left blank shows the same page as without it).
"""

from functools import cached_property
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.utils import translation
from django.utils.encoding import escape_uri_path

from .siteurl import absolute_url

# Paths outside i18n_patterns (gvalley/urls.py): the same in every language, no /en/ twin.
UNPREFIXED = (
    "/healthz",
    "/sitemap.xml",
    "/robots.txt",
    "/lang/",
    "/_bench/",
    "/static/",
    "/media/",
    "/api/",
)

# Query parameters that say where a visitor came from, not what the page shows.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid"}
    | {"mc_eid", "_ga", "_gl", "ref"}
)

# The name of each language in itself, as the language switch shows it.
NATIVE_NAMES = {"ko": "한국어", "en": "English"}


def is_unprefixed(path):
    """Return whether a path is outside i18n_patterns (the same address in every language)."""
    return path.startswith(UNPREFIXED)


def language_of(path):
    """Return the language a path is in: its prefix, or Korean (the default) without one."""
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and (path == f"/{code}" or path.startswith(f"/{code}/")):
            return code
    return settings.LANGUAGE_CODE


def default_path(path):
    """Return the path without its language prefix ("/en/events/" → "/events/")."""
    language = language_of(path)
    if language == settings.LANGUAGE_CODE:
        return path
    return path[len(language) + 1 :] or "/"


def path_in(path, language):
    """Return the same page's path in a language ("/events/", "en" → "/en/events/")."""
    plain = default_path(path)
    if language == settings.LANGUAGE_CODE or is_unprefixed(plain):
        return plain
    return f"/{language}{plain}"


def url_in(url, language):
    """Return a local URL (path, query, fragment) moved to the same page in a language."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=path_in(parts.path or "/", language)))


def meaningful_query(query):
    """Return the query string of a QueryDict that chooses what a page shows (see above)."""
    kept = [
        (name, value)
        for name, values in query.lists()
        if not name.startswith("utm_") and name not in TRACKING_PARAMETERS
        for value in values
        if value
    ]
    return urlencode(kept)


class PageLanguages:
    """The addresses of the requested page in each language, made when a template asks."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def _path(self):
        return default_path(escape_uri_path(self.request.path))

    @cached_property
    def has_twins(self):
        """Return whether the page has an address in each language (not healthz, media, …)."""
        return not is_unprefixed(self._path)

    @cached_property
    def _query(self):
        return meaningful_query(self.request.GET)

    def _absolute(self, language):
        path = path_in(self._path, language)
        return absolute_url(f"{path}?{self._query}" if self._query else path)

    @cached_property
    def canonical(self):
        """Return the absolute address of this page in its language, on SITE_URL."""
        return self._absolute(translation.get_language())

    @cached_property
    def alternates(self):
        """Return [(hreflang, absolute URL)]: each language, then x-default (Korean)."""
        links = [(code, self._absolute(code)) for code, _name in settings.LANGUAGES]
        return [*links, ("x-default", self._absolute(settings.LANGUAGE_CODE))]

    @cached_property
    def switch(self):
        """Return the other languages' links: [(code, name, path with the query as sent)].

        The same page in that language; on a page that was not found (nothing resolved),
        that language's home page.
        """
        found = getattr(self.request, "resolver_match", None) is not None and self.has_twins
        query = self.request.GET.urlencode()
        current = translation.get_language()
        links = []
        for code, _name in settings.LANGUAGES:
            if code == current:
                continue
            path = path_in(self._path if found else "/", code)
            href = f"{path}?{query}" if query and found else path
            links.append((code, NATIVE_NAMES.get(code, code), href))
        return links
