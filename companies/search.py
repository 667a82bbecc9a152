"""Directory search results whose cost does not grow with the size of the directory.

Relevance is tiered: companies whose *name* matches every word come first, then those matching
in keywords or products, then those matching only in the description; inside a tier, by name.
Each tier is an index-friendly query (`ORDER BY name` with a LIMIT, served by the
(status, name) b-tree or the GIN index, whichever the planner finds cheaper), and counting stops
at `CAP` results: a two-syllable word that matches a fixed share of all companies then costs the
same at 15,000 or 150,000 companies, where ranking every match would grow with the table.
Pages go as far as the first `CAP` results; the page says so and suggests narrowing the search.

Knowing which page the paginator will ask for (a `window`), the counting, the page's ids and its
rows come in one statement (TieredResults); a filtered list's count comes with its page
(CountedResults).
"""

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models.query import NamedValuesListIterable
from django.db.models.utils import create_namedtuple_class

from gvalley.search import MAX_POSITION, grams, query_words, words

CAP = 500
# The translated columns the search vector reads (companies/models.py, search_texts).
SEARCHED_TRANSLATIONS = tuple(
    f"{field}_{language}"
    for field in ("keywords", "products", "description")
    for language in ("ko", "en")
)
# Besides the plain bigrams (as gvalley.search makes them), the vector holds marked copies of the
# bigrams of the name ("@보안") and of keywords/products ("#보안") at the same positions. A query
# can never produce these marks (only letters and digits make words), and the GIN index answers
# "in the name" from its own posting lists, where a weight label (:A) would need a recheck of
# every row that has the bigram anywhere.
NAME_MARK = "@"
LISTED_MARK = "#"


def company_tsvector(name, listed, description):
    """Return the tsvector literal of a company: weighted bigrams plus the marked copies."""
    # Run once per company by the CSV import (200,000 at a time): kept to plain loops.
    positions = {}
    position = 1
    fields = ((name, "A", NAME_MARK), (listed, "B", LISTED_MARK), (description, "C", ""))
    for text, weight, mark in fields:
        if not text or text.isspace():
            continue
        for word in words(text):
            for gram in grams(word):
                if position > MAX_POSITION:
                    break
                marks = positions.get(gram)
                if marks is None:
                    positions[gram] = [f"{position}{weight}"]
                else:
                    marks.append(f"{position}{weight}")
                if mark:
                    marked = mark + gram
                    marks = positions.get(marked)
                    if marks is None:
                        positions[marked] = [str(position)]
                    else:
                        marks.append(str(position))
                position += 1
            position += 1  # a gap between words keeps phrases from spanning them
    return " ".join([f"'{lexeme}':{','.join(marks)}" for lexeme, marks in positions.items()])


def _phrase(word, mark=""):
    if len(word) == 1:
        return f"'{mark}{word}':*"
    return "(" + " <-> ".join(f"'{mark}{g}'" for g in grams(word)) + ")"


class LiteralTsQuery(SearchQuery):
    """A tsquery cast from its text as is: to_tsquery() would parse "@보안" back into "보안"."""

    def __init__(self, text):
        super().__init__(text)
        self.text = text

    def as_sql(self, compiler, connection, **extra):
        return "%s::tsquery", [self.text]


def weighted_query(query, fields="any"):
    """Return a SearchQuery matching every word of the query as a substring.

    fields: "any" (anywhere), "name" (in the name), "listed" (name, keywords or products).
    """
    parts = []
    for word in query_words(query):
        if fields == "name":
            parts.append(_phrase(word, NAME_MARK))
        elif fields == "listed":
            parts.append(f"({_phrase(word, NAME_MARK)} | {_phrase(word, LISTED_MARK)})")
        else:
            parts.append(_phrase(word))
    if not parts:
        return None
    return LiteralTsQuery(" & ".join(parts))


class CappedResults:
    """A sliceable result list for the paginator: counting stops at CAP."""

    def __init__(self, queryset, cap=None):
        self.queryset = queryset
        self.cap = cap or CAP
        self._count = None

    def count(self):
        if self._count is None:
            self._count = self.queryset.order_by().values("pk")[: self.cap + 1].count()
        return min(self._count, self.cap)

    @property
    def capped(self):
        self.count()
        return self._count > self.cap

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        return list(self.queryset[key])


