"""CSV files the portal writes (staff exports) and reads (imports): one format for all of them.

Written files:
- UTF-8 with a byte-order mark, so that Excel opens Hangul correctly; every cell quoted, rows
  ended with CRLF (RFC 4180, Python's csv defaults).
- Spreadsheet formulas neutralised, as OWASP's "CSV Injection" page and ASVS 1.2.10 say: a text
  cell that starts with = + - @, a tab, a carriage return or a NUL gets a leading apostrophe, so
  Excel and LibreOffice show `'=HYPERLINK(…)` as text instead of running it. A cell that
  already starts with an apostrophe gets one more, so that reading can tell the two apart.

Read files (`reader`): that one apostrophe is taken off again, so a file the portal exported
comes back as the text that was exported. Only an apostrophe followed by one of those characters
or by another apostrophe is taken off: "'98 올림픽" typed by hand stays as it is.

Every CSV the portal makes goes through `response()` (or `lines()`); every CSV it reads through
`reader()`.
"""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
APOSTROPHE = "'"
CONTENT_TYPE = "text/csv; charset=utf-8"


def neutralise(text):
    """Return the text as a cell no spreadsheet evaluates: a leading apostrophe where needed."""
    if text.startswith(FORMULA_STARTS) or text.startswith(APOSTROPHE):
        return APOSTROPHE + text
    return text


def restore(text):
    """Return the text `neutralise` was given (the inverse of it)."""
    if text.startswith(APOSTROPHE) and text[1:].startswith((*FORMULA_STARTS, APOSTROPHE)):
        return text[1:]
    return text


def cell(value):
    """Return a value as a cell's text: numbers as they are, None empty, any text neutralised."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    return neutralise(str(value))


class _Echo:
    """A file that hands back what is written to it (csv.writer then returns each line)."""

    def write(self, value):
        return value


def lines(header, rows):
    """Yield the file's text a row at a time: the byte-order mark and the header, then each row."""
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)
    yield BOM + writer.writerow([cell(value) for value in header])
    for row in rows:
        yield writer.writerow([cell(value) for value in row])


def response(filename, header, rows, *, stream=False):
    """Return the CSV as a download that no cache keeps.

    stream=True sends it while the rows are read (for exports of thousands of rows).
    """
    if stream:
        result = StreamingHttpResponse(lines(header, rows), content_type=CONTENT_TYPE)
    else:
        result = HttpResponse("".join(lines(header, rows)), content_type=CONTENT_TYPE)
    result["Content-Disposition"] = content_disposition_header(True, filename)
    result["Cache-Control"] = "private, no-store"
    result.no_page_cache = True
    return result


class reader:  # noqa: N801 - used like csv.reader
    """The rows of CSV text as lists of cells, with the writer's apostrophes taken off.

    Like csv.reader, a malformed row raises csv.Error and the next row can still be read.
    """

    def __init__(self, text):
        self._rows = csv.reader(io.StringIO(text))

    def __iter__(self):
        return self

    def __next__(self):
        return [
            restore(value) if value.startswith(APOSTROPHE) else value for value in next(self._rows)
        ]
