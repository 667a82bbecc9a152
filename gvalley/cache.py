"""Whole-page cache for anonymous visitors, invalidated by any content change.

Every page an anonymous visitor sees is the same for every anonymous visitor, so it is cached
whole. A single "content version" number is kept with every cached page (and is part of every
shared-data key): any save or delete of portal content bumps it, so a staff edit shows on the
very next request. The cache is the shared store (Redis or the database), never process memory,
so several app servers agree.
"""

import gzip
import hashlib
import time
from pathlib import Path

from asgiref.local import Local
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from .languages import default_path, language_of

VERSION_KEY = "content-version"
_release = []


def code_release():
    """Return a short name of the code that runs: settings.RELEASE, or a hash of the apps' sources
    and the templates.

    Part of every shared-data and page key, so that code deployed over a running cache never
    reads what older code stored there (a home-page section of another shape, a page linking
    static files of the previous release, a page drawn by the previous templates).
    """
    if not _release:
        release = getattr(settings, "RELEASE", "")
        if not release:
            digest = hashlib.blake2b(digest_size=6)
            root = Path(settings.BASE_DIR)
            sources = [(root / package, "*.py") for package in sorted(CONTENT_APPS - {"sites"})]
            for folder, pattern in [*sources, (root / "templates", "*.*")]:
                for path in sorted(folder.rglob(pattern)):
                    digest.update(path.read_bytes())
            release = digest.hexdigest()
        _release.append(release)
    return _release[0]


# Content of these apps appears on public pages; a change to any of their rows bumps the version.
CONTENT_APPS = {"gvalley", "companies", "events", "council", "heritage", "sites"}


# The version read once per request (set up by AnonymousPageCacheMiddleware): a page that asks
# for several shared_data values reads the version from the shared cache only once.
_request = Local()


def content_version():
    """Return the current content version.

    A cache may evict this key (database cache culling, Redis LRU). It then starts again from
    the clock in microseconds, never from a number used before, so pages cached under an older
    version can never be served again.
    """
    version = getattr(_request, "version", None)
    if version is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
        version = cache.get(VERSION_KEY) or time.time_ns() // 1000
    if getattr(_request, "active", False):
        _request.version = version
    return version


def get_many_with_version(keys):
    """Read `keys` from the shared cache in the same round trip as the content version.

    For a request whose first read is something else (the API's rate limit): the version it
    will need is read with it, and content_version() answers from it for the rest of the request.
    """
    found = cache.get_many([*keys, VERSION_KEY])
    version = found.pop(VERSION_KEY, None)
    if version is not None and getattr(_request, "active", False):
        _request.version = version
    return found


def bump_content_version(**kwargs):
    """Invalidate every cached page (called on any content change)."""
    sender = kwargs.get("sender")
    if sender is not None and sender._meta.app_label not in CONTENT_APPS:
        return
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # a sign-in: nothing a page shows has changed
    _request.version = None  # this request reads the new version from now on
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted or never set: start from the clock (see content_version)
        cache.set(VERSION_KEY, time.time_ns() // 1000, timeout=None)


# This process's copy of the shared data of the current content version: {key: (expires, value)}.
# It only saves reading the shared cache again: the version is read from the shared store on
# every request, and a new version (any content change, on any server) empties it.
_memo = {"version": None, "entries": {}}


def shared_data(name, compute, timeout=None):
    """Return `compute()`, kept in the shared cache until the content changes.

    For data that is the same for every visitor and costs queries to build: the choices of a
    filter form, the counts on a board. The key holds the content version and the language, so
    any save of portal content and any switch of language give a fresh value on the next request.
    The value is shared between requests: callers must not change it.
    """
    version = content_version()
    key = f"data:{code_release()}:{version}:{translation.get_language()}:{name}"
    seconds = settings.PAGE_CACHE_SECONDS if timeout is None else timeout
    if _memo["version"] != version:
        _memo["version"], _memo["entries"] = version, {}
    entry = _memo["entries"].get(key)
    now = time.time()
    if entry is not None and entry[0] > now:
        return entry[1]
    stored = cache.get(key)
    if stored is None:
        stored = (now, compute())
        cache.set(key, stored, seconds)
    # As long as the shared cache keeps it, counted from when it was computed.
    _memo["entries"][key] = (stored[0] + seconds, stored[1])
    return stored[1]


def forget_shared_data():
    """Empty this process's copy of the shared data (tests that clear the cache call this)."""
    _memo["version"], _memo["entries"] = None, {}


def connect_invalidation():
    for model in apps.get_models():
        if model._meta.app_label in CONTENT_APPS:
            post_save.connect(bump_content_version, sender=model, weak=False)
            post_delete.connect(bump_content_version, sender=model, weak=False)
    m2m_changed.connect(bump_content_version, weak=False)


def _is_cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not default_path(request.path).startswith(
            ("/admin/", "/accounts/", "/healthz", "/static/", "/media/", "/api/")
        )
    )