def named_rows(queryset):
    """Return (compiler, names) to read the queryset's named rows from SQL of one's own, or None.

    For values_list(named=True) querysets whose columns come in the order of their names (as the
    directory's cards); `read_named_rows` then makes the rows the queryset would give.
    """
    if queryset._iterable_class is not NamedValuesListIterable:
        return None
    query = queryset.query
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    if list(queryset._fields) != names or "pk" not in names:
        return None
    return query.get_compiler(queryset.db), names


def read_named_rows(compiler, names, rows):
    """Return these rows of the compiler's columns as the queryset's named tuples."""
    values = compiler.results_iter(results=[rows], tuple_expected=True)
    row_class = create_namedtuple_class(*names)
    return [tuple.__new__(row_class, v) for v in values]


class CountedResults:
    """A filtered list for the paginator, whose size comes with the page's rows.

    Django's Paginator counts, then reads the page: two queries. With the `window` (start,
    stop) the page will ask for, the count is a subquery of the page's query (an InitPlan, run
    once). Only an empty window (nothing matches, or a page past the end) counts on its own.
    For named rows (see `named_rows`); other querysets are counted as Django does.
    """

    def __init__(self, queryset, window=None):
        self.queryset = queryset
        self.window = window
        self._count = None
        self._window_rows = None

    def _read_window(self):
        named = named_rows(self.queryset[self.window[0] : self.window[1]]) if self.window else None
        if named is None:
            return
        compiler, names = named
        sql, params = compiler.as_sql()
        if not sql.startswith("SELECT ") or sql.startswith("SELECT DISTINCT"):
            return
        counted = self.queryset.order_by().values("pk")
        count_sql, count_params = counted.query.get_compiler(counted.db).as_sql()
        # The count as the first column of the page's own query (so the rows keep its ORDER BY).
        sql = f"SELECT (SELECT COUNT(*) FROM ({count_sql}) counted), {sql[len('SELECT ') :]}"
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, (*count_params, *params))
            rows = cursor.fetchall()
        if rows:
            self._count = rows[0][0]
            self._window_rows = read_named_rows(compiler, names, [row[1:] for row in rows])

    def count(self):
        if self._count is None:
            self._read_window()
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        start, stop = key.start or 0, key.stop
        if self._window_rows is not None and start == self.window[0] and stop <= self.window[1]:
            return self._window_rows[: stop - start]
        return list(self.queryset[key])


class TieredResults(CappedResults):
    """Search results by relevance tier (name, then keywords/products, then description).

    One statement (`tier_statement`) counts every tier and finds the ids of the page. `window`,
    the slice (start, stop) the page will ask for, lets it also read the first ids of a tier the
    cap cut short and, for named rows (values_list(named=True), as the directory's cards), the
    rows themselves. Without a window, or for another slice, a tier the count did not read whole
    is paged by an ordered query of its own, and the rows by one more query.
    """

    def __init__(self, queryset, query, cap=None, window=None):
        """`queryset` holds every other filter, but not the search itself."""
        super().__init__(queryset, cap)
        # A window past the cap is empty: nothing to read with the count.
        self.window = window if window is not None and window[0] < self.cap else None
        self.conditions = tier_conditions(query)
        self._sizes = None
        self._window_rows = None

    def base_sql(self):
        """Return the SQL and parameters of the rows to search: pk, name and search_vector."""
        if not hasattr(self, "_base_sql"):
            base = self.queryset.order_by().values_list("pk", "name", "search_vector")
            self._base_sql = base.query.sql_with_params()
        return self._base_sql

    def tier_sql(self):
        """Return the SQL and parameters of each tier: SELECT pk, name, in no order."""
        sql, params = self.base_sql()
        return [
            (f"SELECT b.pk, b.name FROM ({sql}) b WHERE {condition}", (*params, *values))
            for condition, values in self.conditions
        ]

    def _named_rows(self):
        """Return (compiler, names) to read the page's rows in the same statement, or None."""
        if self.window is None:
            return None
        return named_rows(self.queryset.order_by())

    def sizes(self):
        """Return the (capped) size of each tier; tiers after the cap are not counted.

        Each tier also comes with its first ids in name order (`_heads`, None when not read): all
        of them for a tier read whole; with a window, the first `stop` ones of each tier the
        window shows (and the window's rows, `_window_rows`, for named rows).
        """
        if self._sizes is None:
            named = self._named_rows()
            rows_sql = named[0].as_sql() if named else None
            sql, params = tier_statement(
                self.base_sql(), self.conditions, self.cap + 1, self.window, rows_sql
            )
            with connections[self.queryset.db].cursor() as cursor:
                cursor.execute(sql, params)
                result = cursor.fetchall()
            count = len(self.conditions)
            first = result[0]
            self._sizes, self._heads = list(first[:count]), list(first[count : 2 * count])
            self._count = sum(self._sizes)
            if named:
                compiler, names = named
                found = [row[2 * count : -1] for row in result if row[-1] is not None]
                self._window_rows = read_named_rows(compiler, names, found)
        return self._sizes

    def count(self):
        self.sizes()
        return min(self._count, self.cap)

    def __getitem__(self, key):
        start, stop = key.start or 0, min(key.stop, self.cap)
        self.sizes()
        if (
            self._window_rows is not None
            and start == self.window[0]
            and stop <= min(self.window[1], self.cap)
        ):
            return self._window_rows[: stop - start]
        ids = []
        offset = 0
        for tier, size, head in zip(self.tier_sql(), self._sizes, self._heads, strict=True):
            if stop <= offset:
                break
            if start < offset + size and size:
                first = max(start - offset, 0)
                last = min(stop - offset, size)
                if head is not None and last <= len(head):
                    ids += head[first:last]
                else:
                    ids += ordered_ids(tier, self.queryset.db, first, last)
            offset += size
        if not ids:
            return []
        rows = {c.pk: c for c in self.queryset.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids if pk in rows]


