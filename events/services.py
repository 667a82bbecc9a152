"""Writes that fill an event's seats (each holds the event row's lock while it counts), and the
spaces' bookings (below; the database's exclusion constraint keeps them from overlapping).

Every function here runs inside `transaction.atomic()` and locks the event with
`select_for_update()`, so concurrent requests queue up on the same row: capacity is never
exceeded, the waiting list keeps its order and bib numbers are handed out without gaps.
"""

import datetime
import functools
import secrets

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _

from companies.models import Company
from gvalley.cache import bump_content_version
from gvalley.documents import validate_pdf
from gvalley.roles import is_district_staff

from . import mails
from .models import (
    TICKET_SALT,
    Booking,
    Call,
    Entry,
    EntryPage,
    Event,
    Registration,
    Score,
    Space,
    new_ticket_code,
    parse_ticket_code,
)
from .spaces import check_capacity, check_slot, conflict_message, conflicts

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


# --- Space bookings ----------------------------------------------------------------------------
# A request is pending until staff decide; only approved bookings hold their slot, and the
# database holds that rule itself (the exclusion constraint booking_no_overlap): two approvals
# of overlapping requests, in any order and at the same moment, never both commit.


class BookingError(Exception):
    """A refused booking write, with a message for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _validation_message(error):
    return " ".join(error.messages)


def _save_holding(booking):
    """Save a booking that holds its slot; an overlap the constraint refuses is a BookingError."""
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        if _constraint_name(error) != "booking_no_overlap":
            raise
        raise BookingError(
            _("그 사이 다른 예약이 확정되어 이 시간은 예약할 수 없습니다. 다른 시간을 골라 주세요.")
        ) from error


def _check(space, starts_at, ends_at, *, now, staff, layout=None, attendees=None):
    try:
        check_slot(space, starts_at, ends_at, now=now, staff=staff)
        if layout is not None:
            check_capacity(space, layout, attendees)
    except ValidationError as error:
        raise BookingError(_validation_message(error)) from error


def request_booking(space, user, company, *, starts_at, ends_at, now=None, **details):
    """Ask for a space at a time for a company the user manages: a pending request, mailed.

    `details`: purpose, attendees, layout, equipment, contact_name, contact_email,
    contact_phone, screen_file. Pending requests may overlap; staff choose among them.
    """
    now = now or timezone.now()
    if not user.is_authenticated:
        raise BookingError(_("로그인한 뒤 신청할 수 있습니다."))
    if not Company.objects.listed().managed_by(user).filter(pk=company.pk).exists():
        raise BookingError(_("공개된 기업의 담당자만 대관을 신청할 수 있습니다."))
    if not space.is_active:
        raise BookingError(_("지금은 신청을 받지 않는 공간입니다."))
    _check(
        space,
        starts_at,
        ends_at,
        now=now,
        staff=False,
        layout=details.get("layout"),
        attendees=details.get("attendees"),
    )
    with transaction.atomic():
        booking = Booking(
            space=space,
            company=company,
            requested_by=user,
            starts_at=starts_at,
            ends_at=ends_at,
            status=Booking.Status.PENDING,
            kind=Booking.Kind.COMPANY,
            **details,
        )
        booking.save()
        _mail_on_commit(mails.send_booking_requested, booking)
    return booking


def book_for_district(space, user, *, starts_at, ends_at, publish_event=False, now=None, **details):
    """Book a space directly for a district event (staff): approved at once, never overlapping.

    With publish_event, a published event at the space's venue is created and linked, so it
    appears in the events calendar.
    """
    now = now or timezone.now()
    if not is_district_staff(user):
        raise BookingError(_("구청 담당자만 구 행사로 바로 예약할 수 있습니다."))
    _check(
        space,
        starts_at,
        ends_at,
        now=now,
        staff=True,
        layout=details.get("layout"),
        attendees=details.get("attendees"),
    )
    with transaction.atomic():
        _lock_space(space.pk)
        overlapping = conflicts(space, starts_at, ends_at)
        if overlapping:
            raise BookingError(conflict_message(overlapping))
        booking = Booking(
            space=space,
            requested_by=user,
            starts_at=starts_at,
            ends_at=ends_at,
            status=Booking.Status.APPROVED,
            kind=Booking.Kind.DISTRICT,
            decided_at=now,
            decided_by=user,
            **details,
        )
        _save_holding(booking)
        if publish_event and booking.event_id is None:
            booking.event = _district_event(booking, user)
            booking.save(update_fields=["event"])
    return booking


def _district_event(booking, user):
    slug_base = slugify(booking.purpose, allow_unicode=True)[:100] or "district-event"
    slug = f"{slug_base}-{timezone.localtime(booking.starts_at):%Y%m%d%H%M}-{booking.pk}"
    return Event.objects.create(
        title=booking.purpose,
        slug=slug,
        category=Event.Category.EDUCATION,
        audience=Event.Audience.ANYONE,
        venue=booking.space.venue,
        venue_note=booking.space.name,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        organiser=_("금천구"),
        status=Event.Status.PUBLISHED,
        registration_mode=Event.Mode.NONE,
        updated_by=user,
    )


def _lock_space(space_id):
    """Queue writes that hold a space's time behind one another (the space row's lock).

    The exclusion constraint alone keeps bookings apart, but two transactions inserting
    overlapping rows at once may each wait for the other and one is killed as a deadlock; in
    line, each one sees what the previous committed and gets a readable message.
    """
    return Space.objects.select_for_update().get(pk=space_id)


def _lock_booking(booking):
    return (
        Booking.objects.select_for_update(of=("self",)).select_related("space").get(pk=booking.pk)
    )


def approve_booking(booking, by, *, conditions="", now=None):
    """Approve a pending request (with conditions); refused when it overlaps an approved one."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_space(booking.space_id)
        booking = _lock_booking(booking)
        if booking.status != Booking.Status.PENDING:
            raise BookingError(
                _("승인 대기 중인 신청만 승인할 수 있습니다. (상태: %(status)s)")
                % {"status": booking.get_status_display()}
            )
        overlapping = conflicts(booking.space, booking.starts_at, booking.ends_at, booking.pk)
        if overlapping:
            raise BookingError(conflict_message(overlapping))
        booking.status = Booking.Status.APPROVED
        booking.conditions = conditions
        booking.decided_at = now
        booking.decided_by = by
        _save_holding(booking)
        _mail_on_commit(mails.send_booking_approved, booking)
    return booking


