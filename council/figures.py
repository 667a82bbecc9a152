"""What /stats/ shows of the council: grievances received and resolved per half-year.

Counts only (as the grievance board on the council's pages): no grievance's content is shown.
"""

from django.db.models import Aggregate, Count, DateField, F, FloatField, Func, IntegerField, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Grievance


class HalfYear(Func):
    """The first day of the half-year a date falls in (1 January or 1 July)."""

    template = (
        "make_date(EXTRACT(YEAR FROM %(expressions)s)::int,"
        " CASE WHEN EXTRACT(MONTH FROM %(expressions)s) <= 6 THEN 1 ELSE 7 END, 1)"
    )

    def __init__(self, field):
        super().__init__(F(field), output_field=DateField())


class Median(Aggregate):
    """PostgreSQL's median: percentile_cont(0.5) WITHIN GROUP (ORDER BY …)."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _days_to_resolution():
    # date − date is a whole number of days in PostgreSQL.
    return Func(
        F("resolved_on"),
        F("received_on"),
        arg_joiner=" - ",
        template="(%(expressions)s)",
        output_field=IntegerField(),
    )


def per_half_year():
    """Return [(half-year, received, resolved, median days)] in one query.

    Received counts by the date received; resolved (완료) and the median days from receipt to
    resolution by the date resolved. Every grievance is counted, public or not.
    """
    nothing = Q(pk__isnull=True)
    received = (
        Grievance.objects.annotate(period=HalfYear("received_on"))
        .values("period")
        .annotate(
            received=Count("pk"),
            resolved=Count("pk", filter=nothing),
            median=Median(_days_to_resolution(), filter=nothing),
        )
        .order_by()
    )
    resolved = (
        Grievance.objects.filter(status=Grievance.Status.DONE, resolved_on__isnull=False)
        .annotate(period=HalfYear("resolved_on"))
        .values("period")
        .annotate(
            received=Count("pk", filter=nothing),
            resolved=Count("pk"),
            median=Median(_days_to_resolution()),
        )
        .order_by()
    )
    periods = {}
    for row in received.union(resolved, all=True):
        entry = periods.setdefault(row["period"], [0, 0, None])
        entry[0] += row["received"]
        entry[1] += row["resolved"]
        if row["median"] is not None:
            entry[2] = round(row["median"], 1)
    return [
        (
            _("%(year)s년 상반기") % {"year": period.year}
            if period.month == 1
            else _("%(year)s년 하반기") % {"year": period.year},
            *figures,
        )
        for period, figures in sorted(periods.items())
    ]


CHARTS = [
    {
        "name": "council-grievances",
        "title": gettext_lazy("반기별 애로사항 접수·완료와 처리 기간"),
        "columns": (
            gettext_lazy("반기"),
            gettext_lazy("접수"),
            gettext_lazy("완료"),
            gettext_lazy("처리 기간 중앙값(일)"),
        ),
        "rows": per_half_year,
        "kind": "bar",
        # The days are on their own axis, to the right: counts and days are not one scale.
        "secondary": (3,),
    },
]
