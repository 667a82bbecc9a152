"""Public objects of this app for /sitemap.xml (built from the public querysets)."""

from gvalley.siteurl import SiteSitemap

from .models import Company


class CompanySitemap(SiteSitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Company.objects.listed().only("slug", "updated_at").order_by("pk")

    def lastmod(self, company):
        return company.updated_at


SITEMAPS = {"companies": CompanySitemap}
