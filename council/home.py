"""What the home page shows of this part of the portal."""

from .models import Meeting, Minutes
from .stats import grievance_board


def home_section(request):
    """Return the next public meeting, the latest published minutes and the grievance counts."""
    return {
        "next_meeting": Meeting.objects.public().upcoming().first(),
        "latest_minutes": Minutes.objects.published()
        .select_related("meeting")
        .order_by("-published_at", "-pk")
        .first(),
        "board": grievance_board(),
    }
