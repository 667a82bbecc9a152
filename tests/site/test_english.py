"""English completeness: in English, no Korean UI text is left on any page, for any role.

With the demo content loaded, every page is crawled in English as each role. Every text a visitor
perceives — text nodes outside `<script>`/`<style>`/`<template>`, and the attributes `alt`, `title`,
`aria-label`, `placeholder` and the `value` of buttons — must have no Hangul, unless it comes from
content stored in the database (names, titles, descriptions are written once, in Korean) or is one
of the few exceptions named below. A text counts as content when it is found, as whole words, in
the corpus of every string of every row; a text built from several content strings (a venue and
an address joined by " · ", a list of names) counts when each of its parts is found.
"""

import html
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.db import models
from django.utils.html import strip_tags

from tests.factories import UserFactory
from tests.site.crawl import ROLES, plain_path

# One worker crawls every role once for this module.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("english")]

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]")
# Korean that belongs on an English page.
ALLOWED = {
    "한국어": "the language switch names Korean in Korean, as every language switch does",
    "G밸리 飛上프로젝트": "the name of the city's plan, quoted as it is named (council history)",
}
PERCEIVED_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
BUTTON_TYPES = ("submit", "button", "reset")
# Where a text built from content strings is cut into them.
# Where a text built from content strings is cut into them: first at the strong joins, then also
# at the weak ones that content itself uses ("섬유·의류·봉제").
STRONG_JOINS = re.compile(r"\s*(?:[|:;()\[\]{}«»<>›→×“”\"'‘’]|—|–|\s-\s|…|\.\.\.)\s*")
JOINS = re.compile(r"\s*(?:[·•|,/:;()\[\]{}«»<>›→×“”\"'‘’]|—|–|\s-\s|…|\.\.\.)\s*")
# English words and numbers between content in one text ("대륭포스트타워 8차 16F 1802호").
LATIN_MIDDLE = re.compile(r"\s+(?:[A-Za-z0-9][\w.'’-]*\s+)+", re.ASCII)
# English words and numbers around content in one text ("Other companies in 가산 하이브리드타워").
LATIN_EDGES = re.compile(r"^(?:[A-Za-z0-9][\w.'’-]*\s+)+|(?:\s+[A-Za-z0-9][\w.'’-]*)+$", re.ASCII)

