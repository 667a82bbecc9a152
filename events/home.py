"""What the home page shows of this part of the portal."""

from django.db.models import F

from . import listing
from .models import Event

HOME_COUNT = 4
# What events/_home_section.jinja shows of an event (events.listing.entries).
HOME_FIELDS = ["title_ko", "title_en", "slug", "status", "starts_at", "venue"]


def home_section(request):
    """Return the next upcoming public events, ready to print (one query)."""
    events = list(
        Event.objects.public()
        .upcoming()
        .rewrite(False)  # both languages' columns, as they are named
        .only(*HOME_FIELDS)
        .annotate(venue_name_ko=F("venue__name_ko"), venue_name_en=F("venue__name_en"))[:HOME_COUNT]
    )
    return {"items": listing.entries(events)}
