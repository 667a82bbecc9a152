"""What /stats/ shows of the events: events per G밸리 Week edition and participation per year.

Each function is one chart's table, read with one query over the public events only.
"""

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Event, Registration


def per_edition():
    """Return [(edition, events)] of the published events of each G밸리 Week, oldest first."""
    rows = (
        Event.objects.published()
        .filter(edition__isnull=False)
        .values("edition__number", "edition__year")
        .annotate(events=Count("pk"))
        .order_by("edition__number")
    )
    return [
        (
            _("제%(number)s회 (%(year)s년)")
            % {"number": row["edition__number"], "year": row["edition__year"]},
            row["events"],
        )
        for row in rows
    ]


def participation_per_year():
    """Return [(year, registrations, check-ins)] by the year the events start (Seoul time).

    Registrations are those not cancelled; check-ins, those scanned at the door.
    """
    rows = (
        Registration.objects.active()
        .filter(event__in=Event.objects.public())
        .annotate(year=ExtractYear("event__starts_at"))
        .values("year")
        .annotate(
            registrations=Count("pk"), check_ins=Count("pk", filter=Q(checked_in_at__isnull=False))
        )
        .order_by("year")
    )
    return [(str(row["year"]), row["registrations"], row["check_ins"]) for row in rows]


CHARTS = [
    {
        "name": "events-per-edition",
        "title": gettext_lazy("G밸리 Week 회차별 행사 수"),
        "columns": (gettext_lazy("G밸리 Week 회차"), gettext_lazy("행사 수")),
        "rows": per_edition,
        "kind": "bar",
    },
    {
        "name": "events-participation",
        "title": gettext_lazy("연도별 행사 참가 신청과 입장"),
        "columns": (gettext_lazy("연도"), gettext_lazy("참가 신청"), gettext_lazy("입장")),
        "rows": participation_per_year,
        "kind": "bar",
    },
]
