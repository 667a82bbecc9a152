"""Public objects of this app for /sitemap.xml (built from the public querysets)."""

from django.urls import reverse

from gvalley.siteurl import SiteSitemap

from .models import Grievance, Meeting


class CouncilPagesSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return ["council:index", "council:archive", "council:grievances"]

    def location(self, item):
        return reverse(item)


class MeetingSitemap(SiteSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Meeting.objects.public().order_by("-starts_at", "pk")

    def lastmod(self, meeting):
        return meeting.updated_at


class GrievanceSitemap(SiteSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Grievance.objects.public().order_by("-received_on", "-pk")

    def lastmod(self, grievance):
        return grievance.updated_at


SITEMAPS = {
    "council": CouncilPagesSitemap,
    "council-meetings": MeetingSitemap,
    "council-grievances": GrievanceSitemap,
}
