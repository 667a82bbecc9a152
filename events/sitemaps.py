"""Public objects of this app for /sitemap.xml (built from the public querysets)."""

from django.urls import reverse

from gvalley.siteurl import SiteSitemap

from .models import Edition, Event, Space


class EventSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.public().order_by("-starts_at", "pk")

    def lastmod(self, item):
        return item.updated_at


class EditionSitemap(SiteSitemap):
    changefreq = "yearly"

    def items(self):
        return Edition.objects.all()


class SpaceSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Space.objects.active().order_by("position", "name", "pk")


class SpaceListSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return ["events:spaces"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "events": EventSitemap,
    "editions": EditionSitemap,
    "spaces": SpaceSitemap,
    "space_list": SpaceListSitemap,
}
