"""The council's background jobs (gvalley.jobs): meeting reminders and the weekly digest."""

import datetime

from gvalley.jobs import task

from . import services


@task
def send_meeting_reminders(occurrence=None):
    """Daily: remind the council of tomorrow's meetings."""
    return services.send_meeting_reminders()


@task
def send_weekly_digest(occurrence):
    """Weekly: the agendas and minutes of the week before the occurrence, to digest readers."""
    return services.send_weekly_digest(datetime.datetime.fromisoformat(occurrence))
