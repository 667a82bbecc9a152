"""The sitemap: static pages here, and each app's public objects through its querysets."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "companies:index",
            "events:index",
            "council:index",
            "heritage:index",
            "privacy",
            "terms",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"static": StaticSitemap}
