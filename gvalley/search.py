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

from django.contrib.postgres.search import SearchQuery

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


def bigram_query(query):
    """Return a SearchQuery matching every word of the query as a substring, or None."""
    text = bigram_tsquery_text(query)
    if not text:
        return None
    return SearchQuery(text, search_type="raw", config="simple")


def bigram_tsquery_text(query):
    """Return the tsquery text for the query ("('보안' <-> '안솔') & 'lg'"), or ""."""
    parts = []
    for word in query_words(query):
        if len(word) == 1:
            parts.append(f"'{word}':*")
        else:
            parts.append("(" + " <-> ".join(f"'{gram}'" for gram in grams(word)) + ")")
    return " & ".join(parts)
