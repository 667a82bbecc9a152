"""Public objects of this app for /sitemap.xml (built from the public querysets)."""

from gvalley.siteurl import SiteSitemap

from .models import Edition, Event


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


SITEMAPS = {"events": EventSitemap, "editions": EditionSitemap}
