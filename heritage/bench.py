"""Pages of this app that `make bench` measures."""

from django.urls import reverse

from .models import Gallery, Story


def bench_pages():
    """Return (name, path) pairs of the main pages, resolved against the loaded data."""
    pages = [
        ("heritage home", reverse("heritage:index")),
        ("heritage timeline", reverse("heritage:timeline")),
        ("heritage visit", reverse("heritage:visit")),
    ]
    story = Story.objects.published().order_by("-published_at", "pk").first()
    if story:
        pages.append(("heritage story", story.get_absolute_url()))
    gallery = Gallery.objects.published().order_by("position", "pk").first()
    if gallery:
        pages.append(("heritage gallery", gallery.get_absolute_url()))
    return pages
