"""Pages of this app that `make bench` measures."""

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
