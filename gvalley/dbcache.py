"""Django's database cache, writing with one PostgreSQL statement, and whose first read of a
request is the connection's health check.

Django's DatabaseCache counts the whole table before every write (to cull it past MAX_ENTRIES),
then reads the key, then inserts or updates in a transaction of its own: five round trips, and
the count grows with the table (0.5 ms at 4,000 entries here). This backend writes with one
`INSERT … ON CONFLICT` (not waiting for the disk to flush it, unless inside a transaction), and
counts (and culls, as Django does) on one write in `CULL_EVERY` of each process, so the table may
pass MAX_ENTRIES by at most that many writes per process. Values are stored as Django stores
them: Django's own backend reads the same table.

Nearly every request's first statement is a read of this cache (the anonymous page cache, the
session, the API's rate limit, the content version). Django's `CONN_HEALTH_CHECKS` sends a
`SELECT 1` before it on a reused connection: on a cached page, a second round trip for one read.
Here that read is the check: a connection the server dropped since the last request (PostgreSQL
restarted) fails it, is closed, and the read is made once more on a new connection, so no visitor
sees the dead connection; a database that is down fails both and the visitor gets the 503 page.
"""

import base64
import pickle
from contextlib import nullcontext
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    connections,
    router,
    transaction,
)
from django.utils.timezone import now as tz_now

CULL_EVERY = 50


class PostgresCache(DatabaseCache):
    def __init__(self, table, params):
        super().__init__(table, params)
        self._writes = 0

    def get_many(self, keys, version=None):
        connection = connections[router.db_for_read(self.cache_model_class)]
        first_of_request = (
            connection.connection is not None
            and connection.health_check_enabled
            and not connection.health_check_done
            and not connection.in_atomic_block
        )
        if not first_of_request:
            return self._read(connection, keys, version)
        connection.health_check_done = True  # this read is the check (see the module's doc)
        try:
            return self._read(connection, keys, version)
        except (InterfaceError, OperationalError):
            connection.close()
            return self._read(connection, keys, version)

    def _read(self, connection, keys, version):
        """Django's read, leaner: entries past their time are left out by the query (not
        deleted on the way, as Django does: the next write of the key or the cull removes
        them), no ORM expression is built per read to convert the time (0.1 ms a read), and
        the statement is prepared once per connection: planning it again on every read cost
        PostgreSQL more than running it (0.06 of a cached page's 0.2 ms round trip here)."""
        if not keys:
            return {}
        names = {self.make_and_validate_key(key, version=version): key for key in keys}
        # One statement per table on each connection (tests use several caches' tables).
        statement = connection.ops.quote_name(f"gvalley_cache_read:{self._table}")
        sql = f"EXECUTE {statement} (%s, %s)"
        prepared = connection.__dict__.setdefault("_cache_reads_prepared", {})
        with connection.cursor() as cursor:  # connected from here on
            if prepared.get(self._table) is not connection.connection:
                # The connection's first read prepares the statement in the same round trip.
                table = connection.ops.quote_name(self._table)
                sql = (
                    f"PREPARE {statement} (text[], timestamptz) AS SELECT cache_key, value "
                    f"FROM {table} WHERE cache_key = ANY($1) AND expires >= $2; {sql}"
                )
            cursor.execute(sql, [list(names), connection.ops.adapt_datetimefield_value(tz_now())])
            prepared[self._table] = connection.connection
            rows = cursor.fetchall()
        return {names[name]: pickle.loads(base64.b64decode(value)) for name, value in rows}

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        if mode == "touch":
            return super()._base_set(mode, key, value, timeout)
        timeout = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        adapt = connection.ops.adapt_datetimefield_value
        table = connection.ops.quote_name(self._table)
        now = tz_now().replace(microsecond=0)
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC)
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        sql = (
            f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
            "ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires"
        )
        params = [key, encoded, adapt(expires.replace(microsecond=0))]
        if mode == "add":  # only over an entry that has expired
            sql += f" WHERE {table}.expires < %s"
            params.append(adapt(now))
        self._writes += 1
        if connection.in_atomic_block:
            # Inside a transaction, a failed write must not break it: a savepoint, as Django's.
            guard = transaction.atomic(using=db)
        else:
            # On its own, the write need not wait for the disk: a crash may lose the last few
            # cache writes, never data (the setting holds for this one statement's transaction).
            guard = nullcontext()
            sql = "SET LOCAL synchronous_commit TO OFF; " + sql
        try:
            with guard, connection.cursor() as cursor:
                if self._writes % CULL_EVERY == 0:
                    cursor.execute(f"SELECT COUNT(*) FROM {table}")
                    count = cursor.fetchone()[0]
                    if count > self._max_entries:
                        self._cull(db, cursor, now, count)
                cursor.execute(sql + " RETURNING 1", params)
                return cursor.fetchone() is not None  # no row: "add" found a live entry
        except DatabaseError:
            return False  # as Django's: a cache write that fails is not the page's error
