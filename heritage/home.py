"""What the home page shows of this part of the portal."""

from django.db.models import Prefetch

from .hours import current_status
from .models import Story, StoryPhoto


def home_section(request):
    """Return the newest published story and today's hours (about 5 queries).

    The home page is cached for anonymous visitors until content changes, so this section never
    claims "open now": it states today's hours with the date they are for. heritage.js adds a
    live badge in the browser, and only when the page's date is still today in Seoul.
    """
    story = (
        Story.objects.published()
        .defer("body", "search_vector")
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=StoryPhoto.objects.order_by("position", "pk")[:1],
                to_attr="covers",
            )
        )
        .first()
    )
    return {"story": story, "status": current_status(upcoming_days=0)}
