"""What /stats/ shows of 금천 순이의 집: group visits booked per month."""

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy

from .models import RequestStatus, VisitRequest


def visits_per_month():
    """Return [(month, groups, visitors)] of the confirmed group visits, by the visit's month."""
    rows = (
        VisitRequest.objects.filter(status=RequestStatus.CONFIRMED)
        .annotate(month=TruncMonth("slot__starts_at"))
        .values("month")
        .annotate(groups=Count("pk"), visitors=Sum("people"))
        .order_by("month")
    )
    return [(row["month"].strftime("%Y-%m"), row["groups"], row["visitors"]) for row in rows]


CHARTS = [
    {
        "name": "heritage-visits",
        "title": gettext_lazy("금천 순이의 집 월별 단체 관람 예약"),
        "columns": (gettext_lazy("월"), gettext_lazy("단체 수"), gettext_lazy("관람 인원")),
        "rows": visits_per_month,
        "kind": "bar",
    },
]
