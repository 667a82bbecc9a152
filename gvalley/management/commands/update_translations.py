"""Update the English .po catalogue of one part of the portal (needs GNU gettext).

    python manage.py update_translations gvalley     # gvalley/ and the site-wide templates
    python manage.py update_translations companies   # companies/ and templates/companies/

Each app keeps its own catalogue in <app>/locale/en/LC_MESSAGES/django.po, so that work on
different apps never touches the same file.
"""

import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

APPS = ["gvalley", "companies", "events", "council", "heritage"]


class Command(BaseCommand):
    help = "Run makemessages for one app, its Python code and its templates."

    def add_arguments(self, parser):
        parser.add_argument("app", choices=APPS)

    def handle(self, *args, app, **options):
        if not shutil.which("xgettext"):
            raise CommandError("GNU gettext is needed: apt-get install gettext")
        root = Path(settings.BASE_DIR)
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp) / app
            shutil.copytree(
                root / app, work / app, ignore=shutil.ignore_patterns("locale", "__pycache__")
            )
            templates = work / "templates"
            if app == "gvalley":
                shutil.copytree(
                    root / "templates",
                    templates,
                    ignore=shutil.ignore_patterns(*[a for a in APPS if a != "gvalley"]),
                )
            else:
                shutil.copytree(root / "templates" / app, templates / app)
            locale = root / app / "locale"
            (locale / "en" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
            os.symlink(locale, work / "locale")
            cwd = os.getcwd()
            try:
                os.chdir(work)
                call_command(
                    "makemessages", locale=["en"], no_obsolete=True, no_location=True, verbosity=0
                )
            finally:
                os.chdir(cwd)
        self.stdout.write(f"Updated {app}/locale/en/LC_MESSAGES/django.po")
