"""What the home page shows of this part of the portal."""

from django.db.models import F

from . import listing
from .models import Event

HOME_COUNT = 4
# What events/_home_section.jinja shows of an event (events.listing.entries).
HOME_FIELDS = ["title", "slug", "status", "starts_at", "venue"]


def home_section(request):
    """Return the next upcoming public events, ready to print (one query)."""
    events = list(
        Event.objects.public()
        .upcoming()
        .only(*HOME_FIELDS)
        .annotate(venue_name=F("venue__name"))[:HOME_COUNT]
    )
    return {"items": listing.entries(events)}
