"""What a browser makes of a page's markup, for tests that look at pages from outside."""

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
