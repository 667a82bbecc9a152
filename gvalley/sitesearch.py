"""Site-wide search: one box for the whole portal, results grouped by section.

Every app declares what it offers to the search in `<app>/sitesearch.py`: a list `SOURCES` of
`Source` objects, one per kind of result (companies, events, meetings, grievances, stories, …).
A source says which rows a user may see (the app's own queryset method: `visible_to(user)`,
`public()`, `published()`), which SearchVectorField holds its text (the Korean bigrams of
gvalley/search.py, GIN-indexed), and how a row becomes a hit (title, link, snippet, date).
`search()` asks every source and returns one `Section` per source.

The database does the searching, behind `Source.search(query, user, limit)`: a source backed by
a search server would implement that one method and return the same `Section`.

Cost does not grow with the size of a table (the directory's reasoning, companies/search.py):
a source reads at most its `CAP` newest matches, through the GIN index or an index in date
order that stops after `CAP`, and ranks those: a title match first, then ts_rank (weights A
title, B summary, C body), then the source's order (upcoming events first). The count stops at
`CAP` too ("100+").
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import import_module
from urllib.parse import urlencode

from django.db import connections
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .search import bigram_query, bigram_tsquery_text, query_words

# The apps that contribute sources, in the order their sections are shown.
SOURCE_MODULES = (
    "companies.sitesearch",
    "events.sitesearch",
    "council.sitesearch",
    "heritage.sitesearch",
)
CAP = 100  # matches read (and counted) per source
PREVIEW = 5  # hits per section on the overview
SECTION_LIMIT = 50  # hits when one section is shown (?section=)
MAX_QUERY_LENGTH = 100
SNIPPET_LENGTH = 120
SLACK = timedelta(seconds=1)  # a datetime parameter this close to the clock is "now"
PREPARED_LIMIT = 500  # prepared statements kept per source (see Source.candidates_sql)


@dataclass(frozen=True)
class Hit:
    """One result: `title` and `snippet` as (text, matched) parts for <mark>."""

    title: list
    url: str
    snippet: list = field(default_factory=list)
    meta: list = field(default_factory=list)  # short facts: a date, a place, a status
    badge: str = ""  # "지난 행사", "비공개", "초안"
    kind: str = ""  # within a source of several kinds: "안건", "회의록"


@dataclass
class Section:
    source: "Source"
    hits: list
    count: int
    capped: bool
    more_url: str

    @property
    def key(self):
        return self.source.key

    @property
    def label(self):
        return self.source.label

    @property
    def group(self):
        return self.source.group


class Parts(list):
    """[(text, matched)] of one text, knowing whether it is the Korean original standing in for
    a missing translation (`fallback`, as gvalley.translated.Translated: the page marks it)."""

    fallback = False

    @classmethod
    def of(cls, parts, text):
        value = cls(parts)
        value.fallback = bool(value) and getattr(text, "fallback", False)
        return value


class Marker:
    """Split text into parts, marking each case-insensitive occurrence of the query's words.

    A text from gvalley.translated (`pick`, `translated`) keeps its `fallback` in the parts.
    """

    def __init__(self, words):
        self.words = words
        alternatives = sorted({w for w in words if w}, key=len, reverse=True)
        self.pattern = (
            re.compile("|".join(re.escape(w) for w in alternatives), re.IGNORECASE)
            if alternatives
            else None
        )

    def parts(self, text):
        """Return Parts [(text, matched)] covering the whole text."""
        return Parts.of(self._parts(text or ""), text)

    def _parts(self, text):
        if self.pattern is None:
            return [(text, False)] if text else []
        parts, position = [], 0
        for found in self.pattern.finditer(text):
            if found.start() > position:
                parts.append((text[position : found.start()], False))
            parts.append((found.group(), True))
            position = found.end()
        if position < len(text):
            parts.append((text[position:], False))
        return parts

    def finds(self, text):
        return bool(text) and self.pattern is not None and bool(self.pattern.search(text))

    def snippet(self, *texts, length=SNIPPET_LENGTH):
        """Return the parts of a stretch of the first text holding a match (else the first text).

        The stretch begins and ends between words, with "…" where it cuts the text.
        """
        originals = [text for text in texts if text and text.strip()]
        texts = [" ".join(text.split()) for text in originals]
        if not texts:
            return Parts()
        chosen, start, original = texts[0], 0, originals[0]
        for text, source in zip(texts, originals, strict=True):
            found = self.pattern.search(text) if self.pattern else None
            if found:
                chosen, start, original = text, max(0, found.start() - length // 4), source
                break
        if start > 0:
            space = chosen.rfind(" ", 0, start + 1)
            start = space + 1 if space >= 0 else 0
        end = start + length
        if end < len(chosen):
            space = chosen.rfind(" ", start, end)
            end = space if space > start else end
        piece = chosen[start:end]
        if start > 0:
            piece = "… " + piece
        if end < len(chosen):
            piece += " …"
        return Parts.of(self._parts(piece), original)


def marker_for(query):
    return Marker(query_words(query))


class Prepared:
    """A candidates statement compiled once, with the query (and the clock) as parameters.

    Compiling a queryset costs Django about a millisecond: seven sources, seven milliseconds of a
    search that PostgreSQL answers in two. The statement of a source and a visibility is the same
    for every query; only its parameters change. `probe()` compiles it twice, with two probe
    words, and notes the parameters that stand for the query (the probes' tsquery texts,
    replaced by the visitor's) and for the clock (datetimes within a second of the compiling,
    as `timezone.now()` in a queryset gives; replaced by the time of the search). Anything else
    differing between the two, or a different SQL text, and the statement is not prepared (`sql`
    None): the source is compiled for each search as before.
    """

    PROBES = ("가나", "다라")

    def __init__(self, sql=None, params=(), slots=()):
        self.sql, self.params, self.slots = sql, list(params), dict(slots)

    @classmethod
    def probe(cls, compile_queryset):
        started = timezone.now()
        first_sql, first = compile_queryset(cls.PROBES[0]).query.sql_with_params()
        second_sql, second = compile_queryset(cls.PROBES[1]).query.sql_with_params()
        ended = timezone.now()
        if first_sql != second_sql or len(first) != len(second):
            return cls()
        texts = [bigram_tsquery_text(probe) for probe in cls.PROBES]

        def is_now(value):
            return isinstance(value, datetime) and started - SLACK <= value <= ended + SLACK

        slots = {}
        for index, (one, other) in enumerate(zip(first, second, strict=True)):
            if [one, other] == texts:
                slots[index] = "query"
            elif is_now(one) and is_now(other):
                slots[index] = "now"
            elif one != other:
                return cls()
        if "query" not in slots.values():
            return cls()
        return cls(second_sql, second, slots)

    def sql_with_params(self, query):
        now, text = timezone.now(), bigram_tsquery_text(query)
        params = list(self.params)
        for index, kind in self.slots.items():
            params[index] = text if kind == "query" else now
        return self.sql, tuple(params)


class Source:
    """What one kind of content offers to the site search (see the module's docstring)."""

    key = ""  # "events": the ?section= value
    label = ""  # the section's heading
    group = ""  # the part of the portal, shown with the heading
    vector = "search_vector"
    recent = ("-pk",)  # the candidates' order (newest first), served by an index
    # The final order: a title match, ts_rank, then newest. `c.` names the candidates' columns
    # (order_values()).
    order = ("title_match DESC", "rank DESC", "c.sid DESC")

    def __init__(self):
        self._prepared = {}  # {(visibility key, date): Prepared}, see candidates_sql()

    def visible(self, user):
        """Return the rows the user may see: the app's own queryset method, never a copy."""
        raise NotImplementedError

    def order_values(self):
        """Return extra columns the final order reads ({name: expression})."""
        return {}

    def rows(self, ids, user):
        """Return {pk: row} of what the hits show, for these ids."""
        raise NotImplementedError

    def hit(self, row, marker):
        """Return the Hit of a row."""
        raise NotImplementedError

    def more_url(self, query):
        """Return where "more in this section" leads: the app's own search, else ?section=."""
        return reverse("search") + "?" + urlencode({"q": query, "section": self.key})

    def candidates(self, query, user):
        """Return the newest CAP + 1 matches: pk (`sid`), vector and what the order reads."""
        matches = self.visible(user)
        if hasattr(matches, "rewrite"):
            # A model with translated fields (modeltranslation): values() of expressions alone
            # would select every field, in an order that changes from process to process.
            matches = matches.rewrite(False)
        return (
            matches.filter(**{self.vector: bigram_query(query)})
            .order_by(*self.recent)
            .values(sid=F("pk"), vec=F(self.vector), **self.order_values())[: CAP + 1]
        )

    def visibility_key(self, user):
        """Return what visible(user) depends on, naming the user's prepared statement; None when
        it depends on the user's own rows (then the statement is compiled for each search).

        Anonymous visitors all see the same rows. A source whose rows are the same for everyone
        (published timeline entries) or depend on a role only (council insiders) says so.
        """
        return None if user.is_authenticated else "anonymous"

    def candidates_sql(self, query, user):
        """Return the SQL and parameters of candidates(): prepared once per visibility_key."""
        key = self.visibility_key(user) if bigram_tsquery_text(query) else None
        prepared = None
        if key is not None:
            # Only today's statements are kept, so that a parameter that is a date stays right.
            key = (key, timezone.localdate())
            prepared = self._prepared.get(key)
            if prepared is None:
                prepared = Prepared.probe(lambda probe: self.candidates(probe, user))
                kept = {k: v for k, v in self._prepared.items() if k[1] == key[1]}
                if len(kept) >= PREPARED_LIMIT:  # statements of single users: keep memory bounded
                    kept = {}
                self._prepared = {**kept, key: prepared}
        if prepared is None or prepared.sql is None:
            return self.candidates(query, user).query.sql_with_params()
        return prepared.sql_with_params(query)

    def ranked_sql(self, query, user, limit):
        """Return the SQL and parameters of the best `limit` ids, each with the (capped) count.

        The candidates are ranked in an outer query, so ts_rank reads only their vectors,
        whichever way the planner found them.
        """
        sql, params = self.candidates_sql(query, user)
        statement = (
            "SELECT c.sid, COUNT(*) OVER () AS count, "
            "c.vec @@ to_tsquery('simple', %s) AS title_match, "
            "ts_rank(c.vec, to_tsquery('simple', %s)) AS rank "
            f"FROM ({sql}) c ORDER BY {', '.join(self.order)} LIMIT %s"
        )
        title, match = bigram_tsquery_text(query, "A"), bigram_tsquery_text(query)
        return statement, (title, match, *params, limit)

    def search(self, query, user, limit):
        """Return this source's Section: the best `limit` hits and the (capped) count."""
        statement, params = self.ranked_sql(query, user, limit)
        with connections[self.visible(user).db].cursor() as cursor:
            cursor.execute(statement, params)
            found = [(sid, count) for sid, count, *_rank in cursor.fetchall()]
        return self.section(query, user, found)

    def section(self, query, user, found):
        """Return the Section of the ranked (id, count) rows."""
        count = found[0][1] if found else 0
        hits = []
        if found:
            rows = self.rows([sid for sid, _count in found], user)
            marker = marker_for(query)
            hits = [self.hit(rows[sid], marker) for sid, _count in found if sid in rows]
        return Section(self, hits, min(count, CAP), count > CAP, self.more_url(query))


def ranked_together(query, user, chosen, limit):
    """Return {source: [(id, count)]} of the sources answering ranked_sql, in one statement.

    One round trip to the database instead of one a source: each source's ranked query is a
    branch of a UNION ALL, tagged with the source's place.
    """
    parts, params, using = [], [], None
    for number, chosen_source in enumerate(chosen):
        sql, values = chosen_source.ranked_sql(query, user, limit)
        parts.append(f"(SELECT {number} AS source, r.sid, r.count FROM ({sql}) r)")
        params += values
        using = using or chosen_source.visible(user).db
    found = {s: [] for s in chosen}
    if not parts:
        return found
    with connections[using].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for number, sid, count in cursor.fetchall():
            found[chosen[number]].append((sid, count))
    return found


_sources = None


def sources():
    """Return every app's sources, in the order of SOURCE_MODULES (imported once)."""
    global _sources
    if _sources is None:
        _sources = [s for name in SOURCE_MODULES for s in import_module(name).SOURCES]
    return _sources


def source(key):
    return next((s for s in sources() if s.key == key), None)


# Why a query is not searched, and what the page says instead.
PROBLEMS = {
    "too_long": _("검색어가 너무 깁니다. %(limit)s자 이내로 줄여 주세요."),
    "no_words": _(
        "찾을 낱말이 없습니다. 기호(%%, _, \\ 같은)는 검색에 쓰이지 않으니 한글, 영문, "
        "숫자로 찾아 주세요."
    ),
    "one_letter": _(
        "두 글자 이상으로 찾아 주세요. 한 글자로는 찾지 않습니다. 예: ‘벌’ 대신 ‘벌집’."
    ),
}


def problem_with(query):
    """Return the key of PROBLEMS that keeps this query from being searched, or None."""
    if len(query) > MAX_QUERY_LENGTH:
        return "too_long"
    words = query_words(query)
    if not words:
        return "no_words"
    if all(len(word) < 2 for word in words):
        return "one_letter"
    return None


def search(query, user, section=None):
    """Return the Sections of every source (or only `section`'s), with hits where found.

    The sources searched in the database (their ranked_sql) are asked in one statement; a
    source of its own kind (the directory's tiers, a search server) answers its search().
    """
    chosen = [source(section)] if source(section) else sources()
    limit = SECTION_LIMIT if len(chosen) == 1 else PREVIEW
    database = [s for s in chosen if type(s).search is Source.search]
    ranked = ranked_together(query, user, database, limit)
    return [
        s.section(query, user, ranked[s]) if s in ranked else s.search(query, user, limit)
        for s in chosen
    ]


def clean_query(value):
    """Return the query as typed, with its outer and repeated spaces taken away."""
    return " ".join((value or "").split())
