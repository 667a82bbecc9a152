"""What the home page shows of this part of the portal."""

from .models import Event

HOME_COUNT = 4


def home_section(request):
    """Return the next upcoming public events (one query)."""
    items = list(Event.objects.public().upcoming().select_related("venue")[:HOME_COUNT])
    return {"items": items}