def tier_conditions(query):
    """Return each tier's condition on the vector `b.search_vector`: (SQL, parameters).

    A tier leaves out what an earlier tier holds ("listed" holds "name").
    """
    name_q, listed_q, any_q = (weighted_query(query, f) for f in ("name", "listed", "any"))
    if any_q is None:  # no words: one tier, everything
        return [("TRUE", ())]
    match = "b.search_vector @@ %s::tsquery"
    return [
        (match, (name_q.text,)),
        (f"{match} AND NOT ({match})", (listed_q.text, name_q.text)),
        (f"{match} AND NOT ({match})", (any_q.text, listed_q.text)),
    ]


def tier_statement(base, conditions, limit, window=None, rows=None):
    """Return one statement counting the tiers up to `limit` rows in all, then their first ids.

    `base`: the SQL and parameters of the rows to search (pk, name, search_vector), `b` to each
    tier's condition (see tier_conditions). Each tier is read as a COUNT over a LIMIT reads it
    (whichever rows the planner finds cheapest), and only as far as the tiers before it left
    room for: a tier read to the end gave all its rows, so their ids in name order come with the
    count. With a `window` (start, stop) of the results, only the tiers the window shows give
    ids, their first `stop` in name order; for a tier the count did not read whole, an ORDER BY
    name LIMIT of its own (served by the (status, name) b-tree or the GIN index). Only the
    subqueries a CASE picks are run.

    The first row: the size of each tier, then each tier's ids (an array, or NULL). With `rows`
    (the SQL and parameters of the rows to show, with a "pk" column) and a window, each row also
    holds one row of the window, in order, then its position (NULL when the window is empty);
    rows after the first repeat the sizes but not the ids.
    """
    base_sql, base_params = base
    # Written once, planned where each tier uses it (NOT MATERIALIZED: the tiers' conditions
    # reach its table's indexes).
    ctes, params = [f"b AS NOT MATERIALIZED ({base_sql})"], [*base_params]
    counts, heads, head_params = [], [], []
    for k, (condition, values) in enumerate(conditions, 1):
        ctes.append(f"t{k} AS MATERIALIZED (SELECT pk, name FROM b WHERE {condition} LIMIT %s)")
        params += [*values, limit]
        if k == 1:
            ctes.append(
                "n1 AS MATERIALIZED (SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM t1 LIMIT %s) x)"
                " AS n, %s AS room, 0 AS offset_)"
            )
            params += [limit, limit]
        else:
            # `room`: what the cap leaves this tier; `offset_`: how many rows come before it.
            ctes.append(
                f"n{k} AS MATERIALIZED (SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM t{k} "
                "LIMIT p.room - p.n) x) AS n, p.room - p.n AS room, p.offset_ + p.n AS offset_ "
                f"FROM n{k - 1} p)"
            )
        counts.append(f"n{k}.n AS n{k}")
        whole = f"(SELECT ARRAY_AGG(pk ORDER BY name, pk) FROM t{k})"
        if window is None:
            heads.append(f"CASE WHEN n{k}.n > 0 AND n{k}.n < n{k}.room THEN {whole} END AS h{k}")
            continue
        # A window needs no more than a tier's first `stop` ids, read whole or not.
        start, stop = window
        heads.append(
            f"CASE WHEN n{k}.n > 0 AND n{k}.offset_ < %s AND n{k}.offset_ + n{k}.n > %s THEN "
            f"CASE WHEN n{k}.n < n{k}.room "
            f"THEN ARRAY(SELECT pk FROM t{k} ORDER BY name, pk LIMIT %s) ELSE ARRAY("
            f"SELECT pk FROM b WHERE {condition} ORDER BY name, pk LIMIT %s) END END AS h{k}"
        )
        head_params += [min(stop, limit - 1), start, stop, *values, stop]
    tiers = range(1, len(conditions) + 1)
    tables = ", ".join(f"n{k}" for k in tiers)
    offsets = [f"n{k}.offset_ AS o{k}" for k in tiers]
    ctes.append(f"h AS MATERIALIZED (SELECT {', '.join(counts + heads + offsets)} FROM {tables})")
    params += head_params
    shown = [f"h.n{k}" for k in tiers]
    if rows is None or window is None:
        shown += [f"h.h{k}" for k in tiers]
        return f"WITH {', '.join(ctes)} SELECT {', '.join(shown)} FROM h", params
    # The ids arrays only in the first row (they can hold hundreds of ids).
    shown += [f"CASE WHEN r.ord IS NULL OR r.ord = 1 THEN h.h{k} END" for k in tiers]
    # The window's ids: from each tier it overlaps, the slice of the tier's first ids.
    start, stop = window
    slices = []
    for k in tiers:
        slices.append(f"h.h{k}[GREATEST(%s - h.o{k}, 0) + 1 : LEAST(%s - h.o{k}, h.n{k})]")
        params += [start, min(stop, limit - 1)]
    ids = slices[0]
    for piece in slices[1:]:
        ids = f"ARRAY_CAT({ids}, {piece})"
    ctes.append(f"w AS MATERIALIZED (SELECT {ids} AS ids FROM h)")
    rows_sql, rows_params = rows
    params += rows_params
    return (
        f"WITH {', '.join(ctes)} SELECT {', '.join(shown)}, r.* FROM h CROSS JOIN w "
        "LEFT JOIN LATERAL (SELECT c.*, ARRAY_POSITION(w.ids, c.pk) AS ord "
        f"FROM ({rows_sql}) c WHERE c.pk = ANY(w.ids)) r ON TRUE ORDER BY r.ord",
        params,
    )


