"""Recompute every company's search vector: python manage.py rebuild_search_index."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from companies.importing import clean_search_index
from companies.models import Company
from companies.search import rebuild_vectors


class Command(BaseCommand):
    help = "Recompute the search vector of every company (bulk, with a progress bar)."

    def handle(self, *args, **options):
        def progress(iterable, desc, total=None):
            return tqdm(iterable, desc=desc, total=total, disable=options["verbosity"] == 0)

        rebuild_vectors(Company, progress=progress)
        clean_search_index()
        self.stdout.write(self.style.SUCCESS("Search vectors rebuilt."))
