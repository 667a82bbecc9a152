"""Anonymise participants' personal data a set number of days after their event."""

from django.conf import settings
from django.core.management.base import BaseCommand

from events.services import anonymise_past_participants


class Command(BaseCommand):
    help = "Remove personal data from registrations of events that ended long enough ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days after the event (default: settings.PARTICIPANT_DATA_RETENTION_DAYS).",
        )

    def handle(self, *args, days=None, **options):
        days = settings.PARTICIPANT_DATA_RETENTION_DAYS if days is None else days
        count = anonymise_past_participants(days)
        self.stdout.write(
            f"Anonymised {count} registration(s) of events ended over {days} days ago."
        )
