"""What the home page shows of this part of the portal."""

from .display import newest_story_cards
from .hours import current_status


def home_section(request):
    """Return the newest published story's card (display.StoryCard) and today's hours.

    The story and the hours are shared data (read once after content changed).

    The home page is cached for anonymous visitors until content changes, so this section never
    claims "open now": it states today's hours with the date they are for. heritage.js adds a
    live badge in the browser, and only when the page's date is still today in Seoul.
    """
    newest = newest_story_cards(1)
    return {"story": newest[0] if newest else None, "status": current_status(upcoming_days=0)}
