"""The directory's company cards: a list page shows twenty, so each is built in Python.

Rendering a card template per company cost about a third of the list page. `cards` turns the
rows of CompanyQuerySet.for_cards into what each card shows, with names from the shared
reference data (companies/directory.py); `render_card` writes the HTML the card template wrote,
whitespace included, every value escaped as the template escaped it.
"""

import unicodedata

from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from gvalley.rendering import escape, url_maker
from gvalley.templatetags.portal import responsive_img

from .directory import building_name, certification_names, industry_name
from .models import CompanyLogo, Complex, location_line

COMPLEX_LABELS = dict(Complex.choices)


class Card:
    """What one card shows, from a row of CompanyQuerySet.for_cards."""

    __slots__ = (
        "name",
        "name_en",
        "url",
        "logo",
        "industry",
        "complex",
        "location",
        "products",
        "certifications",
    )

    def __init__(self, row, directory, detail_url, logos):
        self.name = row.name
        self.name_en = row.name_en
        self.url = detail_url(row.slug)
        self.logo = logos.get(row.logo_id) if row.logo_id else None
        self.industry = industry_name(directory, row.industry_id) if row.industry_id else None
        self.complex = COMPLEX_LABELS.get(row.complex, row.complex) if row.complex else None
        self.location = location_line(
            building_name(directory, row.building_id) if row.building_id else "",
            row.floor,
            row.unit,
        )
        self.products = row.products
        self.certifications = certification_names(directory, row.certification_ids)


def cards(rows, directory):
    """Return the cards of these rows (CompanyQuerySet.for_cards): one query for their logos."""
    rows = list(rows)
    logo_ids = [row.logo_id for row in rows if row.logo_id]
    logos = CompanyLogo.objects.in_bulk(logo_ids) if logo_ids else {}
    detail_url = url_maker("companies:detail", "slug")
    return [Card(row, directory, detail_url, logos) for row in rows]


def truncate_chars(text, length):
    """Return what the truncatechars filter returns.

    Truncator walks the text character by character; a text that is not longer than the limit
    (after the same NFC normalisation) comes back as it is, so it is returned at once.
    """
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= length else Truncator(text).chars(length)


def render_card(card, badges_label):
    """Return the HTML of a card.

    badges_label: the translated label of the certification list (translated once per page).
    """
    if card.logo:
        logo = responsive_img(card.logo, alt="", sizes="64px", max_width=320)
    else:
        logo = f"<span>{escape(card.name[:1])}</span>"
    name_en = industry = complex_ = location = products = certifications = ""
    if card.name_en:
        name_en = f' <span class="name-en" lang="en">{escape(card.name_en)}</span>'
    if card.industry is not None:
        industry = f"<span>{escape(card.industry)}</span>"
    if card.complex is not None:
        complex_ = f"<span>{escape(card.complex)}</span>"
    if card.location:
        location = f"<span>{escape(card.location)}</span>"
    if card.products:
        products = f'<p class="company-products">{escape(truncate_chars(card.products, 110))}</p>'
    if card.certifications:
        badges = "".join(
            f'<li class="badge badge-ok">{escape(name)}</li>' for name in card.certifications
        )
        certifications = f'<ul class="badges" aria-label="{escape(badges_label)}">{badges}</ul>'
    return mark_safe(
        "\n"
        '<article class="company-card">\n'
        '  <div class="company-logo" aria-hidden="true">\n'
        f"    {logo}\n"
        "  </div>\n"
        '  <div class="company-body">\n'
        f'    <h2 class="company-name"><a href="{escape(card.url)}">'
        f"{escape(card.name)}</a>{name_en}</h2>\n"
        '    <p class="meta">\n'
        f"      {industry}\n"
        f"      {complex_}\n"
        f"      {location}\n"
        "    </p>\n"
        f"    {products}\n"
        "    \n"
        f"      {certifications}\n"
        "    \n"
        "  </div>\n"
        "</article>\n"
    )
