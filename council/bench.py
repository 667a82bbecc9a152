"""Pages of this app that `make bench` measures."""

from urllib.parse import quote

from django.urls import reverse

from .models import Meeting


def bench_pages():
    """Return (name, path) pairs of the main pages, resolved against the loaded data."""
    pages = [
        ("council", reverse("council:index")),
        ("council archive", reverse("council:archive")),
        ("council search", reverse("council:archive") + "?q=주차"),
        ("council grievances", reverse("council:grievances")),
    ]
    meeting = (
        Meeting.objects.filter(status=Meeting.Status.MINUTES_PUBLISHED)
        .order_by("-starts_at", "pk")
        .first()
    )
    if meeting:
        pages.append(("council meeting", meeting.get_absolute_url()))
    return pages


def bench_new_searches():
    """Return (name, paths): archive searches for the two-syllable words of the council topics.

    `make bench` sends each request to a different one of these with a request number added,
    so no request is ever answered from the page cache: what a visitor's first search costs.
    """
    from .demo import TOPICS

    titles = [topic["title"]["ko"] for topic in TOPICS]
    words = sorted({title[i : i + 2] for title in titles for i in range(len(title) - 1)})
    words = [word for word in words if all("가" <= ch <= "힣" for ch in word)]
    archive = reverse("council:archive")
    return [("council new search", [f"{archive}?q={quote(word)}" for word in words])]
