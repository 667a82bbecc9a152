"""Pages of this app that `make bench` measures."""

from django.urls import reverse
from django.utils import timezone

from .models import Edition, Event


def bench_pages():
    """Return (name, path) pairs of the main pages, resolved against the loaded data."""
    today = timezone.localdate()
    pages = [
        ("events list", reverse("events:index")),
        (
            "events month calendar",
            reverse("events:calendar_month", kwargs={"year": today.year, "month": today.month}),
        ),
    ]
    edition = Edition.objects.order_by("-number").first()
    if edition is not None:
        pages.append(("G Valley Week edition", edition.get_absolute_url()))
    event = Event.objects.public().upcoming().first()
    if event is not None:
        pages.append(("event page", event.get_absolute_url()))
    return pages + space_bench_pages() + call_bench_pages()


def space_bench_pages():
    """The spaces list and the hall's week view (measured anonymous and signed in)."""
    from .models import Space

    pages = [("spaces list", reverse("events:spaces"))]
    hall = Space.objects.active().filter(is_lounge=True).order_by("position", "pk").first()
    if hall is not None:
        pages.append(("space week view", hall.get_absolute_url()))
    return pages


def call_bench_pages():
    """The 2024 contest's page and its winners' gallery (measured anonymous and signed in)."""
    from .models import Call

    call = Call.objects.public().filter(results_published_at__isnull=False).order_by("pk").first()
    if call is None:
        return []
    return [
        ("open call page", call.get_absolute_url()),
        ("winners gallery", reverse("events:winners", kwargs={"slug": call.slug})),
    ]
