"""The sitemap: static pages here, and each app's public objects through its querysets."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from companies.sitemaps import SITEMAPS as COMPANIES
from council.sitemaps import SITEMAPS as COUNCIL
from events.sitemaps import SITEMAPS as EVENTS
from heritage.sitemaps import SITEMAPS as HERITAGE


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


SITEMAPS = {"static": StaticSitemap, **COMPANIES, **EVENTS, **COUNCIL, **HERITAGE}
