"""Load the portal's content: real G밸리 facts plus flagged sample data.

python manage.py load_demo             # the content `make run` shows
python manage.py load_demo --scale 1   # plus data at real scale (15,000 companies)
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

import companies.demo
import council.demo
import events.demo
import gvalley.demo
import heritage.demo

LOADERS = [
    ("accounts", gvalley.demo.load),
    ("companies", companies.demo.load),
    ("events", events.demo.load),
    ("council", council.demo.load),
    ("heritage", heritage.demo.load),
]


class Command(BaseCommand):
    help = "Load real G밸리 content and flagged sample data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=0,
            help="Generate data at real scale: 1 means 15,000 companies, other apps in proportion.",
        )

    def handle(self, *args, scale, **options):
        quiet = options["verbosity"] == 0

        def progress(iterable, desc, total=None):
            return tqdm(iterable, desc=desc, total=total, disable=quiet, unit="rows")

        for name, loader in LOADERS:
            if not quiet:
                self.stdout.write(f"Loading {name}…")
            loader(scale=scale, progress=progress)
        if not quiet:
            self.stdout.write(self.style.SUCCESS("Content loaded."))
