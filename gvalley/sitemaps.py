"""The sitemap: static pages here, and each app's public objects through its querysets."""

from django.urls import reverse

from companies.sitemaps import SITEMAPS as COMPANIES
from council.sitemaps import SITEMAPS as COUNCIL
from events.sitemaps import SITEMAPS as EVENTS
from gvalley.siteurl import SiteSitemap
from heritage.sitemaps import SITEMAPS as HERITAGE


class StaticSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "companies:index",
            "events:index",
            "heritage:index",
            "privacy",
            "terms",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"static": StaticSitemap, **COMPANIES, **EVENTS, **COUNCIL, **HERITAGE}
