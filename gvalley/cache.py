"""Whole-page cache for anonymous visitors, invalidated by any content change.

Every page an anonymous visitor sees is the same for every anonymous visitor, so it is cached
whole. A single "content version" number is kept with every cached page (and is part of every
shared-data key): any save or delete of portal content bumps it, so a staff edit shows on the
very next request. The cache is the shared store (Redis or the database), never process memory,
so several app servers agree.
"""

import gzip
import hashlib
import logging
import time
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path

from asgiref.local import Local
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.db import close_old_connections
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.module_loading import import_string

from .languages import default_path, language_of

logger = logging.getLogger(__name__)

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
# Shared data kept per object (an event's page, one entry per event) would grow with the number
# of objects visited: past this many entries the copy starts empty again (the shared cache
# still has them, one round trip away).
MEMO_LIMIT = 200


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
    if len(_memo["entries"]) >= MEMO_LIMIT:
        _memo["entries"] = {}
    # As long as the shared cache keeps it, counted from when it was computed.
    _memo["entries"][key] = (stored[0] + seconds, stored[1])
    return stored[1]


def shared_by_slug(model, slug, compute):
    """Return `compute(slug)`: shared data of one object found by its address (slug).

    A slug longer than the model's field allows names nothing: 404 before anything is read or
    kept, so no address, however long, becomes a cache key. `compute` raises Http404 for a slug
    that names nothing (nothing is kept then).
    """
    if len(slug) > model._meta.get_field("slug").max_length:
        raise Http404
    return shared_data(f"{model._meta.label_lower}:{slug}", lambda: compute(slug))


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


@contextmanager
def request_scope():
    """Within it, the content version is read from the shared cache once (see content_version)."""
    _request.active, _request.version = True, None
    try:
        yield
    finally:
        _request.active, _request.version = False, None


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET requests from the shared cache when the content has not changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            return self._respond(request)

    def _respond(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        missed = request.META.pop(FRONT_MISS, None)
        if missed is not None:  # the front read the cache for this request, in vain
            (key, version), cached = missed, None
            _request.version = version
        else:
            key, version, cached = _look_up(request)
        if cached is not None:
            return _from_cache(request, cached)
        response = self.get_response(request)
        if _is_cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            # A view whose page changes with the clock (e.g. "open now") sets a shorter life.
            timeout = getattr(response, "page_cache_seconds", settings.PAGE_CACHE_SECONDS)
            stored = _stored_page(version, response, timeout)
            cache.set(key, stored, timeout)
            response = _from_cache(request, stored)
            response.page_cache_seconds = timeout  # how long it is kept, as the view said
            response["X-Page-Cache"] = "miss"
        return response


def _look_up(request):
    """Return the page's key, the content version and the stored page of that version (or
    None), read in one round trip; the version is kept for the rest of the request."""
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
    if cached is not None and cached[0] != version:
        cached = None
    return key, version, cached


def _from_cache(request, stored):
    """The stored page as this request wants it: gzip bytes as stored to a client that
    takes gzip (the page holds no secret, so compression cannot leak one), plain bytes to
    one that does not, or 304 Not Modified when the client's copy is current."""
    _version, status, headers, compressed, etag, modified, policy, expires = stored
    if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
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
    response.page_cache_entry = (_version, expires)  # for the front's copy of its answer
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)


def _stored_page(version, response, timeout):
    """What the page cache keeps of a response: its version, status, headers, the body in gzip
    (a quarter of its size; level 1 costs 0.1 ms), a validator, the time it was made, the
    view's own content security policy (django-csp's decorators mark the response; the CSP
    middleware, outside this one, writes the header on every hit) and when it expires."""
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
        time.time() + timeout,
    )


class NotCached(Exception):
    """Raised inside CachedPageFront when the page cache has no page for the request; with the
    page's key and the content version when it read them."""