def reject_booking(booking, by, *, reason, now=None):
    """Reject a pending request, with the reason the requester reads."""
    if not (reason or "").strip():
        raise BookingError(_("반려 사유를 적어 주세요."))
    with transaction.atomic():
        booking = _lock_booking(booking)
        if booking.status != Booking.Status.PENDING:
            raise BookingError(
                _("승인 대기 중인 신청만 반려할 수 있습니다. (상태: %(status)s)")
                % {"status": booking.get_status_display()}
            )
        booking.status = Booking.Status.REJECTED
        booking.reject_reason = reason.strip()
        booking.decided_at = now or timezone.now()
        booking.decided_by = by
        booking.save()
        _mail_on_commit(mails.send_booking_rejected, booking)
    return booking


def cancel_booking(booking, by, *, now=None):
    """Cancel a request or booking: the requester before the deadline, staff at any time."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _lock_booking(booking)
        if not booking.is_open:
            raise BookingError(
                _("이미 끝난 신청입니다. (상태: %(status)s)")
                % {"status": booking.get_status_display()}
            )
        if not is_district_staff(by) and not booking.can_cancel(now):
            raise BookingError(
                _("취소 마감(%(deadline)s)이 지났습니다. 구청 담당자에게 연락해 주세요.")
                % {"deadline": f"{timezone.localtime(booking.cancel_deadline()):%Y-%m-%d %H:%M}"}
            )
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.save()
        _mail_on_commit(mails.send_booking_cancelled, booking)
    return booking


BOOKING_CONTACT_RETENTION = datetime.timedelta(days=365)


def purge_booking_contacts(*, now=None):
    """Erase the contact details and screen files of bookings that ended a year ago or more."""
    now = now or timezone.now()
    count = 0
    rows = Booking.objects.filter(
        ends_at__lt=now - BOOKING_CONTACT_RETENTION, contact_purged_at__isnull=True
    )
    for booking in rows.select_related("space").iterator():
        with transaction.atomic():
            if booking.screen_file:
                booking.screen_file.delete(save=False)
            booking.contact_name = ""
            booking.contact_email = ""
            booking.contact_phone = ""
            booking.contact_purged_at = now
            booking.save()
        count += 1
    return count


# --- Open calls: entries, the guardian's code, judging, awards, retention --------------------------

GUARDIAN_CODE_MINUTES = 30
GUARDIAN_CODE_TRIES = 5


class EntryError(Exception):
    """A refused entry or judging step, with a message for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _code_hash(entry_pk, code):
    return salted_hmac("events.guardian-code", f"{entry_pk}:{code}").hexdigest()


