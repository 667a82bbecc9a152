"""Korean bigram search (gvalley/search.py), checked against PostgreSQL itself."""

import pytest
from django.db import connection

from gvalley.search import bigram_query, bigram_tsquery_text, bigram_tsvector, query_words


def matches(text, query):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::tsvector @@ to_tsquery('simple', %s)",
            [bigram_tsvector([(text, "A")]), bigram_tsquery_text(query)],
        )
        return cursor.fetchone()[0]


def test_bigrams_of_a_korean_name_have_consecutive_positions():
    vector = bigram_tsvector([("한빛보안솔루션", "A")])
    assert "'보안':3A" in vector and "'안솔':4A" in vector


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text,query,expected",
    [
        ("한빛보안솔루션", "보안", True),
        ("한빛보안솔루션", "보안솔", True),
        ("한빛보안솔루션", "솔보", False),
        ("한빛보안 솔루션", "안솔", False),  # words are not glued together
        ("LG전자 협력사", "lg", True),
        ("LG전자 협력사", "전자 협력", True),
        ("LG전자 협력사", "전자 보안", False),
        ("G밸리 산업박물관", "박물", True),
    ],
)
def test_search_semantics_in_postgresql(text, query, expected):
    assert matches(text, query) is expected


def test_latin_letters_are_folded_to_lower_case():
    assert "'lg':1A" in bigram_tsvector([("LG", "A")])
    assert bigram_tsquery_text("LG") == bigram_tsquery_text("lg") == "('lg')"


def test_several_words_narrow_and_long_words_are_a_phrase():
    assert bigram_tsquery_text("보안솔 클라우드") == (
        "('보안' <-> '안솔') & ('클라' <-> '라우' <-> '우드')"
    )


def test_hostile_queries_become_plain_words():
    assert bigram_tsquery_text("'; DROP --") == "('dr' <-> 'ro' <-> 'op')"
    assert bigram_query("!!! ??? <> & |") is None
    assert bigram_query("") is None


def test_queries_are_bounded():
    words = query_words("가나 " * 100 + "가" * 500)
    assert len(words) == 8
    assert all(len(word) <= 40 for word in words)
