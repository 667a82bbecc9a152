"""Writing many thousand rows at once with PostgreSQL's COPY (the company CSV import).

Django's bulk_create builds an INSERT with a placeholder per cell and passes every value through
its field; at 200,000 companies that was most of an import's time. COPY takes the rows as CSV
text, which Python's csv module writes in C. Values are given as the model holds them in Python
(str, int, bool, date and time, a dict or list for a JSONField, None for NULL).

CSV has one way to write NULL besides an empty string: a quoted empty cell is NULL only in
columns that cannot hold an empty string (numbers, dates, foreign keys: `FORCE_NULL`); a column
that can, such as a nullable text or tsvector column, must not be given None. As with INSERT,
text cannot hold the NUL character.
"""

import csv
import io
import json

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import JSONField
from django.utils import timezone

CHUNK = 64 * 1024  # characters of CSV sent to the database at a time


def reserve_ids(model, count, using=DEFAULT_DB_ALIAS):
    """Return `count` new primary keys from the model's sequence (COPY returns none)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def copy_rows(model, columns, rows, fixed=None, using=DEFAULT_DB_ALIAS):
    """Insert `rows` (tuples of values in the order of `columns`, field attnames) with COPY.

    `fixed` gives the columns that hold the same value in every row ({attname: value}). The
    model's other columns take their field's default, evaluated once (auto_now and
    auto_now_add: now); the primary key, when not given, the database's sequence. Return the
    number of rows written.
    """
    fields = {field.attname: field for field in model._meta.concrete_fields}
    fixed = dict(fixed or {})
    now = timezone.now()
    for name, field in fields.items():
        if name in columns or name in fixed or (field.primary_key and field.db_returning):
            continue
        if field.unique:
            raise ValueError(f"copy_rows: {model.__name__}.{field.name} is unique; give it")
        auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        fixed[name] = now if auto else field.get_default()
    every = [fields[name] for name in (*columns, *fixed)]
    # Nullable columns that can hold '' (text, tsvector): CSV cannot tell NULL from '' there.
    no_null = {
        field.attname
        for field in every
        if field.null and field.empty_strings_allowed and not isinstance(field, JSONField)
    }
    force_null = [field.column for field in every if field.null and field.attname not in no_null]
    for name in no_null & fixed.keys():
        _check_not_none(fields[name], fixed[name])
    checked = [index for index, name in enumerate(columns) if name in no_null]
    converters = [
        (index, _json(fields[name]))
        for index, name in enumerate(columns)
        if isinstance(fields[name], JSONField)
    ]
    # The values every row shares, as text once.
    constants = tuple(_text(fields[name], value) for name, value in fixed.items())

    def cells():
        for row in rows:
            if converters:
                row = list(row)
                for index, convert in converters:
                    row[index] = convert(row[index])
            for index in checked:
                if row[index] is None:
                    _check_not_none(every[index], None)
            yield (*row, *constants) if constants else row

    stream = _CsvStream(cells())
    connection = connections[using]
    quote = connection.ops.quote_name
    options = "FORMAT csv"
    if force_null:
        options += f", FORCE_NULL ({', '.join(quote(c) for c in force_null)})"
    with connection.wrap_database_errors, connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in every)}) "
            f"FROM STDIN WITH ({options})",
            stream,
            CHUNK,
        )
    return stream.count


def _check_not_none(field, value):
    if value is None:
        raise ValueError(f"copy_rows: None in {field.column}, which would be read as ''")


class _CsvStream:
    """A file for COPY … FROM STDIN that writes the next rows' CSV as PostgreSQL reads it.

    The rows are made while the database takes in the ones before, on the other core.
    """

    def __init__(self, rows):
        self.rows = rows
        self.count = 0
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")

    def read(self, size=CHUNK):
        buffer, writerow = self.buffer, self.writer.writerow
        for row in self.rows:
            writerow(row)
            self.count += 1
            if buffer.tell() >= size:
                break
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text


def _text(field, value):
    if isinstance(field, JSONField):
        return _json(field)(value)
    return None if value is None else str(value)


def _json(field):
    def convert(value):
        return None if value is None else json.dumps(value, cls=field.encoder)

    return convert