def _check_may_enter(call, user, now):
    if not call.is_open(now):
        raise EntryError(_("접수 기간이 아닙니다. 이 공모는 지금 응모를 받지 않습니다."))
    if call.entrants == Call.Entrants.COMPANY_MANAGERS and not (
        Company.objects.listed().managed_by(user).exists()
    ):
        raise EntryError(_("입주기업 담당자(포털에 등록된 기업 담당자)만 응모할 수 있습니다."))
    taken = (
        Entry.objects.filter(call=call, entrant=user).exclude(status=Entry.Status.WITHDRAWN).count()
    )
    if taken >= call.entries_per_person:
        raise EntryError(
            _("한 사람이 응모할 수 있는 수(%(n)s건)를 채웠습니다.") % {"n": call.entries_per_person}
        )


def _new_guardian_code(entry, now):
    code = f"{secrets.randbelow(1_000_000):06d}"
    entry.verify_code_hash = _code_hash(entry.pk, code)
    entry.verify_sent_at = now
    entry.verify_tries = 0
    entry.save(update_fields=["verify_code_hash", "verify_sent_at", "verify_tries"])
    transaction.on_commit(functools.partial(mails.send_guardian_code, entry.pk, code), robust=True)


def create_entry(call, user, *, fields, pages=(), now=None):
    """Save an entry with its image pages; a pupil's entry waits for the guardian's code.

    `fields` are the entry form's cleaned values. A story, or a call without a guardian, is
    submitted at once; a pupil's entry is a draft until the guardian types the mailed code.
    """
    now = now or timezone.now()
    if len(pages) > call.max_pages:
        raise EntryError(_("이미지는 %(n)s쪽까지 올릴 수 있습니다.") % {"n": call.max_pages})
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        # The call's lock makes two requests of one person count one after the other.
        _check_may_enter(call, user, now)
        entry = Entry(call=call, entrant=user)
        for name in ("title", "text", "nickname"):
            setattr(entry, name, fields.get(name, "") or "")
        if fields.get("attachment"):
            if not call.allows_file:
                raise EntryError(_("이 공모는 파일을 받지 않습니다."))
            try:  # the form checked it; a caller without the form gets the same rule
                validate_pdf(fields["attachment"])
            except ValidationError as error:
                raise EntryError(error.messages[0]) from error
            entry.attachment = fields["attachment"]
        if call.needs_guardian:
            if not fields.get("consent_collection"):
                raise EntryError(_("보호자의 개인정보 수집·이용 동의가 있어야 응모할 수 있습니다."))
            entry.pupil_name = fields["pupil_name"]
            entry.pupil_school = fields["pupil_school"]
            entry.pupil_grade = fields["pupil_grade"]
            entry.guardian_name = fields["guardian_name"]
            entry.guardian_email = fields["guardian_email"]
            entry.consent_collection_at = now
            entry.consent_publish = bool(fields.get("consent_publish"))
        else:
            if call.kind == Call.Kind.STORIES and not fields.get("consent_perform"):
                raise EntryError(_("사연을 공연하고 게시하는 데 동의해야 보낼 수 있습니다."))
            entry.consent_perform_at = now if fields.get("consent_perform") else None
            entry.status = Entry.Status.SUBMITTED
            entry.submitted_at = now
        entry.save()
        for position, upload in enumerate(pages, start=1):
            page = EntryPage(entry=entry, position=position, image=upload)
            page.full_clean(exclude=["entry"])
            page.save()
        if call.needs_guardian:
            _new_guardian_code(entry, now)
    return entry


