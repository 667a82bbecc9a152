"""Erase the contact details of group-visit requests a year after the visit (as the form promises).

Run daily from cron:  python manage.py purge_visit_contacts
"""

from django.core.management.base import BaseCommand

from heritage.services import purge_old_contacts


class Command(BaseCommand):
    help = "Erase contact details of group-visit requests whose visit ended over a year ago."

    def handle(self, *args, **options):
        count = purge_old_contacts()
        self.stdout.write(f"Erased the contact details of {count} visit requests.")
