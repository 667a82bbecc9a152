"""This app's part of a user's personal data (see gvalley/privacy.py)."""

from django.conf import settings
from django.utils import timezone

from .models import Booking, Entry, Registration


def _registrations(user):
    return Registration.objects.filter(user=user).select_related("event", "company")


def export(user):
    """Return this app's personal data of the user, for the JSON download."""
    return {
        "event_registrations": [
            {
                "event": r.event.title,
                "event_url": r.event.get_absolute_url(),
                "starts_at": r.event.starts_at,
                "status": r.status,
                "company": r.company.name if r.company else None,
                "answers": r.answers,
                "bib": r.bib,
                "registered_at": r.created_at,
                "checked_in_at": r.checked_in_at,
                "cancelled_at": r.cancelled_at,
            }
            for r in _registrations(user).order_by("created_at", "pk")
        ],
        "space_bookings": [
            {
                "space": b.space.name,
                "starts_at": b.starts_at,
                "ends_at": b.ends_at,
                "status": b.status,
                "company": b.company.name if b.company else None,
                "purpose": b.purpose,
                "attendees": b.attendees,
                "contact_name": b.contact_name,
                "contact_email": b.contact_email,
                "contact_phone": b.contact_phone,
                "requested_at": b.created_at,
            }
            for b in Booking.objects.filter(requested_by=user)
            .select_related("space", "company")
            .order_by("created_at", "pk")
        ],
        "call_entries": [
            {
                "call": e.call.title,
                "status": e.status,
                "title": e.title,
                "text": e.text,
                "nickname": e.nickname,
                "pupil_name": e.pupil_name,
                "pupil_school": e.pupil_school,
                "pupil_grade": e.pupil_grade,
                "guardian_name": e.guardian_name,
                "guardian_email": e.guardian_email,
                "consent_collection_at": e.consent_collection_at,
                "consent_publish": e.consent_publish,
                "consent_perform_at": e.consent_perform_at,
                "guardian_verified_at": e.guardian_verified_at,
                "award": e.award,
                "picked": e.picked,
                "pages": [page.image.url for page in e.pages.all()],
                "attachment": e.attachment.url if e.attachment else None,
                "created_at": e.created_at,
            }
            for e in Entry.objects.of_entrant(user)
            .select_related("call")
            .prefetch_related("pages")
            .order_by("created_at", "pk")
        ],
    }


def account_section(user):
    """Return the user's event registrations for the account page (newest events first).

    Cancelled ones stay listed, marked, so the person can see what they gave up and when.
    """
    registrations = list(
        _registrations(user).with_waitlist_position().order_by("-event__starts_at", "-pk")[:50]
    )
    return {
        "template": "events/_account_section.jinja",
        "registrations": registrations,
        "retention_days": settings.PARTICIPANT_DATA_RETENTION_DAYS,
        # A company manager's space requests: their own and their companies' (newest first).
        "entries": list(
            Entry.objects.of_entrant(user)
            .select_related("call")
            .order_by("-created_at", "-pk")[:50]
        ),
        "bookings": list(
            Booking.objects.visible_to_manager(user)
            .select_related("space")
            .order_by("-starts_at", "-pk")[:50]
        ),
    }


def before_user_delete(user):
    """Give back the seats the user holds for events still to come (the waiting list moves up).

    A company's application stays: it belongs to the company, and keeps a nulled applicant.
    """
    from . import services

    # The person's entries go with the account (a foreign key cascade); their pictures too.
    for entry in Entry.objects.of_entrant(user).prefetch_related("pages"):
        services.erase_files(entry)
    upcoming = (
        _registrations(user)
        .active()
        .filter(company__isnull=True, event__ends_at__gte=timezone.now())
    )
    for registration in upcoming:
        # No "your registration is cancelled" mail to an address that asked to be forgotten.
        services.cancel(registration, by=user, notify=False)