def resend_guardian_code(entry, *, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != Entry.Status.DRAFT:
            raise EntryError(_("이미 확인되었거나 철회된 응모작입니다."))
        _new_guardian_code(entry, now)
    return entry


def verify_guardian(entry, code, *, now=None):
    """Submit a pupil's entry when the guardian's code matches (a few tries, a short time)."""
    now = now or timezone.now()
    with transaction.atomic():
        entry = Entry.objects.select_for_update().select_related("call").get(pk=entry.pk)
        if entry.status != Entry.Status.DRAFT:
            raise EntryError(_("이미 확인되었거나 철회된 응모작입니다."))
        if not entry.call.is_open(now):
            raise EntryError(_("접수 기간이 아닙니다. 이 공모는 지금 응모를 받지 않습니다."))
        expired = entry.verify_sent_at is None or now - entry.verify_sent_at > datetime.timedelta(
            minutes=GUARDIAN_CODE_MINUTES
        )
        if expired or entry.verify_tries >= GUARDIAN_CODE_TRIES:
            raise EntryError(_("확인 번호가 만료되었습니다. 새 번호를 받아 주세요."))
        code = "".join(ch for ch in str(code) if ch.isdigit())[:6]
        matches = constant_time_compare(_code_hash(entry.pk, code), entry.verify_code_hash)
        if matches:
            entry.verify_code_hash = ""
            entry.guardian_verified_at = now
            entry.status = Entry.Status.SUBMITTED
            entry.submitted_at = now
            entry.save()
        else:
            # The failed try is counted (committed) even though the person sees an error.
            entry.verify_tries += 1
            entry.save(update_fields=["verify_tries"])
    if not matches:
        raise EntryError(
            _("확인 번호가 맞지 않습니다. 보호자 이메일로 받은 6자리 숫자를 넣어 주세요.")
        )
    return entry


def erase_files(entry):
    """Delete an entry's image files (the rows go with the entry)."""
    for page in entry.pages.all():
        storage = page.image.storage
        for rendition in page.renditions.values():
            storage.delete(rendition["name"])
        page.image.delete(save=False)


def withdraw(entry, *, now=None):
    """Withdraw an entry (or its guardian's consent) before results: its personal data is erased."""
    with transaction.atomic():
        entry = Entry.objects.select_for_update().select_related("call").get(pk=entry.pk)
        if entry.call.results_published:
            raise EntryError(
                _("결과가 발표된 뒤에는 철회할 수 없습니다. 담당자에게 문의해 주세요.")
            )
        if entry.status == Entry.Status.WITHDRAWN:
            return entry
        erase_files(entry)
        entry.pages.all().delete()
        entry.scores.all().delete()
        for name in (
            "title",
            "text",
            "nickname",
            "pupil_name",
            "pupil_school",
            "guardian_name",
            "guardian_email",
            "verify_code_hash",
            "award",
        ):
            setattr(entry, name, "")
        entry.pupil_grade = None
        entry.award_rank = None
        entry.consent_collection_at = None
        entry.consent_publish = False
        entry.consent_perform_at = None
        entry.picked = False
        entry.status = Entry.Status.WITHDRAWN
        entry.save()
    return entry


def _check_judge(call, judge):
    if not Call.objects.judged_by(judge).filter(pk=call.pk).exists():
        raise EntryError(_("이 공모의 심사위원만 채점할 수 있습니다."))
    if call.judging_closed_at is not None:
        raise EntryError(_("심사가 마감되어 점수를 바꿀 수 없습니다."))


def score_entry(entry, judge, points):
    """Save a judge's points for an entry: {criterion_id: points}, every criterion in range."""
    with transaction.atomic():
        # Read under the call's lock: a score never slips in after staff close judging.
        call = Call.objects.select_for_update().get(pk=entry.call_id)
        _check_judge(call, judge)
        if entry.status != Entry.Status.SUBMITTED:
            raise EntryError(_("접수된 응모작만 채점할 수 있습니다."))
        criteria = list(call.criteria.all())
        for criterion in criteria:
            value = points.get(criterion.pk)
            if value is None or not 0 <= value <= criterion.max_points:
                raise EntryError(
                    _("%(name)s 점수는 0점에서 %(max)s점 사이로 넣어 주세요.")
                    % {"name": criterion.name, "max": criterion.max_points}
                )
        for criterion in criteria:
            Score.objects.update_or_create(
                entry=entry,
                judge=judge,
                criterion=criterion,
                defaults={"points": points[criterion.pk]},
            )


def close_judging(call, *, now=None):
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if call.judging_closed_at is None:
            call.judging_closed_at = now or timezone.now()
            call.save(update_fields=["judging_closed_at"])
    return call


def set_awards(call, awards):
    """Give the awards staff decided: {entry_id: (award name, rank)}; others get none."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if call.judging_closed_at is None:
            raise EntryError(_("심사를 마감한 뒤에 수상작을 정할 수 있습니다."))
        if call.results_published:
            raise EntryError(_("결과를 공개한 뒤에는 수상작을 바꿀 수 없습니다."))
        entries = Entry.objects.submitted().filter(call=call)
        unknown = set(awards) - set(entries.values_list("pk", flat=True))
        if unknown:
            raise EntryError(_("이 공모에 접수된 응모작이 아닙니다."))
        entries.update(award="", award_rank=None)
        for pk, (name, rank) in awards.items():
            Entry.objects.filter(pk=pk).update(award=name, award_rank=rank)
    bump_content_version()


def publish_results(call, *, now=None):
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if call.judging_closed_at is None:
            raise EntryError(_("심사를 마감한 뒤에 결과를 공개할 수 있습니다."))
        if not call.entries.filter(award_rank__isnull=False).exists():
            raise EntryError(_("수상작을 먼저 정해 주세요."))
        if call.results_published_at is None:
            call.results_published_at = now or timezone.now()
            call.save(update_fields=["results_published_at"])
    return call


def set_picked(entries, picked):
    """Pick (or drop) stories for the show; only submitted stories with consent can be picked."""
    count = (
        Entry.objects.filter(pk__in=[e.pk for e in entries], call__kind=Call.Kind.STORIES)
        .submitted()
        .filter(consent_perform_at__isnull=False)
        .update(picked=picked)
    )
    bump_content_version()  # the event page shows the picked stories
    return count


def purge_call_entries(*, now=None):
    """Delete entries that won nothing, with their personal data, N days after the results.

    N is the call's retention_days; drafts never confirmed go too. Awarded works and picked
    stories stay (their consents say so); the person can still delete them with their account.
    """
    now = now or timezone.now()
    count = 0
    for call in Call.objects.filter(results_on__isnull=False).iterator():
        deadline = call.results_on + datetime.timedelta(days=call.retention_days)
        if timezone.localdate(now) < deadline:
            continue
        doomed = Entry.objects.filter(call=call, award_rank__isnull=True, picked=False)
        for entry in doomed.prefetch_related("pages"):
            with transaction.atomic():
                erase_files(entry)
                entry.delete()
            count += 1
    return count
