"""What the home page shows of this part of the portal."""

from .models import Meeting, Minutes
from .stats import shared_reference


def home_section(request):
    """Return the next public meeting, the latest published minutes and the grievance counts."""
    return {
        "next_meeting": Meeting.objects.public()
        .upcoming()
        .only("kind", "number", "starts_at")
        .first(),
        "latest_minutes": Minutes.objects.published()
        .select_related("meeting")
        .only("meeting__kind", "meeting__number", "meeting__starts_at")
        .order_by("-published_at", "-pk")
        .first(),
        "board": shared_reference()["board"],
    }