# Korean left in English pages by code another engineer is changing, fixed on their branch:
# a pattern of the text → the part of the portal and what is wrong. Each is also held by a strict
# xfail below, so the entry must go when the fix lands.
KNOWN_ELSEWHERE = {}


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class PerceivedText(HTMLParser):
    """Collect (where, text) for every text of a page a visitor reads or hears.

    A highlighted word (`<mark>`, as the site search marks matches) is read with the text around
    it: "금천 <mark>순이</mark>의 집" is the one text "금천 순이의 집".
    """

    HIDDEN = {"script", "style", "template"}
    INLINE = {"mark"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.languages = []  # the language in force for each of `found`
        self._open = []  # (tag, aria-hidden, lang in force) of the open elements
        self._run = None  # the text read so far across <mark>: [where, text, lang]

    def _flush(self):
        if self._run is not None:
            where, text, lang = self._run
            self.found.append((where, text))
            self.languages.append(lang)
            self._run = None

    @property
    def lang(self):
        """Return the language in force: the nearest open element's `lang` ("" where none)."""
        return self._open[-1][2] if self._open else ""

    def close(self):
        super().close()
        self._flush()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang", self.lang)
        if tag in self.INLINE:
            self._open.append((tag, False, lang))
            return
        self._flush()
        perceived = [(f"<{tag} {name}>", attributes.get(name)) for name in PERCEIVED_ATTRIBUTES]
        if tag == "input" and attributes.get("type") in BUTTON_TYPES:
            perceived.append((f"<input type={attributes['type']} value>", attributes.get("value")))
        for where, text in perceived:
            if text:
                self.found.append((where, text))
                self.languages.append(lang)
        if tag not in VOID:
            self._open.append((tag, attributes.get("aria-hidden") == "true", lang))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self._open.pop()

    def handle_endtag(self, tag):
        if tag not in self.INLINE:
            self._flush()
        tags = [open_tag for open_tag, _hidden, _lang in self._open]
        if tag in tags:
            del self._open[len(tags) - 1 - tags[::-1].index(tag) :]

    def handle_data(self, data):
        if any(tag in self.HIDDEN for tag, _hidden, _lang in self._open):
            return
        decorative = any(hidden for _tag, hidden, _lang in self._open)
        where = "title" if any(tag == "title" for tag, _h, _l in self._open) else "text"
        where = "decorative text" if decorative else where
        if self._run is not None and self._run[0] == where and self._run[2] == self.lang:
            self._run[1] += data
        else:
            self._flush()
            self._run = [where, data, self.lang]
        if not self._run[1].strip():
            self._run = None


def normalised(text):
    return " ".join(text.split())


def database_corpus():
    """Return every string value of every model's rows (text and JSON), as one searchable text."""
    pieces = []

    def collect(value):
        if isinstance(value, str):
            pieces.append(value)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                collect(key)
                collect(item)

    for model in apps.get_models():
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if names:
            for row in model._base_manager.values_list(*names):
                collect(row)
    return Corpus(pieces)


class Corpus:
    """Strings from the database, searched as whole words."""

    def __init__(self, strings):
        strings = [
            *strings,
            # Rich text as the page shows it.
            *(html.unescape(strip_tags(text)) for text in strings if "<" in text or "&" in text),
        ]
        self.text = "\n".join(normalised(string) for string in strings)
        self.values = {normalised(string) for string in strings}
        self._known = {}

    def has(self, text):
        """Return whether the text is in a database string, not as part of a longer word."""
        if text not in self._known:
            pattern = r"(?<!\w)" + re.escape(text) + r"(?!\w)"
            self._known[text] = text in self.text and bool(re.search(pattern, self.text))
        return self._known[text]

    def joins_values(self, text):
        """Return whether the text is whole database strings joined by spaces ("금천구 부구청장")."""
        words = text.split(" ")
        joined = [True] + [False] * len(words)  # joined[i]: the first i words are
        for end in range(1, len(words) + 1):
            joined[end] = any(
                joined[start] and " ".join(words[start:end]) in self.values for start in range(end)
            )
        return joined[-1]

    def starts_word(self, text):
        return bool(re.search(r"(?<!\w)" + re.escape(text), self.text))


def from_content(text, corpus, decorative=False):
    """Return whether a Korean text is content: a database string, or built from them."""
    text = normalised(text).rstrip("…").rstrip(".").strip()
    if text in ALLOWED or corpus.has(text) or corpus.joins_values(text):
        return True
    if decorative and len(text) == 1:  # a placeholder logo: the initial of a name
        return corpus.starts_word(text)
    return any(
        built_from_content(text, joins, corpus) for joins in (STRONG_JOINS, JOINS, LATIN_MIDDLE)
    )


def built_from_content(text, joins, corpus):
    parts = [LATIN_EDGES.sub("", part) for part in joins.split(text)]
    parts = [part for part in parts if HANGUL.search(part)]
    return bool(parts) and all(
        part in ALLOWED or corpus.has(part) or corpus.joins_values(part) for part in parts
    )


def korean_left(body, corpus, typed=()):
    """Return [(where, text)] of the Korean a page shows that is neither content nor allowed.

    `typed`: what the visitor typed (a search's words), shown back to them as they typed it.
    """
    parser = PerceivedText()
    parser.feed(body)
    parser.close()
    found = []
    for (where, text), lang in zip(parser.found, parser.languages, strict=True):
        decorative = where == "decorative text"
        if lang.split("-")[0] == "ko":  # marked as Korean: content or a Korean word on purpose
            continue
        if not HANGUL.search(text) or from_content(text, corpus, decorative):
            continue
        shown = text
        for value in typed:
            shown = shown.replace(value, " ")
        if HANGUL.search(shown) and not from_content(shown, corpus, decorative):
            found.append((where, normalised(text)))
    return found


def korean_left_on(page, corpus):
    """Return korean_left() of a crawled page, read once per module."""
    if not hasattr(page, "korean_left"):
        typed = [v for v in parse_qs(urlsplit(page.url).query).get("q", []) if v.strip()]
        page.korean_left = korean_left(page.body.decode(), corpus, typed)
    return page.korean_left


def korean_unmarked(body, typed=()):
    """Return [(where, text)] of the Korean a page shows outside any `lang="ko"` element.

    Content with no English is shown in Korean marked `lang="ko"` (issue 17): a screen reader then
    reads it in a Korean voice, and a visitor sees the "Korean original" note. Exempt: the words the
    visitor typed, shown back to them; the document's `<title>`, which can hold no markup (a Korean
    event title names an English page's tab); and the ALLOWED texts.
    """
    parser = PerceivedText()
    parser.feed(body)
    parser.close()
    found = []
    for (where, text), lang in zip(parser.found, parser.languages, strict=True):
        if where == "title" or lang.split("-")[0] == "ko" or normalised(text) in ALLOWED:
            continue
        shown = text
        for value in typed:
            shown = shown.replace(value, " ")
        if HANGUL.search(shown):
            found.append((where, normalised(text)))
    return found


@pytest.mark.parametrize("role", ROLES)
def test_english_pages_mark_every_korean_text_as_korean(crawls, role):
    """Every page a visitor of each role reads in English marks its Korean as Korean.

    Not the admin (staff only): Django's own back office lists stored values, choices and
    permission names as they are, in Django's templates; its English UI is checked by
    test_english_pages_show_no_korean_besides_content, and the user's name in its header by
    test_the_admin_welcomes_a_korean_name_marked_as_korean.
    """
    crawl = crawls(role, "en")
    left = {}  # (where, text) → pages
    for page in crawl.html_pages:
        if plain_path(urlsplit(page.url).path).startswith("/admin/"):
            continue
        typed = [v for v in parse_qs(urlsplit(page.url).query).get("q", []) if v.strip()]
        for found in korean_unmarked(page.body.decode(), typed):
            left.setdefault(found, []).append(page.url)
    report = [
        f"{text!r} ({where}) on {len(urls)} pages: {', '.join(urls[:3])}"
        for (where, text), urls in sorted(left.items(), key=lambda item: -len(item[1]))
    ]
    assert len(crawl.html_pages) > 50, crawl.summary()
    assert not left, f"{crawl.summary()}; Korean not marked lang=ko:\n" + "\n".join(report)


def test_the_admin_welcomes_a_korean_name_marked_as_korean(client_for):
    client = client_for(UserFactory(name="구청 담당자", is_staff=True, is_superuser=True))
    english = client.get("/en/admin/").content.decode()
    assert '<strong><span lang="ko">구청 담당자</span></strong>' in english
    assert "<strong>구청 담당자</strong>" in client.get("/admin/").content.decode()


def test_korean_outside_a_korean_element_is_found():
    page = """<!doctype html><html lang="en"><head><title>미싱 앞의 열일곱 · G Valley</title></head>
    <body><a href="/events/" lang="ko" hreflang="ko">한국어</a>
    <h1>Results for ‘순이 집’</h1>
    <p lang="ko">미싱 앞의 <mark>열일곱</mark> <small>Korean original</small></p>
    <figure lang="ko"><img alt="벌집 방" src="/a.png"><figcaption>벌집 방</figcaption></figure>
    <p>Venue: <span>엘컨벤션</span></p><p lang="ko-KR">구로공단</p>
    <img alt="공장" src="/b.png"><p>Open <mark>월</mark>요일</p>
    </body></html>"""
    assert korean_unmarked(page, typed=["순이 집"]) == [
        ("text", "엘컨벤션"),
        ("<img alt>", "공장"),
        ("text", "Open 월요일"),
    ]


def known_elsewhere(text):
    return any(re.search(pattern, text) for pattern in KNOWN_ELSEWHERE)


@pytest.fixture(scope="module")
def corpus(crawled_site, django_db_blocker):
    with django_db_blocker.unblock():
        return database_corpus()


@pytest.mark.parametrize("role", ROLES)
def test_english_pages_show_no_korean_besides_content(crawls, corpus, role):
    crawl = crawls(role, "en")
    left = {}  # (where, text) → pages
    for page in crawl.html_pages:
        for where, text in korean_left_on(page, corpus):
            if not known_elsewhere(text):
                left.setdefault((where, text), []).append(page.url)
    report = [
        f"{text!r} ({where}) on {len(urls)} pages: {', '.join(urls[:3])}"
        for (where, text), urls in sorted(left.items(), key=lambda item: -len(item[1]))
    ]
    assert len(crawl.html_pages) > 50, crawl.summary()
    assert not left, f"{crawl.summary()}; Korean left in English:\n" + "\n".join(report)


@pytest.mark.parametrize(
    "pattern",
    [
        pytest.param(pattern, marks=pytest.mark.xfail(strict=True, reason=reason))
        for pattern, reason in KNOWN_ELSEWHERE.items()
    ],
)
def test_korean_known_to_be_left_elsewhere_is_gone(crawls, corpus, pattern):
    seen = [
        f"{role} {page.url}: {text!r}"
        for role in ROLES
        for page in crawls(role, "en").html_pages
        for _where, text in korean_left_on(page, corpus)
        if re.search(pattern, text)
    ]
    assert not seen, f"{len(seen)} times, e.g. " + "; ".join(seen[:3])


def test_korean_ui_text_is_found_and_content_is_not():
    corpus = Corpus(
        [
            "롯데시네마 가산디지털점",
            "서울 금천구 가산디지털1로 168",
            "<p>행사 <strong>신청하기</strong> 안내 &amp; 문의</p>",
            '["대표이사", {"답변": "네"}]',
            "금천구",
            "부구청장",
            "1960~80년대",
            "섬유·의류·봉제 공장의 시대",
            "대륭포스트타워 8차",
            "1802호",
        ]
    )
    page = """<!doctype html><html lang="en"><head><title>Events</title>
    <style>p::before { content: "닫기"; }</style><script>const label = "열기";</script></head>
    <body><a href="/events/" lang="ko" hreflang="ko">한국어</a>
    <p>롯데시네마 가산디지털점 · 서울 금천구 가산디지털1로 168</p>
    <p>신청하기</p><p>행사 신청하기 안내 & 문의</p>
    <h2>신청</h2>
    <p>Venue: <span>장소 안내</span></p>
    <img src="/a.png" alt="행사 사진"><button title="닫기" aria-label="메뉴">x</button>
    <input type="search" placeholder="검색어"><input type="submit" value="보내기">
    <input type="text" name="q" value="롯데시네마 아무 말">
    <div class="logo" aria-hidden="true"><span>롯</span></div><div aria-hidden="true">닫</div>
    <p>Other companies in 롯데시네마 가산디지털점</p><p>Open on 월</p>
    <p>금천구 부구청장 (Member)</p><p>행사 안내</p>
    <p>Select this object - 1960~80년대 섬유·의류·봉제 공장의 시대</p>
    <p>대륭포스트타워 8차 16F 1802호</p><p>대륭포스트타워 8차 16F 1802층</p>
    </body></html>"""
    assert korean_left(page, corpus) == [
        # "신청" is part of the word "신청하기" in the content, not a word of it.
        ("text", "신청"),
        ("text", "장소 안내"),
        ("<img alt>", "행사 사진"),
        ("<button title>", "닫기"),
        ("<button aria-label>", "메뉴"),
        ("<input placeholder>", "검색어"),
        ("<input type=submit value>", "보내기"),
        # An initial that begins no word of the content.
        ("decorative text", "닫"),
        ("text", "Open on 월"),
        # Words of the content, but not whole database strings.
        ("text", "행사 안내"),
        # A Korean suffix added to a number by the code, between content and English.
        ("text", "대륭포스트타워 8차 16F 1802층"),
    ]


def test_marked_words_are_read_with_their_text_and_a_search_is_shown_as_typed():
    corpus = Corpus(["쪽방이 벌집처럼 붙은 집"])
    page = (
        "<p>쪽방이 <mark>벌집</mark>처럼 붙은 집</p><h1>Results for ‘벌집’</h1>"
        "<p>벌집 <mark>안내</mark></p>"
    )
    assert korean_left(page, corpus, typed=["벌집"]) == [("text", "벌집 안내")]
    assert ("text", "Results for ‘벌집’") in korean_left(page, corpus)
