"""What the home page shows of this part of the portal."""

from django.db.models import F

from .models import Event

HOME_COUNT = 4
# What events/_home_section.html shows of an event (events.rendering.home_events).
HOME_FIELDS = ["title", "slug", "status", "starts_at", "venue"]


def home_section(request):
    """Return the next upcoming public events (one query)."""
    items = list(
        Event.objects.public()
        .upcoming()
        .only(*HOME_FIELDS)
        .annotate(venue_name=F("venue__name"))[:HOME_COUNT]
    )
    return {"items": items}
