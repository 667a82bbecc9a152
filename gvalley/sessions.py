"""Sessions: Django's cached_db engine, read with the content version in one round trip.

A signed-in visitor's request reads two things from the shared cache before its page: the
session (who is this?) and the content version (which shared data is current?). Read apart,
that is two round trips on every signed-in page; here the session is read at the start of
the request, together with the version (gvalley.cache.get_many_with_version), and
content_version() answers from that read for the rest of the request.
"""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware

from .cache import get_many_with_version


class SessionStore(CachedDBStore):
    """Django's cached_db store whose read from the cache also reads the content version."""

    def load(self):
        try:
            data = get_many_with_version([self.cache_key]).get(self.cache_key)
        except Exception:  # as Django's: a key the cache refuses is a session to start again
            data = None
        if data is None:
            return super().load()  # not in the cache: Django's way, from the database
        return data


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's SessionMiddleware, reading a returning visitor's session at once.

    Django reads it when something first looks (the user, usually). A request that brings a
    session cookie nearly always will, and reading it here, before any view asks for the
    content version, lets both come in one round trip (SessionStore). A request without the
    cookie reads nothing.
    """

    def process_request(self, request):
        super().process_request(request)
        if request.session.session_key is not None:
            request.session.keys()  # loads it
