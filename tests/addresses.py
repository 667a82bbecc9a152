"""A page's address in English, as a visitor types or follows it: the Korean path under /en/."""

from urllib.parse import urlsplit, urlunsplit


def english(url):
    """Return the English address of a page: "/events/?page=2" → "/en/events/?page=2".

    A path reversed after an English request is English already (the request leaves its
    language active in the test's thread): it is returned as it is.
    """
    parts = urlsplit(url)
    path = parts.path if parts.path.startswith("/en/") else "/en" + parts.path
    return urlunsplit(parts._replace(path=path))


def korean(url):
    """Return the Korean address of a page: "/en/events/" → "/events/" (Korean is unprefixed)."""
    parts = urlsplit(url)
    path = parts.path.removeprefix("/en") if parts.path.startswith("/en/") else parts.path
    return urlunsplit(parts._replace(path=path))
