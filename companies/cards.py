"""The directory's company cards: what each card shows, prepared once per list.

A list page shows twenty cards. `cards` turns the rows of CompanyQuerySet.for_cards into plain
Card values: the detail URL pattern is reversed once for the list, industry, building and
certification names come from the shared reference data (companies/directory.py), logos from
one query. templates/companies/_cards.jinja prints them.
"""

import unicodedata

from django.utils.text import Truncator

from gvalley.rendering import url_maker
from gvalley.translated import as_written, page_language, pick

from .directory import building_name, certification_names, industry_name
from .models import CompanyLogo, Complex, location_line

# A card shows the start of the products text (the truncatechars filter's length).
PRODUCTS_LENGTH = 110


class Card:
    """What one card shows, from a row of CompanyQuerySet.for_cards."""

    __slots__ = (
        "name",
        "name_en",
        "initial",
        "url",
        "logo",
        "industry",
        "complex",
        "building",
        "place",
        "products",
        "certifications",
    )

    def __init__(self, row, directory, detail_url, logos, complexes, language):
        self.name = row.name
        self.name_en = row.name_en
        self.initial = row.name[:1]
        self.url = detail_url(row.slug)
        self.logo = logos.get(row.logo_id) if row.logo_id else None
        self.industry = industry_name(directory, row.industry_id) if row.industry_id else None
        self.complex = complexes.get(row.complex, row.complex) if row.complex else None
        # The building, and its floor and unit: each marked as Korean where it is (a building
        # without an English name, a unit typed in Korean).
        self.building = building_name(directory, row.building_id) if row.building_id else ""
        self.place = as_written(location_line("", row.floor, row.unit), language)
        # In the page's language, or the Korean original marked as such (gvalley/translated.py).
        products = pick(row.products_ko, row.products_en, language)
        self.products = (
            products.of(truncate_chars(products, PRODUCTS_LENGTH), products.fallback)
            if products
            else products
        )
        self.certifications = certification_names(directory, row.certification_ids)


def cards(rows, directory):
    """Return the cards of these rows (CompanyQuerySet.for_cards): one query for their logos."""
    rows = list(rows)
    logo_ids = [row.logo_id for row in rows if row.logo_id]
    logos = CompanyLogo.objects.in_bulk(logo_ids) if logo_ids else {}
    detail_url = url_maker("companies:detail", "slug")
    # Translated once for the list: a lazy label costs a translation each time it is printed.
    complexes = {value: str(label) for value, label in Complex.choices}
    language = page_language()
    return [Card(row, directory, detail_url, logos, complexes, language) for row in rows]


def truncate_chars(text, length):
    """Return what the truncatechars filter returns.

    Truncator walks the text character by character; a text that is not longer than the limit
    (after the same NFC normalisation) comes back as it is, so it is returned at once.
    """
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= length else Truncator(text).chars(length)