def _is_cacheable_response(response):
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and not getattr(response, "no_page_cache", False)
    )


def cache_page_for(seconds):
    """Keep a view's anonymous page in the cache at most this many seconds."""

    def decorator(view):
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.page_cache_seconds = seconds
            return response

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorator


def never_cache_page(view):
    """Mark a view whose response must never be served from the anonymous page cache."""

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.no_page_cache = True
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET requests from the shared cache when the content has not changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request.active, _request.version = True, None
        try:
            return self._respond(request)
        finally:
            _request.active, _request.version = False, None

    def _respond(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        # The language of the address, as LocaleMiddleware will read it: never a cookie or
        # Accept-Language, so an old language cookie cannot put English in the Korean entry.
        language = language_of(request.path_info)
        # Scheme and host are part of the page: another allowed host must never fill the cache
        # for everyone, nor an HTTPS page (its links, its headers) be replayed over HTTP.
        page = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        path_hash = hashlib.sha256(page.encode()).hexdigest()
        # One read for both the version and the page. The page's key holds no version: the
        # entry says which version it was made for, and a page of an older one is a miss (and
        # is written over), so a change shows on the very next request.
        key = f"page:{code_release()}:{language}:{path_hash}"
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = content_version()  # evicted or never set: start it (see content_version)
        _request.version = version
        cached = found.get(key)
        if cached is not None and cached[0] == version:
            return self._from_cache(request, cached)
        response = self.get_response(request)
        if _is_cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            # A view whose page changes with the clock (e.g. "open now") sets a shorter life.
            timeout = getattr(response, "page_cache_seconds", settings.PAGE_CACHE_SECONDS)
            stored = _stored_page(version, response)
            cache.set(key, stored, timeout)
            response = self._from_cache(request, stored)
            response.page_cache_seconds = timeout  # how long it is kept, as the view said
            response["X-Page-Cache"] = "miss"
        return response

    def _from_cache(self, request, stored):
        """The stored page as this request wants it: gzip bytes as stored to a client that
        takes gzip (the page holds no secret, so compression cannot leak one), plain bytes to
        one that does not, or 304 Not Modified when the client's copy is current."""
        _version, status, headers, compressed, etag, modified, policy = stored
        if re_accepts_gzip.search(request.headers.get("accept-encoding", "")):
            response = HttpResponse(compressed, status=status, headers=headers)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(compressed), status=status, headers=headers)
        response["Content-Length"] = str(len(response.content))
        for name, value in policy.items():  # a view's own CSP (django-csp's @csp decorators)
            setattr(response, name, value)
        response["ETag"], response["Last-Modified"] = etag, http_date(modified)
        patch_vary_headers(response, ("Accept-Encoding",))
        # The nginx front (gvalley/deploy/nginx.conf) may keep this page until the current
        # second ends: a burst shares one copy, and a change shows within a second.
        response["X-Accel-Expires"] = f"@{int(time.time())}"
        response["X-Page-Cache"] = "hit"
        return get_conditional_response(
            request, etag=etag, last_modified=modified, response=response
        )


def _stored_page(version, response):
    """What the page cache keeps of a response: its version, status, headers, the body in gzip
    (a quarter of its size; level 1 costs 0.1 ms), a validator, the time it was made and the
    view's own content security policy (django-csp's decorators mark the response; the CSP
    middleware, outside this one, writes the header on every hit)."""
    headers = {
        name: value
        for name, value in response.items()
        if name.lower() not in ("content-length", "content-encoding", "etag", "last-modified")
    }
    body = response.content
    return (
        version,
        response.status_code,
        headers,
        gzip.compress(body, compresslevel=1, mtime=0),
        f'W/"{hashlib.sha256(body).hexdigest()[:32]}"',
        int(time.time()),
        {name: value for name, value in vars(response).items() if name.startswith("_csp")},
    )
