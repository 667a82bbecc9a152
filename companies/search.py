"""Directory search results whose cost does not grow with the size of the directory.

Relevance is tiered: companies whose *name* matches every word come first, then those matching
in keywords or products, then those matching only in the description; inside a tier, by name.
Each tier is an index-friendly query (`ORDER BY name` with a LIMIT, served by the
(status, name) b-tree or the GIN index, whichever the planner finds cheaper), and counting stops
at `CAP` results: a two-syllable word that matches a fixed share of all companies then costs the
same at 15,000 or 150,000 companies, where ranking every match would grow with the table.
Pages go as far as the first `CAP` results; the page says so and suggests narrowing the search.
"""

from django.contrib.postgres.search import SearchQuery
from django.db import connections

from gvalley.search import MAX_POSITION, grams, query_words, words

CAP = 500
# Besides the plain bigrams (as gvalley.search makes them), the vector holds marked copies of the
# bigrams of the name ("@보안") and of keywords/products ("#보안") at the same positions. A query
# can never produce these marks (only letters and digits make words), and the GIN index answers
# "in the name" from its own posting lists, where a weight label (:A) would need a recheck of
# every row that has the bigram anywhere.
NAME_MARK = "@"
LISTED_MARK = "#"


def company_tsvector(name, listed, description):
    """Return the tsvector literal of a company: weighted bigrams plus the marked copies."""
    positions = {}
    position = 1
    fields = ((name, "A", NAME_MARK), (listed, "B", LISTED_MARK), (description, "C", ""))
    for text, weight, mark in fields:
        for word in words(text):
            for gram in grams(word):
                if position > MAX_POSITION:
                    break
                positions.setdefault(gram, []).append(f"{position}{weight}")
                if mark:
                    positions.setdefault(mark + gram, []).append(str(position))
                position += 1
            position += 1  # a gap between words keeps phrases from spanning them
    return " ".join(f"'{lexeme}':{','.join(marks)}" for lexeme, marks in positions.items())


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


class TieredResults(CappedResults):
    """Search results by relevance tier (name, then keywords/products, then description)."""

    def __init__(self, queryset, query, cap=None):
        """`queryset` holds every other filter, but not the search itself."""
        super().__init__(queryset, cap)
        name_q = weighted_query(query, "name")
        listed_q = weighted_query(query, "listed")
        any_q = weighted_query(query)
        self.tiers = [
            queryset.filter(search_vector=name_q),
            queryset.filter(search_vector=listed_q).exclude(search_vector=name_q),
            queryset.filter(search_vector=any_q).exclude(search_vector=listed_q),
        ]
        self._sizes = None

    def sizes(self):
        """Return the (capped) size of each tier; tiers after the cap are not counted.

        Counting a tier also returns its ids in name order when the cap did not cut it short,
        so a page inside such a tier needs no query of its own.
        """
        if self._sizes is None:
            sizes, self._ids, left = [], [], self.cap + 1
            for tier in self.tiers:
                if left <= 0:
                    sizes.append(0)
                    self._ids.append(None)
                    continue
                size, ids = first_ids(tier, left)
                sizes.append(size)
                self._ids.append(ids)
                left -= size
            self._sizes = sizes
            self._count = sum(sizes)
        return self._sizes

    def count(self):
        self.sizes()
        return min(self._count, self.cap)

    def __getitem__(self, key):
        start, stop = key.start or 0, min(key.stop, self.cap)
        ids = []
        offset = 0
        for tier, size, tier_ids in zip(self.tiers, self.sizes(), self._ids, strict=True):
            if stop <= offset:
                break
            if start < offset + size and size:
                first = max(start - offset, 0)
                last = min(stop - offset, size)
                if tier_ids is not None:
                    ids += tier_ids[first:last]
                else:
                    ids += list(
                        tier.order_by("name", "pk").values_list("pk", flat=True)[first:last]
                    )
            offset += size
        if not ids:
            return []
        rows = {c.pk: c for c in self.queryset.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids if pk in rows]


def first_ids(queryset, limit):
    """Return how many rows the queryset has, counting up to `limit`, and, when there are
    fewer than `limit`, their pks in the order of `order_by("name", "pk")` (else None).

    The rows are read as a COUNT over a LIMIT reads them (whichever `limit` rows the planner
    finds cheapest), so the ids are known to be the first ones only when all rows were read.
    """
    inner = queryset.order_by().values_list("pk", "name")[:limit]
    sql, params = inner.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        # The sorted ids are only built (the CASE only runs its subquery) for a tier read whole.
        cursor.execute(
            f"WITH capped (pk, name) AS MATERIALIZED ({sql}), "
            "counted (n) AS (SELECT COUNT(*) FROM capped) "
            "SELECT n, CASE WHEN n < %s THEN (SELECT ARRAY_AGG(pk ORDER BY name, pk) FROM capped) "
            "END FROM counted",
            (*params, limit),
        )
        return cursor.fetchone()


def rebuild_vectors(Company, batch=2000, progress=None):
    """Recompute every company's search vector (after a change of how vectors are built)."""
    from django.utils.html import strip_tags

    ids = list(Company.objects.order_by("pk").values_list("pk", flat=True))
    starts = range(0, len(ids), batch)
    if progress:
        starts = progress(starts, desc="search vectors", total=len(starts))
    for start in starts:
        rows = list(
            Company.objects.filter(pk__in=ids[start : start + batch]).only(
                "name", "name_en", "keywords", "products", "description"
            )
        )
        for company in rows:
            company.search_vector = company_tsvector(
                f"{company.name} {company.name_en}",
                f"{company.keywords} {company.products}",
                strip_tags(company.description or ""),
            )
        Company.objects.bulk_update(rows, ["search_vector"])
