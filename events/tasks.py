"""The events app's background jobs (gvalley.jobs): reminders, participants' and bookings' privacy."""

from django.conf import settings

from gvalley.jobs import task

from . import services


@task
def send_event_reminders(occurrence=None):
    """Daily: remind everyone holding a seat at an event that starts by tomorrow's end."""
    return services.send_reminders()


@task
def anonymise_participants(occurrence=None):
    """Daily: anonymise participants PARTICIPANT_DATA_RETENTION_DAYS after their event."""
    return services.anonymise_past_participants(settings.PARTICIPANT_DATA_RETENTION_DAYS)


@task
def purge_booking_contacts(occurrence=None):
    """Daily: erase space bookings' contact details and screen files a year after the booking."""
    return services.purge_booking_contacts()


@task
def purge_call_entries(occurrence=None):
    """Daily: delete entries that won nothing, with their personal data, N days after results."""
    return services.purge_call_entries()
