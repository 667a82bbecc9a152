"""What the staff's review page of a 수출상담회 shows: the whole grid (slots × tables, breaks between
them) and the stored report of the last scheduling run, in words, with the state of a queued run."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from gvalley import jobs

from .models import BuyerWish, CompanyWish
from .tasks import generate_consultation_schedule


def solver_label(status):
    """Return the solver's status (CP-SAT's name, or our fallback's) in the reader's words."""
    labels = {
        "OPTIMAL": _("최적 배정(더 나은 배정이 없음을 확인함)"),
        "FEASIBLE": _("실행 가능한 배정(시간 제한 안에서 찾은 가장 좋은 배정)"),
        "GREEDY": _("간이 배정(솔버가 시간 안에 더 나은 배정을 찾지 못함)"),
    }
    return labels.get(status, status or _("알 수 없음"))


def mutual_pairs(consultation):
    """Return the (buyer id, participant id) pairs both sides wished to meet."""
    companies = set(
        CompanyWish.objects.filter(participant__consultation=consultation).values_list(
            "buyer", "participant"
        )
    )
    buyers = set(
        BuyerWish.objects.filter(buyer__consultation=consultation).values_list(
            "buyer", "participant"
        )
    )
    return companies & buyers


def grid(consultation):
    """Return the grid's rows in time order: ("slot", slot, [meeting or None per table]) and
    ("break", start, end) where a break falls between slots."""
    slots = list(consultation.slots.order_by("starts_at", "pk"))
    meetings = consultation.meetings.select_related(
        "buyer", "participant__company", "interpreter"
    ).order_by("slot__starts_at", "table", "pk")
    places = {(m.slot_id, m.table): m for m in meetings}
    mutual = mutual_pairs(consultation)
    for meeting in places.values():
        meeting.mutual = (meeting.buyer_id, meeting.participant_id) in mutual
    zone = timezone.get_current_timezone()
    breaks = [
        (
            datetime.datetime.combine(consultation.date, b.starts_at, zone),
            datetime.datetime.combine(consultation.date, b.ends_at, zone),
        )
        for b in consultation.breaks.order_by("starts_at", "pk")
    ]
    tables = range(1, consultation.tables + 1)
    rows = []
    for slot in slots:
        while breaks and breaks[0][1] <= slot.starts_at:
            rows.append(("break", *breaks.pop(0)))
        rows.append(("slot", slot, [places.get((slot.pk, table)) for table in tables]))
    rows.extend(("break", *b) for b in breaks if slots and b[0] < slots[-1].ends_at)
    return rows


def report(consultation):
    """Return the stored summary of the last run as the page reads it (None before any run)."""
    run = consultation.last_run or {}
    if not run:
        return None
    if "error" in run:
        at = run.get("at")
        return {"error": run["error"], "at": datetime.datetime.fromisoformat(at) if at else None}
    below = run.get("below_minimum", [])
    at_maximum = run.get("at_maximum")
    names = dict(consultation.participants.filter(pk__in=below).values_list("pk", "company__name"))
    buyers = {
        b.pk: str(b) for b in consultation.buyers.filter(pk__in=at_maximum or []).order_by("pk")
    }
    return {
        "generated_at": consultation.generated_at,
        "solver": solver_label(run.get("solver")),
        "seconds": run.get("seconds"),
        "meetings": run.get("meetings", 0),
        "locked": run.get("locked", 0),
        "mutual_met": run.get("mutual_met", 0),
        "mutual_wishes": run.get("mutual_wishes", 0),
        "one_sided_met": run.get("one_sided_met", 0),
        "one_sided_wishes": run.get("one_sided_wishes", 0),
        "below_minimum": [names[pk] for pk in below if pk in names],
        # Runs stored before this was recorded have no such list: the page says it is unknown.
        "at_maximum": None
        if at_maximum is None
        else [buyers[pk] for pk in at_maximum if pk in buyers],
        "dropped": run.get("dropped", 0),
    }


def run_state(consultation):
    """Return the latest scheduling job of the consultation as {"status", "enqueued_at",
    "started_at"} when it is queued, running or failed after the last stored run; else None."""
    job = (
        jobs.stored(generate_consultation_schedule, consultation.pk)
        .order_by("-enqueued_at")
        .only("status", "enqueued_at", "started_at", "finished_at")
        .first()
    )
    if job is None or job.status == "SUCCESSFUL":
        return None
    if (
        job.status == "FAILED"
        and consultation.generated_at
        and (job.finished_at and job.finished_at < consultation.generated_at)
    ):
        return None
    return {"status": job.status, "enqueued_at": job.enqueued_at, "started_at": job.started_at}
