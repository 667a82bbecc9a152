"""Site-wide pages that `make bench` measures (the apps' own are in <app>/bench.py)."""

from urllib.parse import quote

from django.urls import reverse

from .management.commands.bench_site_search import QUERIES


def bench_pages():
    return [
        ("site search", reverse("search") + "?q=" + quote("마라톤")),
        ("stats", reverse("stats")),
        # The open-data API's lists, a page of 50 each (no page cache: every request is drawn).
        ("api companies", reverse("company-list")),
        ("api events", reverse("event-list")),
    ]


def bench_new_searches():
    """Return (name, paths): site searches for two-syllable words found across the portal.

    `make bench` sends each request to a different one of these with a request number added,
    so no request is ever answered from the page cache: what a visitor's first search costs.
    """
    from companies.generate import DOMAINS
    from council.demo import TOPICS

    texts = [text for _, _, text in DOMAINS] + [topic["title"]["ko"] for topic in TOPICS] + QUERIES
    words = sorted({text[i : i + 2] for text in texts for i in range(len(text) - 1)})
    words = [word for word in words if all("가" <= ch <= "힣" for ch in word)]
    return [("site new search", [f"{reverse('search')}?q={quote(word)}" for word in words])]
