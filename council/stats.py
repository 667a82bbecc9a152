"""Figures and labels every council page shows the same way to everyone.

The grievance board (received, in progress, resolved, average days to resolution) and the names of
the member organisations, kept in the shared cache until any content changes.
"""

from django.db.models import Avg, Count, F, Q

from gvalley.cache import shared_data

from .models import Grievance, Organisation


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


def organisation_names():
    """Return {pk: str(organisation)} of every member organisation (a grievance's holder)."""
    return {organisation.pk: str(organisation) for organisation in Organisation.objects.all()}


def reference():
    """Return {"board": grievance_board(), "organisation_names": organisation_names()}."""
    return {"board": grievance_board(), "organisation_names": organisation_names()}


def shared_reference():
    """Return reference() from the shared cache (computed again after any content change)."""
    return shared_data("council:reference", reference)
