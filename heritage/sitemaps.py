"""Public objects of this app for /sitemap.xml (built from the public querysets)."""

from django.urls import reverse

from gvalley.siteurl import SiteSitemap

from .models import Gallery, Story


class HeritagePagesSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "heritage:timeline",
            "heritage:story_list",
            "heritage:gallery_list",
            "heritage:visit",
        ]

    def location(self, item):
        return reverse(item)


class StorySitemap(SiteSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Story.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, story):
        return story.updated_at


class GallerySitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Gallery.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, gallery):
        return gallery.updated_at


SITEMAPS = {
    "heritage": HeritagePagesSitemap,
    "heritage-stories": StorySitemap,
    "heritage-galleries": GallerySitemap,
}
