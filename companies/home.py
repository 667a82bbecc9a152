"""What the home page shows of this part of the portal: the newest listed companies."""

from .models import Company

HOME_COUNT = 6


def home_section(request):
    """Return the newest listed companies and how many are listed (two queries)."""
    listed = Company.objects.listed()
    return {
        "items": list(listed.select_related("industry", "building").newest()[:HOME_COUNT]),
        "count": listed.count(),
    }
