"""Writes that fill an event's seats: each holds the event row's lock while it counts.

Every function here runs inside `transaction.atomic()` and locks the event with
`select_for_update()`, so concurrent requests queue up on the same row: capacity is never
exceeded, the waiting list keeps its order and bib numbers are handed out without gaps.
"""

import datetime
import functools

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import mails
from .models import TICKET_SALT, Event, Registration, new_ticket_code, parse_ticket_code

CODE_ATTEMPTS = 5


class RegistrationError(Exception):
    """A refused registration, with a message for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class AlreadyCancelled(RegistrationError):
    """Cancelling a registration that is cancelled already: nothing to do."""


def _mail_on_commit(send, registration):
    """Send one of events.mails once the transaction has committed (never for a rollback).

    robust: a mail server that fails is logged, and the person still sees their cancellation or
    seat, which is already saved.
    """
    transaction.on_commit(functools.partial(send, registration.pk), robust=True)


def _constraint_name(error):
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


def _insert(registration):
    """Save a new registration; draw another ticket code if the drawn one is taken already."""
    for attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                registration.save()
            return registration
        except IntegrityError as error:
            if _constraint_name(error) != "unique_ticket_code" or attempt == CODE_ATTEMPTS - 1:
                raise
            registration.code = new_ticket_code()


def _lock(event_id):
    return Event.objects.select_for_update().get(pk=event_id)


def _check_window(event, now):
    state = event.registration_state(now)
    if state == "none":
        raise RegistrationError(_("이 행사는 따로 신청을 받지 않습니다."))
    if state == "cancelled":
        raise RegistrationError(_("취소된 행사라서 신청할 수 없습니다."))
    if state == "not_yet":
        raise RegistrationError(_("아직 신청 기간이 아닙니다."))
    if state == "closed":
        raise RegistrationError(_("신청이 마감되었습니다."))
    if event.status != Event.Status.PUBLISHED:
        raise RegistrationError(_("공개되지 않은 행사입니다."))


def _give_seat(event, registration, status):
    """Give the registration a seat on the locked event (and a bib when the event needs one)."""
    registration.status = status
    event.confirmed_count += 1
    fields = ["confirmed_count"]
    if event.needs_bib and registration.bib is None:
        event.last_bib += 1
        registration.bib = event.last_bib
        fields.append("last_bib")
    event.save(update_fields=fields)


def register(event, user, *, now=None):
    """Register a user for a first-come event: a seat while any is left, else the waiting list."""
    if not user.is_authenticated:
        raise RegistrationError(_("로그인한 뒤 신청할 수 있습니다."))
    now = now or timezone.now()
    try:
        with transaction.atomic():
            event = _lock(event.pk)
            _check_window(event, now)
            if event.registration_mode != Event.Mode.FIRST_COME:
                raise RegistrationError(_("이 행사는 기업 신청 후 선정하는 행사입니다."))
            if Registration.objects.active().filter(event=event, user=user, company=None).exists():
                raise RegistrationError(_("이미 신청한 행사입니다."))
            registration = Registration(event=event, user=user)
            if event.is_full:
                if not event.waitlist:
                    raise RegistrationError(_("정원이 모두 찼습니다."))
                registration.status = Registration.Status.WAITLISTED
            else:
                _give_seat(event, registration, Registration.Status.CONFIRMED)
            _insert(registration)
            _mail_on_commit(mails.send_registered, registration)
    except IntegrityError as error:
        # The lock makes this unreachable in practice; the constraint is the last guard.
        raise RegistrationError(_("이미 신청한 행사입니다.")) from error
    return registration


def cancel(registration, *, by=None, notify=True):
    """Cancel a registration; a freed seat goes to the first on the waiting list.

    The person is mailed (unless notify is False: an account being deleted), and so is the one
    who gets the seat. Cancelling twice raises AlreadyCancelled and changes nothing.
    """
    with transaction.atomic():
        event = _lock(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            raise AlreadyCancelled(_("이미 취소된 신청입니다."))
        if registration.checked_in_at:
            raise RegistrationError(_("이미 입장한 신청은 취소할 수 없습니다."))
        if registration.status == Registration.Status.DECLINED:
            raise RegistrationError(_("선정되지 않은 신청은 취소할 것이 없습니다."))
        held_seat = registration.status in (
            Registration.Status.CONFIRMED,
            Registration.Status.SELECTED,
        )
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        if notify:
            _mail_on_commit(mails.send_cancelled, registration)
        promoted = None
        if held_seat:
            event.confirmed_count -= 1
            event.save(update_fields=["confirmed_count"])
            if event.registration_mode == Event.Mode.FIRST_COME and not event.is_cancelled:
                promoted = Registration.objects.waiting().filter(event=event).first()
                if promoted is not None:
                    _give_seat(event, promoted, Registration.Status.CONFIRMED)
                    promoted.save(update_fields=["status", "bib"])
                    _mail_on_commit(mails.send_promoted, promoted)
    return promoted


def apply(event, user, company, answers, *, now=None):
    """File a company's application to a selection event (by one of its managers)."""
    from companies.models import Company

    now = now or timezone.now()
    try:
        with transaction.atomic():
            event = _lock(event.pk)
            _check_window(event, now)
            if event.registration_mode != Event.Mode.SELECTION:
                raise RegistrationError(_("이 행사는 기업 신청을 받지 않습니다."))
            if not Company.objects.listed().managed_by(user).filter(pk=company.pk).exists():
                raise RegistrationError(_("담당하는 공개 기업으로만 신청할 수 있습니다."))
            if Registration.objects.active().filter(event=event, company=company).exists():
                raise RegistrationError(_("이 기업은 이미 신청했습니다."))
            registration = _insert(
                Registration(
                    event=event,
                    user=user,
                    company=company,
                    status=Registration.Status.APPLIED,
                    answers=answers,
                )
            )
            _mail_on_commit(mails.send_registered, registration)
    except IntegrityError as error:
        raise RegistrationError(_("이 기업은 이미 신청했습니다.")) from error
    return registration


