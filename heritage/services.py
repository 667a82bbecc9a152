"""Writes that touch several rows or race: opening slots, requesting a visit, staff decisions."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .hours import schedule_for
from .models import HOLDING_STATUSES, RequestStatus, VisitInfo, VisitRequest, VisitSlot


class SlotUnavailable(ValidationError):
    """The slot cannot take this request (full, closed or in the past)."""


def open_slots(*, start_date, end_date, weekdays, times, capacity, user=None, skip_closed=True):
    """Create a slot for each chosen weekday and time between two dates; return (created, skipped).

    Slots that already exist (same start) are left as they are; days the museum is closed
    (weekly or one-off) are skipped when skip_closed is set.
    """
    if end_date < start_date:
        raise ValidationError(_("끝 날짜가 시작 날짜보다 빠릅니다."))
    info = VisitInfo.objects.current()
    specials = list(info.special_days.filter(date__range=(start_date, end_date))) if info else []
    slots = []
    day = start_date
    while day <= end_date:
        if day.weekday() in weekdays:
            schedule = schedule_for(info, day, specials) if info else None
            if not (skip_closed and schedule is not None and schedule.is_closed):
                for starts, ends in times:
                    slots.append(
                        VisitSlot(
                            starts_at=timezone.make_aware(datetime.datetime.combine(day, starts)),
                            ends_at=timezone.make_aware(datetime.datetime.combine(day, ends)),
                            capacity=capacity,
                            created_by=user,
                        )
                    )
        day += datetime.timedelta(days=1)
    with transaction.atomic():
        existing = set(
            VisitSlot.objects.filter(starts_at__in=[s.starts_at for s in slots]).values_list(
                "starts_at", flat=True
            )
        )
        new = [s for s in slots if s.starts_at not in existing]
        VisitSlot.objects.bulk_create(new, ignore_conflicts=True)
    return len(new), len(slots) - len(new)


def booked_people(slot):
    """Return the places held in the slot by pending and confirmed requests."""
    return (
        slot.requests.filter(status__in=HOLDING_STATUSES).aggregate(total=Sum("people"))["total"]
        or 0
    )


def request_visit(*, slot_id, requester, **data):
    """Record a group's request if the slot still has room for it; email the requester.

    The slot row is locked for the check and the insert, so concurrent requests queue up and
    the places held (pending + confirmed) never exceed the capacity.
    """
    people = data["people"]
    with transaction.atomic():
        slot = VisitSlot.objects.select_for_update().get(pk=slot_id)
        if not slot.is_open or slot.starts_at <= timezone.now():
            raise SlotUnavailable(
                _("이 시간대는 신청을 받지 않습니다. 다른 시간대를 골라 주세요."), code="closed"
            )
        left = slot.capacity - booked_people(slot)
        if people > left:
            if left <= 0:
                message = _("이 시간대는 이미 정원이 찼습니다. 다른 시간대를 골라 주세요.")
            else:
                message = _(
                    "이 시간대에 남은 자리는 %(left)d명이라 %(people)d명 단체는 신청할 수 "
                    "없습니다. 인원을 줄이거나 다른 시간대를 골라 주세요."
                ) % {"left": left, "people": people}
            raise SlotUnavailable(message, code="full")
        visit_request = VisitRequest.objects.create(slot=slot, requester=requester, **data)
        transaction.on_commit(lambda: _email(visit_request, "received"))
    return visit_request


def confirm_requests(requests, *, user):
    """Confirm pending requests (their places are already held); return how many changed."""
    return _decide(requests, RequestStatus.CONFIRMED, user, allowed=(RequestStatus.PENDING,))


def decline_requests(requests, *, user):
    """Decline pending or confirmed requests, freeing their places; return how many changed."""
    return _decide(
        requests,
        RequestStatus.DECLINED,
        user,
        allowed=(RequestStatus.PENDING, RequestStatus.CONFIRMED),
    )


def _decide(requests, status, user, allowed):
    now = timezone.now()
    with transaction.atomic():
        ids = list(requests.values_list("pk", flat=True))
        # Lock the slots first (same order as request_visit), then the requests.
        slot_ids = VisitRequest.objects.filter(pk__in=ids).values_list("slot_id", flat=True)
        list(VisitSlot.objects.select_for_update().filter(pk__in=slot_ids).order_by("pk"))
        changed = list(
            VisitRequest.objects.select_for_update()
            .select_related("slot")
            .filter(pk__in=ids, status__in=allowed)
        )
        for visit_request in changed:
            visit_request.status = status
            visit_request.decided_at = now
            visit_request.decided_by = user
            visit_request.save(update_fields=["status", "decided_at", "decided_by"])
        kind = "confirmed" if status == RequestStatus.CONFIRMED else "declined"
        transaction.on_commit(lambda: [_email(r, kind) for r in changed])
    return len(changed)


def _email(visit_request, kind):
    """Mail the requester in Korean, whatever language the staff member's admin is in."""
    context = {"request": visit_request, "slot": visit_request.slot}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"heritage/email/request_{kind}_subject.txt", context)
        body = render_to_string(f"heritage/email/request_{kind}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [visit_request.contact_email])


CONTACT_RETENTION = datetime.timedelta(days=365)
ERASED_EMAIL = "deleted@invalid.example"


def erase_contacts(requests):
    """Blank the contact details of the given requests, keeping group name and size."""
    return requests.exclude(contact_email=ERASED_EMAIL).update(
        contact_name="(삭제됨)", contact_email=ERASED_EMAIL, contact_phone="", message=""
    )


def purge_old_contacts(now=None):
    """Erase contact details one year after the visit; return how many requests changed."""
    cutoff = (now or timezone.now()) - CONTACT_RETENTION
    return erase_contacts(VisitRequest.objects.filter(slot__ends_at__lt=cutoff))
