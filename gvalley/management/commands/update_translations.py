"""Update the English .po catalogue of one part of the portal (needs GNU gettext).

    python manage.py update_translations gvalley     # gvalley/ and the site-wide templates
    python manage.py update_translations companies   # companies/ and templates/companies/

The Jinja2 page templates (`.jinja`) are read by Babel with Jinja2's own extractor (gettext cannot
parse them); their messages join the catalogue through a generated Python file of gettext calls,
so one run of makemessages merges everything (the file's name never appears: no locations).

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
from jinja2.ext import babel_extract

APPS = ["gvalley", "companies", "events", "council", "heritage"]
# Jinja2's i18n calls: the gettext function each stands for, and how many literal strings it takes.
JINJA_KEYWORDS = {"_": ("gettext", 1), "gettext": ("gettext", 1), "ngettext": ("ngettext", 2)}
JINJA_KEYWORDS |= {"pgettext": ("pgettext", 2), "npgettext": ("npgettext", 3)}


def write_jinja_messages(folder, target):
    """Write the messages of every .jinja template under `folder` as gettext calls in `target`."""
    calls = []
    for path in sorted(folder.rglob("*.jinja")):
        with path.open("rb") as source:
            for _lineno, funcname, message, _comments in babel_extract(
                source, JINJA_KEYWORDS.keys(), [], {"extensions": "jinja2.ext.i18n"}
            ):
                function, count = JINJA_KEYWORDS[funcname]
                strings = (message if isinstance(message, tuple) else (message,))[:count]
                if len(strings) < count or any(part is None for part in strings):
                    continue  # a variable, not a literal: nothing to translate here
                arguments = ", ".join(repr(part) for part in strings)
                if function in ("ngettext", "npgettext"):
                    arguments += ", n"
                calls.append(f"{function}({arguments})")
    if calls:
        header = "from django.utils.translation import gettext, ngettext, npgettext, pgettext\n\n"
        target.write_text(header + "n = 1\n" + "\n".join(calls) + "\n", encoding="utf-8")


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
            write_jinja_messages(templates, work / app / "_jinja_messages.py")
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
