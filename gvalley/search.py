"""Korean search without a dictionary: character bigrams in a tsvector with a GIN index.

PostgreSQL's trigram index cannot serve a two-syllable query, and `icontains` wraps the column
in UPPER() so no index is used at all. CJK search engines index overlapping character pairs
instead; that is what this module does:

    "한빛보안솔루션" → 한빛 빛보 보안 안솔 솔루 루션   (consecutive positions)
    query "보안"     → '보안'
    query "보안솔"   → '보안' <-> '안솔'              (followed-by: a substring match)

Latin letters are folded to lower case, so "lg" finds "LG". Several words narrow the result
(AND). Weights rank a name match (A) above a description match (B or C).

Use: store `bigram_tsvector([(text, "A"), (other, "B")])` in a SearchVectorField that has a
GinIndex, and filter with `search_vector=bigram_query(q)`; rank with `SearchRank`.
"""

import re
import unicodedata
from html import unescape

from django.contrib.postgres.search import SearchQuery
from django.utils.html import strip_tags

# Letters (Hangul, Latin, …) and digits form words; everything else separates them.
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
MAX_POSITION = 16383  # PostgreSQL's limit for positions in a tsvector
MAX_QUERY_WORDS = 8
MAX_WORD_LENGTH = 40


def normalise(text):
    return unicodedata.normalize("NFKC", text or "").casefold()


def words(text):
    return WORD_RE.findall(normalise(text))


def grams(word):
    """Return the overlapping character pairs of a word (a one-letter word is itself)."""
    if len(word) == 1:
        return [word]
    return [word[i : i + 2] for i in range(len(word) - 1)]


def bigram_tsvector(weighted_texts):
    """Return a tsvector literal of the texts' bigrams, e.g. "'보안':3A '안솔':4A"."""
    positions = {}
    position = 1
    for text, weight in weighted_texts:
        for word in words(text):
            for gram in grams(word):
                if position > MAX_POSITION:
                    break
                positions.setdefault(gram, []).append(f"{position}{weight}")
                position += 1
            position += 1  # a gap between words keeps phrases from spanning them
    return " ".join(f"'{gram}':{','.join(marks)}" for gram, marks in positions.items())


def query_words(query):
    """Return the searchable words of a user's query (bounded in number and length)."""
    return [word[:MAX_WORD_LENGTH] for word in words(query)][:MAX_QUERY_WORDS]


def bigram_query(query, weights=""):
    """Return a SearchQuery matching every word of the query as a substring, or None.

    `weights` ("A", "AB") restricts the match to texts indexed with those weights: "A" finds the
    rows whose title holds every word.
    """
    text = bigram_tsquery_text(query, weights)
    if not text:
        return None
    return SearchQuery(text, search_type="raw", config="simple")


def bigram_tsquery_text(query, weights=""):
    """Return the tsquery text for the query ("('보안' <-> '안솔') & 'lg'"), or ""."""
    parts = []
    for word in query_words(query):
        if len(word) == 1:
            parts.append(f"'{word}':*{weights}")
        else:
            label = f":{weights}" if weights else ""
            parts.append("(" + " <-> ".join(f"'{gram}'{label}" for gram in grams(word)) + ")")
    return " & ".join(parts)


class BigramIndexed:
    """A model mixin keeping its `search_vector` (SearchVectorField + GinIndex) up to date.

    The model lists in SEARCH_FIELDS the fields `search_texts()` reads; a save that writes none
    of them (update_fields of counters) leaves the vector alone. Rows written without save()
    (bulk_create, a data migration) get theirs from refresh_search_vectors().
    """

    SEARCH_FIELDS = ()

    def search_texts(self):
        """Return the weighted texts to index: [(text, "A"), (text, "B"), …]."""
        raise NotImplementedError

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(self.SEARCH_FIELDS):
            self.search_vector = bigram_tsvector(self.search_texts())
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_vector"}
        super().save(*args, **kwargs)


def with_search_vectors(rows):
    """Return the (unsaved) rows with their search vectors set, for bulk_create()."""
    rows = list(rows)
    for row in rows:
        row.search_vector = bigram_tsvector(row.search_texts())
    return rows


def refresh_search_vectors(queryset, texts=None, batch=1000):
    """Recompute the search vectors of the queryset's rows; return how many were written.

    `texts(row)` gives a row's weighted texts (default: the model's search_texts()); a data
    migration passes its own, as historical models have no methods.
    """
    texts = texts or (lambda row: row.search_texts())
    model = queryset.model
    written = 0
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        rows = list(model._base_manager.filter(pk__in=ids[start : start + batch]))
        for row in rows:
            row.search_vector = bigram_tsvector(texts(row))
        model._base_manager.bulk_update(rows, ["search_vector"])
        written += len(rows)
    return written


def plain_text(html):
    """Return the text of sanitised rich text, for indexing and snippets."""
    return unescape(strip_tags(html or ""))
