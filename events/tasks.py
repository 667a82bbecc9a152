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


@task
def generate_consultation_schedule(consultation_id):
    """Schedule a 수출상담회's meetings (events/consultations.py); a refusal is stored, not retried."""
    from . import consultations
    from .models import Consultation

    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return None
    try:
        result = consultations.generate(consultation)
    except consultations.ConsultationError as error:
        consultations.record_refusal(consultation, str(error))
        return {"error": str(error)}
    return {"meetings": len(result.assignments), "solver": result.status}
