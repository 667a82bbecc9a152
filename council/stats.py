"""Figures and labels every council page shows the same way to everyone.

The grievance board (received, in progress, resolved, average days to resolution) and the names and
order of the member organisations, kept in the shared cache until any content changes. The
names are kept in Korean and English side by side (the cache is shared by both languages); a page
picks its language's with pick() (gvalley/translated.py).
"""

from typing import NamedTuple

from django.db.models import Avg, Count, F, Q

from gvalley.cache import shared_data
from gvalley.translated import pick

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


class OrganisationRow(NamedTuple):
    label: str  # str(organisation) in Korean: the short name, or the name
    name: str  # in Korean
    position: int
    label_en: str = ""  # the English short name, or the English name ("" when neither)
    name_en: str = ""

    def shown_name(self, language=None):
        """Return the name in the page's language, or the Korean original marked."""
        return pick(self.name, self.name_en, language)


def organisation_row_of(organisation):
    """Return the OrganisationRow of an organisation (read with both languages' names)."""
    return OrganisationRow(
        organisation.short_name_ko or organisation.name_ko,
        organisation.name_ko,
        organisation.position,
        organisation.short_name_en or organisation.name_en or "",
        organisation.name_en or "",
    )


def organisations():
    """Return {pk: OrganisationRow} of every member organisation.

    For the rows that point to one (agenda items, attendance), instead of joining them.
    """
    return {
        organisation.pk: organisation_row_of(organisation)
        for organisation in Organisation.objects.only("name", "short_name", "position")
    }


def reference():
    """Return {"board": …, "organisation_names": {pk: (Korean label, English label)}}.

    The labels (str(organisation) in each language) are what a grievance's holder shows.
    """
    names = {pk: (row.label, row.label_en) for pk, row in organisations().items()}
    return {"board": grievance_board(), "organisation_names": names}


def shared_reference():
    """Return reference() from the shared cache (computed again after any content change)."""
    return shared_data("council:reference", reference)


def shared_organisations():
    """Return organisations() from the shared cache (computed again after any content change)."""
    return shared_data("council:organisations", organisations)


def organisation_row(pk, rows):
    """Return rows[pk] (see organisations()), or the organisation's row from the database.

    Only an organisation newer than the shared rows is read from the database.
    """
    row = rows.get(pk)
    if row is None:
        row = organisation_row_of(Organisation.objects.get(pk=pk))
    return row
