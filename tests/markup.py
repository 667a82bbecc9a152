"""What a browser makes of a page's markup, for tests that look at pages from outside."""

import re
from html.parser import HTMLParser

# Elements a browser keeps open (and re-opens after block boundaries) until their end tag:
# an unclosed one turns everything after it bold or italic.
FORMATTING = {
    "a",
    "b",
    "big",
    "code",
    "em",
    "font",
    "i",
    "s",
    "small",
    "strike",
    "strong",
    "tt",
    "u",
}
# Attributes whose text a visitor sees or hears: shown in the field, read out, shown on hover.
READ_ATTRIBUTES = {"alt", "placeholder", "aria-label", "title", "label"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _OpenFormatting(HTMLParser):
    def __init__(self, target):
        super().__init__(convert_charrefs=True)
        self.target = target
        self.open = []
        self.found = None

    def handle_starttag(self, tag, attrs):
        if self.found is None and tag == self.target:
            self.found = list(self.open)
        if tag in FORMATTING:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in FORMATTING and tag in self.open:
            # The innermost element of that name is closed (what the parser does).
            index = len(self.open) - 1 - self.open[::-1].index(tag)
            del self.open[index]


def formatting_open_at(html, tag):
    """Return the formatting elements (b, strong, em, …) left open where `tag` starts.

    Returns None if the page has no such tag. A browser re-opens these formatting elements
    inside every block that follows, so anything listed here styles the `tag` element too.
    """
    parser = _OpenFormatting(tag)
    parser.feed(html)
    parser.close()
    return parser.found


class _TextLanguages(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, language in force inside it)
        self.runs = []
        self.attributes = []  # (name, value, language) of the attributes a visitor reads
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        language = dict(attrs).get("lang")
        if language is None:
            language = self.stack[-1][1] if self.stack else None
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and not self.skip:
                self.attributes.append((name, " ".join(value.split()), language))
        if tag in VOID:
            return
        self.stack.append((tag, language))
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self.skip:
            self.runs.append((text, self.stack[-1][1] if self.stack else None))


def text_languages(html):
    """Return each run of visible text with the language a screen reader reads it in (lang)."""
    parser = _TextLanguages()
    parser.feed(html)
    return parser.runs


def attribute_languages(html):
    """Return each attribute a visitor reads (alt, placeholder, aria-label, title, label) as
    (name, value, language), the language being the element's own lang or the one it inherits."""
    parser = _TextLanguages()
    parser.feed(html)
    return parser.attributes


def language_of(html, needle):
    """Return the language of the first text run holding `needle` (None: not on the page)."""
    for text, language in text_languages(html):
        if needle in text:
            return language
    return None


HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def hangul_outside_korean(html):
    """Return the texts of a page's body holding Hangul outside any lang="ko" element: its text
    runs and the attributes a visitor reads (a placeholder, an image's alt, an optgroup's label).

    The parser skips script and style and follows lang from each element to its children. The
    <head> is left out: its <title> names the content (or the visitor's own search words) and
    cannot mark a part of itself as Korean.
    """
    body = html.split("<body", 1)[1] if "<body" in html else html
    runs = [text for text, language in text_languages(body) if language != "ko"]
    runs += [
        f"{name}={value}" for name, value, language in attribute_languages(body) if language != "ko"
    ]
    return [text for text in runs if HANGUL.search(text)]
