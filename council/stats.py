"""The grievance board's figures: received, in progress, resolved, average days to resolution."""

from django.db.models import Avg, Count, F, Q

from .models import Grievance


def grievance_board():
    """Return the board's counts in one query (over every grievance; no content is exposed)."""
    S = Grievance.Status
    figures = Grievance.objects.aggregate(
        received=Count("pk"),
        in_progress=Count("pk", filter=Q(status__in=[S.RECEIVED, S.REVIEWING, S.IN_PROGRESS])),
        resolved=Count("pk", filter=Q(status=S.DONE)),
        rejected=Count("pk", filter=Q(status=S.REJECTED)),
        average=Avg(F("resolved_on") - F("received_on"), filter=Q(status=S.DONE)),
    )
    average = figures.pop("average")
    if average is None:
        figures["average_days"] = None
    elif hasattr(average, "days"):
        figures["average_days"] = round(average.days + average.seconds / 86400, 1)
    else:
        figures["average_days"] = round(float(average), 1)
    return figures