def ordered_ids(tier, using, first, last):
    """Return the ids of a tier's rows `first` to `last` in name order."""
    sql, params = tier
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT o.pk FROM ({sql}) o ORDER BY o.name, o.pk LIMIT %s OFFSET %s",
            (*params, last - first, first),
        )
        return [pk for (pk,) in cursor.fetchall()]


def searched_fields(Company):
    """Return the text columns the vector reads (a migration's model may predate the English)."""
    names = {field.name for field in Company._meta.get_fields()}
    if "products_ko" in names:
        return SEARCHED_TRANSLATIONS
    return ("keywords", "products", "description")


def rebuild_vectors(Company, batch=2000, progress=None):
    """Recompute every company's search vector (after a change of how vectors are built)."""
    from .models import search_texts

    ids = list(Company.objects.order_by("pk").values_list("pk", flat=True))
    starts = range(0, len(ids), batch)
    if progress:
        starts = progress(starts, desc="search vectors", total=len(starts))
    for start in starts:
        rows = list(
            Company.objects.filter(pk__in=ids[start : start + batch]).only(
                "name", "name_en", *searched_fields(Company)
            )
        )
        for company in rows:
            company.search_vector = company_tsvector(*search_texts(company))
        Company.objects.bulk_update(rows, ["search_vector"])