class CachedPageFront:
    """The WSGI application: Django's, with cached pages answered in front of it.

    An anonymous visitor's cached page is answered by the middleware that stands before the page
    cache in settings.MIDDLEWARE (the canonical host, security headers, static files, CORS, the
    content security policy: the same classes, in the same order) and the page cache's own hit:
    everything Django's handler does for a hit, without what a hit never needs (the request
    signals, each middleware's exception wrapper, URL settings). As in Django's handler, the
    database connection is first checked for its age and errors (close_old_connections), and the
    page cache's read is the connection's health check: one round trip in all.

    That answer — status, headers, bytes — is the same for every request that sends the same
    address, host, scheme and Accept-Encoding while the content version and the page's lifetime
    last, so this process keeps a copy of it. A later such request (not a conditional one) reads
    only the content version, a few bytes, and gets the copy; a new version (any content change,
    on any server) empties them all.

    Everything else goes to Django's application: a signed-in visitor, a form post, a miss, and
    any request during which something failed (Django then answers it with its error pages).
    """

    # About 3 MB per process at the portal's page sizes; the least recently used goes first.
    KEPT_ANSWERS = 400

    def __init__(self, django_application):
        self.django_application = django_application
        self._chain = None
        self._answers = {"version": None, "entries": OrderedDict()}
        self._for_django = OrderedDict()  # addresses whose answers the page cache does not keep

    def __call__(self, environ, start_response):
        cookies = environ.get("HTTP_COOKIE", "")
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or (
            settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies
        ):
            return self.django_application(environ, start_response)
        same = _same_answer_key(environ)
        if same is not None and same in self._for_django:
            return self.django_application(environ, start_response)
        close_old_connections()
        try:
            with request_scope():
                answer = self._answer(environ, same)
        except NotCached:
            return self.django_application(environ, self._learning(same, start_response))
        except Exception:  # Django answers it, with its logging and error pages
            logger.warning("Cached page front failed; Django answers", exc_info=True)
            return self.django_application(environ, start_response)
        status, headers, body = answer
        # The nginx front (gvalley/deploy/nginx.conf) may keep this page until the current
        # second ends: a burst shares one copy, and a change shows within a second.
        start_response(status, [*headers, ("X-Accel-Expires", f"@{int(time.time())}")])
        return [body]

    def _answer(self, environ, same):
        """Return (status, headers, body) of the cached page, or raise NotCached."""
        kept = self._answers["entries"].get(same) if same is not None else None
        if kept is not None and kept[1] > time.time():
            version = content_version()
            if version == kept[0] == self._answers["version"]:
                self._answers["entries"].move_to_end(same)
                return kept[2]
        try:
            # A copy: Django's request writes the decoded path into the environ it is given,
            # and Django's application must get the one the server gave.
            response = self.chain()(WSGIRequest(environ.copy()))
        except NotCached as miss:
            if miss.args:  # the key and version read: the page cache middleware reads no more
                environ[FRONT_MISS] = miss.args
            raise
        if response.streaming:  # a static file (whitenoise): Django's handler sends those
            raise NotCached
        headers = [
            *((name, value) for name, value in response.items() if name != "X-Accel-Expires"),
            *(("Set-Cookie", cookie.output(header="")) for cookie in response.cookies.values()),
        ]
        answer = (f"{response.status_code} {response.reason_phrase}", headers, response.content)
        entry = getattr(response, "page_cache_entry", None)
        if same is not None and response.status_code == 200 and entry and not response.cookies:
            self._keep(same, entry, answer)
        return answer

    def _learning(self, same, start_response):
        """Django's start_response, noting an address whose answer the page cache did not keep
        (a page never kept, an error, a redirect): the next such request goes to Django at once,
        without the front's look first. Django's page cache middleware still serves it from the
        cache if it is kept one day, so a note can make a request slower, never wrong."""

        def noting(status, headers, exc_info=None):
            if same is not None and not (
                status.startswith("200 ") and ("X-Page-Cache", "miss") in headers
            ):
                self._for_django[same] = True
                if len(self._for_django) > self.KEPT_ANSWERS:
                    self._for_django.popitem(last=False)
            return start_response(status, headers, exc_info)

        return noting

    def _keep(self, same, entry, answer):
        version, expires = entry
        if self._answers["version"] != version:
            self._answers["version"], self._answers["entries"] = version, OrderedDict()
        entries = self._answers["entries"]
        entries[same] = (version, expires, answer)
        if len(entries) > self.KEPT_ANSWERS:
            entries.popitem(last=False)

    def chain(self):
        """The middleware before the page cache around the page cache's hit, built once."""
        if self._chain is None:
            outer = settings.MIDDLEWARE[: settings.MIDDLEWARE.index(PAGE_CACHE_MIDDLEWARE)]
            chain = _hit_or_not_cached
            for path in reversed(outer):
                chain = import_string(path)(chain)
            self._chain = chain
        return self._chain


# What the request carries that the middleware before the page cache, or the page cache, read
# for a hit: the method, scheme, host (and the proxy's word for them), address and whether the
# client takes gzip. Conditional requests are left out (each gets its own 304 or page).
_ANSWER_VARIES_ON = (
    "REQUEST_METHOD", "wsgi.url_scheme", "HTTP_X_FORWARDED_PROTO", "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT", "SERVER_NAME", "SERVER_PORT",
    "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING",
)  # fmt: skip
_CONDITIONAL = (
    "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE",
)  # fmt: skip


def _same_answer_key(environ):
    if any(name in environ for name in _CONDITIONAL):
        return None
    gzip_ok = bool(re_accepts_gzip.search(environ.get("HTTP_ACCEPT_ENCODING", "")))
    return (*(environ.get(name) for name in _ANSWER_VARIES_ON), gzip_ok)


PAGE_CACHE_MIDDLEWARE = "gvalley.cache.AnonymousPageCacheMiddleware"


# Where the front leaves its miss for the page cache middleware (in the WSGI environ, which
# Django's request reads as META): the page's key and the version, so a miss is read once.
FRONT_MISS = "gvalley.page_cache_miss"


def _hit_or_not_cached(request):
    if not _is_cacheable_request(request):
        raise NotCached
    key, version, cached = _look_up(request)
    if cached is None:
        raise NotCached(key, version)
    return _from_cache(request, cached)
