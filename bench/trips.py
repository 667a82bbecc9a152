"""Count every round trip one request makes to the database and the cache.

`make bench` prints them beside each page: SQL statements (Django's cursor), the connection
health checks (`CONN_HEALTH_CHECKS` runs one `SELECT 1` before a reused connection's first
query of a request; Django does not log it as a query) and calls to the shared cache. With the
database cache, cache calls are SQL statements and are counted once, as SQL; with Redis each
is a round trip of its own.
"""

from collections import Counter
from contextlib import ExitStack, contextmanager
from unittest import mock

CACHE_METHODS = ("get", "get_many", "set", "set_many", "add", "incr", "decr", "delete", "touch")


@contextmanager
def counting(connection):
    """Yield a Counter of 'sql', 'health' and 'cache' round trips made inside the block."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    counts = Counter()
    is_usable = connection.is_usable

    def counted_statement(execute, sql, params, many, context):
        # Counted as it runs (Django's documented hook), not read back from the query log:
        # that log keeps 9,000 queries, and a capture of a full log sees none.
        counts["sql"] += 1
        return execute(sql, params, many, context)

    def counted_health_check():
        counts["health"] += 1
        return is_usable()

    with ExitStack() as stack:
        stack.enter_context(connection.execute_wrapper(counted_statement))
        stack.enter_context(mock.patch.object(connection, "is_usable", counted_health_check))
        cache_class = type(caches["default"])
        if not issubclass(cache_class, DatabaseCache):
            for name in CACHE_METHODS:
                original = getattr(cache_class, name)

                def counted(self, *args, _original=original, **kwargs):
                    counts["cache"] += 1
                    return _original(self, *args, **kwargs)

                stack.enter_context(mock.patch.object(cache_class, name, counted))
        yield counts
