"""Django's Redis cache, answering as a miss while Redis cannot be reached.

The shared cache holds nothing that is not kept elsewhere: anonymous pages, shared data, the
cached copy of sessions (their rows are in the database), allauth's rate-limit counts. So a Redis
outage must not fail a request. Every operation that cannot reach Redis answers as a miss: reads
find nothing, writes are dropped, and `add` reports success, so that allauth's rate-limit lock
(`cache.add`) is taken and sign-in works: rate limits are not enforced while Redis is away
(django-axes' lock-outs, kept in the database, still are).

Three things a plain "ignore the error" (django-redis' IGNORE_EXCEPTIONS) does not do:

- After a failure the process stops asking Redis for RETRY_SECONDS (a circuit breaker), so a
  Redis that hangs costs one short timeout now and then, not one per cache call of every request.
- It logs once when Redis goes away and once when it answers again, not a traceback per call.
- Keys whose write was dropped are deleted from Redis when it answers again, before anything is
  read from it: a Redis that kept its data through the outage must not hand back a session that
  ended meanwhile, or the content version from before a change (deleting it invalidates every
  page, see gvalley.cache.content_version).

What a process knows of a Redis is shared by its threads (Django gives each thread its own cache
object). A process started during the outage, or restarted before Redis came back, forgets its
dropped keys: those entries expire with their timeout (a page's within PAGE_CACHE_SECONDS).
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# A Redis next to the app servers answers in well under a millisecond: waiting longer means it
# is not answering. redis-py's default is 5 s for each, with ten retries.
CONNECT_TIMEOUT = 0.5
SOCKET_TIMEOUT = 1.0
RETRY_SECONDS = 5.0
# Dropped keys remembered per process for deletion when Redis is back (beyond this, they expire).
MAX_DROPPED_KEYS = 10_000

_UNREACHABLE = object()


class Reachability:
    """What this process knows of one Redis: whether to ask it, and which keys were dropped."""

    def __init__(self, location, retry_seconds):
        self.location = location
        self.retry_seconds = retry_seconds
        self.lock = threading.Lock()
        self.down = False
        self.retry_at = 0.0
        self.dropped = set()

    def may_try(self):
        """Return whether to ask Redis now; while it is down, one caller tries per period."""
        if not self.down:
            return True
        with self.lock:
            now = time.monotonic()
            if now < self.retry_at:
                return False
            self.retry_at = now + self.retry_seconds  # this caller tries; the others wait
            return True

    def drop(self, keys):
        if keys:
            with self.lock:
                room = MAX_DROPPED_KEYS - len(self.dropped)
                self.dropped.update(list(keys)[: max(room, 0)])

    def failed(self, error, keys):
        self.drop(keys)
        with self.lock:
            self.retry_at = time.monotonic() + self.retry_seconds
            if self.down:
                return
            self.down = True
        logger.warning(
            "Redis at %s cannot be reached (%s): the cache answers as a miss, sessions are read "
            "from the database, rate limits are off; trying again every %s s.",
            self.location,
            error,
            self.retry_seconds,
        )

    def answered(self, deleted):
        if not self.down:
            return
        with self.lock:
            if not self.down:
                return
            self.down = False
        logger.warning(
            "Redis at %s answers again; %d keys written while it was away were deleted.",
            self.location,
            deleted,
        )


_reachability = {}
_reachability_lock = threading.Lock()


def reachability(location, retry_seconds=RETRY_SECONDS):
    """Return this process's Reachability of the Redis at `location` (one per process)."""
    with _reachability_lock:
        return _reachability.setdefault(location, Reachability(location, retry_seconds))


class TolerantRedisCacheClient(RedisCacheClient):
    """Django's Redis client whose operations answer as misses while Redis cannot be reached."""

    def __init__(self, servers, reach, **options):
        super().__init__(servers, **options)
        self._reach = reach
        self._deleted_on_return = 0

    def _call(self, method, miss, written, *args):
        """Run `method(*args)`; if Redis cannot be reached, remember `written` and return `miss`."""
        reach = self._reach
        if not reach.may_try():
            reach.drop(written)
            return miss
        try:
            deleted = self._delete_dropped() if reach.dropped else 0
            result = method(*args)
        except RedisError as error:
            reach.failed(error, written)
            return miss
        reach.answered(deleted)
        return result

    def _delete_dropped(self):
        """Delete the keys whose writes were dropped, before anything else is asked of Redis."""
        reach = self._reach
        with reach.lock:
            keys = list(reach.dropped)
        client = self.get_client(write=True)
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
        with reach.lock:
            reach.dropped.difference_update(keys)
        return len(keys)

    def get(self, key, default):
        return self._call(super().get, default, (), key, default)

    def get_many(self, keys):
        return self._call(super().get_many, {}, (), keys)

    def has_key(self, key):
        return self._call(super().has_key, False, (), key)

    def add(self, key, value, timeout):
        # Reported as stored: callers that take a lock with add() (allauth's rate limits) go on.
        return self._call(super().add, True, (key,), key, value, timeout)

    def set(self, key, value, timeout):
        return self._call(super().set, None, (key,), key, value, timeout)

    def touch(self, key, timeout):
        return self._call(super().touch, False, (key,), key, timeout)

    def delete(self, key):
        return self._call(super().delete, False, (key,), key)

    def incr(self, key, delta):
        result = self._call(super().incr, _UNREACHABLE, (key,), key, delta)
        if result is _UNREACHABLE:
            raise ValueError(f"Key '{key}' not found (Redis cannot be reached).")
        return result

    def set_many(self, data, timeout):
        return self._call(super().set_many, None, list(data), data, timeout)

    def delete_many(self, keys):
        return self._call(super().delete_many, None, list(keys), keys)

    def clear(self):
        return self._call(super().clear, False, ())


class RedisCache(DjangoRedisCache):
    """Django's RedisCache with short timeouts, answering as a miss while Redis is unreachable.

    OPTIONS as Django's (passed to redis-py's connection pool), plus RETRY_SECONDS: how long a
    process leaves Redis alone after a failure.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        retry_seconds = float(options.pop("RETRY_SECONDS", RETRY_SECONDS))
        options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        # No retries: a failed call is a miss at once (a stale pooled connection is replaced
        # when the pool hands it out, so retries would only add waiting on a dead server).
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, {**params, "OPTIONS": options})
        self._reach = reachability(",".join(self._servers), retry_seconds)
        self._class = lambda servers, **kwargs: TolerantRedisCacheClient(
            servers, self._reach, **kwargs
        )
