"""Compile every .po file of the project into .mo with Babel (no GNU gettext needed)."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the project's translations (.po → .mo) without GNU gettext."

    def handle(self, *args, **options):
        count = 0
        for po_path in sorted(Path(settings.BASE_DIR).glob("*/locale/*/LC_MESSAGES/*.po")):
            if ".venv" in po_path.parts:
                continue
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            count += 1
        if options["verbosity"] > 1 or count:
            self.stdout.write(f"Compiled {count} translation catalogue(s).")