def select(registrations, *, by):
    """Select applications in the order they came, up to the event's capacity.

    Return (selected, refused): refused are those beyond the capacity, left untouched.
    """
    selected, refused = [], []
    ids = [r.pk for r in registrations]
    event_ids = sorted(
        set(Registration.objects.filter(pk__in=ids).values_list("event_id", flat=True))
    )
    with transaction.atomic():
        for event_id in event_ids:
            event = _lock(event_id)
            rows = (
                Registration.objects.select_for_update()
                .filter(
                    pk__in=ids,
                    event=event,
                    status__in=[Registration.Status.APPLIED, Registration.Status.DECLINED],
                )
                .order_by("created_at", "pk")
            )
            for registration in rows:
                if event.is_full:
                    refused.append(registration)
                    continue
                _give_seat(event, registration, Registration.Status.SELECTED)
                registration.decided_at = timezone.now()
                registration.decided_by = by
                registration.save(update_fields=["status", "bib", "decided_at", "decided_by"])
                selected.append(registration)
                _mail_on_commit(mails.send_selected, registration)
    return selected, refused


def decline(registrations, *, by):
    """Decline applications (a selected one gives its place back); email the result."""
    declined = []
    ids = [r.pk for r in registrations]
    event_ids = sorted(
        set(Registration.objects.filter(pk__in=ids).values_list("event_id", flat=True))
    )
    with transaction.atomic():
        for event_id in event_ids:
            event = _lock(event_id)
            rows = Registration.objects.select_for_update().filter(
                pk__in=ids,
                event=event,
                status__in=[Registration.Status.APPLIED, Registration.Status.SELECTED],
            )
            for registration in rows:
                if registration.status == Registration.Status.SELECTED:
                    event.confirmed_count -= 1
                    event.save(update_fields=["confirmed_count"])
                registration.status = Registration.Status.DECLINED
                registration.decided_at = timezone.now()
                registration.decided_by = by
                registration.save(update_fields=["status", "decided_at", "decided_by"])
                declined.append(registration)
                _mail_on_commit(mails.send_declined, registration)
    return declined


def read_ticket_code(code):
    """Return the registration a ticket code names, or raise RegistrationError.

    Either the short code printed on the ticket, typed in any case with or without its hyphen
    or spaces, or the signed token the QR code holds.
    """
    code = (code or "").strip()
    if not code:
        raise RegistrationError(_("입장권 코드를 입력해 주세요."))
    refusal = _("올바른 입장권 코드가 아닙니다. 위조되었거나 잘못 입력되었습니다.")
    if len(code) > 200:
        raise RegistrationError(refusal)
    registrations = Registration.objects.select_related("event", "user", "company")
    short = parse_ticket_code(code)
    if short:
        registration = registrations.filter(code=short).first()
        if registration is None:
            raise RegistrationError(refusal)
        return registration
    try:
        ticket = signing.Signer(salt=TICKET_SALT).unsign(code)
        return registrations.get(ticket=ticket)
    except (signing.BadSignature, Registration.DoesNotExist, ValueError) as error:
        raise RegistrationError(refusal) from error


def check_in(event, code, *, by):
    """Check a ticket in at the event's door. Return (registration, first_time)."""
    registration = read_ticket_code(code)
    if registration.event_id != event.pk:
        raise RegistrationError(
            _("다른 행사(%(event)s)의 입장권입니다.") % {"event": registration.event.title}
        )
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "user", "company")
            .get(pk=registration.pk)
        )
        if not registration.has_ticket:
            raise RegistrationError(
                _("입장할 수 없는 신청입니다. (상태: %(status)s)")
                % {"status": registration.get_status_display()}
            )
        if registration.checked_in_at:
            return registration, False
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = by
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration, True


def send_reminders(*, now=None):
    """Queue a reminder for everyone holding a seat at an event that starts by tomorrow's end.

    Each registration is reminded once: the mails are queued in the transaction that marks them
    reminded, and a second run (another worker) skips rows the first holds or has marked.
    """
    now = now or timezone.now()
    tomorrow_ends = timezone.localtime(now).replace(
        hour=0, minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=2)
    with transaction.atomic():
        due = list(
            Registration.objects.holding_seat()
            .filter(
                event__status=Event.Status.PUBLISHED,
                event__starts_at__gt=now,
                event__starts_at__lt=tomorrow_ends,
                reminded_at__isnull=True,
                user__isnull=False,
            )
            .select_for_update(of=("self",), skip_locked=True)
            .values_list("pk", flat=True)
        )
        Registration.objects.filter(pk__in=due).update(reminded_at=now)
        for registration_id in due:
            mails.send_reminder(registration_id)
    return len(due)


def anonymise_past_participants(days, *, now=None):
    """Remove personal data from registrations of events that ended more than `days` ago."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=days)
    with transaction.atomic():
        return Registration.objects.filter(
            event__ends_at__lt=cutoff, anonymised_at__isnull=True
        ).update(user=None, answers=[], checked_in_by=None, decided_by=None, anonymised_at=now)
