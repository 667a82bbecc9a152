"""Every mail of the events app, one function each, sent after the write has committed.

Each function takes a registration's id and reads what it needs itself, so a task queue can
run it later unchanged. A mail is Korean, then English (the portal does not know which
language a person reads), with absolute links on settings.SITE_URL, each half to the pages in
its language.
"""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from gvalley.siteurl import absolute_url

from .models import Booking, Entry, Registration

LANGUAGES = ("ko", "en")
SUBJECT_PREFIX = "[G밸리] "
REGISTERED_TEMPLATES = {
    Registration.Status.CONFIRMED: "confirmed",
    Registration.Status.WAITLISTED: "waitlisted",
    Registration.Status.APPLIED: "applied",
}
ENGLISH_DIVIDER = "\n\n――――――――――――――――――――\n(English)\n\n"
KOREAN_DIVIDER = "\n\n――――――――――――――――――――\n(한국어)\n\n"


def _send_in_both_languages(template, address, context, languages=LANGUAGES):
    """Mail one address from events/email/<template>_{subject,body}.txt, Korean then English
    (or in the order `languages` gives: English first for overseas buyers).

    `context()` is called inside each language, so each half's links (reverse() and
    get_absolute_url() give "/…" or "/en/…") lead to the pages in its own language.
    """
    subjects, bodies = [], []
    for language in languages:
        with translation.override(language):
            values = context()
            subject = render_to_string(f"events/email/{template}_subject.txt", values)
            subjects.append(" ".join(subject.split()))
            bodies.append(render_to_string(f"events/email/{template}_body.txt", values).strip())
    subject = SUBJECT_PREFIX + " / ".join(subjects)
    divider = ENGLISH_DIVIDER if languages[-1] == "en" else KOREAN_DIVIDER
    send_mail(subject, divider.join(bodies) + "\n", None, [address])


def _registration(registration_id):
    return (
        Registration.objects.with_waitlist_position()
        .select_related("event__venue", "user", "company")
        .filter(pk=registration_id)
        .first()
    )


def _send(template, registration):
    """Mail the person of a registration, from events/email/<template>_{subject,body}.txt."""
    if registration is None or registration.user is None or not registration.user.email:
        return  # deleted, anonymised, or an account without an address
    event = registration.event
    position = registration.waitlist_position()

    def context():
        return {
            "registration": registration,
            "event": event,
            "user": registration.user,
            "event_url": absolute_url(event.get_absolute_url()),
            "ticket_url": absolute_url(registration.get_absolute_url()),
            "cancel_url": absolute_url(reverse("events:cancel", kwargs={"pk": registration.pk})),
            "account_url": absolute_url(reverse("account_profile") + "#my-events"),
            "position": position,
        }

    _send_in_both_languages(template, registration.user.email, context)


def send_registered(registration_id):
    """Confirm a registration as it stands: a seat, a place on the waiting list, or an application."""
    registration = _registration(registration_id)
    template = registration and REGISTERED_TEMPLATES.get(registration.status)
    if template:
        _send(template, registration)


def send_cancelled(registration_id):
    """Tell the person their registration is cancelled."""
    _send("cancelled", _registration(registration_id))


def send_promoted(registration_id):
    """Tell a person on the waiting list that a seat is now theirs."""
    _send("promoted", _registration(registration_id))


def send_selected(registration_id):
    """Tell a company's applicant that the company was selected."""
    _send("selected", _registration(registration_id))


def send_declined(registration_id):
    """Tell a company's applicant that the company was not selected."""
    _send("declined", _registration(registration_id))


def send_reminder(registration_id):
    """Remind a seat holder of the event, the day before."""
    _send("reminder", _registration(registration_id))


# --- Space bookings: to the person who asked, Korean then English ----------------------------


def _booking(booking_id):
    return (
        Booking.objects.select_related("space__venue", "requested_by", "company", "event")
        .filter(pk=booking_id)
        .first()
    )


def _send_booking(template, booking):
    """Mail the requester of a booking, from events/email/booking_<template>_{subject,body}.txt."""
    if booking is None:
        return
    address = booking.contact_email or (booking.requested_by and booking.requested_by.email)
    if not address:
        return  # purged, or an account without an address

    def context():
        return {
            "booking": booking,
            "space": booking.space,
            "booking_url": absolute_url(booking.get_absolute_url()),
            "space_url": absolute_url(booking.space.get_absolute_url()),
        }

    _send_in_both_languages(f"booking_{template}", address, context)


def send_booking_requested(booking_id):
    """Confirm that a space request was received and waits for staff."""
    _send_booking("requested", _booking(booking_id))


def send_booking_approved(booking_id):
    """Tell the requester the space is booked, with staff's conditions."""
    _send_booking("approved", _booking(booking_id))


def send_booking_rejected(booking_id):
    """Tell the requester the request was rejected, with the reason."""
    _send_booking("rejected", _booking(booking_id))


def send_booking_cancelled(booking_id):
    """Tell the requester the request or booking is cancelled."""
    _send_booking("cancelled", _booking(booking_id))


def send_guardian_code(entry_id, code):
    """Mail the guardian the code that confirms a pupil's entry (Korean, then English)."""
    entry = Entry.objects.select_related("call").filter(pk=entry_id).first()
    if entry is None or not entry.guardian_email:
        return

    def context():
        return {
            "entry": entry,
            "call": entry.call,
            "code": code,
            "entry_url": absolute_url(entry.get_absolute_url()),
        }

    _send_in_both_languages("guardian_code", entry.guardian_email, context)


def send_consultation_timetables(consultation_id):
    """Mail each buyer and each participating company's managers their published meetings."""
    from .models import Consultation, Meeting

    consultation = Consultation.objects.select_related("event__venue").get(pk=consultation_id)
    meetings = list(
        Meeting.objects.filter(consultation=consultation, published=True)
        .select_related("slot", "buyer__user", "participant__company", "interpreter")
        .order_by("slot__starts_at", "table", "pk")
    )
    addressed = {}
    for meeting in meetings:
        buyer = meeting.buyer
        address = buyer.email or (buyer.user.email if buyer.user else "")
        if address:
            addressed.setdefault(address, []).append(meeting)
    managers = consultation.participants.values_list("pk", "company__memberships__user__email")
    by_participant = {}
    for participant_id, address in managers:
        if address:
            by_participant.setdefault(participant_id, []).append(address)
    for meeting in meetings:
        for address in by_participant.get(meeting.participant_id, []):
            addressed.setdefault(address, []).append(meeting)
    for address, own in addressed.items():

        def context(own=own):
            return {
                "event": consultation.event,
                "consultation": consultation,
                "meetings": own,
                "timetable_url": absolute_url(consultation.get_absolute_url()),
            }

        _send_in_both_languages("consultation_timetable", address, context)


def send_buyer_invitation(invitation_id):
    """Mail a buyer the link to its account and profile: English first, then Korean."""
    from .models import BuyerInvitation

    invitation = (
        BuyerInvitation.objects.select_related("buyer__consultation__event")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return  # replaced by a newer invitation, or already accepted
    consultation = invitation.buyer.consultation

    def context():
        return {
            "buyer": invitation.buyer,
            "event": consultation.event,
            "consultation": consultation,
            "accept_url": absolute_url(invitation.get_absolute_url()),
            "valid_days": invitation.VALID_DAYS,
        }

    _send_in_both_languages("buyer_invitation", invitation.email, context, ("en", "ko"))
