"""Delete every row flagged as sample data, app by app, before the portal goes live."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

# Dependants first, so that protected foreign keys never block the purge.
APP_ORDER = ["heritage", "council", "events", "companies", "gvalley"]


class Command(BaseCommand):
    help = "Delete all sample data (rows with is_sample=True) in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        if not options["yes"]:
            answer = input("샘플 데이터를 모두 삭제합니다. 계속할까요? (yes/no) ")
            if answer.strip().lower() != "yes":
                self.stdout.write("취소했습니다.")
                return
        total = 0
        with transaction.atomic():
            for label in APP_ORDER:
                for model in reversed(list(apps.get_app_config(label).get_models())):
                    if any(f.name == "is_sample" for f in model._meta.concrete_fields):
                        deleted, _ = model._default_manager.filter(is_sample=True).delete()
                        total += deleted
        self.stdout.write(self.style.SUCCESS(f"Deleted {total} sample rows."))
